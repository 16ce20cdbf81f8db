package dev.kindling.scheduler.core;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.logical.Join.JoinType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adaptive execution's rules on block sizes alone (Spark's {@code ShufflePartitionsUtil}
 * and {@code OptimizeSkewedJoin}): no scheduler, milliseconds.
 */
class AdaptiveRulesTest {

	private static final long MB = 1L << 20;

	private static final AdaptiveRules.Settings SPARK = new AdaptiveRules.Settings(true, 64 * MB, MB, 5, 256 * MB);

	/** Spark's defaults with its 10 MB broadcast threshold. */
	private static final AdaptiveRules.Settings BROADCAST = new AdaptiveRules.Settings(true, 64 * MB, MB, 5, 256 * MB,
			10 * MB);

	/** The two sides of a join of this type, as the scheduler describes them. */
	private static List<AdaptiveRules.Side> join(JoinType type, long[][] left, long[][] right) {
		return List.of(
				new AdaptiveRules.Side(0, left, AdaptiveRules.canBuildRight(type), AdaptiveRules.canBuildLeft(type)),
				new AdaptiveRules.Side(1, right, AdaptiveRules.canBuildLeft(type), AdaptiveRules.canBuildRight(type)));
	}

	/**
	 * {@code maps} map tasks that each wrote {@code perMap[r]} bytes to reduce partition
	 * r.
	 */
	private static long[][] blocks(int maps, long... perMap) {
		long[][] out = new long[maps][];
		for (int m = 0; m < maps; m++) {
			out[m] = perMap.clone();
		}
		return out;
	}

	@Test
	void packsSmallNeighbouringPartitionsUpToTheAdvisorySize() {
		// 4 maps x (10, 10, 30, 20, 5) MB = 40, 40, 120, 80, 20 MB per partition
		AdaptiveRules.Side side = new AdaptiveRules.Side(0, blocks(4, 10 * MB, 10 * MB, 30 * MB, 20 * MB, 5 * MB),
				false);
		AdaptiveRules.Decision d = AdaptiveRules.plan(1, 5, List.of(side), false, 1, SPARK);
		// 40+40 > 64: each alone; 120 alone; 80 alone; 20 merged? 80+20 > 64: alone, but
		// 20 MB is above the 1 MB minimum, so it stays
		assertThat(d.slices()).containsExactly(ReduceSlice.of(0, 1), ReduceSlice.of(1, 2), ReduceSlice.of(2, 3),
				ReduceSlice.of(3, 4), ReduceSlice.of(4, 5));
		assertThat(d.changed()).isFalse();

		AdaptiveRules.Side small = new AdaptiveRules.Side(0,
				blocks(2, 5 * MB, 6 * MB, 20 * MB, 1 * MB, 3 * MB, 30 * MB), false);
		AdaptiveRules.Decision coalesced = AdaptiveRules.plan(3, 6, List.of(small), false, 1, SPARK);
		// 10+12+40+2 = 64 <= 64; then 6+60 > 64: 6 alone (above the 1 MB minimum), 60
		assertThat(coalesced.slices()).containsExactly(ReduceSlice.of(0, 4), ReduceSlice.of(4, 5),
				ReduceSlice.of(5, 6));
		assertThat(coalesced.changes()).singleElement()
			.isEqualTo("stage 3: 6 partitions coalesced to 3 (130 MB in all; target 64 MB per task, advisory 64 MB)");
	}

	@Test
	void tinyShufflesBecomeOneTaskAndEmptyPartitionsGetNone() {
		AdaptiveRules.Side side = new AdaptiveRules.Side(0, blocks(3, 100, 0, 2000, 0, 0, 50, 0, 10), false);
		AdaptiveRules.Decision d = AdaptiveRules.plan(2, 8, List.of(side), false, 4, SPARK);
		assertThat(d.slices()).containsExactly(ReduceSlice.of(0, 8));
		assertThat(d.changes()).singleElement().asString().startsWith("stage 2: 8 partitions coalesced to 1 (");

		AdaptiveRules.Side empty = new AdaptiveRules.Side(0, blocks(3, 0, 0, 0, 0), false);
		assertThat(AdaptiveRules.plan(2, 4, List.of(empty), false, 4, SPARK).slices())
			.as("a stage keeps one task even when every partition is empty")
			.containsExactly(ReduceSlice.of(0, 4));
	}

	@Test
	void keepsPartitionsApartSoThatEverySlotGetsWork() {
		// 8 partitions of 10 MB, 4 slots: 80 MB / 4 = 20 MB per task, not 64 MB
		AdaptiveRules.Side side = new AdaptiveRules.Side(0,
				blocks(1, 10 * MB, 10 * MB, 10 * MB, 10 * MB, 10 * MB, 10 * MB, 10 * MB, 10 * MB), false);
		assertThat(AdaptiveRules.plan(1, 8, List.of(side), false, 4, SPARK).slices()).hasSize(4);
		assertThat(AdaptiveRules.plan(1, 8, List.of(side), false, 1, SPARK).slices()).hasSize(2);
	}

	@Test
	void joinSidesCoalesceWithTheSameGrouping() {
		AdaptiveRules.Side left = new AdaptiveRules.Side(0, blocks(2, 30 * MB, 1 * MB, 1 * MB, 40 * MB), false);
		AdaptiveRules.Side right = new AdaptiveRules.Side(1, blocks(2, 1 * MB, 20 * MB, 5 * MB, 1 * MB), false);
		// totals per partition: 62, 42, 12, 82
		AdaptiveRules.Decision d = AdaptiveRules.plan(2, 4, List.of(left, right), true, 1, SPARK);
		assertThat(d.slices()).containsExactly(ReduceSlice.of(0, 1), ReduceSlice.of(1, 3), ReduceSlice.of(3, 4));
	}

	@Test
	void splitsASkewedJoinPartitionByRangesOfMapOutputs() {
		AdaptiveRules.Settings tiny = new AdaptiveRules.Settings(true, 1000, 10, 5, 2000);
		// left partition 1 holds 8 x 1000 bytes, the others 8 x 10: median 80
		AdaptiveRules.Side left = new AdaptiveRules.Side(0, blocks(8, 10, 1000, 10, 10), true);
		AdaptiveRules.Side right = new AdaptiveRules.Side(1, blocks(8, 10, 10, 10, 10), false);
		AdaptiveRules.Decision d = AdaptiveRules.plan(2, 4, List.of(left, right), true, 1, tiny);
		// target 1000 bytes per piece: 8 pieces of one map output each, each with the
		// whole right partition
		List<ReduceSlice> split = d.slices().stream().filter(s -> s.start() == 1).toList();
		assertThat(split).hasSize(8);
		for (int m = 0; m < 8; m++) {
			assertThat(split.get(m)).isEqualTo(new ReduceSlice(1, 2, List.of(new ReduceSlice.MapRange(0, m, m + 1))));
		}
		assertThat(d.slices()).startsWith(ReduceSlice.of(0, 1)).endsWith(ReduceSlice.of(2, 4));
		assertThat(d.changes()).contains("stage 2: join partition 1 (7.8 KB, median 80 B) split into 8 tasks");
	}

	@Test
	void aSideWhoseJoinTypeForbidsSplittingStaysWhole() {
		AdaptiveRules.Settings tiny = new AdaptiveRules.Settings(true, 1000, 10, 5, 2000);
		AdaptiveRules.Side left = new AdaptiveRules.Side(0, blocks(8, 10, 1000, 10, 10), false);
		AdaptiveRules.Side right = new AdaptiveRules.Side(1, blocks(8, 10, 10, 10, 10), true);
		AdaptiveRules.Decision d = AdaptiveRules.plan(2, 4, List.of(left, right), true, 1, tiny);
		assertThat(d.slices()).allMatch(s -> s.ranges().isEmpty());
		assertThat(d.changes()).noneMatch(c -> c.contains("split"));
	}

	@Test
	void bothSkewedSidesOfAnInnerJoinAreCrossed() {
		AdaptiveRules.Settings tiny = new AdaptiveRules.Settings(true, 1000, 10, 5, 2000);
		AdaptiveRules.Side left = new AdaptiveRules.Side(0, blocks(4, 1000, 10, 10, 10), true);
		AdaptiveRules.Side right = new AdaptiveRules.Side(1, blocks(2, 1500, 10, 10, 10), true);
		AdaptiveRules.Decision d = AdaptiveRules.plan(2, 4, List.of(left, right), true, 1, tiny);
		List<ReduceSlice> split = d.slices().stream().filter(s -> s.start() == 0).toList();
		// left 4 pieces x right 2 pieces: every pair of rows meets exactly once
		assertThat(split).hasSize(8);
		assertThat(split).allMatch(s -> s.ranges().size() == 2);
	}

	@Test
	void belowTheThresholdNothingIsSkewed() {
		AdaptiveRules.Side left = new AdaptiveRules.Side(0, blocks(8, 10, 1000, 10, 10), true);
		AdaptiveRules.Side right = new AdaptiveRules.Side(1, blocks(8, 10, 10, 10, 10), true);
		AdaptiveRules.Decision d = AdaptiveRules.plan(2, 4, List.of(left, right), true, 1, SPARK);
		assertThat(d.slices()).containsExactly(ReduceSlice.of(0, 4));
	}

	@Test
	void splitBySizeMergesPiecesTooSmallToStandAlone() {
		// Spark's ShufflePartitionsUtilSuite: splitSizeListByTargetSize
		assertThat(AdaptiveRules.splitBySize(new long[] { 100, 100, 100, 100, 100 }, 100)).containsExactly(0, 1, 2, 3,
				4);
		// 10 joins the 100 before it (110 < 1.2 x 100); the last 15 is below 0.2 x 100
		assertThat(AdaptiveRules.splitBySize(new long[] { 100, 10, 100, 10, 5 }, 100)).containsExactly(0, 2);
		assertThat(AdaptiveRules.splitBySize(new long[] { 1, 1, 1, 1 }, 100)).containsExactly(0);
	}

	@Test
	void slicesSurviveTheirStoredForm() {
		List<ReduceSlice> slices = List.of(ReduceSlice.of(0, 3),
				new ReduceSlice(3, 4, List.of(new ReduceSlice.MapRange(2, 0, 5), new ReduceSlice.MapRange(3, 1, 2))),
				ReduceSlice.of(4, 200));
		String text = ReduceSlice.encode(slices);
		assertThat(text).isEqualTo("0-3;3-4:2@0-5,3@1-2;4-200");
		assertThat(ReduceSlice.decode(text)).isEqualTo(slices);
	}

	@Test
	void aJoinWhoseRightSideTurnedOutSmallBecomesABroadcastJoinReadingTheLeftMapOutputsInRanges() {
		// left: 8 map outputs of 4 x 4 MB (128 MB); right: 2 of 4 x 100 KB (800 KB)
		List<AdaptiveRules.Side> sides = join(JoinType.INNER, blocks(8, 4 * MB, 4 * MB, 4 * MB, 4 * MB),
				blocks(2, 100 << 10, 100 << 10, 100 << 10, 100 << 10));
		AdaptiveRules.Decision d = AdaptiveRules.plan(2, 4, sides, true, 4, BROADCAST);
		assertThat(d.broadcast()).isEqualTo(AdaptiveRules.BuildSide.RIGHT);
		// 128 MB over 4 slots: 32 MB per task, two map outputs each, all 4 reduce
		// partitions of them; the right side (no range) is read whole
		assertThat(d.slices()).containsExactly(new ReduceSlice(0, 4, List.of(new ReduceSlice.MapRange(0, 0, 2))),
				new ReduceSlice(0, 4, List.of(new ReduceSlice.MapRange(0, 2, 4))),
				new ReduceSlice(0, 4, List.of(new ReduceSlice.MapRange(0, 4, 6))),
				new ReduceSlice(0, 4, List.of(new ReduceSlice.MapRange(0, 6, 8))));
		assertThat(d.changes()).containsExactly("stage 2: shuffled join converted to a broadcast join (right side "
				+ "800 KB ≤ 10 MB); 4 tasks read the left side's map outputs locally");
		// on one slot: up to the advisory 64 MB per task
		assertThat(AdaptiveRules.plan(2, 4, sides, true, 1, BROADCAST).slices()).hasSize(2);
	}

	@Test
	void aSmallLeftSideIsBuiltWhenTheJoinTypeAllowsIt() {
		// a right outer join keeps every right row: only its left side may be built
		List<AdaptiveRules.Side> sides = join(JoinType.RIGHT, blocks(3, 1000, 1000), blocks(6, 8 * MB, 8 * MB));
		AdaptiveRules.Decision d = AdaptiveRules.plan(5, 2, sides, true, 2, BROADCAST);
		assertThat(d.broadcast()).isEqualTo(AdaptiveRules.BuildSide.LEFT);
		assertThat(d.slices()).containsExactly(new ReduceSlice(0, 2, List.of(new ReduceSlice.MapRange(1, 0, 3))),
				new ReduceSlice(0, 2, List.of(new ReduceSlice.MapRange(1, 3, 6))));
		assertThat(d.changes()).singleElement()
			.isEqualTo("stage 5: shuffled join converted to a broadcast join (left side 5.9 KB ≤ 10 MB); "
					+ "2 tasks read the right side's map outputs locally");
	}

	@Test
	void eachJoinTypeBuildsOnlyTheSidesSparkAllows() {
		assertThat(JoinType.values()).allSatisfy(type -> {
			assertThat(AdaptiveRules.canBuildRight(type)).as("%s builds right", type)
				.isEqualTo(type == JoinType.INNER || type == JoinType.LEFT || type == JoinType.SEMI
						|| type == JoinType.ANTI);
			assertThat(AdaptiveRules.canBuildLeft(type)).as("%s builds left", type)
				.isEqualTo(type == JoinType.INNER || type == JoinType.RIGHT);
		});
		// both sides small: the left (1 MB) is smaller than the right (2 MB)
		long[][] left = blocks(2, MB / 4, MB / 4);
		long[][] right = blocks(2, MB / 2, MB / 2);
		for (JoinType type : JoinType.values()) {
			AdaptiveRules.Decision d = AdaptiveRules.plan(2, 2, join(type, left, right), true, 2, BROADCAST);
			AdaptiveRules.BuildSide expected = switch (type) {
				case INNER, RIGHT -> AdaptiveRules.BuildSide.LEFT;
				case LEFT, SEMI, ANTI -> AdaptiveRules.BuildSide.RIGHT;
				case FULL -> null;
			};
			assertThat(d.broadcast()).as("%s", type).isEqualTo(expected);
		}
		// equal sizes: the right side, as Spark's getBroadcastBuildSide
		assertThat(AdaptiveRules.plan(2, 2, join(JoinType.INNER, right, right), true, 2, BROADCAST).broadcast())
			.isEqualTo(AdaptiveRules.BuildSide.RIGHT);
		// a full join is never converted: both sides keep their unmatched rows
		AdaptiveRules.Decision full = AdaptiveRules.plan(2, 2, join(JoinType.FULL, left, right), true, 2, BROADCAST);
		assertThat(full.changes()).noneMatch(c -> c.contains("broadcast"));
		assertThat(full.slices()).allMatch(s -> s.ranges().isEmpty());
	}

	@Test
	void aSideAboveTheThresholdOrAThresholdTurnedOffConvertsNothing() {
		List<AdaptiveRules.Side> sides = join(JoinType.INNER, blocks(4, 8 * MB, 8 * MB), blocks(4, 2 * MB, 2 * MB));
		// the right side is 16 MB: above 10 MB
		assertThat(AdaptiveRules.plan(2, 2, sides, true, 2, BROADCAST).broadcast()).isNull();
		List<AdaptiveRules.Side> small = join(JoinType.INNER, blocks(4, 8 * MB, 8 * MB), blocks(1, 10, 10));
		for (long off : new long[] { -1, 0 }) {
			AdaptiveRules.Settings settings = new AdaptiveRules.Settings(true, 64 * MB, MB, 5, 256 * MB, off);
			AdaptiveRules.Decision d = AdaptiveRules.plan(2, 2, small, true, 2, settings);
			assertThat(d.broadcast()).as("threshold %d", off).isNull();
			assertThat(d.changes()).noneMatch(c -> c.contains("broadcast"));
		}
		// not a join (an aggregation reading one shuffle): nothing to build
		assertThat(AdaptiveRules.plan(2, 2, List.of(small.get(1)), false, 2, BROADCAST).broadcast()).isNull();
	}

	@Test
	void theConversionTakesPrecedenceOverSkewSplittingAndCoalescing() {
		AdaptiveRules.Settings tiny = new AdaptiveRules.Settings(true, 1000, 10, 5, 2000, 1000);
		// left partition 1 is skewed (as in
		// splitsASkewedJoinPartitionByRangesOfMapOutputs);
		// the right side holds 320 bytes in all
		List<AdaptiveRules.Side> sides = join(JoinType.INNER, blocks(8, 10, 1000, 10, 10), blocks(8, 10, 10, 10, 10));
		AdaptiveRules.Decision d = AdaptiveRules.plan(2, 4, sides, true, 1, tiny);
		assertThat(d.broadcast()).isEqualTo(AdaptiveRules.BuildSide.RIGHT);
		assertThat(d.changes()).singleElement().asString().contains("converted to a broadcast join");
		assertThat(d.slices()).allSatisfy(s -> {
			assertThat(s.start()).isZero();
			assertThat(s.end()).isEqualTo(4);
			assertThat(s.ranges()).singleElement().extracting(ReduceSlice.MapRange::stageId).isEqualTo(0);
		});
		// the ranges cover the left map outputs once, in order (1030 bytes each: one a
		// task)
		assertThat(d.slices()).hasSize(8);
		// without the conversion the same sizes split the skewed partition and coalesce
		AdaptiveRules.Decision shuffled = AdaptiveRules.plan(2, 4, sides, true, 1,
				new AdaptiveRules.Settings(true, 1000, 10, 5, 2000, -1));
		assertThat(shuffled.changes()).anyMatch(c -> c.contains("split into"));
	}

	@Test
	void aBroadcastDecisionSurvivesItsStoredForm() {
		List<ReduceSlice> slices = List.of(new ReduceSlice(0, 8, List.of(new ReduceSlice.MapRange(1, 0, 3))),
				new ReduceSlice(0, 8, List.of(new ReduceSlice.MapRange(1, 3, 5))));
		String text = ReduceSlice.encode(slices, AdaptiveRules.BuildSide.LEFT);
		assertThat(text).isEqualTo("build=left|0-8:1@0-3;0-8:1@3-5");
		assertThat(ReduceSlice.decode(text)).isEqualTo(slices);
		assertThat(ReduceSlice.buildSide(text)).isEqualTo(AdaptiveRules.BuildSide.LEFT);
		assertThat(ReduceSlice.buildSide(ReduceSlice.encode(slices))).isNull();
		assertThat(ReduceSlice.encode(slices, null)).isEqualTo("0-8:1@0-3;0-8:1@3-5");
	}

}
