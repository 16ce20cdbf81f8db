package dev.kindling.engine.physical;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.expr.AggregateCall;
import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.eval.BoundAggregate;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.physical.HashAggregateExec.Mode;
import dev.kindling.engine.shuffle.ShuffleBlocks;
import dev.kindling.engine.shuffle.ShuffleWriter;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;

import static dev.kindling.engine.TestBatches.drain;
import static dev.kindling.engine.TestBatches.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The aggregates Spark users reach for beyond count and sum: the examples of Spark's
 * function reference give the expected values; random data checks every function's
 * partial state through PARTIAL, the real shuffle codec and FINAL against a single-stage
 * run and a plain two-pass oracle.
 */
class StatisticalAggregatesTest {

	static final Schema SCHEMA = Schema.parse("k INT, x DOUBLE, y DOUBLE, i INT, b BOOLEAN, s STRING, dt DATE");

	private static Object[] row(Object... values) {
		Object[] r = new Object[SCHEMA.size()];
		System.arraycopy(values, 0, r, 0, values.length);
		return r;
	}

	/** Rows with only column {@code x} (and the key 0) set. */
	private static List<Object[]> xs(Double... values) {
		List<Object[]> rows = new ArrayList<>();
		for (Double v : values) {
			rows.add(row(0, v));
		}
		return rows;
	}

	private static List<Object[]> pairs(double[][] values) {
		List<Object[]> rows = new ArrayList<>();
		for (double[] p : values) {
			rows.add(row(0, p[0], p[1]));
		}
		return rows;
	}

	static HashAggregateExec exec(Mode mode, List<String> keys, List<String> aggs, Schema childSchema) {
		return HashAggregateExec.of(new ShuffleReadExec(0, childSchema), mode,
				keys.stream().map(ExprParser::parseNamed).toList(), aggs.stream().map(ExprParser::parseNamed).toList(),
				SCHEMA);
	}

	static List<Object[]> single(List<Object[]> rows, List<String> keys, List<String> aggs) {
		return drain(new HashAggregateOperator(exec(Mode.SINGLE, keys, aggs, SCHEMA), source(SCHEMA, rows, 64)));
	}

	/** PARTIAL in {@code maps} tasks, the shuffle codec, FINAL in one partition. */
	static List<Object[]> twoStage(List<Object[]> rows, List<String> keys, List<String> aggs, int maps) {
		HashAggregateExec partial = exec(Mode.PARTIAL, keys, aggs, SCHEMA);
		Schema partialSchema = partial.schema();
		List<BoundExpr> shuffleKeys = new ArrayList<>();
		List<Batch> input = new ArrayList<>();
		int chunk = (rows.size() + maps - 1) / maps;
		for (int m = 0; m < maps; m++) {
			List<Object[]> part = rows.subList(Math.min(rows.size(), m * chunk),
					Math.min(rows.size(), (m + 1) * chunk));
			HashAggregateOperator op = new HashAggregateOperator(partial, source(SCHEMA, part, 97));
			ShuffleWriter writer = new ShuffleWriter(partialSchema, shuffleKeys, 1);
			Batch b;
			while ((b = op.next()) != null) {
				writer.write(b);
			}
			ShuffleBlocks.decode(writer.finish()[0], partialSchema).forEachRemaining(input::add);
		}
		HashAggregateExec fin = exec(Mode.FINAL, keys, aggs, partialSchema);
		return drain(new HashAggregateOperator(fin, source(partialSchema, input.iterator())));
	}

	private static Object one(List<Object[]> rows, String agg) {
		List<Object[]> out = single(rows, List.of(), List.of(agg));
		assertThat(out).hasSize(1);
		Object two = twoStage(rows, List.of(), List.of(agg), 3).get(0)[0];
		if (out.get(0)[0] instanceof Double d && two instanceof Double e && !d.isNaN()) {
			assertThat(e).as(agg + " split in three").isCloseTo(d, within(Math.abs(d) * 1e-12 + 1e-12));
		}
		else {
			assertThat(two).as(agg + " split in three").isEqualTo(out.get(0)[0]);
		}
		return out.get(0)[0];
	}

	@Test
	void sparksExamplesOfTheMomentStatistics() {
		List<Object[]> oneTwoThree = xs(1.0, 2.0, 3.0);
		assertThat(one(oneTwoThree, "stddev(x)")).isEqualTo(1.0);
		assertThat(one(oneTwoThree, "std(x)")).isEqualTo(1.0);
		assertThat(one(oneTwoThree, "stddev_samp(x)")).isEqualTo(1.0);
		assertThat(one(oneTwoThree, "stddev_pop(x)")).isEqualTo(0.816496580927726);
		assertThat(one(oneTwoThree, "variance(x)")).isEqualTo(1.0);
		assertThat(one(oneTwoThree, "var_samp(x)")).isEqualTo(1.0);
		assertThat(one(oneTwoThree, "var_pop(x)")).isEqualTo(0.6666666666666666);
		List<Object[]> skewed = xs(-10.0, -20.0, 100.0, 1000.0);
		assertThat((Double) one(skewed, "skewness(x)")).isCloseTo(1.1135657469022011, within(1e-15));
		assertThat((Double) one(skewed, "kurtosis(x)")).isCloseTo(-0.7014368047529627, within(1e-14));
		assertThat(one(oneTwoThree, "mean(x)")).isEqualTo(2.0);
	}

	@Test
	void sampleStatisticsOfOneValueAndAnyStatisticOfNoneAreNull() {
		assertThat(one(xs(5.0), "stddev(x)")).isNull();
		assertThat(one(xs(5.0), "var_samp(x)")).isNull();
		assertThat(one(xs(5.0), "stddev_pop(x)")).isEqualTo(0.0);
		assertThat(one(xs(5.0, 5.0), "skewness(x)")).isNull();
		assertThat(one(xs(), "var_pop(x)")).isNull();
		assertThat(one(xs((Double) null), "stddev(x)")).isNull();
		assertThat(one(xs(1.0, null, 3.0), "variance(x)")).isEqualTo(2.0);
		assertThat(one(List.<Object[]>of(row(0, null, null, 7)), "stddev_pop(i)")).isEqualTo(0.0);
	}

	@Test
	void sparksExamplesOfCorrelationAndCovariance() {
		assertThat(one(pairs(new double[][] { { 3, 2 }, { 3, 3 }, { 6, 4 } }), "corr(x, y)"))
			.isEqualTo(0.8660254037844387);
		List<Object[]> diagonal = pairs(new double[][] { { 1, 1 }, { 2, 2 }, { 3, 3 } });
		assertThat(one(diagonal, "covar_pop(x, y)")).isEqualTo(0.6666666666666666);
		assertThat(one(diagonal, "covar_samp(x, y)")).isEqualTo(1.0);
		assertThat(one(diagonal, "corr(x, y)")).isEqualTo(1.0);
		// only rows where both sides are not null count
		List<Object[]> gaps = new ArrayList<>(diagonal);
		gaps.add(row(0, 10.0, null));
		gaps.add(row(0, null, 10.0));
		assertThat(one(gaps, "covar_samp(x, y)")).isEqualTo(1.0);
		assertThat(one(pairs(new double[][] { { 1, 1 } }), "corr(x, y)")).isNull();
		assertThat(one(pairs(new double[][] { { 1, 1 } }), "covar_pop(x, y)")).isEqualTo(0.0);
		assertThat((Double) one(pairs(new double[][] { { 1, 1 }, { 1, 2 } }), "corr(x, y)")).isNaN();
	}

	@Test
	void theMomentsAgreeWithATwoPassOracleHoweverTheRowsAreSplit() {
		Random random = new Random(42);
		for (int round = 0; round < 20; round++) {
			int n = 2 + random.nextInt(3000);
			List<Object[]> rows = new ArrayList<>();
			double[] xs = new double[n];
			double[] ys = new double[n];
			for (int i = 0; i < n; i++) {
				xs[i] = random.nextGaussian() * 1000 + 5000;
				ys[i] = xs[i] * 0.3 + random.nextGaussian() * 50;
				rows.add(row(0, xs[i], ys[i]));
			}
			double mean = Arrays.stream(xs).average().orElseThrow();
			double yMean = Arrays.stream(ys).average().orElseThrow();
			double m2 = 0;
			double m3 = 0;
			double m4 = 0;
			double ck = 0;
			double ym2 = 0;
			for (int i = 0; i < n; i++) {
				double d = xs[i] - mean;
				m2 += d * d;
				m3 += d * d * d;
				m4 += d * d * d * d;
				ck += d * (ys[i] - yMean);
				ym2 += (ys[i] - yMean) * (ys[i] - yMean);
			}
			List<String> aggs = List.of("var_samp(x)", "var_pop(x)", "skewness(x)", "kurtosis(x)", "covar_samp(x, y)",
					"corr(x, y)");
			double[] expected = { m2 / (n - 1), m2 / n, Math.sqrt(n) * m3 / Math.pow(m2, 1.5), n * m4 / (m2 * m2) - 3,
					ck / (n - 1), ck / Math.sqrt(m2 * ym2) };
			Object[] single = single(rows, List.of(), aggs).get(0);
			Object[] split = twoStage(rows, List.of(), aggs, 1 + random.nextInt(6)).get(0);
			for (int a = 0; a < aggs.size(); a++) {
				double tolerance = Math.abs(expected[a]) * 1e-9 + 1e-9;
				assertThat((Double) single[a]).as(aggs.get(a)).isCloseTo(expected[a], within(tolerance));
				assertThat((Double) split[a]).as(aggs.get(a) + " split").isCloseTo(expected[a], within(tolerance));
			}
		}
	}

	@Test
	void countIfAndTheBooleanAggregates() {
		List<Object[]> rows = new ArrayList<>();
		for (Integer v : Arrays.asList(null, 0, 1, 2, 3)) {
			rows.add(row(0, null, null, v));
		}
		assertThat(one(rows, "count_if(i % 2 = 0)")).isEqualTo(2L);
		assertThat(one(List.of(), "count_if(i > 0)")).isEqualTo(0L);
		List<Object[]> allTrue = List.<Object[]>of(row(0, null, null, null, true), row(0, null, null, null, true));
		List<Object[]> withNull = List.<Object[]>of(row(0, null, null, null, null), row(0, null, null, null, true));
		List<Object[]> mixed = List.<Object[]>of(row(0, null, null, null, true), row(0, null, null, null, false));
		assertThat(one(allTrue, "bool_and(b)")).isEqualTo(true);
		assertThat(one(withNull, "bool_and(b)")).isEqualTo(true);
		assertThat(one(mixed, "every(b)")).isEqualTo(false);
		assertThat(one(mixed, "bool_or(b)")).isEqualTo(true);
		assertThat(one(mixed, "some(b)")).isEqualTo(true);
		assertThat(one(List.<Object[]>of(row(0, null, null, null, false)), "any(b)")).isEqualTo(false);
		assertThat(one(List.<Object[]>of(row(0, null, null, null, null)), "bool_or(b)")).isNull();
		assertThatThrownBy(() -> bind("bool_and(i)")).isInstanceOf(ExprException.class)
			.hasMessage("bool_and expects a boolean, got int at position 9");
	}

	@Test
	void firstAndLastSeeRowsInOrder() {
		List<Object[]> rows = List.<Object[]>of(row(0, null, null, 10), row(0, null, null, 5), row(0, null, null, 20));
		List<Object[]> nullFirst = List.<Object[]>of(row(0, null, null, null), row(0, null, null, 5),
				row(0, null, null, 20));
		List<Object[]> nullLast = List.<Object[]>of(row(0, null, null, 10), row(0, null, null, 5),
				row(0, null, null, null));
		assertThat(single(rows, List.of(), List.of("first(i)")).get(0)[0]).isEqualTo(10);
		assertThat(single(nullFirst, List.of(), List.of("first(i)")).get(0)[0]).isNull();
		assertThat(single(nullFirst, List.of(), List.of("first(i, true)")).get(0)[0]).isEqualTo(5);
		assertThat(single(nullFirst, List.of(), List.of("first_value(i, true)")).get(0)[0]).isEqualTo(5);
		assertThat(single(rows, List.of(), List.of("last(i)")).get(0)[0]).isEqualTo(20);
		assertThat(single(nullLast, List.of(), List.of("last(i)")).get(0)[0]).isNull();
		assertThat(single(nullLast, List.of(), List.of("last_value(i, true)")).get(0)[0]).isEqualTo(5);
		assertThat(single(rows, List.of(), List.of("any_value(i)")).get(0)[0]).isEqualTo(10);
		// split, each keeps a value the group really has, and the state survives the
		// codec
		Object split = twoStage(rows, List.of(), List.of("first(s)"), 2).get(0)[0];
		assertThat(split).isNull();
		List<Object[]> strings = List.<Object[]>of(row(0, null, null, null, null, "a"),
				row(0, null, null, null, null, "b"));
		assertThat(twoStage(strings, List.of(), List.of("last(s)"), 2).get(0)[0]).isEqualTo("b");
		assertThat(twoStage(strings, List.of(), List.of("first(s)"), 2).get(0)[0]).isEqualTo("a");
		assertThatThrownBy(() -> bind("first(i, i > 0)")).isInstanceOf(ExprException.class)
			.hasMessage("first expects a constant true or false as ignoreNulls at position 11");
	}

	@Test
	void percentileApproxIsExactForSmallInputs() {
		List<Object[]> rows = new ArrayList<>();
		for (int v : new int[] { 0, 6, 7, 9, 10 }) {
			rows.add(row(0, null, null, v));
		}
		assertThat(one(rows, "percentile_approx(i, 0.5, 100)")).isEqualTo(7);
		assertThat(one(rows, "approx_percentile(i, 0.5)")).isEqualTo(7);
		assertThat(one(rows, "percentile_approx(i, 0.0)")).isEqualTo(0);
		assertThat(one(rows, "percentile_approx(i, 1.0)")).isEqualTo(10);
		assertThat(one(rows, "percentile_approx(i, 0.25)")).isEqualTo(6);
		assertThat(one(xs(1.5, 0.5, 2.5, null), "percentile_approx(x, 0.5)")).isEqualTo(1.5);
		List<Object[]> dates = List.<Object[]>of(row(0, null, null, null, null, null, LocalDate.of(2020, 1, 1)),
				row(0, null, null, null, null, null, LocalDate.of(2021, 1, 1)),
				row(0, null, null, null, null, null, LocalDate.of(2022, 1, 1)));
		assertThat(one(dates, "percentile_approx(dt, 0.5)")).isEqualTo(LocalDate.of(2021, 1, 1));
		assertThat(one(xs(), "percentile_approx(x, 0.5)")).isNull();
		assertThat(bind("percentile_approx(i, 0.5)").resultType()).isEqualTo(DataType.INT);
	}

	@Test
	void percentileApproxKeepsItsRankErrorOnLargeSplitInputs() {
		Random random = new Random(7);
		int n = 120_000;
		List<Object[]> rows = new ArrayList<>();
		double[] sorted = new double[n];
		for (int i = 0; i < n; i++) {
			double v = Math.floor(random.nextDouble() * 1_000_000);
			sorted[i] = v;
			rows.add(row(0, v));
		}
		Arrays.sort(sorted);
		for (int accuracy : new int[] { 100, 1000, 10000 }) {
			for (double q : new double[] { 0.1, 0.5, 0.9, 0.99 }) {
				String agg = "percentile_approx(x, " + q + ", " + accuracy + ")";
				for (List<Object[]> out : List.of(single(rows, List.of(), List.of(agg)),
						twoStage(rows, List.of(), List.of(agg), 5))) {
					double value = (Double) out.get(0)[0];
					int low = lowerRank(sorted, value);
					int high = upperRank(sorted, value);
					long target = (long) Math.ceil(q * n);
					long error = (long) Math.ceil((double) n / accuracy);
					assertThat(target).as(agg).isBetween(low - error, high + error);
				}
			}
		}
	}

	/** The 1-based rank of the first occurrence of {@code v}. */
	private static int lowerRank(double[] sorted, double v) {
		int i = Arrays.binarySearch(sorted, v);
		while (i > 0 && sorted[i - 1] == v) {
			i--;
		}
		return i + 1;
	}

	private static int upperRank(double[] sorted, double v) {
		int i = Arrays.binarySearch(sorted, v);
		while (i < sorted.length - 1 && sorted[i + 1] == v) {
			i++;
		}
		return i + 1;
	}

	@Test
	void percentileApproxRefusesBadArguments() {
		assertThatThrownBy(() -> bind("percentile_approx(i, 1.5)")).isInstanceOf(ExprException.class)
			.hasMessage("percentile_approx expects a percentage between 0.0 and 1.0, got 1.5 at position 21");
		assertThatThrownBy(() -> bind("percentile_approx(i, x)")).isInstanceOf(ExprException.class)
			.hasMessageStartingWith("percentile_approx expects a constant percentage between 0.0 and 1.0");
		assertThatThrownBy(() -> bind("percentile_approx(i, 0.5, 0)")).isInstanceOf(ExprException.class)
			.hasMessageStartingWith("percentile_approx expects an accuracy between 1 and 2147483647, got 0");
		assertThatThrownBy(() -> bind("percentile_approx(s, 0.5)")).isInstanceOf(ExprException.class)
			.hasMessageStartingWith("percentile_approx expects a number, date or timestamp, got string");
	}

	@Test
	void approxCountDistinctIsWithinItsErrorAndMergesExactly() {
		Random random = new Random(3);
		assertThat(one(List.<Object[]>of(row(0, null, null, 1), row(0, null, null, 1), row(0, null, null, 2),
				row(0, null, null, 2), row(0, null, null, 3)), "approx_count_distinct(i)"))
			.isEqualTo(3L);
		assertThat(one(List.of(), "approx_count_distinct(i)")).isEqualTo(0L);
		for (int distinct : new int[] { 10, 100, 700, 2000, 6000, 40000 }) {
			List<Object[]> rows = new ArrayList<>();
			for (int i = 0; i < distinct * 2; i++) {
				int v = random.nextInt(1_000_000_000);
				int value = (i < distinct) ? i * 7919 : ((i - distinct) * 7919);
				rows.add(row(0, (double) (v % 1000), null, value, null, "v" + value));
			}
			for (String agg : List.of("approx_count_distinct(i)", "approx_count_distinct(s)",
					"approx_count_distinct(i, 0.02)")) {
				long estimate = (Long) one(rows, agg);
				double rsd = agg.contains("0.02") ? 0.02 : 0.05;
				assertThat((double) estimate).as(agg + " of " + distinct)
					.isCloseTo(distinct, within(Math.max(1.0, 3 * rsd * distinct)));
			}
		}
		assertThatThrownBy(() -> bind("approx_count_distinct(i, 0.5)")).isInstanceOf(ExprException.class)
			.hasMessageStartingWith("approx_count_distinct needs a relativeSD of at most 0.39");
	}

	@Test
	void aggregatesRefuseWrongArity() {
		assertThatThrownBy(() -> bind("corr(x)")).isInstanceOf(ExprException.class)
			.hasMessage("aggregate function 'corr' takes 2 arguments, got 1 at position 0");
		assertThatThrownBy(() -> bind("stddev(x, y)")).isInstanceOf(ExprException.class)
			.hasMessage("aggregate function 'stddev' takes 1 argument, got 2 at position 0");
		assertThatThrownBy(() -> bind("stddev(s)")).isInstanceOf(ExprException.class)
			.hasMessage("stddev expects a number, got string at position 7");
	}

	private static BoundAggregate bind(String text) {
		return BoundAggregate.bind((AggregateCall) ExprParser.parse(text), SCHEMA);
	}

	@Test
	void aDecimalArgumentIsReadAsADouble() {
		Schema schema = Schema.parse("m DECIMAL");
		BoundAggregate agg = BoundAggregate.bind((AggregateCall) ExprParser.parse("stddev(m)"), schema);
		assertThat(agg.resultType()).isEqualTo(DataType.DOUBLE);
		HashAggregateExec plan = HashAggregateExec.of(new ShuffleReadExec(0, schema), Mode.SINGLE, List.of(),
				List.of(new NamedExpr(ExprParser.parse("stddev(m)"), "s")), schema);
		List<Object[]> rows = List.of(new Object[] { new BigDecimal("1.5") }, new Object[] { new BigDecimal("2.5") },
				new Object[] { new BigDecimal("3.5") });
		assertThat(drain(new HashAggregateOperator(plan, source(schema, rows, 2))).get(0)[0]).isEqualTo(1.0);
		assertThat(Binder.bind(ExprParser.parse("m"), schema).type()).isEqualTo(DataType.decimal(10, 0));
	}

}
