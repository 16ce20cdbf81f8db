package dev.kindling.platform;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutorMemoryTest {

	private static final long HEAP = 512L << 20;

	private static KindlingProperties.Executor executor(String cache, String shuffle) {
		return new KindlingProperties.Executor(2, null, Duration.ofSeconds(1), Duration.ofSeconds(10),
				DataSize.parse(cache), DataSize.parse(shuffle), DataSize.parse("0B"), Duration.ofSeconds(10),
				Duration.ofSeconds(20));
	}

	@Test
	void byDefaultCacheAndShuffleEachTakeAFifthOfTheHeapSharedByTheExecutorsInIt() {
		KindlingProperties.Executor auto = executor("0B", "0B");
		assertThat(auto.effectiveCacheMemory(HEAP, 1)).isEqualTo(HEAP / 5);
		assertThat(auto.effectiveShuffleMemory(HEAP, 1)).isEqualTo(HEAP / 5);
		// Local mode: two executors in a 512 MB JVM hold at most 40 % of it between them.
		long both = 2 * (auto.effectiveCacheMemory(HEAP, 2) + auto.effectiveShuffleMemory(HEAP, 2));
		assertThat(both).isLessThanOrEqualTo(HEAP * 2 / 5);
		// Sorts: a fifth between all four slots of the two executors.
		assertThat(auto.effectiveSortMemory(HEAP, 2)).isEqualTo(HEAP / 5 / 4);
	}

	@Test
	void aSetSizeIsKeptAsItIs() {
		KindlingProperties.Executor set = executor("64MB", "1GB");
		assertThat(set.effectiveCacheMemory(HEAP, 2)).isEqualTo(64L << 20);
		assertThat(set.effectiveShuffleMemory(HEAP, 2)).isEqualTo(1L << 30);
	}

}
