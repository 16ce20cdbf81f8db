package dev.kindling.engine.datasource.csv;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.types.Schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Whatever bytes a CSV file holds, reading it (and inferring its schema) either works or
 * throws {@link CsvException} naming the file, under every mode (each case is read under
 * all three); and a file cut into splits at random points reads the same rows as the file
 * in one split. Each test runs {@value #CASES} cases from a fixed seed, so a failure
 * names a case that replays exactly.
 */
class CsvReaderFuzzTest {

	private static final int CASES = 10_000;

	private static final Schema SCHEMA = Schema
		.parse("a INT, b DOUBLE, c STRING, d DATE, e TIMESTAMP, f BOOLEAN, g BIGINT, h DECIMAL(10,2)");

	private static final byte[] STRUCTURE = { ',', '"', '\\', '\n', '\r' };

	private static final byte[] TEXT = "a19.-e: T02".getBytes(StandardCharsets.US_ASCII);

	private static final List<String> ROWS = List.of("1,2.5,x,2024-01-01,2024-01-01 10:00:00,true,7,1.25\n",
			"\"q,\"\"\",,\"\",,,,,\n", "NA,x,,,,,,\r\n", "bad,row\n", "\n", "\"multi\nline\",1,2,3,4,5,6,7\n",
			"9,9,9,9,9,9,9,9");

	@TempDir
	Path dir;

	@Test
	void anyContentFailsOnlyWithCsvExceptionUnderEveryMode() {
		Random random = new Random(1000L);
		for (int i = 0; i < CASES; i++) {
			byte[] content = csvBytes(random);
			Path f = CsvTestSupport.write(this.dir, "random.csv", content);
			boolean header = random.nextBoolean();
			boolean multiLine = random.nextBoolean();
			for (CsvOptions.Mode mode : CsvOptions.Mode.values()) {
				CsvOptions options = CsvOptions.defaults().withHeader(header).withMultiLine(multiLine).withMode(mode);
				try {
					CsvTestSupport.read(f, options, SCHEMA);
				}
				catch (CsvException ex) {
					assertThat(ex.file()).isEqualTo("random.csv");
					assertThat(ex.line()).isPositive();
				}
				catch (RuntimeException ex) {
					fail("case " + i + " (" + options + ") read threw " + ex + " for " + show(content), ex);
				}
				try {
					CsvSchemaInference.resolve(CsvTestSupport.in(f), options.withInference());
				}
				catch (CsvException ex) {
					assertThat(ex.file()).isEqualTo("random.csv");
				}
				catch (RuntimeException ex) {
					fail("case " + i + " (" + options + ") inference threw " + ex + " for " + show(content), ex);
				}
			}
		}
	}

	@Test
	void splitsTogetherReadWhatOneSplitReads() {
		Random random = new Random(2000L);
		for (int i = 0; i < CASES; i++) {
			byte[] content = csvBytes(random);
			CsvOptions.Mode mode = random.nextBoolean() ? CsvOptions.Mode.PERMISSIVE : CsvOptions.Mode.DROPMALFORMED;
			CsvOptions options = CsvOptions.defaults().withHeader(random.nextBoolean()).withMode(mode);
			List<FileSplit> splits = randomSplits(random, content.length);
			Path f = CsvTestSupport.write(this.dir, "split.csv", content);
			try {
				assertThat(CsvTestSupport.readSplits(f, splits, options, SCHEMA))
					.as("case %d: %s cut at %s", i, show(content), splits)
					.isEqualTo(CsvTestSupport.read(f, options, SCHEMA));
			}
			catch (RuntimeException ex) {
				fail("case " + i + " threw " + ex + " for " + show(content) + " cut at " + splits, ex);
			}
		}
	}

	/**
	 * Up to four cut points anywhere in the file, so splits start and end inside records
	 * and quotes.
	 */
	private static List<FileSplit> randomSplits(Random random, int length) {
		TreeSet<Integer> points = new TreeSet<>();
		int cuts = random.nextInt(5);
		for (int c = 0; c < cuts; c++) {
			points.add(random.nextInt(length + 1));
		}
		points.add(0);
		points.add(length);
		List<FileSplit> splits = new ArrayList<>();
		Integer previous = null;
		for (int point : points) {
			if (previous != null) {
				splits.add(new FileSplit(splits.size(), previous, point - previous));
			}
			previous = point;
		}
		if (splits.isEmpty()) {
			splits.add(new FileSplit(0, 0, 0));
		}
		return splits;
	}

	/**
	 * Half the time random bytes weighted to CSV structure, half the time rows glued
	 * together.
	 */
	private static byte[] csvBytes(Random random) {
		if (random.nextBoolean()) {
			byte[] out = new byte[random.nextInt(161)];
			for (int i = 0; i < out.length; i++) {
				int pick = random.nextInt(15);
				if (pick < 5) {
					out[i] = STRUCTURE[random.nextInt(STRUCTURE.length)];
				}
				else if (pick < 13) {
					out[i] = TEXT[random.nextInt(TEXT.length)];
				}
				else {
					out[i] = (byte) random.nextInt(256);
				}
			}
			return out;
		}
		StringBuilder sb = new StringBuilder();
		int rows = random.nextInt(9);
		for (int r = 0; r < rows; r++) {
			sb.append(ROWS.get(random.nextInt(ROWS.size())));
		}
		return sb.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static String show(byte[] content) {
		StringBuilder sb = new StringBuilder("\"");
		for (byte b : content) {
			sb.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff));
		}
		return sb.append('"').toString();
	}

}
