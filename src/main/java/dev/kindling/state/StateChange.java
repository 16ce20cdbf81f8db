package dev.kindling.state;

import java.time.Instant;
import java.util.List;

/**
 * A change to the driver's state as it is committed: the values it was stored with. The
 * live feed turns these into the events its streams carry.
 */
public sealed interface StateChange {

	/** The job this change belongs to, or null (an executor's). */
	String jobId();

	/** The job a task attempt id belongs to: attempt ids start with {@code jobId:}. */
	static String jobOf(String attemptId) {
		int colon = attemptId.indexOf(':');
		return colon < 0 ? attemptId : attemptId.substring(0, colon);
	}

	/**
	 * A job and its stages, stored as QUEUED and WAITING, with its owner and pool (null
	 * when not recorded).
	 */
	record JobAccepted(String jobId, String name, Instant at, List<NewStage> stages, String owner,
			String pool) implements StateChange {

		public JobAccepted(String jobId, String name, Instant at, List<NewStage> stages) {
			this(jobId, name, at, stages, null, null);
		}

	}

	/** A stage of an accepted job. */
	record NewStage(int stageNo, String kind, int numTasks, List<Integer> parents) {
	}

	/**
	 * A job moved to RUNNING, CANCELLING or a final state; {@code error} says why it
	 * failed.
	 */
	record JobStatusChanged(String jobId, JobStatus status, Instant at, String error) implements StateChange {

		public JobStatusChanged(String jobId, JobStatus status, Instant at) {
			this(jobId, status, at, null);
		}

	}

	/** A stage's status; {@code at} also marks its start (first RUNNING) and its end. */
	record StageStatusChanged(String jobId, int stageNo, StageStatus status, int attempt,
			Instant at) implements StateChange {
	}

	/** Shuffle bytes a stage's task wrote and read, added to the stage's totals. */
	record StageShuffle(String jobId, int stageNo, long written, long read) implements StateChange {
	}

	/** Adaptive execution gave a stage this many tasks, before its first one. */
	record StageAdapted(String jobId, int stageNo, int numTasks) implements StateChange {
	}

	/** A task attempt was queued. */
	record AttemptQueued(String jobId, String attemptId, int stageNo, int stageAttempt, int partition, int attempt,
			Instant at) implements StateChange {
	}

	/** A task attempt started on an executor. */
	record AttemptStarted(String jobId, String attemptId, String executorId, Instant at) implements StateChange {
	}

	/**
	 * A task attempt ended, with its counters ({@link StateWriter.AttemptCounters#NONE}
	 * for one that ended without a report; its spills count the operators' and the
	 * shuffle writer's together) and the executor slot it ran on when known.
	 */
	record AttemptEnded(String jobId, String attemptId, TaskStatus status, Instant at, String error,
			StateWriter.AttemptCounters counters) implements StateChange {
	}

	/** An event stored in the {@code events} table. */
	record EventStored(String jobId, String executorId, Instant at, String type,
			String message) implements StateChange {
	}

	/**
	 * An executor registered, or left (LOST, GONE); its document is read from the
	 * registry when sent.
	 */
	record ExecutorChanged(String executorId, String state, String reason) implements StateChange {

		@Override
		public String jobId() {
			return null;
		}

	}

}
