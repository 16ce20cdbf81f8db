package dev.kindling.engine.datasource.json;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kindling.engine.datasource.BatchReader;
import dev.kindling.engine.datasource.BatchWriter;
import dev.kindling.engine.datasource.DataRoot;
import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.datasource.LocalStorage;
import dev.kindling.engine.datasource.SourceFiles.DataFile;
import dev.kindling.engine.storage.InputFile;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JSON Lines on real files: written by DuckDB and read by Kindling value by value,
 * written by Kindling and read by DuckDB value by value, Spark's inference and modes,
 * byte-range splits that read every line exactly once, nested objects flattened and
 * arrays kept as text, gzip.
 */
class JsonFormatTest {

	static final String ALL_TYPES = "n INT, i INT, b BIGINT, d DOUBLE, m DECIMAL(10,2), s STRING, f BOOLEAN, "
			+ "dt DATE, ts TIMESTAMP";

	/** Every type Kindling has, nulls, and strings that need escapes. */
	static final String ROWS = """
			SELECT * FROM (VALUES
			 (0, 1, 10000000000, 1.5, 12.34, 'Oslo', true, DATE '2024-01-31', TIMESTAMP '2024-01-31 12:34:56.123456'),
			 (1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
			 (2, -7, -1, -0.25, -0.01, 'quote " back \\ é 😀 tab' || chr(9) || 'nl' || chr(10) || 'end', false,
			  DATE '1969-12-31', TIMESTAMP '1969-12-31 23:59:59'),
			 (3, 2147483647, 9223372036854775807, 1e300, 99999999.99, '', true, DATE '0001-01-01',
			  TIMESTAMP '2262-04-11 23:47:16.854775'))
			 v(n, i, b, d, m, s, f, dt, ts)""";

	@TempDir
	Path root;

	private LocalStorage storage() {
		return new LocalStorage(new DataRoot(this.root));
	}

	private static Connection duckdb() throws SQLException {
		return DriverManager.getConnection("jdbc:duckdb:");
	}

	private static String typed(String select) {
		return "SELECT n::INTEGER AS n, i::INTEGER AS i, b::BIGINT AS b, d::DOUBLE AS d, m::DECIMAL(10,2) AS m, "
				+ "s::VARCHAR AS s, f::BOOLEAN AS f, dt::DATE AS dt, ts::TIMESTAMP AS ts FROM (" + select + ")";
	}

	/** DuckDB's rows as Kindling's values (INT as Integer, DATE as LocalDate...). */
	private static List<List<Object>> duckRows(Statement st, String query) throws SQLException {
		List<List<Object>> out = new ArrayList<>();
		try (ResultSet rs = st.executeQuery(query)) {
			while (rs.next()) {
				List<Object> row = new ArrayList<>();
				row.add(rs.getObject(1) == null ? null : rs.getInt(1));
				row.add(rs.getObject(2) == null ? null : rs.getInt(2));
				row.add(rs.getObject(3) == null ? null : rs.getLong(3));
				row.add(rs.getObject(4) == null ? null : rs.getDouble(4));
				row.add(rs.getBigDecimal(5));
				row.add(rs.getString(6));
				row.add(rs.getObject(7) == null ? null : rs.getBoolean(7));
				row.add(rs.getObject(8) == null ? null : rs.getObject(8, LocalDate.class));
				row.add(rs.getObject(9) == null ? null : rs.getObject(9, LocalDateTime.class));
				out.add(row);
			}
		}
		return out;
	}

	private List<List<Object>> read(String path, Map<String, Object> options, Schema schema, FileSplit range)
			throws IOException {
		InputFile file = storage().open(path);
		int[] all = new int[schema.size()];
		for (int i = 0; i < all.length; i++) {
			all[i] = i;
		}
		FileSplit split = range == null ? new FileSplit(0, 0, file.length()) : range;
		List<List<Object>> out = new ArrayList<>();
		try (BatchReader reader = JsonFormat.INSTANCE.reader(file, split, options, schema, all, List.of())) {
			for (Batch b = reader.next(); b != null; b = reader.next()) {
				for (int r = 0; r < b.rowCount(); r++) {
					List<Object> row = new ArrayList<>();
					for (int c = 0; c < b.columnCount(); c++) {
						row.add(b.column(c).getObject(r));
					}
					out.add(row);
				}
			}
		}
		return out;
	}

	private List<List<Object>> read(String path, Map<String, Object> options, Schema schema) throws IOException {
		return read(path, options, schema, null);
	}

	private Schema infer(String path, Map<String, Object> options) throws IOException {
		long size = Files.size(this.root.resolve(path));
		return JsonFormat.INSTANCE.schema(storage(), List.of(new DataFile(path, size, 0, List.of())), options);
	}

	@Test
	void readsJsonLinesDuckDbWroteValueByValue() throws Exception {
		Path file = this.root.resolve("duck.json");
		List<List<Object>> expected;
		try (Connection c = duckdb(); Statement st = c.createStatement()) {
			st.execute("CREATE TABLE t AS " + typed(ROWS));
			st.execute("COPY (SELECT * FROM t ORDER BY n) TO '" + file + "' (FORMAT json)");
			expected = duckRows(st, "SELECT * FROM t ORDER BY n");
		}
		List<List<Object>> rows = read("duck.json", Map.of("schema", ALL_TYPES), Schema.parse(ALL_TYPES));
		assertThat(rows).hasSize(4);
		for (int r = 0; r < rows.size(); r++) {
			for (int c = 0; c < expected.get(r).size(); c++) {
				Object want = expected.get(r).get(c);
				Object got = rows.get(r).get(c);
				if (want instanceof BigDecimal w) {
					assertThat((BigDecimal) got).as("row %d column %d", r, c).isEqualByComparingTo(w);
				}
				else {
					assertThat(got).as("row %d column %d", r, c).isEqualTo(want);
				}
			}
		}
		Schema inferred = infer("duck.json", Map.of());
		assertThat(inferred.toDdl()).as("Spark's inference: sorted, integers bigint, dates stay strings")
			.isEqualTo(Schema
				.parse("b BIGINT, d DOUBLE, dt STRING, f BOOLEAN, i BIGINT, m DOUBLE, n BIGINT, s STRING, ts STRING")
				.toDdl());
	}

	@Test
	void writesJsonLinesDuckDbReadsValueByValue() throws Exception {
		Path source = this.root.resolve("source.json");
		List<List<Object>> expected;
		try (Connection c = duckdb(); Statement st = c.createStatement()) {
			st.execute("CREATE TABLE t AS " + typed(ROWS));
			st.execute("COPY (SELECT * FROM t ORDER BY n) TO '" + source + "' (FORMAT json)");
			expected = duckRows(st, "SELECT * FROM t ORDER BY n");
		}
		Schema schema = Schema.parse(ALL_TYPES);
		List<ColumnVector> columns = new ArrayList<>();
		for (int col = 0; col < schema.size(); col++) {
			columns.add(ColumnVector.allocate(schema.field(col).type(), 4));
		}
		for (List<Object> row : read("source.json", Map.of("schema", ALL_TYPES), schema)) {
			for (int col = 0; col < row.size(); col++) {
				columns.get(col).appendObject(row.get(col));
			}
		}
		Path written = this.root.resolve("kindling.json");
		try (OutputStream out = Files.newOutputStream(written);
				BatchWriter writer = JsonFormat.INSTANCE.writer(out, "kindling.json", schema, Map.of())) {
			writer.write(Batch.of(columns, 4));
			assertThat(writer.rowsWritten()).isEqualTo(4);
		}
		assertThat(Files.readAllLines(written).get(1)).as("null fields are left out, as Spark's writer does")
			.isEqualTo("{\"n\":1}");
		try (Connection c = duckdb(); Statement st = c.createStatement()) {
			String read = "SELECT * FROM read_json('" + written
					+ "', format='newline_delimited', columns={n: 'INTEGER', "
					+ "i: 'INTEGER', b: 'BIGINT', d: 'DOUBLE', m: 'DECIMAL(10,2)', s: 'VARCHAR', f: 'BOOLEAN', "
					+ "dt: 'DATE', ts: 'TIMESTAMPTZ'})";
			List<List<Object>> back = duckRows(st,
					"SELECT n, i, b, d, m, s, f, dt, (ts AT TIME ZONE 'UTC') AS ts FROM (" + read + ") ORDER BY n");
			assertThat(back).isEqualTo(expected);
		}
	}

	@Test
	void infersAsSparkDoesAndFlattensNestedObjects() throws Exception {
		Files.writeString(this.root.resolve("mixed.json"), """
				{"a": 1, "b": 1, "c": 1, "d": "x", "e": null, "f": [1, {"g": 2}], "o": {"p": 1, "q": {"r": true}}}
				{"a": 2.5, "b": 12345678901234567890, "c": "two", "d": "y", "e": null, "f": [], "o": {"p": null}}

				  {"a": 3, "c": true}
				""");
		Schema schema = infer("mixed.json", Map.of());
		assertThat(schema.toDdl()).isEqualTo(Schema
			.parse("a DOUBLE, b DECIMAL(20,0), c STRING, d STRING, e STRING, f STRING, `o.p` BIGINT, `o.q.r` BOOLEAN")
			.toDdl());
		List<List<Object>> rows = read("mixed.json", Map.of(), schema);
		assertThat(rows).hasSize(3);
		assertThat(rows.get(0)).containsExactly(1.0, new BigDecimal("1"), "1", "x", null, "[1, {\"g\": 2}]", 1L, true);
		assertThat(rows.get(1)).containsExactly(2.5, new BigDecimal("12345678901234567890"), "two", "y", null, "[]",
				null, null);
		assertThat(rows.get(2)).containsExactly(3.0, null, "true", null, null, null, null, null);
		assertThat(infer("mixed.json", Map.of("primitivesAsString", true)).fields())
			.allMatch(f -> f.type().sqlName().equals("string"));
		Files.writeString(this.root.resolve("conflict.json"), "{\"a\": {\"b\": 1}}\n{\"a\": 2}\n");
		assertThatThrownBy(() -> infer("conflict.json", Map.of())).isInstanceOf(JsonException.class)
			.hasMessageContaining("field 'a' is an object in some lines and a value in others");
	}

	@Test
	void modesAsSparkHasThem() throws Exception {
		Files.writeString(this.root.resolve("bad.json"),
				"{\"id\": 1, \"n\": 10}\n{\"id\": 2, \"n\": \"ten\"}\n{\"id\": 3, \n[1, 2]\n{\"id\": 5, \"n\": 50}\n");
		Schema schema = Schema.parse("id INT, n BIGINT");
		assertThat(read("bad.json", Map.of("mode", "PERMISSIVE"), schema)).as("bad value null, bad line all null")
			.containsExactly(List.of(1, 10L), java.util.Arrays.asList(2, null), java.util.Arrays.asList(null, null),
					java.util.Arrays.asList(null, null), List.of(5, 50L));
		assertThat(read("bad.json", Map.of("mode", "DROPMALFORMED"), schema)).containsExactly(List.of(1, 10L),
				List.of(5, 50L));
		assertThatThrownBy(() -> read("bad.json", Map.of("mode", "FAILFAST"), schema)).isInstanceOf(JsonException.class)
			.hasMessage("malformed JSON record at bad.json line 2: field 'n' holds \"ten\", not a bigint");
		assertThatThrownBy(() -> JsonOptions.fromMap(Map.of("header", true)))
			.hasMessageStartingWith("option 'header' is not an option of the json format");
	}

	@Test
	void byteRangeSplitsReadEveryLineExactlyOnce() throws Exception {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < 5000; i++) {
			sb.append("{\"id\": ").append(i).append(", \"name\": \"n").append("x".repeat(i % 37)).append("\"}\n");
		}
		Files.writeString(this.root.resolve("many.json"), sb);
		long size = Files.size(this.root.resolve("many.json"));
		Schema schema = Schema.parse("id BIGINT, name STRING");
		for (int splits : new int[] { 1, 2, 7, 64, 997 }) {
			List<Long> ids = new ArrayList<>();
			long step = size / splits + 1;
			for (int s = 0; s < splits; s++) {
				long start = s * step;
				long length = Math.max(0, Math.min(step, size - start));
				for (List<Object> row : read("many.json", Map.of(), schema, new FileSplit(s, start, length))) {
					ids.add((Long) row.get(0));
				}
			}
			assertThat(ids).as("%d splits", splits).hasSize(5000).doesNotHaveDuplicates();
		}
	}

	@Test
	void readsAGzipFileWhole() throws Exception {
		try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(this.root.resolve("z.json.gz")))) {
			out.write("{\"id\": 1}\n{\"id\": 2}\r\n{\"id\": 3}".getBytes());
		}
		assertThat(JsonFormat.INSTANCE.splittable(Map.of(), "z.json.gz")).isFalse();
		assertThat(read("z.json.gz", Map.of(), infer("z.json.gz", Map.of()))).containsExactly(List.of(1L), List.of(2L),
				List.of(3L));
	}

}
