package dev.kindling.engine.physical;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.logical.Join.JoinType;
import dev.kindling.engine.types.Schema;

import static dev.kindling.engine.TestBatches.drain;
import static dev.kindling.engine.TestBatches.source;
import static dev.kindling.engine.physical.HashJoinOperatorTest.LEFT;
import static dev.kindling.engine.physical.HashJoinOperatorTest.RIGHT;
import static dev.kindling.engine.physical.HashJoinOperatorTest.X_BELOW_Y;
import static dev.kindling.engine.physical.HashJoinOperatorTest.oracle;
import static dev.kindling.engine.physical.HashJoinOperatorTest.sorted;
import static dev.kindling.engine.physical.SpillingJoinTest.plan;
import static dev.kindling.engine.physical.SpillingJoinTest.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A shuffled join that adaptive execution turned into a broadcast join gives the answer
 * of the shuffled one: each task joins a range of the big side's map outputs (rows of any
 * keys) with the whole small side, built into the table whichever side the planner wrote
 * it on. Every join type that may build that side, nulls in keys, duplicates on both
 * sides, a residual condition, {@code using}, in memory and spilled.
 */
class BroadcastConvertedJoinTest {

	/** Spark's {@code canBuildBroadcastRight}. */
	static final List<JoinType> BUILD_RIGHT = List.of(JoinType.INNER, JoinType.LEFT, JoinType.SEMI, JoinType.ANTI);

	/** Spark's {@code canBuildBroadcastLeft}. */
	static final List<JoinType> BUILD_LEFT = List.of(JoinType.INNER, JoinType.RIGHT);

	static final int PARTITIONS = 4;

	@Test
	void aConvertedJoinAnswersAsTheShuffledOneForEveryJoinTypeThatMayBuildTheSmallSide() {
		Random random = new Random(1701);
		for (int round = 0; round < 3; round++) {
			List<Object[]> left = rows(random, 300 + random.nextInt(300), 60, "int");
			List<Object[]> right = rows(random, 300 + random.nextInt(300), 60, "bigint");
			for (boolean buildLeft : new boolean[] { false, true }) {
				for (JoinType type : buildLeft ? BUILD_LEFT : BUILD_RIGHT) {
					for (String residual : new String[] { null, "lx < ry" }) {
						// spilled once per join type and side: a small side is seldom
						// past memory
						for (long memory : round == 0 && residual == null ? new long[] { Long.MAX_VALUE, 2_000 }
								: new long[] { Long.MAX_VALUE }) {
							HashJoinExec plan = plan(type, LEFT, RIGHT, List.of("k"), List.of("rk"), residual, false);
							List<Object[]> shuffled = shuffled(plan, left, right);
							List<Object[]> converted = converted(plan, left, right, buildLeft, memory, random);
							String what = "round " + round + " " + type + " build " + (buildLeft ? "left" : "right")
									+ " residual " + residual + " memory " + memory;
							assertThat(sorted(converted)).as(what).isEqualTo(sorted(shuffled));
							assertThat(sorted(shuffled)).as("the shuffled join itself, " + what)
								.isEqualTo(sorted(oracle(type, left, right, new int[] { 0 }, new int[] { 0 }, 3, 3,
										residual == null ? null : X_BELOW_Y)));
						}
					}
				}
			}
		}
	}

	@Test
	void aConvertedUsingJoinKeepsTheKeyColumnAsTheShuffledOneDoes() {
		Random random = new Random(1702);
		Schema ls = Schema.parse("id INT, lv STRING, lx INT");
		Schema rs = Schema.parse("id INT, rv STRING, ry INT");
		List<Object[]> left = rows(random, 400, 50, "int");
		List<Object[]> right = rows(random, 400, 50, "int");
		for (boolean buildLeft : new boolean[] { false, true }) {
			for (JoinType type : buildLeft ? BUILD_LEFT : BUILD_RIGHT) {
				HashJoinExec plan = plan(type, ls, rs, List.of("id"), List.of("id"), null, true);
				List<Object[]> shuffled = shuffled(plan, ls, rs, left, right);
				assertThat(shuffled).isNotEmpty();
				assertThat(sorted(converted(plan, ls, rs, left, right, buildLeft, Long.MAX_VALUE, random)))
					.as("using %s build %s", type, buildLeft ? "left" : "right")
					.isEqualTo(sorted(shuffled));
			}
		}
	}

	@Test
	void aJoinThatKeepsItsLeftRowsCannotBuildTheLeftSide() {
		for (JoinType type : List.of(JoinType.LEFT, JoinType.SEMI, JoinType.ANTI, JoinType.FULL)) {
			HashJoinExec plan = plan(type, LEFT, RIGHT, List.of("k"), List.of("rk"), null, false);
			assertThatThrownBy(() -> new GraceHashJoin(plan, source(LEFT, List.of(), 8), source(RIGHT, List.of(), 8),
					Long.MAX_VALUE, new TaskMetrics(), true))
				.as("%s", type)
				.isInstanceOf(IllegalArgumentException.class);
		}
	}

	/**
	 * The shuffled join: both sides hash-partitioned on the key, each partition joined on
	 * its own (building the right side, as planned).
	 */
	static List<Object[]> shuffled(HashJoinExec plan, List<Object[]> left, List<Object[]> right) {
		return shuffled(plan, LEFT, RIGHT, left, right);
	}

	static List<Object[]> shuffled(HashJoinExec plan, Schema ls, Schema rs, List<Object[]> left, List<Object[]> right) {
		List<Object[]> out = new ArrayList<>();
		for (int p = 0; p < PARTITIONS; p++) {
			out.addAll(drain(new GraceHashJoin(plan, source(ls, partition(left, p), 16),
					source(rs, partition(right, p), 16), Long.MAX_VALUE, new TaskMetrics())));
		}
		return out;
	}

	private static List<Object[]> partition(List<Object[]> rows, int p) {
		List<Object[]> out = new ArrayList<>();
		for (Object[] row : rows) {
			int of = row[0] == null ? 0 : Math.floorMod(Long.hashCode(((Number) row[0]).longValue()), PARTITIONS);
			if (of == p) {
				out.add(row);
			}
		}
		return out;
	}

	/**
	 * The converted join: the big side cut into consecutive ranges (map outputs, rows of
	 * any key), each joined with the whole small side, which is built.
	 */
	static List<Object[]> converted(HashJoinExec plan, List<Object[]> left, List<Object[]> right, boolean buildLeft,
			long memory, Random random) {
		return converted(plan, LEFT, RIGHT, left, right, buildLeft, memory, random);
	}

	static List<Object[]> converted(HashJoinExec plan, Schema ls, Schema rs, List<Object[]> left, List<Object[]> right,
			boolean buildLeft, long memory, Random random) {
		List<Object[]> big = buildLeft ? right : left;
		List<Object[]> out = new ArrayList<>();
		int from = 0;
		while (from < big.size()) {
			int to = Math.min(big.size(), from + big.size() / 4 + random.nextInt(big.size() / 4 + 1));
			List<Object[]> range = big.subList(from, to);
			TaskMetrics metrics = new TaskMetrics();
			GraceHashJoin join = buildLeft
					? new GraceHashJoin(plan, source(ls, left, 16), source(rs, range, 16), memory, metrics, true)
					: new GraceHashJoin(plan, source(ls, range, 16), source(rs, right, 16), memory, metrics, false);
			out.addAll(drain(join));
			if (memory < Long.MAX_VALUE) {
				assertThat(metrics.spills).as("the small side passes a tiny memory: spilled").isPositive();
			}
			from = to;
		}
		return out;
	}

}
