package dev.kindling.engine.datasource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

import dev.kindling.engine.datasource.SourceFiles.DataFile;

/**
 * Cuts a source's files into scan tasks, as Spark's file source does.
 *
 * <p>
 * The split size is Spark's {@code maxSplitBytes}:
 * {@code min(128 MiB, max(4 MiB, bytes / slots))}, where {@code bytes} counts every file
 * plus Spark's {@code openCostInBytes} (4 MiB) for each when there are several. The 4 MiB
 * floor keeps a file of a few MiB one task with no shuffle at all. A wanted number of
 * partitions sets the size to {@code ceil(bytes / partitions)} instead, but never below
 * {@code minSplitBytes}. A splittable file is cut into ranges of that size; one that is
 * not (compressed, {@code multiLine}, UTF-16) is one range. With one file, each range is
 * a task. With several, the ranges are packed into tasks, largest first, a task taking
 * ranges while they fit in the split size (Spark's {@code getFilePartitions}), so a
 * folder of many small part files is a few tasks, not one per file. A stage never gets
 * more than {@code maxSplits} tasks: the size grows until it fits.
 */
public final class FilePlanner {

	/** Spark's {@code spark.sql.files.maxPartitionBytes}. */
	public static final long MAX_SPLIT_BYTES = 128L * 1024 * 1024;

	/** Spark's {@code spark.sql.files.openCostInBytes}. */
	public static final long OPEN_COST_BYTES = 4L * 1024 * 1024;

	private FilePlanner() {
	}

	/**
	 * The byte ranges of one file read alone.
	 * @param fileLength the file size in bytes
	 * @param slots the executor slots of the cluster (values below 1 count as 1)
	 * @param wantedPartitions the source's {@code partitions}, or {@code null}
	 * @param whole whether the file must be one range
	 * @param minSplitBytes the smallest range a wanted number of partitions may give
	 * @param maxSplits the most ranges, whatever the length
	 * @return contiguous ranges covering the file; one range of length 0 for an empty
	 * file
	 */
	public static List<FileSplit> splitFile(long fileLength, int slots, Integer wantedPartitions, boolean whole,
			long minSplitBytes, int maxSplits) {
		if (fileLength < 0) {
			throw new IllegalArgumentException("file length must not be negative, got " + fileLength);
		}
		if (wantedPartitions != null && wantedPartitions < 1) {
			throw new IllegalArgumentException("partitions must be at least 1, got " + wantedPartitions);
		}
		if (whole || fileLength == 0) {
			return List.of(new FileSplit(0, 0, fileLength));
		}
		long size;
		if (wantedPartitions != null) {
			size = (fileLength + wantedPartitions - 1) / wantedPartitions;
		}
		else {
			size = Math.min(MAX_SPLIT_BYTES, Math.max(OPEN_COST_BYTES, fileLength / Math.max(slots, 1)));
		}
		size = Math.max(size, Math.max(1, minSplitBytes));
		size = Math.max(size, (fileLength + maxSplits - 1) / Math.max(1, maxSplits));
		List<FileSplit> splits = new ArrayList<>();
		for (long start = 0; start < fileLength; start += size) {
			splits.add(new FileSplit(splits.size(), start, Math.min(size, fileLength - start)));
		}
		return List.copyOf(splits);
	}

	/**
	 * The scan tasks of a source's files.
	 * @param files the files, as listed (an empty list gives one task that reads nothing)
	 * @param splittable whether a file may be cut into ranges
	 * @see #splitFile
	 */
	public static List<ScanPartition> plan(List<DataFile> files, Predicate<DataFile> splittable, int slots,
			Integer wantedPartitions, long minSplitBytes, int maxSplits) {
		if (files.isEmpty()) {
			return List.of(new ScanPartition(0, List.of()));
		}
		if (files.size() == 1) {
			DataFile f = files.get(0);
			List<ScanPartition> out = new ArrayList<>();
			for (FileSplit s : splitFile(f.size(), slots, wantedPartitions, !splittable.test(f), minSplitBytes,
					maxSplits)) {
				out.add(new ScanPartition(out.size(),
						List.of(new FilePiece(f.path(), s.start(), s.length(), f.size(), f.partitionValues()))));
			}
			return List.copyOf(out);
		}
		long total = 0;
		for (DataFile f : files) {
			total += f.size() + OPEN_COST_BYTES;
		}
		long size;
		if (wantedPartitions != null) {
			size = Math.max(1, (total + wantedPartitions - 1) / wantedPartitions);
		}
		else {
			size = Math.min(MAX_SPLIT_BYTES, Math.max(OPEN_COST_BYTES, total / Math.max(1, slots)));
		}
		size = Math.max(size, Math.max(1, minSplitBytes));
		while (true) {
			List<ScanPartition> packed = pack(files, splittable, size);
			if (packed.size() <= Math.max(1, maxSplits)) {
				return packed;
			}
			size *= 2;
		}
	}

	private static List<ScanPartition> pack(List<DataFile> files, Predicate<DataFile> splittable, long size) {
		List<FilePiece> pieces = new ArrayList<>();
		for (DataFile f : files) {
			if (!splittable.test(f) || f.size() == 0) {
				pieces.add(new FilePiece(f.path(), 0, f.size(), f.size(), f.partitionValues()));
				continue;
			}
			for (long start = 0; start < f.size(); start += size) {
				pieces.add(new FilePiece(f.path(), start, Math.min(size, f.size() - start), f.size(),
						f.partitionValues()));
			}
		}
		// largest first, a stable order for equal sizes (by path, then offset)
		pieces.sort(Comparator.comparingLong(FilePiece::length)
			.reversed()
			.thenComparing(FilePiece::path)
			.thenComparingLong(FilePiece::start));
		List<ScanPartition> out = new ArrayList<>();
		List<FilePiece> current = new ArrayList<>();
		long currentSize = 0;
		for (FilePiece p : pieces) {
			if (!current.isEmpty() && currentSize + p.length() > size) {
				out.add(new ScanPartition(out.size(), current));
				current = new ArrayList<>();
				currentSize = 0;
			}
			current.add(p);
			currentSize += p.length() + OPEN_COST_BYTES;
		}
		if (!current.isEmpty()) {
			out.add(new ScanPartition(out.size(), current));
		}
		return List.copyOf(out);
	}

}
