package dev.kindling.engine.datasource.csv;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

import static dev.kindling.engine.datasource.csv.CsvTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvSchemaInferenceTest {

	private static final CsvOptions INFER = CsvOptions.defaults().withHeader(true).withInference();

	@TempDir
	Path dir;

	@Test
	void infersEachStepOfTheLadder() {
		Path f = write(this.dir, "l.csv", """
				i,b,d,day,ts,flag,s
				1,1,1,2024-01-01,2024-01-01 10:00:00,true,abc
				2,9000000000,2.5,2024-12-31,2024-01-01T10:00:00.5,FALSE,1
				""");
		assertThat(types(CsvSchemaInference.resolve(CsvTestSupport.in(f), INFER))).containsExactly(DataType.INT,
				DataType.BIGINT, DataType.DOUBLE, DataType.DATE, DataType.TIMESTAMP, DataType.BOOLEAN, DataType.STRING);
	}

	@Test
	void widensDatesToTimestampsAndMixedKindsToString() {
		Path f = write(this.dir, "w.csv", "a,b,c\n2024-01-01,1,true\n2024-01-01 00:00:01,2024-01-01,1\n");
		assertThat(types(CsvSchemaInference.resolve(CsvTestSupport.in(f), INFER))).containsExactly(DataType.TIMESTAMP,
				DataType.STRING, DataType.STRING);
	}

	@Test
	void ignoresNullsAndCallsAnAllNullColumnString() {
		Path f = write(this.dir, "n.csv", "a,b,c\n,NA,\n5,NA,\"\"\nNA,,\n");
		CsvOptions options = INFER.withNullValue("NA");
		assertThat(CsvSchemaInference.resolve(CsvTestSupport.in(f), options).fields()).containsExactly(
				new Field("a", DataType.INT), new Field("b", DataType.STRING), new Field("c", DataType.STRING));
	}

	@Test
	void namesColumnsUnderscoreCWithoutAHeader() {
		Path f = write(this.dir, "nh.csv", "1,x\n2,y\n");
		Schema schema = CsvSchemaInference.resolve(CsvTestSupport.in(f), CsvOptions.defaults().withInference());
		assertThat(schema.toDdl()).isEqualTo("_c0 int, _c1 string");
	}

	@Test
	void makesEmptyAndDuplicateHeaderNamesUniqueAsSparkDoes() {
		Path f = write(this.dir, "d.csv", "id,,Name,name,\"x,y\"\n1,2,3,4,5\n");
		assertThat(CsvSchemaInference.resolve(CsvTestSupport.in(f), CsvOptions.defaults().withHeader(true)).names())
			.containsExactly("id", "_c1", "Name2", "name3", "x,y");
	}

	@Test
	void typesEveryColumnStringWithoutInference() {
		Path f = write(this.dir, "s.csv", "a,b\n1,2\n");
		assertThat(types(CsvSchemaInference.resolve(CsvTestSupport.in(f), CsvOptions.defaults().withHeader(true))))
			.containsExactly(DataType.STRING, DataType.STRING);
	}

	@Test
	void prefersTheExplicitSchema() {
		Path f = write(this.dir, "e.csv", "a,b\n1,2\n");
		CsvOptions options = CsvOptions
			.fromMap(java.util.Map.of("header", true, "inferSchema", true, "schema", "x BIGINT, y DOUBLE"));
		assertThat(CsvSchemaInference.resolve(CsvTestSupport.in(f), options).toDdl()).isEqualTo("x bigint, y double");
		assertThat(CsvTestSupport.read(f, options, options.explicitSchema()))
			.containsExactly(CsvTestSupport.row(1L, 2.0));
	}

	@Test
	void givesAnEmptyFileAnEmptySchema() {
		Path f = write(this.dir, "empty.csv", "");
		assertThat(CsvSchemaInference.resolve(CsvTestSupport.in(f), INFER).size()).isZero();
	}

	@Test
	void reportsAnUnreadableFileAsACsvException() {
		assertThatThrownBy(() -> CsvSchemaInference.resolve(CsvTestSupport.in(this.dir.resolve("missing.csv")), INFER))
			.isInstanceOf(CsvException.class)
			.hasMessageContaining("missing.csv");
	}

	@Test
	void samplesABigFileFromSeveralOffsetsWithoutReadingItAll() throws IOException {
		Path f = this.dir.resolve("big.csv");
		int rows = 1_000_000;
		try (BufferedWriter w = Files.newBufferedWriter(f)) {
			w.write("id,value,tail\n");
			for (int i = 0; i < rows; i++) {
				w.write(Integer.toString(i));
				w.write(',');
				// doubles only in the middle of the file, past the head sample
				w.write((i > 400_000 && i < 600_000) ? "1.5" : "7");
				w.write(',');
				// a string only on the very last line, which a sample does not reach
				w.write(i == rows - 1 ? "oops" : "3");
				w.write('\n');
			}
		}
		Schema schema = CsvSchemaInference.resolve(CsvTestSupport.in(f), INFER);
		assertThat(types(schema)).containsExactly(DataType.INT, DataType.DOUBLE, DataType.INT);
	}

	@Test
	void reportsAFirstLineLongerThanTheRecordLimitNamingTheLimitAndTheOption() throws IOException {
		// issue 19: a 60 MB line with no line break was reported as an empty file
		Path dir = Files.createDirectories(Path.of("target", "csv-overlong"));
		Path f = dir.resolve("line.csv");
		byte[] chunk = new byte[1 << 20];
		java.util.Arrays.fill(chunk, (byte) 'x');
		try (var out = Files.newOutputStream(f)) {
			for (int i = 0; i < 61; i++) {
				out.write(chunk);
			}
		}
		try {
			for (CsvOptions options : new CsvOptions[] { CsvOptions.defaults(), INFER }) {
				assertThatThrownBy(() -> CsvSchemaInference.resolve(CsvTestSupport.in(f), options))
					.isInstanceOf(CsvException.class)
					.hasMessage("the first record of line.csv cannot be read: record longer than 16 MiB, the "
							+ "longest CSV record read (a larger maxCharsPerColumn raises the limit, up to 1024 MiB)");
			}
		}
		finally {
			Files.delete(f);
		}
	}

	@Test
	void readsARecordPastSixteenMebibytesWhenMaxCharsPerColumnAllowsIt() throws IOException {
		Path f = this.dir.resolve("long.csv");
		byte[] value = new byte[(16 << 20) + 100];
		java.util.Arrays.fill(value, (byte) 'y');
		try (var out = Files.newOutputStream(f)) {
			out.write("n,s\n1,".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			out.write(value);
			out.write("\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		}
		CsvOptions raised = CsvOptions.fromMap(java.util.Map.of("header", true, "maxCharsPerColumn", 20 << 20));
		Schema schema = CsvSchemaInference.resolve(CsvTestSupport.in(f), raised);
		java.util.List<java.util.List<Object>> rows = CsvTestSupport.read(f, raised, schema);
		assertThat(rows).hasSize(1);
		assertThat((String) rows.get(0).get(1)).hasSize(value.length);
		assertThat(CsvTestSupport.read(f, CsvOptions.defaults().withHeader(true), schema))
			.containsExactly(java.util.Arrays.asList(null, null));
	}

	private static java.util.List<DataType> types(Schema schema) {
		return schema.fields().stream().map(Field::type).toList();
	}

}
