package dev.kindling.scheduler.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.kindling.engine.logical.Join.JoinType;

/**
 * Adaptive execution's rules for a reduce stage, decided once the map stages it reads
 * have reported the bytes of every block (Spark's {@code DynamicJoinSelection} with
 * {@code OptimizeShuffleWithLocalRead}, then {@code OptimizeSkewedJoin} then
 * {@code CoalesceShufflePartitions}, through {@code ShufflePartitionsUtil}):
 * <ul>
 * <li>a shuffled join one of whose sides wrote at most
 * {@code autoBroadcastJoinThresholdBytes} in all, and may be built (the right side of
 * inner, left outer, semi and anti joins, the left side of inner and right outer ones;
 * the smaller when both may), becomes a broadcast join: each task reads every block of
 * the small side and, of the big side, all reduce partitions of a consecutive range of
 * its map outputs (a local shuffle read), the ranges packed to the target size as
 * coalescing packs partitions. Nothing else is then changed: there is no skew left to
 * split;</li>
 * <li>a join partition larger than {@code skewedPartitionFactor} times the median of its
 * side and than {@code skewedPartitionThreshold} is skewed: its side's map outputs are
 * cut into consecutive ranges of about the target size (the advisory size, or the average
 * of the side's other partitions when larger), each joined with the whole partition of
 * the other side (with every piece of it when both sides are skewed). A side is split
 * only where that keeps the join's answer: the left side of inner, left outer, semi and
 * anti joins, the right side of inner and right outer joins; never a full join's;</li>
 * <li>the other partitions are packed, in order, into tasks of up to a target size: the
 * advisory size, or less so that the data still spreads over the cluster's slots (Spark's
 * {@code parallelismFirst}), but never below {@code minPartitionSize}; a task below that
 * size is merged into its neighbour, and partitions with no data at all get no task
 * (though a stage keeps at least one).</li>
 * </ul>
 * Plain Java and deterministic: the same sizes give the same slices.
 */
public final class AdaptiveRules {

	/**
	 * Spark's {@code SMALL_PARTITION_FACTOR}: a split piece smaller than this share of
	 * the target is merged.
	 */
	static final double SMALL_PARTITION_FACTOR = 0.2;

	/**
	 * Spark's {@code MERGED_PARTITION_FACTOR}: two pieces that fit in this much of the
	 * target are one.
	 */
	static final double MERGED_PARTITION_FACTOR = 1.2;

	private AdaptiveRules() {
	}

	/**
	 * Whether a join of this type may build its hash table from its right side and stream
	 * its left one (Spark's {@code canBuildBroadcastRight}); then its left side may also
	 * be split when skewed, since every left row still meets the whole right side.
	 */
	public static boolean canBuildRight(JoinType type) {
		return type == JoinType.INNER || type == JoinType.LEFT || type == JoinType.SEMI || type == JoinType.ANTI;
	}

	/**
	 * Whether a join of this type may build from its left side (Spark's
	 * {@code canBuildBroadcastLeft}); then its right side may be split when skewed.
	 */
	public static boolean canBuildLeft(JoinType type) {
		return type == JoinType.INNER || type == JoinType.RIGHT;
	}

	/**
	 * @param enabled whether reduce stages are adapted at all
	 * @param advisoryPartitionBytes the size a reduce task should read
	 * @param minPartitionBytes no coalesced task is made smaller than this
	 * @param skewedPartitionFactor how many times its side's median a skewed partition is
	 * @param skewedPartitionThresholdBytes a skewed partition is also larger than this
	 * @param autoBroadcastJoinThresholdBytes a join side that may be built and wrote at
	 * most this many bytes is broadcast (0 or less: never)
	 */
	public record Settings(boolean enabled, long advisoryPartitionBytes, long minPartitionBytes,
			double skewedPartitionFactor, long skewedPartitionThresholdBytes, long autoBroadcastJoinThresholdBytes) {

		public static final Settings OFF = new Settings(false, 64L << 20, 1L << 20, 5, 256L << 20, -1);

		/** Settings that never turn a join into a broadcast join. */
		public Settings(boolean enabled, long advisoryPartitionBytes, long minPartitionBytes,
				double skewedPartitionFactor, long skewedPartitionThresholdBytes) {
			this(enabled, advisoryPartitionBytes, minPartitionBytes, skewedPartitionFactor,
					skewedPartitionThresholdBytes, -1);
		}

	}

	/** The side of a join its hash table is built from. */
	public enum BuildSide {

		LEFT, RIGHT;

		public String word() {
			return this == LEFT ? "left" : "right";
		}

	}

	/**
	 * One shuffle a reduce stage reads.
	 *
	 * @param stageId the map stage that wrote it
	 * @param blockBytes the bytes of each block: {@code [map task][reduce partition]}
	 * @param splittable whether a skewed partition of it may be split (a join side whose
	 * join type allows it)
	 * @param buildable whether a join may build its hash table from this side once it
	 * turns out small (Spark's {@code canBuildBroadcastLeft/Right})
	 */
	public record Side(int stageId, long[][] blockBytes, boolean splittable, boolean buildable) {

		public Side(int stageId, long[][] blockBytes, boolean splittable) {
			this(stageId, blockBytes, splittable, false);
		}

	}

	/**
	 * The tasks the stage runs, and what was changed, as one line each (for the plan and
	 * the job's events); no lines when the stage runs one task per partition as planned.
	 * {@code broadcast}: the side a join turned into a broadcast join builds, or null.
	 */
	public record Decision(List<ReduceSlice> slices, List<String> changes, BuildSide broadcast) {

		public Decision {
			slices = List.copyOf(slices);
			changes = List.copyOf(changes);
		}

		public Decision(List<ReduceSlice> slices, List<String> changes) {
			this(slices, changes, null);
		}

		public boolean changed() {
			return !this.changes.isEmpty();
		}

	}

	/**
	 * The tasks of reduce stage {@code stageId}, whose {@code partitions} partitions read
	 * {@code sides} ({@code join}: the two sides of a join, left first).
	 * @param parallelism the task slots of the live executors (at least 1)
	 */
	public static Decision plan(int stageId, int partitions, List<Side> sides, boolean join, int parallelism,
			Settings settings) {
		long[][] sizes = new long[sides.size()][partitions];
		long[] total = new long[partitions];
		long[] sideBytes = new long[sides.size()];
		long all = 0;
		for (int s = 0; s < sides.size(); s++) {
			for (long[] map : sides.get(s).blockBytes()) {
				for (int r = 0; r < partitions && map != null && r < map.length; r++) {
					sizes[s][r] += map[r];
					total[r] += map[r];
					sideBytes[s] += map[r];
					all += map[r];
				}
			}
		}
		if (join && sides.size() == 2) {
			Decision broadcast = broadcast(stageId, partitions, sides, sideBytes, parallelism, settings);
			if (broadcast != null) {
				return broadcast;
			}
		}
		// skew first, so that coalescing leaves the skewed partitions out
		long[] median = new long[sides.size()];
		long[] threshold = new long[sides.size()];
		long[] splitTarget = new long[sides.size()];
		for (int s = 0; s < sides.size(); s++) {
			median[s] = median(sizes[s]);
			threshold[s] = Math.max(settings.skewedPartitionThresholdBytes(),
					(long) (median[s] * settings.skewedPartitionFactor()));
			splitTarget[s] = splitTarget(sizes[s], threshold[s], settings.advisoryPartitionBytes());
		}
		long target = Math.max(settings.minPartitionBytes(),
				Math.min(settings.advisoryPartitionBytes(), ceilDiv(all, Math.max(1, parallelism))));
		List<ReduceSlice> slices = new ArrayList<>();
		List<String> changes = new ArrayList<>();
		int coalescedFrom = 0;
		int coalescedTo = 0;
		int runStart = 0;
		for (int r = 0; r < partitions; r++) {
			List<List<ReduceSlice.MapRange>> pieces = join && sides.size() == 2
					? skewPieces(sides, sizes, threshold, splitTarget, r) : null;
			if (pieces == null) {
				continue;
			}
			int before = slices.size();
			coalesce(total, runStart, r, target, settings.minPartitionBytes(), slices);
			coalescedFrom += r - runStart;
			coalescedTo += slices.size() - before;
			List<ReduceSlice.MapRange> left = pieces.get(0);
			List<ReduceSlice.MapRange> right = pieces.get(1);
			for (ReduceSlice.MapRange l : left) {
				for (ReduceSlice.MapRange rr : right) {
					List<ReduceSlice.MapRange> ranges = new ArrayList<>();
					if (l != null) {
						ranges.add(l);
					}
					if (rr != null) {
						ranges.add(rr);
					}
					slices.add(new ReduceSlice(r, r + 1, ranges));
				}
			}
			int skewed = sizes[0][r] > threshold[0] && left.size() > 1 ? 0 : 1;
			changes.add("stage " + stageId + ": join partition " + r + " (" + bytes(sizes[skewed][r]) + ", median "
					+ bytes(median[skewed]) + ") split into " + (left.size() * right.size()) + " tasks");
			runStart = r + 1;
		}
		int before = slices.size();
		coalesce(total, runStart, partitions, target, settings.minPartitionBytes(), slices);
		coalescedFrom += partitions - runStart;
		coalescedTo += slices.size() - before;
		if (slices.isEmpty()) {
			slices.add(ReduceSlice.of(0, partitions));
			coalescedTo = 1;
		}
		if (coalescedTo < coalescedFrom) {
			changes.add(0,
					"stage " + stageId + ": " + coalescedFrom + " partitions coalesced to " + coalescedTo + " ("
							+ bytes(all) + " in all; target " + bytes(target) + " per task, advisory "
							+ bytes(settings.advisoryPartitionBytes()) + ")");
		}
		return new Decision(slices, changes);
	}

	/**
	 * The join as a broadcast join when a side that may be built wrote at most the
	 * threshold (the smaller one when both did; the right one when they are equal, as
	 * Spark's {@code getBroadcastBuildSide}); null otherwise. Its tasks read the big
	 * side's map outputs in consecutive ranges of about the target size, all reduce
	 * partitions of each, and every block of the small side.
	 */
	private static Decision broadcast(int stageId, int partitions, List<Side> sides, long[] sideBytes, int parallelism,
			Settings settings) {
		long threshold = settings.autoBroadcastJoinThresholdBytes();
		if (threshold <= 0) {
			return null;
		}
		boolean right = sides.get(1).buildable() && sideBytes[1] <= threshold;
		boolean left = sides.get(0).buildable() && sideBytes[0] <= threshold;
		if (!left && !right) {
			return null;
		}
		int small = right && (!left || sideBytes[1] <= sideBytes[0]) ? 1 : 0;
		Side big = sides.get(1 - small);
		long[] mapBytes = new long[big.blockBytes().length];
		long bigBytes = 0;
		for (int m = 0; m < mapBytes.length; m++) {
			long[] map = big.blockBytes()[m];
			for (int r = 0; map != null && r < partitions && r < map.length; r++) {
				mapBytes[m] += map[r];
			}
			bigBytes += mapBytes[m];
		}
		long target = Math.max(settings.minPartitionBytes(),
				Math.min(settings.advisoryPartitionBytes(), ceilDiv(bigBytes, Math.max(1, parallelism))));
		List<ReduceSlice> ranges = new ArrayList<>();
		coalesce(mapBytes, 0, mapBytes.length, target, settings.minPartitionBytes(), ranges);
		if (ranges.isEmpty()) {
			ranges.add(ReduceSlice.of(0, Math.max(1, mapBytes.length)));
		}
		List<ReduceSlice> slices = new ArrayList<>();
		for (ReduceSlice r : ranges) {
			slices.add(new ReduceSlice(0, partitions,
					List.of(new ReduceSlice.MapRange(big.stageId(), r.start(), r.end()))));
		}
		BuildSide build = small == 1 ? BuildSide.RIGHT : BuildSide.LEFT;
		BuildSide stream = small == 1 ? BuildSide.LEFT : BuildSide.RIGHT;
		String change = "stage " + stageId + ": shuffled join converted to a broadcast join (" + build.word() + " side "
				+ bytes(sideBytes[small]) + " ≤ " + bytes(threshold) + "); " + slices.size()
				+ (slices.size() == 1 ? " task reads " : " tasks read ") + "the " + stream.word()
				+ " side's map outputs locally";
		return new Decision(slices, List.of(change), build);
	}

	/**
	 * The pieces partition {@code r} is split into: for the left and the right side, the
	 * map ranges (one null entry: the whole side); null when it is not split.
	 */
	private static List<List<ReduceSlice.MapRange>> skewPieces(List<Side> sides, long[][] sizes, long[] threshold,
			long[] splitTarget, int r) {
		List<List<ReduceSlice.MapRange>> pieces = new ArrayList<>();
		boolean split = false;
		for (int s = 0; s < 2; s++) {
			Side side = sides.get(s);
			List<ReduceSlice.MapRange> ranges = new ArrayList<>();
			if (side.splittable() && sizes[s][r] > threshold[s]) {
				long[] mapSizes = new long[side.blockBytes().length];
				for (int m = 0; m < mapSizes.length; m++) {
					long[] map = side.blockBytes()[m];
					mapSizes[m] = map == null || r >= map.length ? 0 : map[r];
				}
				int[] starts = splitBySize(mapSizes, splitTarget[s]);
				for (int i = 0; starts.length > 1 && i < starts.length; i++) {
					int end = i + 1 < starts.length ? starts[i + 1] : mapSizes.length;
					ranges.add(new ReduceSlice.MapRange(side.stageId(), starts[i], end));
				}
			}
			if (ranges.isEmpty()) {
				ranges.add(null);
			}
			else {
				split = true;
			}
			pieces.add(ranges);
		}
		return split ? pieces : null;
	}

	/**
	 * Packs partitions {@code [from, to)} into slices of up to {@code target} bytes, in
	 * order; a slice below {@code minBytes} (or following one) is merged into the one
	 * before it; partitions with no bytes at all get no slice of their own.
	 */
	static void coalesce(long[] total, int from, int to, long target, long minBytes, List<ReduceSlice> out) {
		List<long[]> groups = new ArrayList<>();
		int start = from;
		long size = 0;
		for (int r = from; r < to; r++) {
			if (r > start && size + total[r] > target) {
				groups.add(new long[] { start, r, size });
				start = r;
				size = 0;
			}
			size += total[r];
		}
		if (to > start) {
			groups.add(new long[] { start, to, size });
		}
		List<long[]> merged = new ArrayList<>();
		for (long[] g : groups) {
			long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
			if (last != null && (g[2] < minBytes || last[2] < minBytes) && last[2] + g[2] <= target) {
				last[1] = g[1];
				last[2] += g[2];
			}
			else {
				merged.add(g);
			}
		}
		for (long[] g : merged) {
			if (g[2] > 0) {
				out.add(ReduceSlice.of((int) g[0], (int) g[1]));
			}
		}
	}

	/**
	 * Spark's {@code splitSizeListByTargetSize}: the start indices of consecutive ranges
	 * of {@code sizes} of about {@code target} each, a range that is very small (or that
	 * fits with the one before in 1.2 targets) merged into the one before.
	 */
	static int[] splitBySize(long[] sizes, long target) {
		List<Integer> starts = new ArrayList<>();
		starts.add(0);
		long current = 0;
		long last = -1;
		for (int i = 0; i < sizes.length; i++) {
			if (i > 0 && current + sizes[i] > target) {
				last = mergeOrKeep(starts, current, last, target);
				starts.add(i);
				current = sizes[i];
			}
			else {
				current += sizes[i];
			}
		}
		mergeOrKeep(starts, current, last, target);
		return starts.stream().mapToInt(Integer::intValue).toArray();
	}

	private static long mergeOrKeep(List<Integer> starts, long current, long last, long target) {
		boolean merge = last > -1 && (current + last < target * MERGED_PARTITION_FACTOR
				|| current < target * SMALL_PARTITION_FACTOR || last < target * SMALL_PARTITION_FACTOR);
		if (merge) {
			starts.remove(starts.size() - 1);
			return last + current;
		}
		return current;
	}

	/** Spark's median of partition sizes (at least 1). */
	static long median(long[] sizes) {
		if (sizes.length == 0) {
			return 1;
		}
		long[] sorted = sizes.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		long m = n % 2 == 0 ? (sorted[n / 2] + sorted[n / 2 - 1]) / 2 : sorted[n / 2];
		return Math.max(m, 1);
	}

	/**
	 * The size a skewed partition's pieces aim at: the advisory size, or the average of
	 * the rest when larger.
	 */
	private static long splitTarget(long[] sizes, long threshold, long advisory) {
		long sum = 0;
		int n = 0;
		for (long s : sizes) {
			if (s <= threshold) {
				sum += s;
				n++;
			}
		}
		return n == 0 ? advisory : Math.max(advisory, sum / n);
	}

	private static long ceilDiv(long a, long b) {
		return a / b + (a % b == 0 ? 0 : 1);
	}

	/** Bytes as a person reads them: {@code 912 MB}, {@code 3.5 KB}. */
	static String bytes(long n) {
		String[] units = { "B", "KB", "MB", "GB", "TB" };
		double v = n;
		int u = 0;
		while (v >= 1024 && u < units.length - 1) {
			v /= 1024;
			u++;
		}
		if (u == 0) {
			return n + " B";
		}
		return (v < 10 ? String.format(java.util.Locale.ROOT, "%.1f", v) : String.valueOf(Math.round(v))) + " "
				+ units[u];
	}

}
