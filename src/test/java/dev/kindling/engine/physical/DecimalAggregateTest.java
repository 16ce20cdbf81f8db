package dev.kindling.engine.physical;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.physical.HashAggregateExec.Mode;
import dev.kindling.engine.shuffle.ShuffleBlocks;
import dev.kindling.engine.shuffle.ShuffleWriter;
import dev.kindling.engine.types.AnsiMode;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.QueryExecutionException;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;

import static dev.kindling.engine.TestBatches.drain;
import static dev.kindling.engine.TestBatches.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * sum, avg, min and max of decimals at the edges: sums that pass a long (each value fits
 * one, 20,000 of them do not), values of 38 digits, a sum beyond 38 digits (null without
 * ANSI mode, an error with it, also when it overflows in a map task's partial state), in
 * one stage and split across map tasks and the real shuffle codec.
 */
class DecimalAggregateTest {

	static final Schema INPUT = Schema.parse("k INT, m DECIMAL(15,2), w DECIMAL(38,0)");

	static final BigDecimal MAX_M = new BigDecimal("9999999999999.99");

	static final BigDecimal BIG_W = BigDecimal.TEN.pow(37);

	/** k = 0 rows hold 38-digit values of w whose sum has 42 digits. */
	static List<Object[]> rows(int n) {
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			int k = i % 3;
			BigDecimal m = (i % 7 == 0) ? MAX_M.negate() : MAX_M;
			BigDecimal w = (k == 0) ? BIG_W : BigDecimal.valueOf(i);
			rows.add(new Object[] { k, (i % 11 == 0) ? null : m, w });
		}
		return rows;
	}

	static final List<String> AGGS = List.of("sum(m) AS sm", "avg(m) AS am", "min(w) AS lo", "max(w) AS hi",
			"sum(w) AS sw");

	@Test
	void sumsPastALongStayExactAndTypedAsSpark() {
		List<Object[]> rows = rows(90_000);
		List<List<Object>> expected = oracle(rows);
		HashAggregateExec single = exec(Mode.SINGLE, INPUT, false);
		assertThat(single.schema().fields().stream().map((f) -> f.type()).toList()).containsExactly(DataType.INT,
				DataType.decimal(25, 2), DataType.decimal(19, 6), DataType.decimal(38, 0), DataType.decimal(38, 0),
				DataType.decimal(38, 0));
		assertThat(sorted(drain(new HashAggregateOperator(single, source(INPUT, rows, 1000))))).isEqualTo(expected);
		assertThat(twoStage(rows, false)).isEqualTo(expected);
		// the sum of k = 0's m passes a long by itself
		BigDecimal sumK0 = (BigDecimal) expected.get(0).get(1);
		assertThat(sumK0.unscaledValue().bitLength()).isGreaterThan(63);
	}

	@Test
	void aSumBeyond38DigitsIsAnErrorInAnsiModeEvenInAPartialState() {
		List<Object[]> rows = rows(300);
		HashAggregateExec single = exec(Mode.SINGLE, INPUT, true);
		assertThatThrownBy(() -> drain(new HashAggregateOperator(single, source(INPUT, rows, 64))))
			.isInstanceOf(QueryExecutionException.class)
			.hasMessageStartingWith("[ARITHMETIC_OVERFLOW] Overflow in sum of decimals. Use 'try_sum'");
		assertThatThrownBy(() -> twoStage(rows, true)).hasMessageContaining("Overflow in sum of decimals");
	}

	/** What Spark gives: exact sums, null where a sum has more than 38 digits. */
	static List<List<Object>> oracle(List<Object[]> rows) {
		List<List<Object>> out = new ArrayList<>();
		for (int k = 0; k < 3; k++) {
			BigDecimal sm = BigDecimal.ZERO.setScale(2);
			long count = 0;
			BigDecimal lo = null;
			BigDecimal hi = null;
			BigDecimal sw = BigDecimal.ZERO;
			for (Object[] r : rows) {
				if ((Integer) r[0] != k) {
					continue;
				}
				if (r[1] != null) {
					sm = sm.add((BigDecimal) r[1]);
					count++;
				}
				BigDecimal w = (BigDecimal) r[2];
				lo = (lo == null || w.compareTo(lo) < 0) ? w : lo;
				hi = (hi == null || w.compareTo(hi) > 0) ? w : hi;
				sw = sw.add(w);
			}
			BigDecimal avg = sm.divide(BigDecimal.valueOf(count), 38, RoundingMode.HALF_UP)
				.setScale(6, RoundingMode.HALF_UP);
			out.add(java.util.Arrays.asList(k, sm, avg, lo, hi, (sw.precision() > 38) ? null : sw));
		}
		return out;
	}

	static HashAggregateExec exec(Mode mode, Schema child, boolean ansi) {
		List<NamedExpr> keys = List.of(ExprParser.parseNamed("k"));
		List<NamedExpr> aggs = AGGS.stream().map(ExprParser::parseNamed).toList();
		return AnsiMode.with(ansi, () -> HashAggregateExec.of(new ShuffleReadExec(0, child), mode, keys, aggs, INPUT));
	}

	/** PARTIAL in three map tasks, the partial rows through the block codec, FINAL. */
	static List<List<Object>> twoStage(List<Object[]> rows, boolean ansi) {
		HashAggregateExec partial = exec(Mode.PARTIAL, INPUT, ansi);
		Schema partialSchema = partial.schema();
		List<BoundExpr> keys = List.of(Binder.bind(ExprParser.parse("`k`"), partialSchema));
		List<byte[][]> outputs = new ArrayList<>();
		int chunk = rows.size() / 3 + 1;
		for (int m = 0; m < 3; m++) {
			List<Object[]> part = rows.subList(Math.min(rows.size(), m * chunk),
					Math.min(rows.size(), (m + 1) * chunk));
			HashAggregateOperator op = new HashAggregateOperator(partial, source(INPUT, part, 500));
			ShuffleWriter writer = new ShuffleWriter(partialSchema, keys, 2);
			Batch b;
			while ((b = op.next()) != null) {
				writer.write(b);
			}
			outputs.add(writer.finish());
		}
		HashAggregateExec fin = exec(Mode.FINAL, partialSchema, ansi);
		List<Object[]> out = new ArrayList<>();
		for (int p = 0; p < 2; p++) {
			List<Batch> input = new ArrayList<>();
			for (byte[][] blocks : outputs) {
				ShuffleBlocks.decode(blocks[p], partialSchema).forEachRemaining(input::add);
			}
			out.addAll(drain(new HashAggregateOperator(fin, source(partialSchema, input.iterator()))));
		}
		return sorted(out);
	}

	static List<List<Object>> sorted(List<Object[]> rows) {
		return rows.stream()
			.map(java.util.Arrays::asList)
			.sorted(Comparator.comparing((List<Object> r) -> (Integer) r.get(0)))
			.toList();
	}

}
