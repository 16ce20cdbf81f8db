package dev.kindling.engine.physical;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.cancel.TaskCancelledException;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;

import static dev.kindling.engine.TestBatches.asLists;
import static dev.kindling.engine.TestBatches.drain;
import static dev.kindling.engine.TestBatches.source;
import static org.assertj.core.api.Assertions.assertThat;

class SortOperatorTest {

	static final Schema SCHEMA = Schema.parse("a INT, s STRING, d DOUBLE, dt DATE, id INT");

	static final String[] STRINGS = { "a", "B", "", "é", "z", "\uFF21", "😀", "ab" };

	static final double[] DOUBLES = { Double.NaN, 0.0, -0.0, 1.5, -2.0, Double.NEGATIVE_INFINITY,
			Double.POSITIVE_INFINITY, 3.25 };

	static List<Object[]> randomRows(Random random, int n) {
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			Object[] row = { random.nextInt(10) - 5, STRINGS[random.nextInt(STRINGS.length)],
					DOUBLES[random.nextInt(DOUBLES.length)], LocalDate.ofEpochDay(random.nextInt(30)), i };
			for (int c = 0; c < 4; c++) {
				if (random.nextInt(6) == 0) {
					row[c] = null;
				}
			}
			rows.add(row);
		}
		return rows;
	}

	static List<Object[]> sort(List<Object[]> rows, List<SortKey> keys, long limit, int batchSize) {
		SortExec plan = SortExec.of(new ShuffleReadExec(0, SCHEMA), keys, limit);
		return drain(new SortOperator(plan, source(SCHEMA, rows, batchSize)));
	}

	/** Spark's order of a key column, written out row by row. */
	static Comparator<Object[]> oracle(List<SortKey> keys) {
		return (x, y) -> {
			for (SortKey k : keys) {
				int c = SCHEMA.indexOf(k.expr().sql());
				Object a = x[c];
				Object b = y[c];
				if (a == null || b == null) {
					if (a == null && b == null) {
						continue;
					}
					return (a == null) == k.nullsFirst() ? -1 : 1;
				}
				int r = AggregateOracle.ORDER.compare(a, b);
				if (r != 0) {
					return k.ascending() ? r : -r;
				}
			}
			return 0;
		};
	}

	static SortKey key(String column, boolean ascending, boolean nullsFirst) {
		return new SortKey(ExprParser.parse(column), ascending, nullsFirst);
	}

	@Test
	void sortsStablyByEveryDirectionAndNullOrderLikeTheOracle() {
		Random random = new Random(11);
		String[] columns = { "a", "s", "d", "dt" };
		for (int round = 0; round < 60; round++) {
			List<Object[]> rows = randomRows(random, random.nextInt(round < 5 ? 4 : 1500));
			List<SortKey> keys = new ArrayList<>();
			for (int k = random.nextInt(3) + 1; k > 0; k--) {
				keys.add(key(columns[random.nextInt(columns.length)], random.nextBoolean(), random.nextBoolean()));
			}
			List<Object[]> expected = new ArrayList<>(rows);
			expected.sort(oracle(keys));
			assertThat(asLists(sort(rows, keys, -1, 1 + random.nextInt(300)))).as("keys %s", keys)
				.isEqualTo(asLists(expected));
		}
	}

	@Test
	void aSortOverItsMemorySpillsSortedRunsAndMergesThemStablyLikeTheOracle() throws Exception {
		Random random = new Random(13);
		String[] columns = { "a", "s", "d", "dt" };
		java.nio.file.Path tmp = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
		int multiPass = 0;
		for (int round = 0; round < 25; round++) {
			List<Object[]> rows = randomRows(random, 2000 + random.nextInt(8000));
			List<SortKey> keys = new ArrayList<>();
			for (int k = random.nextInt(3) + 1; k > 0; k--) {
				keys.add(key(columns[random.nextInt(columns.length)], random.nextBoolean(), random.nextBoolean()));
			}
			List<Object[]> expected = new ArrayList<>(rows);
			expected.sort(oracle(keys));
			long runFilesBefore = sortRunFiles(tmp);
			SortExec plan = SortExec.of(new ShuffleReadExec(0, SCHEMA), keys, -1);
			// A few kilobytes of memory: each run holds a batch or two of the input.
			long memory = 4_000 + random.nextInt(60_000);
			SortOperator sort = new SortOperator(plan, source(SCHEMA, rows, 1 + random.nextInt(700)), memory,
					() -> false);
			List<Object[]> out = drain(sort);
			assertThat(sort.spilledRuns()).as("runs spilled").isGreaterThan(1);
			// The merge keeps its open runs (one block each) within the memory, merging
			// in passes.
			assertThat(sort.mostOpenRuns()).as("runs open at once").isLessThanOrEqualTo(sort.mergeFanIn());
			if (sort.spilledRuns() > sort.mergeFanIn()) {
				multiPass++;
			}
			assertThat(asLists(out)).as("keys %s", keys).isEqualTo(asLists(expected));
			assertThat(sortRunFiles(tmp)).as("run files left behind").isEqualTo(runFilesBefore);
		}
		assertThat(multiPass).as("rounds with more runs than one merge opens").isPositive();
	}

	private static long sortRunFiles(java.nio.file.Path dir) throws java.io.IOException {
		try (var files = java.nio.file.Files.list(dir)) {
			return files.filter(f -> f.getFileName().toString().startsWith("kindling-sort-")).count();
		}
	}

	@Test
	void aLimitTooLargeForATopNIsASpillingFullSortCutToTheLimit() {
		Random random = new Random(15);
		List<Object[]> rows = randomRows(random, 12_000);
		List<SortKey> keys = List.of(key("s", true, false), key("a", false, true));
		List<Object[]> expected = new ArrayList<>(rows);
		expected.sort(oracle(keys));
		// With 64 KB a top-N keeps at most 4,096 rows: 7,000 is sorted in full, spilled,
		// and cut.
		SortExec plan = SortExec.of(new ShuffleReadExec(0, SCHEMA), keys, 7_000);
		SortOperator sort = new SortOperator(plan, source(SCHEMA, rows, 1000), 64_000, () -> false);
		assertThat(asLists(drain(sort))).isEqualTo(asLists(expected.subList(0, 7_000)));
		assertThat(sort.spilledRuns()).isGreaterThan(1);
	}

	@Test
	void aSortThatSpillsCountsEachRunAndTheBytesItWroteInTheTaskMetrics() {
		List<Object[]> rows = randomRows(new Random(17), 20_000);
		SortExec plan = SortExec.of(new ShuffleReadExec(0, SCHEMA), List.of(key("d", true, true)), -1);
		TaskMetrics metrics = new TaskMetrics();
		SortOperator sort = new SortOperator(plan, source(SCHEMA, rows, 1000), 32_000, () -> false, metrics);
		assertThat(drain(sort)).hasSize(rows.size());
		assertThat(sort.spilledRuns()).isGreaterThan(1);
		assertThat(metrics.spills).as("one spill per run written").isEqualTo(sort.spilledRuns());
		assertThat(metrics.spillBytes).as("bytes written to local disk").isGreaterThan(32_000);

		TaskMetrics inMemory = new TaskMetrics();
		SortOperator fits = new SortOperator(plan, source(SCHEMA, rows, 1000), 64L << 20, () -> false, inMemory);
		assertThat(drain(fits)).hasSize(rows.size());
		assertThat(inMemory.spills).isZero();
		assertThat(inMemory.spillBytes).isZero();
	}

	@Test
	void aCancelledTaskStopsMergingAndLeavesNoRunFiles() throws Exception {
		java.nio.file.Path tmp = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
		long before = sortRunFiles(tmp);
		java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
		SortExec plan = SortExec.of(new ShuffleReadExec(0, SCHEMA), List.of(key("d", true, true)), -1);
		SortOperator sort = new SortOperator(plan, source(SCHEMA, randomRows(new Random(16), 20_000), 2000), 32_000,
				cancelled::get);
		assertThat(sort.next()).isNotNull();
		cancelled.set(true);
		org.assertj.core.api.Assertions.assertThatThrownBy(sort::next).isInstanceOf(TaskCancelledException.class);
		sort.close();
		assertThat(sortRunFiles(tmp)).isEqualTo(before);
	}

	@Test
	void aSortThatFitsInItsMemorySpillsNothing() {
		List<Object[]> rows = randomRows(new Random(14), 3000);
		SortExec plan = SortExec.of(new ShuffleReadExec(0, SCHEMA), List.of(key("a", true, true)), -1);
		SortOperator sort = new SortOperator(plan, source(SCHEMA, rows, 500), 64L << 20, () -> false);
		assertThat(drain(sort)).hasSize(3000);
		assertThat(sort.spilledRuns()).isZero();
	}

	@Test
	void topNEqualsAFullSortCutToTheLimit() {
		Random random = new Random(12);
		String[] columns = { "a", "s", "d", "dt" };
		for (int round = 0; round < 40; round++) {
			int n = random.nextInt(round % 4 == 0 ? 12_000 : 600);
			List<Object[]> rows = randomRows(random, n);
			List<SortKey> keys = List.of(key(columns[random.nextInt(4)], random.nextBoolean(), random.nextBoolean()),
					key(columns[random.nextInt(4)], random.nextBoolean(), random.nextBoolean()));
			int limit = random.nextInt(4) == 0 ? random.nextInt(n + 10) : random.nextInt(20);
			List<Object[]> expected = new ArrayList<>(rows);
			expected.sort(oracle(keys));
			expected = expected.subList(0, Math.min(limit, expected.size()));
			assertThat(asLists(sort(rows, keys, limit, 1 + random.nextInt(2000)))).as("keys %s limit %d", keys, limit)
				.isEqualTo(asLists(expected));
		}
	}

	@Test
	void nanSortsAboveEveryOtherDoubleAndNegativeZeroTiesWithZero() {
		List<Object[]> rows = new ArrayList<>();
		for (double d : new double[] { Double.NaN, Double.POSITIVE_INFINITY, 0.0, -0.0, -1.0 }) {
			rows.add(new Object[] { null, null, d, null, rows.size() });
		}
		List<Object[]> out = sort(rows, List.of(key("d", true, true)), -1, 2);
		assertThat(out.stream().map(r -> r[4]).toList()).containsExactly(4, 2, 3, 1, 0);
	}

	@Test
	void defaultNullPlacementFollowsSpark() {
		List<Object[]> rows = List.of(new Object[] { 2, null, null, null, 0 },
				new Object[] { null, null, null, null, 1 }, new Object[] { 1, null, null, null, 2 });
		assertThat(sort(rows, List.of(SortKey.of(ExprParser.parse("a"), true)), -1, 5).stream().map(r -> r[0]))
			.containsExactly(null, 1, 2);
		assertThat(sort(rows, List.of(SortKey.of(ExprParser.parse("a"), false)), -1, 5).stream().map(r -> r[0]))
			.containsExactly(2, 1, null);
	}

	@Test
	void sortsByAnExpression() {
		List<Object[]> rows = List.of(new Object[] { 3, null, null, null, 0 }, new Object[] { -4, null, null, null, 1 },
				new Object[] { 1, null, null, null, 2 });
		assertThat(sort(rows, List.of(key("abs(a)", false, false)), -1, 5).stream().map(r -> r[0])).containsExactly(-4,
				3, 1);
	}

	@Test
	void aZeroLimitYieldsNothingAndAHugeLimitIsAFullSort() {
		List<Object[]> rows = randomRows(new Random(5), 100);
		assertThat(sort(rows, List.of(key("a", true, true)), 0, 10)).isEmpty();
		assertThat(sort(rows, List.of(key("a", true, true)), Long.MAX_VALUE, 10)).hasSize(100);
		assertThat(sort(List.of(), List.of(key("a", true, true)), -1, 10)).isEmpty();
	}

	@Test
	void outputComesInBatchesOfAtMost4096Rows() {
		List<Object[]> rows = randomRows(new Random(6), 9000);
		SortExec plan = SortExec.of(new ShuffleReadExec(0, SCHEMA), List.of(key("s", true, true)), -1);
		SortOperator op = new SortOperator(plan, source(SCHEMA, rows, 1000));
		List<Integer> sizes = new ArrayList<>();
		Batch b;
		while ((b = op.next()) != null) {
			sizes.add(b.rowCount());
		}
		assertThat(sizes).containsExactly(4096, 4096, 808);
	}

}
