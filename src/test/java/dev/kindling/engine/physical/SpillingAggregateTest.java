package dev.kindling.engine.physical;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.cancel.Cancellation;
import dev.kindling.engine.cancel.TaskCancelledException;
import dev.kindling.engine.physical.AggregateOracle.Agg;
import dev.kindling.engine.physical.HashAggregateExec.Mode;
import dev.kindling.engine.vector.Batch;

import static dev.kindling.engine.TestBatches.drain;
import static dev.kindling.engine.TestBatches.source;
import static dev.kindling.engine.physical.HashAggregateOperatorTest.AGGS;
import static dev.kindling.engine.physical.HashAggregateOperatorTest.INPUT;
import static dev.kindling.engine.physical.HashAggregateOperatorTest.ORACLE;
import static dev.kindling.engine.physical.HashAggregateOperatorTest.STRINGS;
import static dev.kindling.engine.physical.HashAggregateOperatorTest.col;
import static dev.kindling.engine.physical.HashAggregateOperatorTest.exec;
import static dev.kindling.engine.physical.HashAggregateOperatorTest.sorted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Aggregations whose groups pass a tiny memory budget spill them and still match the
 * oracle, in every mode, for every family of aggregate functions, and leave no file.
 */
class SpillingAggregateTest {

	static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));

	/**
	 * Rows over many groups: a third of them on one hot key, nulls in every column.
	 */
	static List<Object[]> manyGroups(Random random, int n, int keys) {
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			int k = random.nextInt(3) == 0 ? 7 : random.nextInt(keys);
			Object[] row = { k, STRINGS[random.nextInt(STRINGS.length)] + (k % 13), random.nextInt(201) - 100,
					(random.nextInt(201) - 100) * 0.5, LocalDate.ofEpochDay(random.nextInt(20000)),
					BigDecimal.valueOf(random.nextInt(20001) - 10000, 2), random.nextLong() >> random.nextInt(64) };
			for (int c = 0; c < row.length; c++) {
				if (random.nextInt(9) == 0) {
					row[c] = null;
				}
			}
			rows.add(row);
		}
		return rows;
	}

	static long spillFiles() throws IOException {
		try (var files = Files.list(TMP)) {
			return files.filter(f -> f.getFileName().toString().startsWith("kindling-spill-")).count();
		}
	}

	static List<Object[]> run(HashAggregateExec plan, List<Object[]> rows, int batchSize, long memory,
			TaskMetrics metrics) {
		return drain(new HashAggregateOperator(plan, source(INPUT, rows, batchSize), memory, metrics));
	}

	@Test
	void aSingleAggregateOverItsMemorySpillsItsGroupsAndMergesThemLikeTheOracle() throws IOException {
		Random random = new Random(1701);
		List<List<String>> keySets = List.of(List.of("k"), List.of("k", "s"), List.of("s", "dt"), List.of("m"));
		List<List<Function<Object[], Object>>> oracleKeys = List.of(List.of(col(0)), List.of(col(0), col(1)),
				List.of(col(1), col(4)), List.of(col(5)));
		long before = spillFiles();
		int deep = 0;
		for (int round = 0; round < 4; round++) {
			List<Object[]> rows = manyGroups(random, 2000 + random.nextInt(2000), 200 + random.nextInt(2000));
			for (int i = 0; i < keySets.size(); i++) {
				List<Object[]> expected = AggregateOracle.aggregate(rows, oracleKeys.get(i), ORACLE);
				TaskMetrics metrics = new TaskMetrics();
				HashAggregateExec plan = exec(Mode.SINGLE, keySets.get(i), AGGS, INPUT);
				HashAggregateOperator op = new HashAggregateOperator(plan, source(INPUT, rows, 1 + random.nextInt(400)),
						20_000 + random.nextInt(40_000), metrics);
				List<Object[]> out = drain(op);
				assertThat(metrics.spills).as("spills of keys %s", keySets.get(i)).isPositive();
				assertThat(metrics.spillBytes).isPositive();
				if (op.deepestSpill() > 1) {
					deep++;
				}
				assertThat(sorted(out)).as("round %d keys %s", round, keySets.get(i)).isEqualTo(sorted(expected));
				assertThat(spillFiles()).as("spill files left").isEqualTo(before);
			}
		}
		assertThat(deep).as("runs whose spill files were spilled again").isPositive();
	}

	@Test
	void aFinalAggregateSpillsMergedStatesAndAPartialOneFlushesAtItsMemory() throws IOException {
		Random random = new Random(1702);
		long before = spillFiles();
		for (int round = 0; round < 3; round++) {
			List<Object[]> rows = manyGroups(random, 4000, 2000);
			List<String> keys = List.of("k", "s");
			HashAggregateExec partial = exec(Mode.PARTIAL, keys, AGGS, INPUT);
			TaskMetrics metrics = new TaskMetrics();
			List<Object[]> partialRows = run(partial, rows, 250, 8_000, metrics);
			// A partial aggregate does not spill: it passes its groups on when full.
			assertThat(metrics.spills).isZero();
			List<Object[]> unflushed = drain(new HashAggregateOperator(partial, source(INPUT, rows, 250)));
			assertThat(partialRows.size()).as("partial rows flushed early").isGreaterThan(unflushed.size());
			HashAggregateExec fin = exec(Mode.FINAL, keys, AGGS, partial.schema());
			List<Object[]> out = drain(new HashAggregateOperator(fin,
					source(partial.schema(), partialRows, 1 + random.nextInt(300)), 30_000, metrics));
			assertThat(metrics.spills).as("final spills").isPositive();
			assertThat(sorted(out)).isEqualTo(sorted(AggregateOracle.aggregate(rows, List.of(col(0), col(1)), ORACLE)));
		}
		assertThat(spillFiles()).isEqualTo(before);
	}

	@Test
	void distinctAggregatesSpillTheirTuplesAndCountEachValueOnce() throws IOException {
		Random random = new Random(1703);
		long before = spillFiles();
		List<Agg> oracle = List.of(new Agg("count", 1, true), new Agg("count", 3, true), new Agg("count", 5, true),
				new Agg("sum", 2, true), new Agg("count", -1, false), new Agg("sum", 2, false));
		List<String> aggs = List.of("count(DISTINCT s)", "count(DISTINCT d)", "count(DISTINCT m)", "sum(DISTINCT v)",
				"count(*)", "sum(v)");
		for (int round = 0; round < 4; round++) {
			List<Object[]> rows = manyGroups(random, 3000, 50 + random.nextInt(1500));
			TaskMetrics metrics = new TaskMetrics();
			List<Object[]> out = run(exec(Mode.SINGLE, List.of("k"), aggs, INPUT), rows, 1 + random.nextInt(300),
					10_000 + random.nextInt(20_000), metrics);
			assertThat(metrics.spills).isPositive();
			assertThat(sorted(out)).as("round %d", round)
				.isEqualTo(sorted(AggregateOracle.aggregate(rows, List.of(col(0)), oracle)));
		}
		assertThat(spillFiles()).isEqualTo(before);
	}

	@Test
	void statisticalApproximateAndOrderedAggregatesGiveTheSameAnswerSpilledOrNot() {
		Random random = new Random(1704);
		List<String> aggs = List.of("stddev(d)", "var_pop(v)", "skewness(d)", "kurtosis(v)", "covar_samp(d, v)",
				"corr(d, v)", "approx_count_distinct(s)", "approx_count_distinct(b, 0.1)", "percentile_approx(v, 0.5)",
				"approx_percentile(d, 0.9)", "first(s)", "last(v, true)", "any_value(dt)", "count_if(v > 0)",
				"bool_and(v > -90)", "bool_or(d > 40)", "avg(m)", "sum(m)", "min(s)", "max(m)");
		for (int round = 0; round < 1; round++) {
			List<Object[]> rows = manyGroups(random, 5000, 400 + random.nextInt(2000));
			for (List<String> keys : List.of(List.of("k"), List.of("k", "dt"))) {
				HashAggregateExec plan = exec(Mode.SINGLE, keys, aggs, INPUT);
				TaskMetrics metrics = new TaskMetrics();
				List<Object[]> spilled = run(plan, rows, 128, 150_000, metrics);
				assertThat(metrics.spills).isPositive();
				List<Object[]> inMemory = run(plan, rows, 128, Long.MAX_VALUE, new TaskMetrics());
				assertSameGroups(spilled, inMemory, keys.size());
				// and split in two stages, the final one spilling
				HashAggregateExec partial = exec(Mode.PARTIAL, keys, aggs, INPUT);
				List<Object[]> states = new ArrayList<>();
				states.addAll(run(partial, rows.subList(0, 3000), 128, 20_000, new TaskMetrics()));
				states.addAll(run(partial, rows.subList(3000, rows.size()), 128, 20_000, new TaskMetrics()));
				HashAggregateExec fin = exec(Mode.FINAL, keys, aggs, partial.schema());
				TaskMetrics finalMetrics = new TaskMetrics();
				List<Object[]> split = drain(
						new HashAggregateOperator(fin, source(partial.schema(), states, 200), 150_000, finalMetrics));
				assertThat(finalMetrics.spills).isPositive();
				List<Object[]> splitInMemory = drain(new HashAggregateOperator(fin,
						source(partial.schema(), states, 200), Long.MAX_VALUE, new TaskMetrics()));
				assertSameGroups(split, splitInMemory, keys.size());
			}
		}
	}

	/**
	 * The same groups with the same values: doubles within rounding (the spill changes
	 * the order in which partial moments are merged), everything else equal.
	 */
	static void assertSameGroups(List<Object[]> actual, List<Object[]> expected, int keys) {
		assertThat(actual).hasSameSizeAs(expected);
		Map<String, Object[]> byKey = new HashMap<>();
		for (Object[] row : expected) {
			byKey.put(java.util.Arrays.toString(java.util.Arrays.copyOf(row, keys)), row);
		}
		for (Object[] row : actual) {
			Object[] other = byKey.get(java.util.Arrays.toString(java.util.Arrays.copyOf(row, keys)));
			assertThat(other).as("group %s", java.util.Arrays.toString(row)).isNotNull();
			for (int c = keys; c < row.length; c++) {
				if (row[c] instanceof Double d && other[c] instanceof Double e && !d.isNaN()) {
					assertThat(d).as("column %d of %s", c, java.util.Arrays.toString(row))
						.isCloseTo(e, within(Math.abs(e) * 1e-9 + 1e-9));
				}
				else {
					assertThat(row[c]).as("column %d of %s", c, java.util.Arrays.toString(row)).isEqualTo(other[c]);
				}
			}
		}
	}

	@Test
	void aGlobalAggregateAndOneThatFitsSpillNothing() {
		List<Object[]> rows = manyGroups(new Random(1705), 3000, 50);
		TaskMetrics metrics = new TaskMetrics();
		assertThat(run(exec(Mode.SINGLE, List.of(), AGGS, INPUT), rows, 100, 1_000, metrics)).hasSize(1);
		assertThat(run(exec(Mode.SINGLE, List.of("k"), AGGS, INPUT), rows, 100, 64L << 20, metrics))
			.hasSameSizeAs(AggregateOracle.aggregate(rows, List.of(col(0)), ORACLE));
		assertThat(metrics.spills).isZero();
	}

	@Test
	void aCancelledAggregateLeavesNoSpillFiles() throws IOException {
		long before = spillFiles();
		AtomicBoolean cancelled = new AtomicBoolean();
		HashAggregateOperator op = new HashAggregateOperator(exec(Mode.SINGLE, List.of("k", "s"), AGGS, INPUT),
				source(INPUT, manyGroups(new Random(1706), 20_000, 5000), 500), 20_000, new TaskMetrics());
		Batch first = Cancellation.run(cancelled::get, op::next);
		assertThat(first).isNotNull();
		assertThat(spillFiles()).as("files while merging").isGreaterThan(before);
		cancelled.set(true);
		assertThatThrownBy(() -> Cancellation.run(cancelled::get, () -> {
			while (op.next() != null) {
				// drains until the cancellation unwinds it
			}
			return null;
		})).isInstanceOf(TaskCancelledException.class);
		op.close();
		assertThat(spillFiles()).isEqualTo(before);
	}

}
