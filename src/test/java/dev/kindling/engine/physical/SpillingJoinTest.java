package dev.kindling.engine.physical;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.cancel.Cancellation;
import dev.kindling.engine.cancel.TaskCancelledException;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.logical.Join.JoinType;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;

import static dev.kindling.engine.TestBatches.drain;
import static dev.kindling.engine.TestBatches.source;
import static dev.kindling.engine.physical.HashJoinOperatorTest.LEFT;
import static dev.kindling.engine.physical.HashJoinOperatorTest.RIGHT;
import static dev.kindling.engine.physical.HashJoinOperatorTest.X_BELOW_Y;
import static dev.kindling.engine.physical.HashJoinOperatorTest.oracle;
import static dev.kindling.engine.physical.HashJoinOperatorTest.outputSchema;
import static dev.kindling.engine.physical.HashJoinOperatorTest.sorted;
import static dev.kindling.engine.physical.SpillingAggregateTest.spillFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A join whose build side passes a tiny memory budget is a grace hash join, and every
 * join type still matches a nested-loop join: many keys, a hot key, nulls, duplicates on
 * both sides, keys of different numeric types, a residual condition, {@code using}.
 */
class SpillingJoinTest {

	static final Schema DOUBLE_RIGHT = Schema.parse("rk DOUBLE, rv STRING, ry INT");

	/** Rows over {@code keys} keys, a quarter of them on key 7, one in eight null. */
	static List<Object[]> rows(Random random, int n, int keys, String keyType) {
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			int k = random.nextInt(4) == 0 ? 7 : random.nextInt(keys);
			Object key = switch (keyType) {
				case "bigint" -> (long) k;
				case "double" -> random.nextInt(5) == 0 ? k + 0.5 : (double) k;
				default -> k;
			};
			rows.add(new Object[] { random.nextInt(8) == 0 ? null : key,
					random.nextInt(5) == 0 ? null : "v" + random.nextInt(3),
					random.nextInt(6) == 0 ? null : random.nextInt(10) });
		}
		return rows;
	}

	static HashJoinExec plan(JoinType type, Schema ls, Schema rs, List<String> leftKeys, List<String> rightKeys,
			String residual, boolean using) {
		List<Expr> lk = leftKeys.stream().map(ExprParser::parse).toList();
		List<Expr> rk = rightKeys.stream().map(ExprParser::parse).toList();
		return HashJoinExec.of(new ShuffleReadExec(0, ls), new ShuffleReadExec(1, rs), type, lk, rk,
				residual == null ? null : ExprParser.parse(residual), using,
				outputSchema(type, ls, rs, using ? leftKeys : null), false);
	}

	@Test
	void everyJoinTypeSpilledMatchesANestedLoopJoin() throws IOException {
		Random random = new Random(1801);
		long before = spillFiles();
		int deep = 0;
		for (int round = 0; round < 2; round++) {
			List<Object[]> left = rows(random, 400 + random.nextInt(400), 300, "int");
			List<Object[]> right = rows(random, 400 + random.nextInt(400), 300, "bigint");
			for (JoinType type : JoinType.values()) {
				for (boolean withResidual : new boolean[] { false, true }) {
					List<Object[]> expected = oracle(type, left, right, new int[] { 0 }, new int[] { 0 }, 3, 3,
							withResidual ? X_BELOW_Y : null);
					HashJoinExec plan = plan(type, LEFT, RIGHT, List.of("k"), List.of("rk"),
							withResidual ? "lx < ry" : null, false);
					TaskMetrics metrics = new TaskMetrics();
					GraceHashJoin join = new GraceHashJoin(plan, source(LEFT, left, 1 + random.nextInt(100)),
							source(RIGHT, right, 1 + random.nextInt(100)), 3_000 + random.nextInt(5_000), metrics);
					List<Object[]> out = drain(join);
					assertThat(metrics.spills).as("%s spills", type).isPositive();
					assertThat(metrics.spillBytes).isPositive();
					if (join.deepestSpill() > 1) {
						deep++;
					}
					assertThat(sorted(out)).as("round %d %s residual %s", round, type, withResidual)
						.isEqualTo(sorted(expected));
					assertThat(spillFiles()).as("spill files left").isEqualTo(before);
				}
			}
		}
		assertThat(deep).as("joins whose files were cut again").isPositive();
	}

	@Test
	void multiColumnUsingAndMixedNumericKeysSpilledMatchANestedLoopJoin() {
		Random random = new Random(1802);
		for (JoinType type : JoinType.values()) {
			List<Object[]> left = rows(random, 500, 200, "int");
			List<Object[]> right = rows(random, 500, 200, "bigint");
			List<Object[]> expected = oracle(type, left, right, new int[] { 0, 1 }, new int[] { 0, 1 }, 3, 3, null);
			TaskMetrics metrics = new TaskMetrics();
			List<Object[]> out = drain(
					new GraceHashJoin(plan(type, LEFT, RIGHT, List.of("k", "lv"), List.of("rk", "rv"), null, false),
							source(LEFT, left, 64), source(RIGHT, right, 64), 2_000, metrics));
			assertThat(metrics.spills).isPositive();
			assertThat(sorted(out)).as("two keys %s", type).isEqualTo(sorted(expected));

			// an int key against a double key compares as doubles: 3 meets 3.0, not 3.5
			List<Object[]> doubles = rows(random, 500, 200, "double");
			List<Object[]> expectedD = oracle(type, left, doubles, new int[] { 0 }, new int[] { 0 }, 3, 3, null);
			TaskMetrics metricsD = new TaskMetrics();
			List<Object[]> outD = drain(
					new GraceHashJoin(plan(type, LEFT, DOUBLE_RIGHT, List.of("k"), List.of("rk"), null, false),
							source(LEFT, left, 64), source(DOUBLE_RIGHT, doubles, 64), 2_000, metricsD));
			assertThat(metricsD.spills).isPositive();
			assertThat(sorted(outD)).as("int = double %s", type).isEqualTo(sorted(expectedD));
		}
		// using: the key once, coalesced for right and full joins, spilled or not
		Schema ls = Schema.parse("id INT, lv STRING, lx INT");
		Schema rs = Schema.parse("id INT, rv STRING, ry INT");
		List<Object[]> left = rows(random, 500, 150, "int");
		List<Object[]> right = rows(random, 500, 150, "int");
		for (JoinType type : JoinType.values()) {
			HashJoinExec plan = plan(type, ls, rs, List.of("id"), List.of("id"), null, true);
			List<Object[]> inMemory = drain(new HashJoinOperator(plan, source(ls, left, 50), source(rs, right, 50)));
			TaskMetrics metrics = new TaskMetrics();
			List<Object[]> spilled = drain(
					new GraceHashJoin(plan, source(ls, left, 50), source(rs, right, 50), 2_000, metrics));
			assertThat(metrics.spills).isPositive();
			assertThat(sorted(spilled)).as("using %s", type).isEqualTo(sorted(inMemory));
		}
	}

	@Test
	void aBuildSideThatFitsIsJoinedInMemoryWithoutSpilling() {
		Random random = new Random(1803);
		List<Object[]> left = rows(random, 500, 50, "int");
		List<Object[]> right = rows(random, 500, 50, "bigint");
		TaskMetrics metrics = new TaskMetrics();
		GraceHashJoin join = new GraceHashJoin(
				plan(JoinType.FULL, LEFT, RIGHT, List.of("k"), List.of("rk"), null, false), source(LEFT, left, 64),
				source(RIGHT, right, 64), 64L << 20, metrics);
		assertThat(sorted(drain(join)))
			.isEqualTo(sorted(oracle(JoinType.FULL, left, right, new int[] { 0 }, new int[] { 0 }, 3, 3, null)));
		assertThat(metrics.spills).isZero();
		assertThat(join.deepestSpill()).isZero();
	}

	@Test
	void oneHotKeyBeyondTheMemoryIsJoinedOnceTheFilesCannotBeCut() {
		List<Object[]> left = new ArrayList<>();
		List<Object[]> right = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			left.add(new Object[] { 1, "l" + i, i % 10 });
			right.add(new Object[] { 1L, "r" + i, i % 10 });
		}
		TaskMetrics metrics = new TaskMetrics();
		GraceHashJoin join = new GraceHashJoin(
				plan(JoinType.INNER, LEFT, RIGHT, List.of("k"), List.of("rk"), null, false), source(LEFT, left, 64),
				source(RIGHT, right, 64), 2_000, metrics);
		assertThat(drain(join)).hasSize(300 * 300);
		// cut once: the one file that took every row is not cut again
		assertThat(join.deepestSpill()).isEqualTo(1);
		assertThat(metrics.spills).isEqualTo(1);
	}

	@Test
	void aCancelledJoinLeavesNoSpillFiles() throws IOException {
		long before = spillFiles();
		Random random = new Random(1804);
		AtomicBoolean cancelled = new AtomicBoolean();
		GraceHashJoin join = new GraceHashJoin(
				plan(JoinType.LEFT, LEFT, RIGHT, List.of("k"), List.of("rk"), null, false),
				source(LEFT, rows(random, 5000, 2000, "int"), 100),
				source(RIGHT, rows(random, 5000, 2000, "bigint"), 100), 4_000, new TaskMetrics());
		Batch first = Cancellation.run(cancelled::get, join::next);
		assertThat(first).isNotNull();
		assertThat(spillFiles()).as("files while joining").isGreaterThan(before);
		cancelled.set(true);
		assertThatThrownBy(() -> Cancellation.run(cancelled::get, () -> {
			while (join.next() != null) {
				// joins until the cancellation unwinds it
			}
			return null;
		})).isInstanceOf(TaskCancelledException.class);
		join.close();
		assertThat(spillFiles()).isEqualTo(before);
	}

}
