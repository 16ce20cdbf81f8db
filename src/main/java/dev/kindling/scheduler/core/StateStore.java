package dev.kindling.scheduler.core;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import dev.kindling.protocol.TaskReport;
import dev.kindling.state.JobStatus;
import dev.kindling.state.StageStatus;
import dev.kindling.state.TaskStatus;

/**
 * Where the scheduler records its state changes, in the order it makes them. Calls never
 * block: a change is queued and stored later. The changes someone is told about return a
 * future that completes once the change (and every change before it) is stored.
 */
public interface StateStore {

	void jobRunning(String jobId, Instant at);

	CompletableFuture<Void> jobCancelling(String jobId, Instant at);

	/**
	 * A job's end; {@code dropOutputs}: its attempts' stored partial outputs go with it
	 * (see {@link ResultBudget#dropOutputs}).
	 */
	CompletableFuture<Void> jobEnded(String jobId, JobStatus status, Instant at, String resultJson, String error,
			boolean dropOutputs);

	void stage(String jobId, int stageNo, StageStatus status, int attempt, Instant at);

	void stageShuffle(String jobId, int stageNo, long written, long read);

	/**
	 * Adaptive execution changed a stage before its first task: its number of tasks, what
	 * each reads ({@link ReduceSlice#encode}) and what changed, one line each.
	 */
	default void stageAdapted(String jobId, int stageNo, int numTasks, String slices, String changes) {
	}

	void attemptQueued(String attemptId, String jobId, int stageNo, int stageAttempt, int partition, int attempt,
			Instant at);

	void attemptStarted(String attemptId, String executorId, Instant at);

	/**
	 * An attempt's end, with the report it ended with (its counters, what it logged on
	 * its executor, the exception it failed with); {@code report} and {@code output} are
	 * null for one that ended without a report of its own.
	 */
	void attemptEnded(String attemptId, TaskStatus status, Instant at, String error, TaskReport report, String output);

}
