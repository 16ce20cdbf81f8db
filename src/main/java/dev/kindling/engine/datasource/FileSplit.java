package dev.kindling.engine.datasource;

/**
 * One byte range of a file, read by one task. A reader of a split that starts past offset
 * 0 skips to the first line start after {@code start} and reads past
 * {@code start + length} to finish its last line (Hadoop's rule), so each line belongs to
 * exactly one split.
 *
 * @param index the partition number, 0-based
 * @param start the first byte offset of the range
 * @param length the number of bytes in the range
 */
public record FileSplit(int index, long start, long length) {

	public FileSplit {
		if (index < 0 || start < 0 || length < 0) {
			throw new IllegalArgumentException(
					"invalid split index=" + index + " start=" + start + " length=" + length);
		}
	}

	/** The offset just past the range. */
	public long end() {
		return this.start + this.length;
	}

}
