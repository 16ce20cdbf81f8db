package dev.kindling.engine.physical;

import java.util.Iterator;

import dev.kindling.engine.datasource.ScanPartition;
import dev.kindling.engine.storage.Storage;
import dev.kindling.engine.vector.Batch;

/** What a running task gets from the process it runs in. */
public interface TaskContext {

	/**
	 * Where the task's files are (the data root, object storage), each location confined
	 * as it is used.
	 */
	Storage storage();

	/** The ranges of files this task scans. */
	ScanPartition split();

	/**
	 * This task's partition of the shuffle written by {@code stageId}, batch by batch.
	 */
	Iterator<Batch> shuffleInput(int stageId);

	/** The memory shuffle writes take their buffers from. */
	default dev.kindling.engine.shuffle.ShuffleMemory shuffleMemory() {
		return dev.kindling.engine.shuffle.ShuffleMemory.UNLIMITED;
	}

	/**
	 * Where shuffle output spills when {@link #shuffleMemory()} is short, or null to keep
	 * it in memory.
	 */
	default java.nio.file.Path shuffleSpillDir() {
		return null;
	}

	/** Counters this task reports. */
	TaskMetrics metrics();

	/**
	 * The cached batches of one partition of a dataset on this executor, or null when not
	 * cached here.
	 */
	default java.util.List<Batch> cached(String key, int partition) {
		return null;
	}

	/** Keeps a partition's batches in this executor's cache. */
	default void cache(String key, int partition, java.util.List<Batch> batches) {
	}

	/** The partition this task computes. */
	default int partition() {
		return split() == null ? 0 : split().index();
	}

	/**
	 * How much a full sort (of the rows it gathers), a grouped aggregation (of its
	 * groups) or a join (of its build side) may hold before it spills to local disk.
	 */
	default long sortMemoryBytes() {
		return Long.MAX_VALUE;
	}

	/**
	 * The most bytes this task's collected rows may take as JSON: what is left of its
	 * job's result budget when the task was launched. A task of a collect or show stops
	 * producing once its rows pass it
	 * ({@link dev.kindling.engine.exec.ResultTooLargeException}).
	 */
	default long resultBudgetBytes() {
		return Long.MAX_VALUE;
	}

	/** Whether the task was asked to stop; operators check it between batches. */
	default boolean cancelled() {
		return false;
	}

	/**
	 * Whether the stage's shuffled join builds its table from the left side: adaptive
	 * execution turned it into a broadcast join whose small side is the left one.
	 */
	default boolean joinBuildsLeft() {
		return false;
	}

}
