package dev.kindling.engine.datasource.csv;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kindling.engine.cancel.Cancellation;
import dev.kindling.engine.cancel.TaskCancelledException;
import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;

import static dev.kindling.engine.datasource.csv.CsvTestSupport.in;
import static dev.kindling.engine.datasource.csv.CsvTestSupport.read;
import static dev.kindling.engine.datasource.csv.CsvTestSupport.row;
import static dev.kindling.engine.datasource.csv.CsvTestSupport.whole;
import static dev.kindling.engine.datasource.csv.CsvTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvReaderTest {

	@TempDir
	Path dir;

	private static final CsvOptions DEFAULTS = CsvOptions.defaults();

	private static final CsvOptions HEADER = DEFAULTS.withHeader(true);

	@Test
	void readsEveryTypeFromTheBytes() {
		Path f = write(this.dir, "t.csv", """
				i,b,d,s,flag,day,ts,dec
				1,9000000000,1.5,hello,true,2024-02-29,2024-01-02 03:04:05.123456,12.50
				-7,-1,-0.25,wörld,FALSE,1970-01-01,2024-01-02T03:04:05,0
				+3,0,1e3,x,false,2000-1-5,2024-01-02 03:04,-1.5
				""");
		Schema schema = Schema
			.parse("i INT, b BIGINT, d DOUBLE, s STRING, flag BOOLEAN, day DATE, ts TIMESTAMP, dec DECIMAL(10,2)");
		assertThat(read(f, HEADER, schema)).containsExactly(
				row(1, 9_000_000_000L, 1.5, "hello", true, LocalDate.of(2024, 2, 29),
						LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000), new BigDecimal("12.50")),
				row(-7, -1L, -0.25, "wörld", false, LocalDate.of(1970, 1, 1), LocalDateTime.of(2024, 1, 2, 3, 4, 5),
						new BigDecimal("0.00")),
				row(3, 0L, 1000.0, "x", false, LocalDate.of(2000, 1, 5), LocalDateTime.of(2024, 1, 2, 3, 4),
						new BigDecimal("-1.50")));
	}

	@Test
	void parsesCustomDateAndTimestampPatterns() {
		Path f = write(this.dir, "fmt.csv", "31/12/2024,31/12/2024 23:59\n2024-12-31,x\n");
		CsvOptions options = CsvOptions
			.fromMap(Map.of("dateFormat", "dd/MM/yyyy", "timestampFormat", "dd/MM/yyyy HH:mm", "inferSchema", true));
		assertThat(read(f, options, Schema.parse("d DATE, t TIMESTAMP")))
			.containsExactly(row(LocalDate.of(2024, 12, 31), LocalDateTime.of(2024, 12, 31, 23, 59)), row(null, null));
	}

	@Test
	void parsesDoublesExactlyLikeTheJdk() {
		String[] values = { "0.1", "123456.789", "-0.000001", "3.141592653589793", "12345678901234567890.5",
				"1.7976931348623157e308", "4.9E-324", ".5", "5.", "NaN", "-Inf", "Infinity", "00012.50" };
		StringBuilder sb = new StringBuilder();
		for (String v : values) {
			sb.append(v).append('\n');
		}
		Path f = write(this.dir, "d.csv", sb.toString());
		List<List<Object>> rows = read(f, DEFAULTS, Schema.parse("d DOUBLE"));
		for (int i = 0; i < values.length; i++) {
			String v = values[i].replace("Inf", "Infinity").replace("Infinityinity", "Infinity");
			assertThat(rows.get(i).get(0)).as(values[i]).isEqualTo(Double.parseDouble(v));
		}
	}

	@Test
	void keepsSeparatorsAndEscapesInsideQuotesAndUnescapedQuotesAsTheyAre() {
		Path f = write(this.dir, "q.csv", "\"a,b\",\"say \"\"hi\"\"\",\"back\\\"slash\",\"x\\\\y\",plain\"quote\n");
		// with Spark's default escape (a backslash) a doubled quote escapes nothing: the
		// field is kept as it is written
		assertThat(read(f, DEFAULTS, Schema.parse("a STRING, b STRING, c STRING, d STRING, e STRING")))
			.containsExactly(row("a,b", "\"say \"\"hi\"\"\"", "back\"slash", "x\\y", "plain\"quote"));
	}

	@Test
	void readsDoubledQuotesAsOneWhenTheEscapeIsTheQuote() {
		Path f = write(this.dir, "rfc.csv", "\"say \"\"hi\"\"\",\"back\\slash\"\n");
		CsvOptions rfc = CsvOptions.fromMap(Map.of("escape", "\""));
		assertThat(read(f, rfc, Schema.parse("a STRING, b STRING"))).containsExactly(row("say \"hi\"", "back\\slash"));
	}

	@Test
	void readsQuotedLineBreaksOnlyUnderMultiLine() {
		Path f = write(this.dir, "m.csv", "id,text\r\n1,\"line one\nline two\"\r\n2,\"single\"\r\n");
		Schema schema = Schema.parse("id INT, text STRING");
		assertThat(read(f, HEADER.withMultiLine(true), schema)).containsExactly(row(1, "line one\nline two"),
				row(2, "single"));
		assertThat(read(f, HEADER.withMode(CsvOptions.Mode.DROPMALFORMED), schema)).containsExactly(row(2, "single"));
	}

	@Test
	void handlesCrlfLineEndsAndAFinalLineWithoutNewline() {
		Path f = write(this.dir, "crlf.csv", "a,b\r\n1,x\r\n\r\n2,\"y\"\r\n3,z");
		assertThat(read(f, HEADER, Schema.parse("a INT, b STRING"))).containsExactly(row(1, "x"), row(2, "y"),
				row(3, "z"));
	}

	@Test
	void dropsAUtf8ByteOrderMarkBeforeTheHeader() {
		byte[] body = "id\n5\n".getBytes(StandardCharsets.UTF_8);
		byte[] content = new byte[body.length + 3];
		content[0] = (byte) 0xEF;
		content[1] = (byte) 0xBB;
		content[2] = (byte) 0xBF;
		System.arraycopy(body, 0, content, 3, body.length);
		Path f = write(this.dir, "bom.csv", content);
		assertThat(read(f, HEADER, Schema.parse("id INT"))).containsExactly(row(5));
		assertThat(CsvSchemaInference.resolve(CsvTestSupport.in(f), HEADER).names()).containsExactly("id");
	}

	@Test
	void readsEmptyFieldsQuotedOrNotAsNullWithTheDefaultNullValue() {
		Path f = write(this.dir, "n.csv", "1,,\"\"\n,x,\n\"\",\"\",y\n");
		assertThat(read(f, DEFAULTS, Schema.parse("a INT, b STRING, c STRING"))).containsExactly(row(1, null, null),
				row(null, "x", null), row(null, null, "y"));
	}

	@Test
	void readsTheNullValueAsNullAndUnquotedEmptyFieldsAsNullAlways() {
		Path f = write(this.dir, "na.csv", "NA,NA,\n1,\"\",x\n\"NA\",,\"\"\n");
		CsvOptions options = DEFAULTS.withNullValue("NA");
		assertThat(read(f, options, Schema.parse("a INT, b STRING, c STRING"))).containsExactly(row(null, null, null),
				row(1, "", "x"), row(null, null, ""));
	}

	@Test
	void aBatchOfBigRecordsAsksWhetherItsTaskWasCancelledEveryMegabyte() {
		Path f = write(this.dir, "big.csv", ("x".repeat(1 << 20) + "\n").repeat(8));
		Schema schema = Schema.parse("s STRING");
		java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
		try (CsvReader reader = new CsvReader(in(f), whole(f), DEFAULTS, schema, new int[] { 0 })) {
			Batch batch = Cancellation.run(() -> asked.incrementAndGet() < 0, reader::next);
			assertThat(batch.rowCount()).as("one batch").isEqualTo(8);
			assertThat(asked.get()).as("asked inside the batch").isGreaterThanOrEqualTo(7);
		}
		try (CsvReader reader = new CsvReader(in(f), whole(f), DEFAULTS, schema, new int[] { 0 })) {
			assertThatThrownBy(() -> Cancellation.run(() -> true, reader::next))
				.isInstanceOf(TaskCancelledException.class);
		}
	}

	@Test
	void permissiveModeKeepsMalformedRecordsWithNulls() {
		Path f = write(this.dir, "p.csv", "1,a\nx,b\n3\n4,d,extra\n5,e\n");
		CsvReader reader = new CsvReader(CsvTestSupport.in(f), whole(f), DEFAULTS, Schema.parse("n INT, s STRING"),
				new int[] { 0, 1 });
		List<List<Object>> rows = drain(reader);
		assertThat(rows).containsExactly(row(1, "a"), row(null, "b"), row(3, null), row(4, "d"), row(5, "e"));
		assertThat(reader.malformedRecords()).isEqualTo(3);
		assertThat(reader.recordsRead()).isEqualTo(5);
	}

	@Test
	void dropMalformedModeDropsBadRecords() {
		Path f = write(this.dir, "d.csv", "1,a\nx,b\n3\n4,d,extra\n5,e\n");
		CsvOptions options = DEFAULTS.withMode(CsvOptions.Mode.DROPMALFORMED);
		CsvReader reader = new CsvReader(CsvTestSupport.in(f), whole(f), options, Schema.parse("n INT, s STRING"),
				new int[] { 1, 0 });
		assertThat(drain(reader)).containsExactly(row("a", 1), row("e", 5));
		assertThat(reader.malformedRecords()).isEqualTo(3);
	}

	@Test
	void failFastNamesTheFileTheLineAndTheReason() {
		StringBuilder sb = new StringBuilder("name,age\n");
		for (int i = 0; i < 15; i++) {
			sb.append("p").append(i).append(',').append(i).append('\n');
		}
		sb.append("bad,abc\n");
		Path f = write(this.dir, "people.csv", sb.toString());
		CsvOptions options = HEADER.withMode(CsvOptions.Mode.FAILFAST);
		Schema schema = Schema.parse("name STRING, age INT");
		assertThatThrownBy(() -> read(f, options, schema)).isInstanceOfSatisfying(CsvException.class, (ex) -> {
			assertThat(ex)
				.hasMessage("malformed CSV record at people.csv line 17: cannot parse 'abc' as int for column 'age'");
			assertThat(ex.file()).isEqualTo("people.csv");
			assertThat(ex.line()).isEqualTo(17);
		});
	}

	@Test
	void decimalsRoundHalfUpToTheSchemasScaleAndAValueTooWideIsMalformed() {
		Path f = write(this.dir, "amounts.csv", """
				id,amount,big
				1,1.005,9223372036854775808
				2,9999.995,-9223372036854775808
				3,1e10000000,1
				4,"1,234.5",99999999999999999999999999999999999999
				5,abc,1e-10000000
				6,-0.004,
				7,12.30,123456789012345678901234567890123456789
				""");
		Schema schema = Schema.parse("id INT, amount DECIMAL(6,2), big DECIMAL(38,0)");
		// as Spark's CSV reader: a value with more digits than the type is null in
		// PERMISSIVE mode, grouping commas are dropped
		assertThat(read(f, HEADER, schema)).containsExactly(
				row(1, new BigDecimal("1.01"), new BigDecimal("9223372036854775808")),
				row(2, null, new BigDecimal("-9223372036854775808")), row(3, null, new BigDecimal("1")),
				row(4, new BigDecimal("1234.50"), new BigDecimal("99999999999999999999999999999999999999")),
				row(5, null, new BigDecimal("0")), row(6, new BigDecimal("0.00"), null),
				row(7, new BigDecimal("12.30"), null));
		assertThat(read(f, HEADER.withMode(CsvOptions.Mode.DROPMALFORMED), schema)).extracting((r) -> r.get(0))
			.containsExactly(1, 4, 6);
		assertThatThrownBy(() -> read(f, HEADER.withMode(CsvOptions.Mode.FAILFAST), schema))
			.isInstanceOf(CsvException.class)
			.hasMessage("malformed CSV record at amounts.csv line 3: cannot parse '9999.995' as decimal(6,2) for "
					+ "column 'amount' (more digits than the type holds)");
	}

	@Test
	void failFastCountsLinesFromTheFileStartInALaterSplit() {
		Path f = write(this.dir, "late.csv", "1\n2\n3\n4,5\n");
		CsvOptions options = DEFAULTS.withMode(CsvOptions.Mode.FAILFAST);
		assertThatThrownBy(() -> read(f, new FileSplit(1, 3, 5), options, Schema.parse("a INT"), new int[] { 0 }))
			.hasMessage("malformed CSV record at late.csv line 4: expected 1 fields, found 2");
	}

	@Test
	void failFastCountsPhysicalLinesAcrossQuotedLineBreaks() {
		Path f = write(this.dir, "ml.csv", "id,text\n1,\"two\nlines\"\n2,\"three\r\nmore\nlines\"\nx,oops\n");
		CsvOptions options = HEADER.withMultiLine(true).withMode(CsvOptions.Mode.FAILFAST);
		assertThatThrownBy(() -> read(f, options, Schema.parse("id INT, text STRING")))
			.hasMessage("malformed CSV record at ml.csv line 7: cannot parse 'x' as int for column 'id'");
	}

	@Test
	void neverParsesColumnsOutsideTheProjection() {
		Path f = write(this.dir, "g.csv", "1,garbage,2024-13-99,x\n2,\u0001\u0002,??,y\n");
		CsvOptions options = DEFAULTS.withMode(CsvOptions.Mode.FAILFAST);
		Schema schema = Schema.parse("id INT, junk INT, day DATE, s STRING");
		assertThat(read(f, whole(f), options, schema, new int[] { 3, 0 })).containsExactly(row("x", 1), row("y", 2));
		assertThat(read(f, whole(f), options, schema, new int[0])).hasSize(2);
	}

	@Test
	void rejectsAFieldLongerThanMaxCharsPerColumn() {
		Path f = write(this.dir, "w.csv", "abc\nabcdefgh\n");
		CsvOptions options = CsvOptions.fromMap(Map.of("maxCharsPerColumn", 4, "mode", "DROPMALFORMED"));
		assertThat(read(f, options, Schema.parse("s STRING"))).containsExactly(row("abc"));
	}

	@Test
	void treatsARecordOverSixteenMebibytesAsMalformed() throws IOException {
		Path f = this.dir.resolve("huge.csv");
		byte[] big = new byte[CsvOptions.MAX_RECORD_BYTES + 10];
		java.util.Arrays.fill(big, (byte) 'x');
		try (var out = Files.newOutputStream(f)) {
			out.write("a\n".getBytes(StandardCharsets.UTF_8));
			out.write(big);
			out.write("\nb\n".getBytes(StandardCharsets.UTF_8));
		}
		CsvOptions options = DEFAULTS.withMode(CsvOptions.Mode.DROPMALFORMED);
		assertThat(read(f, options, Schema.parse("s STRING"))).containsExactly(row("a"), row("b"));
		assertThatThrownBy(() -> read(f, options.withMode(CsvOptions.Mode.FAILFAST), Schema.parse("s STRING")))
			.hasMessageContaining("huge.csv line 2: record longer than 16 MiB, the longest CSV record read "
					+ "(a larger maxCharsPerColumn raises the limit, up to 1024 MiB)");
	}

	@Test
	void treatsAQuoteLeftOpenAtTheLineEndAsMalformed() {
		Path f = write(this.dir, "open.csv", "1,\"abc\n2,def\n");
		CsvOptions options = DEFAULTS.withMode(CsvOptions.Mode.FAILFAST);
		assertThatThrownBy(() -> read(f, options, Schema.parse("n INT, s STRING")))
			.hasMessage("malformed CSV record at open.csv line 1: unterminated quoted field");
		// as in Spark, the unterminated value is lost and the record kept with a null
		assertThat(read(f, DEFAULTS, Schema.parse("n INT, s STRING"))).containsExactly(row(1, null), row(2, "def"));
	}

	@Test
	void returnsBatchesOfAtMostTheBatchSize() {
		StringBuilder sb = new StringBuilder();
		int total = ColumnVector.BATCH_SIZE * 2 + 17;
		for (int i = 0; i < total; i++) {
			sb.append(i).append(",s").append(i).append('\n');
		}
		Path f = write(this.dir, "many.csv", sb.toString());
		try (CsvReader reader = new CsvReader(CsvTestSupport.in(f), whole(f), DEFAULTS,
				Schema.parse("i BIGINT, s STRING"), new int[] { 0, 1 })) {
			int seen = 0;
			for (Batch b = reader.next(); b != null; b = reader.next()) {
				assertThat(b.rowCount()).isBetween(1, ColumnVector.BATCH_SIZE);
				for (int r = 0; r < b.rowCount(); r++) {
					assertThat(b.row(r)).containsExactly((long) seen, "s" + seen);
					seen++;
				}
			}
			assertThat(seen).isEqualTo(total);
			assertThat(reader.bytesRead()).isEqualTo(sb.length());
			assertThat(reader.next()).isNull();
		}
	}

	@Test
	void readsOtherSeparatorsAndQuotes() {
		Path f = write(this.dir, "semi.csv", "'a;b';2\n");
		CsvOptions options = CsvOptions.fromMap(Map.of("sep", ";", "quote", "'"));
		assertThat(read(f, options, Schema.parse("s STRING, n INT"))).containsExactly(row("a;b", 2));
	}

	@Test
	void readsNothingFromAnEmptyFile() {
		Path f = write(this.dir, "empty.csv", "");
		assertThat(read(f, HEADER, Schema.parse("a INT"))).isEmpty();
	}

	@Test
	void reportsAMissingFileAsACsvException() {
		assertThatThrownBy(() -> new CsvReader(CsvTestSupport.in(this.dir.resolve("nope.csv")), new FileSplit(0, 0, 0),
				DEFAULTS, Schema.parse("a INT"), new int[] { 0 }))
			.isInstanceOf(CsvException.class)
			.hasMessageContaining("nope.csv");
	}

	private static List<List<Object>> drain(CsvReader reader) {
		List<List<Object>> rows = new java.util.ArrayList<>();
		try (reader) {
			for (Batch b = reader.next(); b != null; b = reader.next()) {
				for (int r = 0; r < b.rowCount(); r++) {
					rows.add(java.util.Arrays.asList(b.row(r)));
				}
			}
		}
		return rows;
	}

}
