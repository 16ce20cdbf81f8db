package dev.kindling.engine.datasource;

import dev.kindling.engine.vector.Batch;

/** Reads a piece of a file as column batches. Not thread-safe; one per task. */
public interface BatchReader extends AutoCloseable {

	/** The next rows, or {@code null} at the end. */
	Batch next();

	/** The bytes of the file read so far. */
	long bytesRead();

	@Override
	void close();

}
