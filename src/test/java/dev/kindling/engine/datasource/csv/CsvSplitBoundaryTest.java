package dev.kindling.engine.datasource.csv;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.types.Schema;

import static dev.kindling.engine.datasource.csv.CsvTestSupport.read;
import static dev.kindling.engine.datasource.csv.CsvTestSupport.readSplits;
import static dev.kindling.engine.datasource.csv.CsvTestSupport.row;
import static dev.kindling.engine.datasource.csv.CsvTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

class CsvSplitBoundaryTest {

	private static final Schema SCHEMA = Schema.parse("s STRING, n INT");

	@TempDir
	Path dir;

	@ParameterizedTest
	@ValueSource(strings = { "a,1\nb,2\ncc,3\nd,44\n", "a,1\r\nb,2\r\ncc,3\r\nd,44\r\n", "a,1\nb,2\ncc,3\nd,44",
			"\"x,y\",1\n\"q\"\"q\",2\n,3\n\"\",4\n", "a,1\n\nb,2\n\r\n\nc,3\n", "only,1", "a,1\nbad\nc,x\nd,4\n" })
	void readsEveryLineExactlyOnceWhateverTheSplitPoints(String content) {
		Path f = write(this.dir, "f.csv", content);
		int n = content.length();
		CsvOptions options = CsvOptions.defaults();
		List<List<Object>> expected = read(f, options, SCHEMA);
		for (int a = 0; a <= n; a++) {
			assertThat(readSplits(f, List.of(new FileSplit(0, 0, a), new FileSplit(1, a, n - a)), options, SCHEMA))
				.as("split at %d", a)
				.isEqualTo(expected);
			for (int b = a; b <= n; b++) {
				assertThat(readSplits(f,
						List.of(new FileSplit(0, 0, a), new FileSplit(1, a, b - a), new FileSplit(2, b, n - b)),
						options, SCHEMA))
					.as("splits at %d and %d", a, b)
					.isEqualTo(expected);
			}
		}
	}

	@Test
	void dropsTheHeaderOnlyInTheFirstSplit() {
		String content = "s,n\r\na,1\r\nb,2\r\nc,3\r\n";
		Path f = write(this.dir, "h.csv", content);
		CsvOptions options = CsvOptions.defaults().withHeader(true);
		List<List<Object>> expected = List.of(row("a", 1), row("b", 2), row("c", 3));
		for (int a = 0; a <= content.length(); a++) {
			assertThat(readSplits(f, List.of(new FileSplit(0, 0, a), new FileSplit(1, a, content.length() - a)),
					options, SCHEMA))
				.as("split at %d", a)
				.isEqualTo(expected);
		}
	}

	@Test
	void giveALineStartingExactlyAtASplitStartToThePreviousSplit() {
		Path f = write(this.dir, "e.csv", "a,1\nb,2\nc,3\n");
		CsvOptions options = CsvOptions.defaults();
		assertThat(read(f, new FileSplit(0, 0, 4), options, SCHEMA, new int[] { 0, 1 })).containsExactly(row("a", 1),
				row("b", 2));
		assertThat(read(f, new FileSplit(1, 4, 8), options, SCHEMA, new int[] { 0, 1 })).containsExactly(row("c", 3));
		assertThat(read(f, new FileSplit(1, 3, 1), options, SCHEMA, new int[] { 0, 1 })).containsExactly(row("b", 2));
	}

	@Test
	void readsSplitsPlannedForALargerFile() {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < 200_000; i++) {
			sb.append("name").append(i).append(',').append(i).append('\n');
		}
		Path f = write(this.dir, "big.csv", sb.toString());
		CsvOptions options = CsvOptions.defaults();
		List<FileSplit> splits = CsvSplitter.plan(sb.length(), 1, 7, false);
		assertThat(splits).hasSize(7);
		List<List<Object>> rows = readSplits(f, splits, options, SCHEMA);
		assertThat(rows).hasSize(200_000);
		for (int i = 0; i < rows.size(); i++) {
			assertThat(rows.get(i).get(1)).isEqualTo(i);
		}
	}

}
