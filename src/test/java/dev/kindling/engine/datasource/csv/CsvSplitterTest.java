package dev.kindling.engine.datasource.csv;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.datasource.FileSplit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CsvSplitterTest {

	private static final long MIB = 1024 * 1024;

	@Test
	void keepsAFileOfAFewMebibytesAsOneSplit() {
		assertThat(CsvSplitter.plan(3 * MIB, 8, null, false)).containsExactly(new FileSplit(0, 0, 3 * MIB));
	}

	@Test
	void splitsByTotalOverSlotsAboveTheFourMebibyteFloor() {
		List<FileSplit> splits = CsvSplitter.plan(64 * MIB, 4, null, false);
		assertThat(splits).hasSize(4).allSatisfy((s) -> assertThat(s.length()).isEqualTo(16 * MIB));
		assertThat(CsvSplitter.plan(10 * MIB, 8, null, false)).extracting(FileSplit::length)
			.containsExactly(4 * MIB, 4 * MIB, 2 * MIB);
	}

	@Test
	void capsSplitsAt128Mebibytes() {
		List<FileSplit> splits = CsvSplitter.plan(1000 * MIB, 2, null, false);
		assertThat(splits).hasSize(8);
		assertThat(splits.get(0).length()).isEqualTo(128 * MIB);
		assertThat(splits.get(7).length()).isEqualTo(1000 * MIB - 7 * 128 * MIB);
	}

	@Test
	void honoursAWantedNumberOfPartitionsWithCeilingDivision() {
		assertThat(CsvSplitter.plan(10, 2, 3, false)).containsExactly(new FileSplit(0, 0, 4), new FileSplit(1, 4, 4),
				new FileSplit(2, 8, 2));
		assertThat(CsvSplitter.plan(2, 2, 5, false)).hasSize(2);
	}

	@Test
	void honoursPartitionsOnlyDownToTheMinimumSplitSize() {
		// The report's case: a 200 KB file with 2^31 - 1 partitions was one task per
		// byte.
		assertThat(CsvSplitter.plan(200_000, 2, Integer.MAX_VALUE, false, MIB, Integer.MAX_VALUE))
			.containsExactly(new FileSplit(0, 0, 200_000));
		assertThat(CsvSplitter.plan(3 * MIB + 5, 2, 1000, false, MIB, Integer.MAX_VALUE)).extracting(FileSplit::length)
			.containsExactly(MIB, MIB, MIB, 5L);
		assertThat(CsvSplitter.plan(10 * MIB, 2, 4, false, MIB, Integer.MAX_VALUE)).hasSize(4);
		assertThat(CsvSplitter.plan(10, 2, 3, false, 1, Integer.MAX_VALUE)).hasSize(3);
	}

	@Test
	void growsSplitsRatherThanPassTheMostSplitsAllowed() {
		assertThat(CsvSplitter.plan(1000 * MIB, 2, null, false, MIB, 4)).hasSize(4)
			.allSatisfy((s) -> assertThat(s.length()).isEqualTo(250 * MIB));
		assertThat(CsvSplitter.plan(1000, 2, 10, false, 1, 3)).extracting(FileSplit::length)
			.containsExactly(334L, 334L, 332L);
	}

	@Test
	void readsAMultiLineFileAsOneSplit() {
		assertThat(CsvSplitter.plan(500 * MIB, 16, 10, true)).containsExactly(new FileSplit(0, 0, 500 * MIB));
	}

	@Test
	void givesAnEmptyFileOneEmptySplit() {
		assertThat(CsvSplitter.plan(0, 4, null, false)).containsExactly(new FileSplit(0, 0, 0));
		assertThat(CsvSplitter.plan(0, 4, 7, false)).containsExactly(new FileSplit(0, 0, 0));
	}

	@Test
	void coversTheFileWithContiguousNumberedSplits() {
		List<FileSplit> splits = CsvSplitter.plan(1_234_567_891L, 7, null, false);
		long at = 0;
		for (int i = 0; i < splits.size(); i++) {
			assertThat(splits.get(i).index()).isEqualTo(i);
			assertThat(splits.get(i).start()).isEqualTo(at);
			at = splits.get(i).end();
		}
		assertThat(at).isEqualTo(1_234_567_891L);
	}

	@Test
	void rejectsNonPositivePartitions() {
		assertThatIllegalArgumentException().isThrownBy(() -> CsvSplitter.plan(10, 1, 0, false));
	}

}
