package dev.kindling.scheduler.core;

import java.util.ArrayList;
import java.util.List;

/**
 * What one task of an adaptive reduce stage reads (Spark's {@code ShufflePartitionSpec}):
 * the reduce partitions {@code [start, end)} of every shuffle the stage reads, from every
 * map task, except where {@code ranges} names a parent stage: of that shuffle the task
 * reads only map tasks {@code [mapStart, mapEnd)} (a piece of a skewed join partition,
 * {@code end == start + 1}; or, for a join turned into a broadcast join, a range of the
 * big side's map outputs with all their reduce partitions, Spark's
 * {@code CoalescedMapperPartitionSpec}). A broadcast read is always read whole.
 *
 * @param start the first reduce partition
 * @param end one past the last reduce partition
 * @param ranges the parent stages read through a range of their map tasks
 */
public record ReduceSlice(int start, int end, List<MapRange> ranges) {

	public ReduceSlice {
		ranges = List.copyOf(ranges);
		if (start < 0 || end <= start) {
			throw new IllegalArgumentException("a slice reads at least one reduce partition: " + start + "-" + end);
		}
	}

	/** Reduce partitions {@code [start, end)} of every shuffle, from every map task. */
	public static ReduceSlice of(int start, int end) {
		return new ReduceSlice(start, end, List.of());
	}

	/** The map tasks {@code [start, end)} of one parent stage. */
	public record MapRange(int stageId, int start, int end) {

		public MapRange {
			if (start < 0 || end <= start) {
				throw new IllegalArgumentException("a map range holds at least one map task");
			}
		}

	}

	/**
	 * The map range this slice reads of a parent stage, or null for all its map tasks.
	 */
	public MapRange rangeOf(int stageId) {
		for (MapRange r : this.ranges) {
			if (r.stageId() == stageId) {
				return r;
			}
		}
		return null;
	}

	/**
	 * A stage's slices as stored with the stage ({@code 0-3;4-5:2@0-7,3@0-2}), so that a
	 * restarted driver rebuilds the same tasks.
	 */
	public static String encode(List<ReduceSlice> slices) {
		StringBuilder out = new StringBuilder();
		for (ReduceSlice s : slices) {
			if (!out.isEmpty()) {
				out.append(';');
			}
			out.append(s.start).append('-').append(s.end);
			for (int i = 0; i < s.ranges.size(); i++) {
				MapRange r = s.ranges.get(i);
				out.append(i == 0 ? ':' : ',')
					.append(r.stageId())
					.append('@')
					.append(r.start())
					.append('-')
					.append(r.end());
			}
		}
		return out.toString();
	}

	/**
	 * The slices of a join turned into a broadcast join, stored with the side it builds
	 * ({@code build=right|0-8:1@0-3;0-8:1@3-5}).
	 */
	public static String encode(List<ReduceSlice> slices, AdaptiveRules.BuildSide build) {
		return build == null ? encode(slices) : BUILD + build.word() + "|" + encode(slices);
	}

	private static final String BUILD = "build=";

	/**
	 * The side a stored decision's join builds
	 * ({@link #encode(List, AdaptiveRules.BuildSide)}), or null when it was not turned
	 * into a broadcast join.
	 */
	public static AdaptiveRules.BuildSide buildSide(String text) {
		if (!text.startsWith(BUILD)) {
			return null;
		}
		String side = text.substring(BUILD.length(), text.indexOf('|'));
		return "left".equals(side) ? AdaptiveRules.BuildSide.LEFT : AdaptiveRules.BuildSide.RIGHT;
	}

	/** Reads what {@link #encode} wrote. */
	public static List<ReduceSlice> decode(String text) {
		List<ReduceSlice> slices = new ArrayList<>();
		if (text.startsWith(BUILD)) {
			text = text.substring(text.indexOf('|') + 1);
		}
		for (String slice : text.split(";")) {
			int colon = slice.indexOf(':');
			int[] reduce = range(colon < 0 ? slice : slice.substring(0, colon));
			List<MapRange> ranges = new ArrayList<>();
			if (colon >= 0) {
				for (String r : slice.substring(colon + 1).split(",")) {
					int at = r.indexOf('@');
					int[] maps = range(r.substring(at + 1));
					ranges.add(new MapRange(Integer.parseInt(r.substring(0, at)), maps[0], maps[1]));
				}
			}
			slices.add(new ReduceSlice(reduce[0], reduce[1], ranges));
		}
		return List.copyOf(slices);
	}

	private static int[] range(String text) {
		int dash = text.indexOf('-');
		return new int[] { Integer.parseInt(text.substring(0, dash)), Integer.parseInt(text.substring(dash + 1)) };
	}

}
