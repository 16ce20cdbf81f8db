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
	STAGE_RESUBMITTED

}
