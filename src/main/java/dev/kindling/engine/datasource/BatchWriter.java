package dev.kindling.engine.datasource;

import dev.kindling.engine.vector.Batch;

/** Writes batches as one file. Not thread-safe; one per task and file. */
public interface BatchWriter extends AutoCloseable {

	/** Appends the rows of a batch whose columns follow the writer's schema. */
	void write(Batch batch);

	/** The rows written so far. */
	long rowsWritten();

	/** Finishes the file (a footer) and closes its stream. */
	@Override
	void close();

}
