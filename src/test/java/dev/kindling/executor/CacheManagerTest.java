package dev.kindling.executor;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.LongVector;

import static org.assertj.core.api.Assertions.assertThat;

/** Cached partitions are bounded by the cache memory, least recently used first out. */
class CacheManagerTest {

	private static Batch rows(int n) {
		LongVector v = new LongVector(DataType.BIGINT, n);
		for (int i = 0; i < n; i++) {
			v.append(i);
		}
		return new Batch(new ColumnVector[] { v }, n);
	}

	@Test
	void evictsTheLeastRecentlyUsedPartitionWhenMemoryRunsOut() {
		long one = dev.kindling.engine.vector.Batches.sizeOf(rows(1000));
		CacheManager cache = new CacheManager(2 * one + 10);
		cache.put("k", 0, List.of(rows(1000)));
		cache.put("k", 1, List.of(rows(1000)));
		assertThat(cache.get("k", 0)).as("touch partition 0 so partition 1 is the eldest").isNotNull();
		cache.put("k", 2, List.of(rows(1000)));
		assertThat(cache.blockIds()).containsExactlyInAnyOrder("k/0", "k/2");
		assertThat(cache.get("k", 1)).isNull();
		assertThat(cache.bytes()).isLessThanOrEqualTo(2 * one + 10);
	}

	@Test
	void refusesAPartitionLargerThanTheWholeCacheAndDropsADatasetOnRequest() {
		CacheManager cache = new CacheManager(100);
		assertThat(cache.put("big", 0, List.of(rows(1000)))).isEqualTo(-1);
		assertThat(cache.get("big", 0)).isNull();
		CacheManager roomy = new CacheManager(1 << 20);
		roomy.put("a", 0, List.of(rows(10)));
		roomy.put("b", 0, List.of(rows(10)));
		roomy.drop("a");
		assertThat(roomy.blockIds()).containsExactly("b/0");
	}

	@Test
	void listsItsPartitionsForHandingOverAndTakesNoneOnceItLeaves() {
		CacheManager cache = new CacheManager(1 << 20);
		cache.put("k", 0, List.of(rows(10), rows(5)));
		cache.put("k", 3, List.of(rows(7)));

		assertThat(cache.entries())
			.extracting(CacheManager.Entry::key, CacheManager.Entry::partition, CacheManager.Entry::rows)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("k", 0, 15L),
					org.assertj.core.groups.Tuple.tuple("k", 3, 7L));
		assertThat(cache.takeOver("other", 1, List.of(rows(4)))).isPositive();
		cache.closeIntake();
		assertThat(cache.takeOver("other", 2, List.of(rows(4)))).isEqualTo(-1);
		assertThat(cache.blockIds()).containsExactlyInAnyOrder("k/0", "k/3", "other/1");
	}

}
