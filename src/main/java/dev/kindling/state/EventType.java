package dev.kindling.state;

/** What an event in the {@code events} table records. */
public enum EventType {

	/** An executor registered and takes tasks. */
	EXECUTOR_REGISTERED,
	/** An executor missed its heartbeats: its tasks run again elsewhere. */
	EXECUTOR_LOST,
	/** An executor deregistered on a graceful shutdown. */
	EXECUTOR_GONE,
	/** A job a previous driver accepted runs again after a restart. */
	JOB_RESUMED,
	/** A failed task attempt is tried again. */
	TASK_RETRIED,
	/** A running attempt vanished from its executor without a report. */
	TASK_LOST,
	/** A straggler got a copy on another executor. */
	TASK_SPECULATED,
	/** A task could not fetch a shuffle block. */
	FETCH_FAILED,
	/** A stage runs again to recompute lost shuffle output. */
	STAGE_RESUBMITTED,
	/**
	 * An executor leaves on purpose (SIGTERM, a scale-down, an operator's drain): it
	 * takes no new task and hands its blocks on.
	 */
	EXECUTOR_DECOMMISSIONING,
	/** A decommissioned executor handed shuffle output to a live executor. */
	SHUFFLE_MIGRATED,
	/** A decommissioned executor handed cached partitions to a live executor. */
	CACHE_MIGRATED,
	/**
	 * Shuffle output a decommissioned executor could not hand on is recomputed from
	 * lineage.
	 */
	SHUFFLE_RECOMPUTED,
	/** Adaptive execution packed small shuffle partitions of a stage into fewer tasks. */
	PARTITIONS_COALESCED,
	/** Adaptive execution split a skewed join partition into several tasks. */
	SKEWED_PARTITION_SPLIT,
	/**
	 * Adaptive execution turned a shuffled join with a side that turned out small into a
	 * broadcast join.
	 */
	JOIN_CONVERTED_TO_BROADCAST

}
