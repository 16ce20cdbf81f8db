package dev.kindling.tpch;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;

/**
 * The eight TPC-H tables as CSV files ({@code |}-separated, with a header), generated
 * with dbgen's rules by {@code io.trino.tpch}, and their schemas in Spark's types
 * (decimal(15,2) money, dates, bigint keys).
 */
public final class TpchData {

	/** The tables in the order TPC-H lists them. */
	public static final List<String> TABLES = List.of("part", "supplier", "partsupp", "customer", "orders", "lineitem",
			"nation", "region");

	private TpchData() {
	}

	/** The DDL schema of a table, in Spark's types. */
	public static String schema(String table) {
		return columns(table).entrySet()
			.stream()
			.map(e -> e.getKey() + " " + e.getValue())
			.collect(Collectors.joining(", "));
	}

	/** Column name to Spark type, in file order. */
	public static Map<String, String> columns(String table) {
		Map<String, String> out = new LinkedHashMap<>();
		for (TpchColumn<?> c : tpchTable(table).getColumns()) {
			out.put(c.getColumnName(), sparkType(c));
		}
		return out;
	}

	private static String sparkType(TpchColumn<?> c) {
		return switch (c.getType().getBase()) {
			case IDENTIFIER -> "BIGINT";
			case INTEGER -> "INT";
			case DOUBLE -> "DECIMAL(15,2)";
			case DATE -> "DATE";
			case VARCHAR -> "STRING";
		};
	}

	private static TpchTable<?> tpchTable(String table) {
		return TpchTable.getTable(table.equals("lineitem") ? "lineitem" : table.toLowerCase(Locale.ROOT));
	}

	/** The file of a table under a data folder. */
	public static Path file(Path dir, String table) {
		return dir.resolve(table + ".csv");
	}

	/**
	 * Writes the eight tables at this scale factor into {@code dir} (skipped when a
	 * complete set for this scale is there already).
	 */
	public static void generate(Path dir, double scaleFactor) {
		try {
			Files.createDirectories(dir);
			Path marker = dir.resolve("scale-factor");
			String wanted = Double.toString(scaleFactor);
			if (Files.exists(marker) && Files.readString(marker).equals(wanted)) {
				return;
			}
			Files.deleteIfExists(marker);
			for (String table : TABLES) {
				write(dir, table, scaleFactor);
			}
			Files.writeString(marker, wanted);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void write(Path dir, String table, double scaleFactor) throws IOException {
		TpchTable<?> t = tpchTable(table);
		try (BufferedWriter out = Files.newBufferedWriter(file(dir, table), StandardCharsets.UTF_8)) {
			out.write(String.join("|", columns(table).keySet()));
			out.write('\n');
			for (TpchEntity row : t.createGenerator(scaleFactor, 1, 1)) {
				String line = row.toLine();
				if (line.indexOf('"') >= 0) {
					throw new IllegalStateException(
							"a TPC-H row has a quote, which the CSV files do not escape: " + line);
				}
				out.write(line, 0, line.length() - 1);
				out.write('\n');
			}
		}
	}

	/** The source of a table for a Kindling job (or the catalog). */
	public static Map<String, Object> source(String table) {
		Map<String, Object> source = new LinkedHashMap<>();
		source.put("format", "csv");
		source.put("path", table + ".csv");
		source.put("header", true);
		source.put("sep", "|");
		source.put("schema", schema(table));
		return source;
	}

	/** The source of a table as an engine record (for engine tests). */
	public static dev.kindling.engine.spec.SourceSpec sourceSpec(String table) {
		return new dev.kindling.engine.spec.SourceSpec("csv", table + ".csv", true, false, schema(table), "|", null,
				null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
				null, null, null, null, null, null, null, null);
	}

	/** The standard text of query {@code n} (1 to 22), with its validation parameters. */
	public static String query(int n) {
		try (var in = TpchData.class.getResourceAsStream("/tpch/q" + n + ".sql")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
