package dev.kindling.engine.datasource.parquet;

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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kindling.engine.datasource.BatchReader;
import dev.kindling.engine.datasource.BatchWriter;
import dev.kindling.engine.datasource.DataRoot;
import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.datasource.LocalStorage;
import dev.kindling.engine.datasource.SourceFiles.DataFile;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.storage.InputFile;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Parquet on real files: written by DuckDB (every Kindling type, nulls, several row
 * groups, snappy, zstd and uncompressed) and read by Kindling value by value; written by
 * Kindling and read by DuckDB value by value; row groups skipped by statistics, split by
 * row group, columns pruned; nested columns refused by name.
 */
class ParquetFormatTest {

	static final String ROWS = """
			SELECT * FROM (VALUES
			 (0, 1, 10000000000, 1.5, 12.34, 'Oslo', true, DATE '2024-01-31', TIMESTAMP '2024-01-31 12:34:56.123456'),
			 (1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
			 (2, -7, -1, -0.25, -0.01, 'quote " back \\ é 😀', false, DATE '1969-12-31', TIMESTAMP '1969-12-31 23:59:59'),
			 (3, 2147483647, 9223372036854775807, 1e300, 99999999.99, '', true, DATE '0001-01-01',
			  TIMESTAMP '2262-04-11 23:47:16.854775'))
			 v(n, i, b, d, m, s, f, dt, ts)""";

	static final String TYPED = "SELECT n::INTEGER AS n, i::INTEGER AS i, b::BIGINT AS b, d::DOUBLE AS d, "
			+ "m::DECIMAL(10,2) AS m, s::VARCHAR AS s, f::BOOLEAN AS f, dt::DATE AS dt, ts::TIMESTAMP AS ts FROM ("
			+ ROWS + ")";

	@TempDir
	Path root;

	private LocalStorage storage() {
		return new LocalStorage(new DataRoot(this.root));
	}

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

	private Schema footer(String path) throws IOException {
		long size = Files.size(this.root.resolve(path));
		return ParquetFormat.INSTANCE.schema(storage(), List.of(new DataFile(path, size, 0, List.of())), Map.of());
	}

	/**
	 * The rows of a range, of the projected columns, and the reader's row-group choice.
	 */
	private List<List<Object>> read(String path, Schema schema, int[] projection, FileSplit range, List<Expr> filters,
			List<List<Boolean>> groups) throws IOException {
		InputFile file = storage().open(path);
		FileSplit split = range == null ? new FileSplit(0, 0, file.length()) : range;
		List<List<Object>> out = new ArrayList<>();
		try (BatchReader reader = ParquetFormat.INSTANCE.reader(file, split, Map.of(), schema, projection, filters)) {
			if (groups != null) {
				groups.add(((ParquetBatchReader) reader).rowGroups());
			}
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

	private static int[] all(Schema schema) {
		int[] all = new int[schema.size()];
		for (int i = 0; i < all.length; i++) {
			all[i] = i;
		}
		return all;
	}

	private static void assertSameValues(List<List<Object>> actual, List<List<Object>> expected) {
		assertThat(actual).hasSameSizeAs(expected);
		for (int r = 0; r < actual.size(); r++) {
			for (int c = 0; c < expected.get(r).size(); c++) {
				Object want = expected.get(r).get(c);
				Object got = actual.get(r).get(c);
				if (want instanceof BigDecimal w) {
					assertThat((BigDecimal) got).as("row %d column %d", r, c).isEqualByComparingTo(w);
				}
				else {
					assertThat(got).as("row %d column %d", r, c).isEqualTo(want);
				}
			}
		}
	}

	@Test
	void readsParquetDuckDbWroteValueByValueInEveryCodec() throws Exception {
		List<List<Object>> expected;
		try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
			st.execute("CREATE TABLE t AS " + TYPED);
			for (String codec : List.of("snappy", "zstd", "gzip", "uncompressed")) {
				st.execute("COPY (SELECT * FROM t ORDER BY n) TO '" + this.root.resolve(codec + ".parquet")
						+ "' (FORMAT parquet, COMPRESSION " + codec + ", ROW_GROUP_SIZE 2)");
			}
			expected = duckRows(st, "SELECT * FROM t ORDER BY n");
		}
		for (String codec : List.of("snappy", "zstd", "gzip", "uncompressed")) {
			Schema schema = footer(codec + ".parquet");
			assertThat(schema.toDdl()).isEqualTo(Schema
				.parse("n INT, i INT, b BIGINT, d DOUBLE, m DECIMAL(10,2), s STRING, f BOOLEAN, dt DATE, ts TIMESTAMP")
				.toDdl());
			assertSameValues(read(codec + ".parquet", schema, all(schema), null, List.of(), null), expected);
		}
	}

	@Test
	void writesParquetDuckDbReadsValueByValue() throws Exception {
		List<List<Object>> expected;
		try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
			st.execute("CREATE TABLE t AS " + TYPED);
			st.execute("COPY (SELECT * FROM t ORDER BY n) TO '" + this.root.resolve("duck.parquet")
					+ "' (FORMAT parquet)");
			expected = duckRows(st, "SELECT * FROM t ORDER BY n");
		}
		Schema schema = footer("duck.parquet");
		List<ColumnVector> columns = new ArrayList<>();
		for (int col = 0; col < schema.size(); col++) {
			columns.add(ColumnVector.allocate(schema.field(col).type(), 4));
		}
		for (List<Object> row : read("duck.parquet", schema, all(schema), null, List.of(), null)) {
			for (int col = 0; col < row.size(); col++) {
				columns.get(col).appendObject(row.get(col));
			}
		}
		Path written = this.root.resolve("kindling.parquet");
		try (OutputStream out = Files.newOutputStream(written);
				BatchWriter writer = ParquetFormat.INSTANCE.writer(out, "kindling.parquet", schema, Map.of())) {
			writer.write(Batch.of(columns, 4));
		}
		try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
			assertSameValues(duckRows(st, "SELECT * FROM '" + written + "' ORDER BY n"), expected);
			try (ResultSet rs = st.executeQuery("SELECT typeof(m), typeof(ts) FROM '" + written + "' LIMIT 1")) {
				rs.next();
				assertThat(rs.getString(1)).isEqualTo("DECIMAL(10,2)");
				assertThat(rs.getString(2)).isEqualTo("TIMESTAMP");
			}
		}
		assertSameValues(read("kindling.parquet", footer("kindling.parquet"), all(schema), null, List.of(), null),
				expected);
	}

	private void tenRowGroups() throws SQLException {
		try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
			st.execute("COPY (SELECT range AS id, 'name ' || range AS name, range % 7 AS k FROM range(100000)) TO '"
					+ this.root.resolve("big.parquet") + "' (FORMAT parquet, ROW_GROUP_SIZE 8192)");
		}
	}

	/**
	 * The [min, max, rows] of column id in each row group, as DuckDB reads the footer.
	 */
	private List<long[]> idRanges() throws SQLException {
		List<long[]> out = new ArrayList<>();
		try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
				Statement st = c.createStatement();
				ResultSet rs = st.executeQuery("SELECT stats_min_value, stats_max_value, row_group_num_rows FROM "
						+ "parquet_metadata('" + this.root.resolve("big.parquet")
						+ "') WHERE path_in_schema = 'id' ORDER BY row_group_id")) {
			while (rs.next()) {
				out.add(new long[] { Long.parseLong(rs.getString(1)), Long.parseLong(rs.getString(2)), rs.getLong(3) });
			}
		}
		return out;
	}

	@Test
	void skipsRowGroupsByStatisticsForPushedFilters() throws Exception {
		tenRowGroups();
		Schema schema = footer("big.parquet");
		List<long[]> ranges = idRanges();
		assertThat(ranges).hasSizeGreaterThanOrEqualTo(8);
		List<List<Boolean>> groups = new ArrayList<>();
		List<List<Object>> rows = read("big.parquet", schema, new int[] { 0 }, null,
				List.of(ExprParser.parse("id >= 95000"), ExprParser.parse("k <> 3")), groups);
		assertThat(groups.get(0)).as("only the row groups whose max id is >= 95000")
			.isEqualTo(ranges.stream().map(r -> r[1] >= 95000).toList());
		assertThat(groups.get(0).stream().filter(b -> !b)).as("most are skipped")
			.hasSizeGreaterThanOrEqualTo(ranges.size() - 2);
		assertThat(rows).hasSize((int) ranges.stream().filter(r -> r[1] >= 95000).mapToLong(r -> r[2]).sum());
		assertThat(rows.stream().filter(r -> (Long) r.get(0) >= 95000)).hasSize(5000);
		groups.clear();
		read("big.parquet", schema, new int[] { 0 }, null, List.of(ExprParser.parse("25000 > id AND name <> 'x'")),
				groups);
		assertThat(groups.get(0)).isEqualTo(ranges.stream().map(r -> r[0] < 25000).toList());
		groups.clear();
		read("big.parquet", schema, new int[] { 0 }, null, List.of(ExprParser.parse("id = 100000")), groups);
		assertThat(groups.get(0)).doesNotContain(true);
		groups.clear();
		read("big.parquet", schema, new int[] { 0 }, null, List.of(ExprParser.parse("id + 1 = 5")), groups);
		assertThat(groups.get(0)).as("an expression it cannot judge keeps every row group").doesNotContain(false);
	}

	@Test
	void splitsByRowGroupAndReadsOnlyTheColumnsAskedFor() throws Exception {
		tenRowGroups();
		Schema schema = footer("big.parquet");
		long size = Files.size(this.root.resolve("big.parquet"));
		for (int splits : new int[] { 1, 3, 10, 40 }) {
			List<Long> ids = new ArrayList<>();
			long step = size / splits + 1;
			for (int s = 0; s < splits; s++) {
				long start = s * step;
				for (List<Object> row : read("big.parquet", schema, new int[] { 0 },
						new FileSplit(s, start, Math.max(0, Math.min(step, size - start))), List.of(), null)) {
					ids.add((Long) row.get(0));
				}
			}
			assertThat(ids).as("%d splits", splits).hasSize(100000).doesNotHaveDuplicates();
		}
		InputFile one = storage().open("big.parquet");
		long idOnly;
		try (BatchReader r = ParquetFormat.INSTANCE.reader(one, new FileSplit(0, 0, size), Map.of(), schema,
				new int[] { 0 }, List.of())) {
			while (r.next() != null) {
				// read it all
			}
			idOnly = r.bytesRead();
		}
		InputFile every = storage().open("big.parquet");
		long allColumns;
		try (BatchReader r = ParquetFormat.INSTANCE.reader(every, new FileSplit(0, 0, size), Map.of(), schema,
				all(schema), List.of())) {
			while (r.next() != null) {
				// read it all
			}
			allColumns = r.bytesRead();
		}
		assertThat(idOnly).as("column pruning reads less").isLessThan(allColumns / 2);
		assertThat(read("big.parquet", schema, new int[] { 2, 0 }, new FileSplit(0, 0, size), List.of(), null).get(8))
			.containsExactly(1L, 8L);
	}

	@Test
	void refusesNestedColumnsByName() throws Exception {
		try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
			st.execute("COPY (SELECT 1 AS id, [1, 2] AS tags) TO '" + this.root.resolve("nested.parquet")
					+ "' (FORMAT parquet)");
		}
		assertThatThrownBy(() -> footer("nested.parquet")).isInstanceOf(ParquetException.class)
			.hasMessageContaining("column 'tags' is a nested or repeated Parquet type");
	}

}
