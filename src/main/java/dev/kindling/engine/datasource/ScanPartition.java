package dev.kindling.engine.datasource;

import java.util.List;

/**
 * What one scan task reads (Spark's {@code FilePartition}): byte ranges of one or more
 * files, read in order.
 *
 * @param index the partition number, 0-based
 * @param pieces the ranges, in the order they are read
 */
public record ScanPartition(int index, List<FilePiece> pieces) {

	public ScanPartition {
		pieces = List.copyOf(pieces);
	}

	/** The bytes of all its pieces. */
	public long bytes() {
		return this.pieces.stream().mapToLong(FilePiece::length).sum();
	}

}
