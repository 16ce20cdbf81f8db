package dev.kindling;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static dev.kindling.DifferentialData.PEOPLE_SCHEMA;
import static org.assertj.core.api.Assertions.fail;

/**
 * What the function and window differential tests share: the two oracles (DuckDB, which
 * agrees with Spark on most functions, and H2 for the few DuckDB spells differently),
 * each loaded with the same CSV files Kindling reads; a job run over HTTP; and the
 * comparison of a result with an oracle's (column names case-insensitively, Spark types,
 * rows as multisets or in order, doubles within a relative 1e-9, or within 10% for an
 * approximate aggregate).
 */
final class DifferentialSupport {

	static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static final double TOLERANCE = 1e-9;

	private static final double APPROXIMATE = 0.10;

	private DifferentialSupport() {
	}

	/** Which database answers a query. */
	enum Oracle {

		DUCKDB, H2

	}

	/** How a result is compared with the oracle's. */
	enum Check {

		/** rows as multisets */
		ROWS,
		/** rows in order (the job sorts totally) */
		ORDERED,
		/** rows as multisets, numbers within 10% (approximate aggregates) */
		APPROX

	}

	record Query(String name, Oracle oracle, Map<String, Object> job, Check check, String sql) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	/** An oracle's answer: Spark names and types of the columns, rows in its order. */
	record Expected(List<String> names, List<String> types, List<List<Object>> rows) {
	}

	/** The two databases, with {@code people}, {@code cities} and {@code events}. */
	static final class Oracles implements AutoCloseable {

		private final Connection duckdb;

		private final Connection h2;

		Oracles(Path data) throws SQLException {
			this.duckdb = DriverManager.getConnection("jdbc:duckdb:");
			this.h2 = DriverManager.getConnection("jdbc:h2:mem:fx-" + System.nanoTime(), "sa", "");
			try (Statement s = this.duckdb.createStatement()) {
				s.execute("SET TimeZone = 'UTC'");
				s.execute("CREATE TABLE people AS SELECT * FROM " + duckCsv(data.resolve("people.csv"),
						"{'id': 'INTEGER', 'name': 'VARCHAR', 'age': 'INTEGER', 'city': 'VARCHAR', "
								+ "'salary': 'DOUBLE', 'joined': 'DATE'}"));
				s.execute("CREATE TABLE cities AS SELECT * FROM " + duckCsv(data.resolve("cities.csv"),
						"{'city': 'VARCHAR', 'region': 'VARCHAR', 'population': 'INTEGER'}"));
				s.execute("CREATE TABLE events AS SELECT * FROM " + duckCsv(data.resolve("events.csv"),
						"{'id': 'INTEGER', 'grp': 'VARCHAR', 'n': 'INTEGER', 'x': 'DOUBLE', 'tag': 'VARCHAR', "
								+ "'ts': 'TIMESTAMP', 'd': 'DATE'}"));
			}
			try (Statement s = this.h2.createStatement()) {
				s.execute("CREATE TABLE people AS SELECT CAST(NULLIF(id, '') AS INT) AS id, name, "
						+ "CAST(NULLIF(age, '') AS INT) AS age, city, CAST(NULLIF(salary, '') AS DOUBLE PRECISION) "
						+ "AS salary, CAST(NULLIF(joined, '') AS DATE) AS joined FROM "
						+ h2Csv(data.resolve("people.csv")));
			}
		}

		private static String duckCsv(Path file, String columns) {
			return "read_csv('" + file.toAbsolutePath() + "', header = true, columns = " + columns
					+ ", quote = '\"', escape = '\"', allow_quoted_nulls = true, auto_detect = false)";
		}

		private static String h2Csv(Path file) {
			return "CSVREAD('" + file.toAbsolutePath()
					+ "', NULL, 'charset=UTF-8 fieldSeparator=, preserveWhitespace=true')";
		}

		Expected ask(Oracle oracle, String sql) throws SQLException {
			Connection c = (oracle == Oracle.DUCKDB) ? this.duckdb : this.h2;
			try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
				ResultSetMetaData meta = rs.getMetaData();
				List<String> names = new ArrayList<>();
				List<String> types = new ArrayList<>();
				for (int i = 1; i <= meta.getColumnCount(); i++) {
					names.add(meta.getColumnLabel(i));
					types.add(sparkType(meta.getColumnType(i), meta.getColumnTypeName(i)));
				}
				List<List<Object>> rows = new ArrayList<>();
				while (rs.next()) {
					List<Object> row = new ArrayList<>();
					for (int i = 1; i <= meta.getColumnCount(); i++) {
						Object value = rs.getObject(i);
						if ("DECFLOAT".equalsIgnoreCase(meta.getColumnTypeName(i)) && value instanceof BigDecimal d) {
							value = d.doubleValue();
						}
						row.add(canonical(value));
					}
					rows.add(row);
				}
				return new Expected(names, types, rows);
			}
		}

		@Override
		public void close() throws SQLException {
			this.duckdb.close();
			this.h2.close();
		}

	}

	private static String sparkType(int jdbcType, String name) {
		if ("DECFLOAT".equalsIgnoreCase(name)) {
			return "double";
		}
		return switch (jdbcType) {
			case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> "int";
			case Types.BIGINT -> "bigint";
			case Types.DOUBLE, Types.FLOAT, Types.REAL -> "double";
			case Types.DECIMAL, Types.NUMERIC -> "decimal";
			case Types.BOOLEAN, Types.BIT -> "boolean";
			case Types.DATE -> "date";
			case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> "timestamp";
			default -> "string";
		};
	}

	/** Values both sides give in one form: dates and timestamps as ISO text. */
	static Object canonical(Object v) {
		if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
			return ((Number) v).longValue();
		}
		if (v instanceof Float f) {
			return f.doubleValue();
		}
		if (v instanceof java.sql.Date d) {
			return d.toLocalDate().toString();
		}
		if (v instanceof LocalDate d) {
			return d.toString();
		}
		if (v instanceof java.sql.Timestamp t) {
			return timestampText(t.toLocalDateTime());
		}
		if (v instanceof LocalDateTime t) {
			return timestampText(t);
		}
		if (v instanceof OffsetDateTime t) {
			return timestampText(t.toLocalDateTime());
		}
		if (v instanceof String s && s.matches("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?")) {
			return timestampText(LocalDateTime.parse(s.replace(' ', 'T')));
		}
		return v;
	}

	private static String timestampText(LocalDateTime t) {
		return t.toLocalDate() + " " + t.toLocalTime();
	}

	/** Runs a job through the driver's API and returns its result. */
	static Map<String, Object> run(int port, Query query) throws IOException, InterruptedException {
		String body = JSON.writeValueAsString(query.job());
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/jobs?wait=90s"))
			.timeout(Duration.ofSeconds(120))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			fail(query.name() + ": HTTP " + response.statusCode() + " " + response.body() + "\njob: " + body);
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> job = JSON.readValue(response.body(), Map.class);
		if (!"SUCCEEDED".equals(job.get("status"))) {
			Object error = (job.get("error") instanceof Map<?, ?> e) ? e.get("message") : job.get("error");
			fail(query.name() + ": job " + job.get("id") + " is " + job.get("status") + ": " + error + "\njob: "
					+ body);
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> result = (Map<String, Object>) job.get("result");
		return result;
	}

	/** What differs between Kindling's result and the oracle's; empty when they agree. */
	static List<String> compare(Map<String, Object> result, Expected expected, Check check) {
		List<String> problems = new ArrayList<>();
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> schema = (List<Map<String, Object>>) result.get("schema");
		@SuppressWarnings("unchecked")
		List<List<Object>> rows = ((List<List<Object>>) result.get("rows")).stream()
			.map((r) -> r.stream().map(DifferentialSupport::canonical).toList())
			.toList();
		List<String> names = schema.stream().map((c) -> String.valueOf(c.get("name"))).toList();
		List<String> types = schema.stream()
			.map((c) -> String.valueOf(c.get("type")).replaceAll("\\(.*\\)", ""))
			.toList();
		boolean sameNames = names.size() == expected.names().size();
		for (int i = 0; sameNames && i < names.size(); i++) {
			sameNames = names.get(i).equalsIgnoreCase(expected.names().get(i));
		}
		if (!sameNames) {
			problems.add("columns are " + names + ", the oracle says " + expected.names());
		}
		else if (!types.equals(expected.types())) {
			problems.add("column types are " + types + ", the oracle says " + expected.types());
		}
		double tolerance = (check == Check.APPROX) ? APPROXIMATE : TOLERANCE;
		if (rows.size() != expected.rows().size()) {
			problems.add(rows.size() + " rows, the oracle has " + expected.rows().size());
		}
		List<List<Object>> a = new ArrayList<>(rows);
		List<List<Object>> e = new ArrayList<>(expected.rows());
		if (check != Check.ORDERED) {
			a.sort(ROW_ORDER);
			e.sort(ROW_ORDER);
		}
		for (int i = 0; i < Math.min(a.size(), e.size()); i++) {
			if (!sameRow(a.get(i), e.get(i), tolerance)) {
				problems.add(((check == Check.ORDERED) ? "row " : "sorted row ") + i + " is " + a.get(i)
						+ ", the oracle has " + e.get(i));
				break;
			}
		}
		return problems;
	}

	private static boolean sameRow(List<Object> a, List<Object> b, double tolerance) {
		if (a.size() != b.size()) {
			return false;
		}
		for (int i = 0; i < a.size(); i++) {
			if (!sameValue(a.get(i), b.get(i), tolerance)) {
				return false;
			}
		}
		return true;
	}

	private static boolean sameValue(Object a, Object b, double tolerance) {
		if (a == null || b == null) {
			return a == b;
		}
		if (a instanceof Number x && b instanceof Number y) {
			double dx = x.doubleValue();
			double dy = y.doubleValue();
			if (Double.isNaN(dx) || Double.isNaN(dy)) {
				return Double.isNaN(dx) && Double.isNaN(dy);
			}
			if (x instanceof Long && y instanceof Long && tolerance == TOLERANCE) {
				return x.longValue() == y.longValue();
			}
			return dx == dy || Math.abs(dx - dy) <= tolerance * Math.max(Math.abs(dx), Math.abs(dy));
		}
		if (a instanceof Number || b instanceof Number) {
			// a NaN travels as the text "NaN" in JSON
			return String.valueOf(a).equals(String.valueOf(b));
		}
		return a.equals(b);
	}

	/** Nulls first, then booleans, numbers (rounded), text; column by column. */
	static final Comparator<List<Object>> ROW_ORDER = (a, b) -> {
		for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
			int c = compareValues(a.get(i), b.get(i));
			if (c != 0) {
				return c;
			}
		}
		return Integer.compare(a.size(), b.size());
	};

	private static int compareValues(Object a, Object b) {
		int ra = rank(a);
		int rb = rank(b);
		if (ra != rb) {
			return Integer.compare(ra, rb);
		}
		return switch (ra) {
			case 0 -> 0;
			case 1 -> Boolean.compare((Boolean) a, (Boolean) b);
			case 2 -> Double.compare(rounded((Number) a), rounded((Number) b));
			default -> a.toString().compareTo(b.toString());
		};
	}

	private static double rounded(Number n) {
		double d = n.doubleValue();
		if (Double.isNaN(d) || Double.isInfinite(d)) {
			return d;
		}
		return new BigDecimal(d).round(new MathContext(6)).doubleValue();
	}

	private static int rank(Object v) {
		if (v == null) {
			return 0;
		}
		if (v instanceof Boolean) {
			return 1;
		}
		if (v instanceof Number) {
			return 2;
		}
		return 3;
	}

	// ------------------------------------------------------------------ job builders

	static Map<String, Object> job(String name, Map<String, Object> source, List<Map<String, Object>> steps) {
		Map<String, Object> job = new LinkedHashMap<>();
		job.put("name", "diff-" + name);
		job.put("source", source);
		job.put("pipeline", steps);
		job.put("action", Map.of("type", "collect"));
		return job;
	}

	static Map<String, Object> people(int partitions) {
		return source("people.csv", PEOPLE_SCHEMA, partitions);
	}

	static Map<String, Object> events(int partitions) {
		return source("events.csv", FunctionData.SCHEMA, partitions);
	}

	static Map<String, Object> source(String path, String schema, int partitions) {
		Map<String, Object> source = new LinkedHashMap<>();
		source.put("format", "csv");
		source.put("path", path);
		source.put("header", true);
		source.put("schema", schema);
		source.put("partitions", partitions);
		// the files double their quotes (RFC 4180), which Spark reads with escape "
		source.put("escape", "\"");
		return source;
	}

	static Map<String, Object> step(String op, Object... fieldsAndValues) {
		Map<String, Object> step = new TreeMap<>();
		step.put("op", op);
		for (int i = 0; i < fieldsAndValues.length; i += 2) {
			step.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
		}
		return step;
	}

	static Map<String, Object> filter(String condition) {
		return step("filter", "condition", condition);
	}

	static Map<String, Object> select(String... columns) {
		return step("select", "columns", List.of(columns));
	}

	static Map<String, Object> groupBy(List<String> keys, String... aggregations) {
		return step("groupBy", "keys", keys, "aggregations", List.of(aggregations));
	}

	static Map<String, Object> orderBy(String... columns) {
		return step("orderBy", "columns", List.of(columns));
	}

}
