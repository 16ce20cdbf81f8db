package dev.kindling.scheduler.core;

/**
 * Which runnable task set offers the next task (Spark's scheduling mode). The dispatcher
 * adds a task set when it gets queued attempts and asks for the next attempt per free
 * slot; a policy keeps its own order and rotation. Calls come under the scheduler's lock.
 *
 * <p>
 * A policy of pools (Spark's FAIR scheduler: pools with a weight and a minimum share,
 * FIFO or fair within each) implements this same interface: {@link #add} files a set
 * under its job's pool, {@link #next} picks the neediest pool by its running tasks
 * ({@link ActiveJob#running}, {@link TaskSetManager#running}) against its share, then a
 * set within it.
 */
public interface SchedulingPolicy {

	/** A task set has queued attempts (a repeated add is harmless). */
	void add(TaskSetManager set);

	/** A task set has nothing to offer any more (aborted, or waiting for its parents). */
	void remove(TaskSetManager set);

	/**
	 * The next attempt for this executor, taken from the first task set in the policy's
	 * order that has one the executor may run; null if none has.
	 */
	Attempt next(String executorId);

}
