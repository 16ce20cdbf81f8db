package dev.kindling.engine.datasource.csv;

import java.util.List;

import dev.kindling.engine.datasource.FilePlanner;
import dev.kindling.engine.datasource.FileSplit;

/**
 * Cuts a CSV file into byte-range splits, one task each.
 *
 * <p>
 * The split size follows Spark's {@code maxSplitBytes}:
 * {@code min(128 MiB, max(4 MiB, total /
 * slots))}. The 4 MiB floor is Spark's {@code openCostInBytes}: below it a task costs
 * more to start than its bytes cost to read, so a file of a few MiB runs as one task with
 * no shuffle at all. (The design note's 1 MiB floor would split a 3 MiB file into three
 * tasks for no gain.) A wanted number of partitions overrides the rule with
 * {@code ceil(total / partitions)}.
 */
public final class CsvSplitter {

	static final long MAX_SPLIT_BYTES = FilePlanner.MAX_SPLIT_BYTES;

	static final long OPEN_COST_BYTES = FilePlanner.OPEN_COST_BYTES;

	private CsvSplitter() {
	}

	/**
	 * Plans the splits of a file of this length.
	 * @param fileLength the file size in bytes
	 * @param slots the executor slots of the cluster (values below 1 count as 1)
	 * @param wantedPartitions the job's {@code partitions} option, or {@code null}
	 * @param whole whether the file must be one split: under {@code multiLine} (a reader
	 * cannot find a record start in the middle of the file) or in an encoding read
	 * through a transcoder (see {@link CsvOptions#splittable()})
	 * @return contiguous splits covering the file; one split of length 0 for an empty
	 * file
	 */
	public static List<FileSplit> plan(long fileLength, int slots, Integer wantedPartitions, boolean whole) {
		return plan(fileLength, slots, wantedPartitions, whole, 1, Integer.MAX_VALUE);
	}

	/**
	 * Plans the splits of a file of this length, none smaller than {@code minSplitBytes}
	 * (but the last, and a file smaller than that, which is one split) and at most
	 * {@code maxSplits} of them.
	 * @param minSplitBytes the smallest split a wanted number of partitions may give
	 * @param maxSplits the most splits, whatever the length
	 * @see #plan(long, int, Integer, boolean)
	 */
	public static List<FileSplit> plan(long fileLength, int slots, Integer wantedPartitions, boolean whole,
			long minSplitBytes, int maxSplits) {
		return FilePlanner.splitFile(fileLength, slots, wantedPartitions, whole, minSplitBytes, maxSplits);
	}

}
