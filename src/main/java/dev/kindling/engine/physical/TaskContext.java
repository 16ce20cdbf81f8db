package dev.kindling.engine.physical;

import java.nio.file.Path;
import java.util.Iterator;

import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.vector.Batch;

/** What a running task gets from the process it runs in. */
public interface TaskContext {

	/** The file a source path names, already confined to the data root. */
	Path resolve(String path);

	/** The byte range of the file this task scans. */
	FileSplit split();

	/** This task's partition of the shuffle written by {@code stageId}, batch by batch. */
	Iterator<Batch> shuffleInput(int stageId);

	/** Counters this task reports. */
	TaskMetrics metrics();

	/** Whether the task was asked to stop; operators check it between batches. */
	default boolean cancelled() {
		return false;
	}

}
