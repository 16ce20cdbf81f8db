package dev.kindling.engine.physical;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.expr.AggregateCall;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.physical.AggregateOracle.Agg;
import dev.kindling.engine.physical.HashAggregateExec.Mode;
import dev.kindling.engine.shuffle.ShuffleBlocks;
import dev.kindling.engine.shuffle.ShuffleWriter;
import dev.kindling.engine.types.AnsiMode;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;

import static dev.kindling.engine.TestBatches.asLists;
import static dev.kindling.engine.TestBatches.drain;
import static dev.kindling.engine.TestBatches.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HashAggregateOperatorTest {

	static final Schema INPUT = Schema.parse("k INT, s STRING, v INT, d DOUBLE, dt DATE, m DECIMAL(10,2), b BIGINT");

	static final String[] STRINGS = { "a", "b", "", "é", "z", "\uFF21", "😀", "ab" };

	static List<Object[]> randomRows(Random random, int n) {
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			Object[] row = { random.nextInt(6), STRINGS[random.nextInt(STRINGS.length)], random.nextInt(201) - 100,
					(random.nextInt(201) - 100) * 0.5, LocalDate.ofEpochDay(random.nextInt(20000)),
					BigDecimal.valueOf(random.nextInt(20001) - 10000, 2), random.nextLong() >> random.nextInt(64) };
			for (int c = 0; c < row.length; c++) {
				if (random.nextInt(8) == 0) {
					row[c] = null;
				}
			}
			rows.add(row);
		}
		return rows;
	}

	/** The aggregates every randomized test runs, as SQL and as oracle specs. */
	static final List<String> AGGS = List.of("count(*) AS n", "count(v) AS nv", "sum(v) AS sv", "sum(d) AS sd",
			"sum(b) AS sb", "sum(m) AS sm", "avg(v) AS av", "avg(d) AS ad", "avg(m) AS am", "min(v) AS minv",
			"max(v) AS maxv", "min(d) AS mind", "max(d) AS maxd", "min(s) AS mins", "max(s) AS maxs",
			"min(dt) AS mindt", "max(dt) AS maxdt", "min(m) AS minm", "max(b) AS maxb");

	static final List<Agg> ORACLE = List.of(new Agg("count", -1, false), new Agg("count", 2, false),
			new Agg("sum", 2, false), new Agg("sum", 3, false), new Agg("sum", 6, false), new Agg("sum", 5, false),
			new Agg("avg", 2, false), new Agg("avg", 3, false), new Agg("avg", 5, false), new Agg("min", 2, false),
			new Agg("max", 2, false), new Agg("min", 3, false), new Agg("max", 3, false), new Agg("min", 1, false),
			new Agg("max", 1, false), new Agg("min", 4, false), new Agg("max", 4, false), new Agg("min", 5, false),
			new Agg("max", 6, false));

	static List<NamedExpr> named(List<String> texts) {
		return texts.stream().map(ExprParser::parseNamed).toList();
	}

	/**
	 * Bound without ANSI mode: the oracle wraps bigint sums of random longs, as Spark 3
	 * does (ANSI mode's overflow error has its own test).
	 */
	static HashAggregateExec exec(Mode mode, List<String> keys, List<String> aggs, Schema childSchema) {
		return AnsiMode.with(false,
				() -> HashAggregateExec.of(new ShuffleReadExec(0, childSchema), mode, named(keys), named(aggs), INPUT));
	}

	static List<Object[]> single(List<Object[]> rows, List<String> keys, List<String> aggs, int batchSize) {
		HashAggregateExec plan = exec(Mode.SINGLE, keys, aggs, INPUT);
		return drain(new HashAggregateOperator(plan, source(INPUT, rows, batchSize)));
	}

	/**
	 * The two-stage path: PARTIAL in each of {@code maps} map tasks, a hash shuffle of
	 * the partial rows by the key columns through the real block codec, FINAL in each
	 * reduce partition.
	 */
	static List<Object[]> twoStage(List<Object[]> rows, List<String> keys, List<String> aggs, int maps,
			int partitions) {
		HashAggregateExec partial = exec(Mode.PARTIAL, keys, aggs, INPUT);
		Schema partialSchema = partial.schema();
		List<BoundExpr> shuffleKeys = new ArrayList<>();
		for (NamedExpr k : partial.keys()) {
			shuffleKeys.add(Binder.bind(ExprParser.parse("`" + k.outputName() + "`"), partialSchema));
		}
		// As the planner does: a global aggregate reduces in one partition.
		int parts = keys.isEmpty() ? 1 : partitions;
		List<byte[][]> mapOutputs = new ArrayList<>();
		int chunk = (rows.size() + maps - 1) / Math.max(maps, 1);
		for (int m = 0; m < maps; m++) {
			List<Object[]> part = rows.subList(Math.min(rows.size(), m * chunk),
					Math.min(rows.size(), (m + 1) * chunk));
			HashAggregateOperator op = new HashAggregateOperator(partial, source(INPUT, part, 97));
			assertThat(op.schema()).isEqualTo(partialSchema);
			ShuffleWriter writer = new ShuffleWriter(partialSchema, shuffleKeys, parts);
			Batch b;
			while ((b = op.next()) != null) {
				writer.write(b);
			}
			mapOutputs.add(writer.finish());
		}
		List<Object[]> out = new ArrayList<>();
		HashAggregateExec fin = exec(Mode.FINAL, keys, aggs, partialSchema);
		for (int p = 0; p < parts; p++) {
			List<Batch> input = new ArrayList<>();
			for (byte[][] blocks : mapOutputs) {
				ShuffleBlocks.decode(blocks[p], partialSchema).forEachRemaining(input::add);
			}
			if (input.isEmpty() && !keys.isEmpty()) {
				continue;
			}
			out.addAll(drain(new HashAggregateOperator(fin, source(partialSchema, input.iterator()))));
		}
		return out;
	}

	static Function<Object[], Object> col(int c) {
		return r -> r[c];
	}

	@Test
	void everyModeMatchesTheOracleOnRandomData() {
		Random random = new Random(20261125);
		List<List<String>> keySets = List.of(List.of(), List.of("k"), List.of("k", "s"), List.of("s"), List.of("d"),
				List.of("dt", "m"), List.of("v % 7 AS r"));
		List<List<Function<Object[], Object>>> oracleKeys = List.of(List.of(), List.of(col(0)), List.of(col(0), col(1)),
				List.of(col(1)), List.of(col(3)), List.of(col(4), col(5)),
				List.of(r -> r[2] == null ? null : (Integer) r[2] % 7));
		for (int round = 0; round < 15; round++) {
			List<Object[]> rows = randomRows(random, random.nextInt(round < 3 ? 5 : 2000));
			for (int i = 0; i < keySets.size(); i++) {
				List<String> keys = keySets.get(i);
				List<List<Object>> expected = sorted(AggregateOracle.aggregate(rows, oracleKeys.get(i), ORACLE));
				String what = "round " + round + " keys " + keys;
				assertThat(sorted(single(rows, keys, AGGS, 1 + random.nextInt(500)))).as(what).isEqualTo(expected);
				assertThat(sorted(twoStage(rows, keys, AGGS, 1 + random.nextInt(4), 1 + random.nextInt(5)))).as(what)
					.isEqualTo(expected);
			}
		}
	}

	@Test
	void aPartialAggregateFlushesItsGroupsAtTheLimitAndFinalStillMergesThem() {
		List<Object[]> rows = randomRows(new Random(4), 5000);
		List<String> keys = List.of("k", "s");
		List<String> aggs = List.of("count(*) AS n", "sum(v) AS sv", "avg(d) AS ad", "max(s) AS ms", "min(m) AS mm");
		HashAggregateExec partial = exec(Mode.PARTIAL, keys, aggs, INPUT);
		List<Object[]> partialRows = drain(new HashAggregateOperator(partial, source(INPUT, rows, 300), 10));
		List<Object[]> unflushed = drain(new HashAggregateOperator(partial, source(INPUT, rows, 300)));
		assertThat(unflushed).hasSize(7 * 9);
		assertThat(partialRows.size()).isGreaterThan(unflushed.size());
		HashAggregateExec fin = exec(Mode.FINAL, keys, aggs, partial.schema());
		assertThat(sorted(drain(new HashAggregateOperator(fin, source(partial.schema(), partialRows, 50)))))
			.isEqualTo(sorted(single(rows, keys, aggs, 300)));
	}

	@Test
	void nullKeysFormAGroupOfTheirOwn() {
		List<Object[]> rows = List.of(row(null, "x", 1), row(1, "x", 2), row(null, null, 3), row(null, "x", 4));
		assertThat(asLists(single(rows, List.of("k"), List.of("sum(v) AS sv"), 2)))
			.containsExactlyInAnyOrder(Arrays.asList(null, 8L), List.of(1, 2L));
		assertThat(asLists(twoStage(rows, List.of("k", "s"), List.of("count(*) AS n"), 2, 3)))
			.containsExactlyInAnyOrder(Arrays.asList(null, "x", 2L), List.of(1, "x", 1L),
					Arrays.asList(null, null, 1L));
	}

	@Test
	void nanGroupsWithNanAndNegativeZeroWithZero() {
		List<Object[]> rows = new ArrayList<>();
		for (double d : new double[] { Double.NaN, 0.0, -0.0, Double.longBitsToDouble(0x7ff8000000000123L), 1.5 }) {
			Object[] r = new Object[7];
			r[3] = d;
			rows.add(r);
		}
		List<List<Object>> single = asLists(single(rows, List.of("d"), List.of("count(*) AS n"), 10));
		assertThat(single).hasSize(3).contains(List.of(Double.NaN, 2L), List.of(1.5, 1L));
		assertThat(single.stream().filter(r -> ((Double) r.get(0)) == 0.0).findFirst().orElseThrow().get(1))
			.isEqualTo(2L);
		List<List<Object>> grouped = asLists(single(rows, List.of("d", "k"), List.of("count(*) AS n"), 10));
		assertThat(grouped).hasSize(3);
	}

	@Test
	void aGlobalAggregateOverNoRowsYieldsOneRowInEveryMode() {
		List<String> aggs = List.of("count(*) AS n", "count(v) AS nv", "sum(v) AS sv", "avg(d) AS ad", "min(s) AS mins",
				"max(dt) AS maxdt");
		List<Object> expected = Arrays.asList(0L, 0L, null, null, null, null);
		assertThat(asLists(single(List.of(), List.of(), aggs, 10))).containsExactly(expected);
		assertThat(asLists(twoStage(List.of(), List.of(), aggs, 2, 1))).containsExactly(expected);
		HashAggregateExec fin = exec(Mode.FINAL, List.of(), aggs, exec(Mode.PARTIAL, List.of(), aggs, INPUT).schema());
		List<Object[]> noInput = drain(new HashAggregateOperator(fin, source(fin.child().schema(), List.of(), 10)));
		assertThat(asLists(noInput)).containsExactly(expected);
	}

	@Test
	void aGroupedAggregateOverNoRowsYieldsNoRowsInEveryMode() {
		List<String> aggs = List.of("count(*) AS n", "sum(v) AS sv");
		assertThat(single(List.of(), List.of("k"), aggs, 10)).isEmpty();
		HashAggregateExec partial = exec(Mode.PARTIAL, List.of("k"), aggs, INPUT);
		assertThat(drain(new HashAggregateOperator(partial, source(INPUT, List.of(), 10)))).isEmpty();
		HashAggregateExec fin = exec(Mode.FINAL, List.of("k"), aggs, partial.schema());
		assertThat(drain(new HashAggregateOperator(fin, source(partial.schema(), List.of(), 10)))).isEmpty();
	}

	@Test
	void partialStatesFollowTheDocumentedLayout() {
		List<String> aggs = List.of("count(v) AS nv", "sum(d) AS sd", "avg(v) AS av", "max(s) AS ms");
		HashAggregateExec partial = exec(Mode.PARTIAL, List.of("k"), aggs, INPUT);
		List<Object[]> rows = List.of(row(1, "b", 4), row(1, "c", null), row(2, null, 6));
		List<Object[]> out = drain(new HashAggregateOperator(partial, source(INPUT, rows, 10)));
		assertThat(partial.schema().names()).containsExactly("k", "_p0_count", "_p1_sum", "_p2_sum", "_p2_count",
				"_p3_max");
		assertThat(asLists(out)).containsExactlyInAnyOrder(Arrays.asList(1, 1L, null, 4.0, 1L, "c"),
				Arrays.asList(2, 1L, null, 6.0, 1L, null));
	}

	@Test
	void countDistinctCountsEachNonNullValueOncePerGroup() {
		List<Object[]> rows = List.of(row(1, "a", 1), row(1, "a", 1), row(1, "b", null), row(1, null, 2),
				row(2, "a", 5), row(2, "a", 5), row(null, "a", 5));
		assertThat(
				asLists(single(rows, List.of("k"),
						List.of("count(DISTINCT s) AS ds", "count(DISTINCT v) AS dv", "count(*) AS n",
								"sum(DISTINCT v) AS sv"),
						3)))
			.containsExactlyInAnyOrder(List.of(1, 2L, 2L, 4L, 3L), List.of(2, 1L, 1L, 2L, 5L),
					Arrays.asList(null, 1L, 1L, 1L, 5L));
		assertThat(asLists(single(List.of(), List.of(), List.of("count(DISTINCT s) AS ds"), 3)))
			.containsExactly(List.of(0L));
	}

	@Test
	void countDistinctMatchesTheOracleOnRandomData() {
		Random random = new Random(99);
		for (int round = 0; round < 10; round++) {
			List<Object[]> rows = randomRows(random, random.nextInt(2000));
			List<Agg> oracle = List.of(new Agg("count", 1, true), new Agg("count", 3, true), new Agg("count", 5, true),
					new Agg("sum", 2, true), new Agg("count", -1, false));
			List<String> aggs = List.of("count(DISTINCT s)", "count(DISTINCT d)", "count(DISTINCT m)",
					"sum(DISTINCT v)", "count(*)");
			assertThat(sorted(single(rows, List.of("k"), aggs, 128)))
				.isEqualTo(sorted(AggregateOracle.aggregate(rows, List.of(col(0)), oracle)));
		}
	}

	@Test
	void distinctAggregatesAreRefusedOutsideSingleMode() {
		assertThatThrownBy(() -> new HashAggregateOperator(
				exec(Mode.PARTIAL, List.of("k"), List.of("count(DISTINCT s) AS ds"), INPUT),
				source(INPUT, List.of(), 1)))
			.isInstanceOf(IllegalStateException.class);
	}

	@Test
	void minAndMaxOfStringsFollowUtf8ByteOrder() {
		// U+FF21 sorts after the emoji in UTF-16 but before it in UTF-8.
		List<Object[]> rows = List.of(row(1, "😀", 0), row(1, "\uFF21", 0), row(1, "z", 0));
		assertThat(asLists(single(rows, List.of(), List.of("min(s) AS lo", "max(s) AS hi"), 1)))
			.containsExactly(List.of("z", "😀"));
	}

	@Test
	void distinctIsAnAggregateWithEveryColumnAsKeyAndNoAggregates() {
		Schema schema = Schema.parse("a INT, s STRING, d DOUBLE");
		List<String> keys = List.of("a", "s", "d");
		List<Object[]> rows = List.of(new Object[] { 1, "x", 0.0 }, new Object[] { 1, "x", -0.0 },
				new Object[] { null, null, null }, new Object[] { null, null, null },
				new Object[] { 1, "x", Double.NaN }, new Object[] { 1, "x", Double.NaN }, new Object[] { 2, "x", 0.0 });
		HashAggregateExec plan = HashAggregateExec.of(new ShuffleReadExec(0, schema), Mode.SINGLE, named(keys),
				List.of(), schema);
		assertThat(asLists(drain(new HashAggregateOperator(plan, source(schema, rows, 3))))).containsExactly(
				List.of(1, "x", 0.0), Arrays.asList(null, null, null), List.of(1, "x", Double.NaN),
				List.of(2, "x", 0.0));
		HashAggregateExec partial = HashAggregateExec.of(new ShuffleReadExec(0, schema), Mode.PARTIAL, named(keys),
				List.of(), schema);
		HashAggregateExec fin = HashAggregateExec.of(new ShuffleReadExec(0, schema), Mode.FINAL, named(keys), List.of(),
				schema);
		List<Object[]> partialRows = drain(new HashAggregateOperator(partial, source(schema, rows, 2)));
		List<Object[]> doubled = new ArrayList<>(partialRows);
		doubled.addAll(partialRows);
		assertThat(drain(new HashAggregateOperator(fin, source(schema, doubled, 3)))).hasSize(4);
	}

	@Test
	void outputComesInBatchesOfAtMost4096Rows() {
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			rows.add(new Object[] { i, null, i, null, null, null, (long) i });
		}
		HashAggregateExec plan = exec(Mode.SINGLE, List.of("b"), List.of("sum(v) AS sv"), INPUT);
		HashAggregateOperator op = new HashAggregateOperator(plan, source(INPUT, rows, 1000));
		List<Integer> sizes = new ArrayList<>();
		Batch b;
		while ((b = op.next()) != null) {
			sizes.add(b.rowCount());
		}
		assertThat(sizes).containsExactly(4096, 4096, 1808);
	}

	@Test
	void aggregatesOfAnUntypedNullAreNull() {
		List<Object[]> rows = List.of(row(1, "a", 1), row(1, "b", 2));
		List<String> aggs = List.of("count(null) AS c", "sum(null) AS s", "min(null) AS m");
		assertThat(asLists(single(rows, List.of(), aggs, 2))).containsExactly(Arrays.asList(0L, null, null));
		assertThat(asLists(twoStage(rows, List.of(), aggs, 2, 1))).containsExactly(Arrays.asList(0L, null, null));
		assertThat(exec(Mode.SINGLE, List.of(), aggs, INPUT).schema().fields().stream().map((f) -> f.type()))
			.containsExactly(DataType.BIGINT, DataType.DOUBLE, DataType.NULL);
	}

	/** Rows in a canonical order, so result sets compare in linear time. */
	static List<List<Object>> sorted(List<Object[]> rows) {
		java.util.TreeMap<String, List<List<Object>>> byText = new java.util.TreeMap<>();
		for (List<Object> row : asLists(rows)) {
			byText.computeIfAbsent(row.toString(), x -> new ArrayList<>()).add(row);
		}
		List<List<Object>> out = new ArrayList<>();
		byText.values().forEach(out::addAll);
		return out;
	}

	static Object[] row(Integer k, String s, Integer v) {
		return new Object[] { k, s, v, null, null, null, null };
	}

	static Iterator<Batch> none() {
		return java.util.Collections.emptyIterator();
	}

	static AggregateCall call(NamedExpr e) {
		return (AggregateCall) e.expr();
	}

}
