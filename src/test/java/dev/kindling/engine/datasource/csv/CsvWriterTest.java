package dev.kindling.engine.datasource.csv;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;

import static dev.kindling.engine.datasource.csv.CsvTestSupport.read;
import static dev.kindling.engine.datasource.csv.CsvTestSupport.row;
import static org.assertj.core.api.Assertions.assertThat;

class CsvWriterTest {

	private static final Schema SCHEMA = Schema
		.parse("i INT, b BIGINT, d DOUBLE, s STRING, flag BOOLEAN, day DATE, ts TIMESTAMP, dec DECIMAL(20,4)");

	@TempDir
	Path dir;

	@Test
	void writesRowsThatReadBackUnchanged() {
		List<List<Object>> rows = List.of(
				row(1, 9_000_000_000L, 1.5, "plain", true, LocalDate.of(2024, 2, 29),
						LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000), new BigDecimal("12.5000")),
				row(-2, Long.MIN_VALUE, -0.1, "comma, \"quote\" and back\\slash", false, LocalDate.of(1, 1, 1),
						LocalDateTime.of(1969, 12, 31, 23, 59, 59), new BigDecimal("-0.0001")),
				row(null, null, null, null, null, null, null, null),
				row(0, 0L, 1e300, "", true, LocalDate.of(9999, 12, 31), LocalDateTime.of(2000, 1, 1, 0, 0),
						new BigDecimal("0.0000")),
				row(3, 3L, Double.NaN, "line\nbreak\r\nand ünïcode", false, LocalDate.of(2000, 1, 1),
						LocalDateTime.of(2000, 1, 1, 0, 0, 0, 1_000), new BigDecimal("1.0000")),
				row(4, 4L, Double.NEGATIVE_INFINITY, " spaces ", true, null, null, null));
		Path f = this.dir.resolve("out.csv");
		CsvOptions options = CsvOptions.defaults()
			.withHeader(true)
			.withMultiLine(true)
			.withMode(CsvOptions.Mode.FAILFAST);
		try (CsvWriter writer = CsvTestSupport.writer(f, SCHEMA, options)) {
			writer.write(batch(rows.subList(0, 3)));
			writer.write(batch(rows.subList(3, rows.size())));
			assertThat(writer.rowsWritten()).isEqualTo(rows.size());
		}
		// an empty string is written "" and read back as null, as Spark does with its
		// default nullValue
		List<List<Object>> expected = new ArrayList<>(rows);
		expected.set(3, row(0, 0L, 1e300, null, true, LocalDate.of(9999, 12, 31), LocalDateTime.of(2000, 1, 1, 0, 0),
				new BigDecimal("0.0000")));
		assertThat(read(f, options, SCHEMA)).isEqualTo(expected);
		assertThat(CsvSchemaInference.resolve(CsvTestSupport.in(f), options).names()).isEqualTo(SCHEMA.names());
	}

	@Test
	void writesNullsAsTheNullValueAndQuotesOnlyWhatNeedsIt() throws IOException {
		Schema schema = Schema.parse("s STRING, n INT");
		Path f = this.dir.resolve("nv.csv");
		CsvOptions options = CsvOptions.defaults().withNullValue("NA");
		try (CsvWriter writer = CsvTestSupport.writer(f, schema, options)) {
			writer.write(batch(schema, List.of(row("a", 1), row(null, null), row("", 2), row("x;y", 3))));
		}
		assertThat(Files.readString(f)).isEqualTo("a,1\nNA,NA\n\"\",2\nx;y,3\n");
		assertThat(read(f, options, schema)).containsExactly(row("a", 1), row(null, null), row("", 2), row("x;y", 3));
	}

	@Test
	void writesWithOtherSeparatorsAndEscapesTheWayTheReaderDecodes() {
		Schema schema = Schema.parse("s STRING");
		Path f = this.dir.resolve("semi.csv");
		CsvOptions options = CsvOptions.fromMap(java.util.Map.of("sep", ";", "escape", "\"", "header", true));
		List<List<Object>> rows = List.of(row("a;b"), row("say \"hi\""), row("\\"));
		try (CsvWriter writer = CsvTestSupport.writer(f, schema, options)) {
			writer.write(batch(schema, rows));
		}
		assertThat(read(f, options, schema)).isEqualTo(rows);
	}

	private static Batch batch(List<List<Object>> rows) {
		return batch(SCHEMA, rows);
	}

	private static Batch batch(Schema schema, List<List<Object>> rows) {
		List<ColumnVector> columns = new ArrayList<>();
		for (int c = 0; c < schema.size(); c++) {
			Field field = schema.field(c);
			ColumnVector v = ColumnVector.allocate(field.type(), rows.size());
			for (List<Object> row : rows) {
				v.appendObject(row.get(c));
			}
			columns.add(v);
		}
		return Batch.of(columns, rows.size());
	}

}
