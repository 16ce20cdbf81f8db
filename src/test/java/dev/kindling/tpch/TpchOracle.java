package dev.kindling.tpch;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * DuckDB over the same CSV files, as the oracle the 22 queries' answers are compared
 * with. Answers are compared as TPC-H prints them: integers, strings and dates exactly,
 * fractional numbers rounded half up to two decimals; in order when the query sorts
 * (every TPC-H query but those with ties in its order is compared in order).
 */
public final class TpchOracle implements AutoCloseable {

	private final Connection connection;

	public TpchOracle(Path dir) throws SQLException {
		this.connection = DriverManager.getConnection("jdbc:duckdb:");
		try (Statement s = this.connection.createStatement()) {
			s.execute("SET threads = 2");
			for (String table : TpchData.TABLES) {
				String columns = TpchData.columns(table)
					.entrySet()
					.stream()
					.map(e -> "'" + e.getKey() + "': '" + duckType(e.getValue()) + "'")
					.collect(Collectors.joining(", ", "{", "}"));
				s.execute("CREATE VIEW " + table + " AS SELECT * FROM read_csv('"
						+ TpchData.file(dir, table).toAbsolutePath() + "', delim = '|', header = true, quote = '', "
						+ "escape = '', columns = " + columns + ")");
			}
		}
	}

	private static String duckType(String sparkType) {
		return sparkType.equals("STRING") ? "VARCHAR" : sparkType.equals("INT") ? "INTEGER" : sparkType;
	}

	/** The rows of a query, each value in its compared form. */
	public List<List<Object>> run(String sql) throws SQLException {
		List<List<Object>> rows = new ArrayList<>();
		try (Statement s = this.connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
			ResultSetMetaData meta = rs.getMetaData();
			while (rs.next()) {
				Object[] row = new Object[meta.getColumnCount()];
				for (int i = 0; i < row.length; i++) {
					row[i] = canonical(rs.getObject(i + 1));
				}
				rows.add(Arrays.asList(row));
			}
		}
		return rows;
	}

	/** Times a query, for the benchmark: the rows are read and dropped. */
	public int count(String sql) throws SQLException {
		int n = 0;
		try (Statement s = this.connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
			while (rs.next()) {
				n++;
			}
		}
		return n;
	}

	/**
	 * A value as TPC-H compares it: whole numbers as longs, fractional numbers rounded to
	 * two decimals, dates and strings as text.
	 */
	public static Object canonical(Object v) {
		if (v == null) {
			return null;
		}
		if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof java.math.BigInteger) {
			return ((Number) v).longValue();
		}
		if (v instanceof Number n) {
			BigDecimal d = (v instanceof BigDecimal b) ? b : new BigDecimal(n.toString());
			return d.setScale(2, RoundingMode.HALF_UP);
		}
		return v.toString();
	}

	/**
	 * A value from Kindling's JSON result in its compared form ({@code type} its
	 * column's).
	 */
	public static Object canonical(Object v, String type) {
		if (v == null) {
			return null;
		}
		if (type.equals("int") || type.equals("bigint")) {
			return ((Number) v).longValue();
		}
		if (type.equals("double") || type.equals("decimal")) {
			return new BigDecimal(v.toString()).setScale(2, RoundingMode.HALF_UP);
		}
		return v.toString();
	}

	/**
	 * Columns (by query, 0-based) compared within one unit of the last printed digit
	 * rather than exactly, because of decimal typing: Kindling's decimals have no fixed
	 * scale, so {@code avg(l_quantity)} (whose values the files write without decimals)
	 * keeps 4 digits where Spark's decimal(19,6) keeps 6, and 25.45499 becomes 25.4550,
	 * printed 25.46 instead of 25.45. Decimal precision/scale typing removes this.
	 */
	public static final Map<Integer, Set<Integer>> DECIMAL_TYPING = Map.of(1, Set.of(6));

	/** The differences between two answers of query {@code q}, empty when they agree. */
	public static List<String> differences(int q, List<List<Object>> actual, List<List<Object>> expected) {
		List<String> problems = new ArrayList<>();
		if (actual.size() != expected.size()) {
			problems.add(actual.size() + " rows, DuckDB has " + expected.size());
		}
		Set<Integer> loose = DECIMAL_TYPING.getOrDefault(q, Set.of());
		for (int i = 0; i < Math.min(actual.size(), expected.size()); i++) {
			if (!sameRow(actual.get(i), expected.get(i), loose)) {
				problems.add("row " + i + " is " + actual.get(i) + ", DuckDB has " + expected.get(i));
				if (problems.size() > 5) {
					break;
				}
			}
		}
		return problems;
	}

	private static boolean sameRow(List<Object> a, List<Object> b, Set<Integer> loose) {
		if (a.size() != b.size()) {
			return false;
		}
		for (int c = 0; c < a.size(); c++) {
			Object x = a.get(c);
			Object y = b.get(c);
			if (loose.contains(c) && x instanceof BigDecimal dx && y instanceof BigDecimal dy) {
				if (dx.subtract(dy).abs().compareTo(new BigDecimal("0.01")) > 0) {
					return false;
				}
			}
			else if (!Objects.equals(x, y)) {
				return false;
			}
		}
		return true;
	}

	/** Rows as a sorted list, for queries whose order has ties. */
	public static List<List<Object>> sorted(List<List<Object>> rows) {
		List<List<Object>> out = new ArrayList<>(rows);
		out.sort((a, b) -> a.toString().compareTo(b.toString()));
		return out;
	}

	@Override
	public void close() throws SQLException {
		this.connection.close();
	}

	/** For messages: the first rows of an answer. */
	public static String head(List<List<Object>> rows) {
		return rows.stream().limit(5).map(Object::toString).collect(Collectors.joining("\n  ", "  ", ""))
				+ (rows.size() > 5 ? "\n  ... " + rows.size() + " rows" : "");
	}

}
