package dev.kindling.engine.datasource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One byte range of one file, read by a scan task.
 *
 * @param path the file, as listed when the job was accepted
 * @param start the first byte of the range
 * @param length the bytes in the range
 * @param fileSize the file's length when it was listed
 * @param partitionValues its partition folders' values, unescaped, in the order of the
 * source's partition columns ({@code null} for a null value)
 */
public record FilePiece(String path, long start, long length, long fileSize, List<String> partitionValues) {

	public FilePiece {
		partitionValues = partitionValues == null ? List.of()
				: Collections.unmodifiableList(new ArrayList<>(partitionValues));
	}

	/** The byte range as a reader takes it. */
	public FileSplit range() {
		return new FileSplit(0, this.start, this.length);
	}

}
