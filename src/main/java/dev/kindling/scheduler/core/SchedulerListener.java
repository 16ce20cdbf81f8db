package dev.kindling.scheduler.core;

import java.time.Duration;
import java.util.List;

import dev.kindling.state.EventType;
import dev.kindling.state.JobStatus;
import dev.kindling.state.StageStatus;
import dev.kindling.state.TaskStatus;

/**
 * What the scheduler tells about jobs, stages and tasks as they change: metrics, the
 * events table, and later a live event stream listen here. Called under the scheduler's
 * lock, in order: an implementation hands the news on and never blocks.
 */
public interface SchedulerListener {

	/** Hears nothing. */
	SchedulerListener NONE = new SchedulerListener() {
	};

	/** One listener that tells each of these, in order. */
	static SchedulerListener all(List<SchedulerListener> listeners) {
		return new SchedulerListener() {

			@Override
			public void jobSubmitted(String jobId) {
				listeners.forEach(l -> l.jobSubmitted(jobId));
			}

			@Override
			public void jobStarted(String jobId) {
				listeners.forEach(l -> l.jobStarted(jobId));
			}

			@Override
			public void jobEnded(String jobId, JobStatus status, Duration sinceSubmit) {
				listeners.forEach(l -> l.jobEnded(jobId, status, sinceSubmit));
			}

			@Override
			public void stageChanged(String jobId, int stageId, int attempt, StageStatus status) {
				listeners.forEach(l -> l.stageChanged(jobId, stageId, attempt, status));
			}

			@Override
			public void taskStarted(String jobId, String attemptId, String executorId) {
				for (SchedulerListener l : listeners) {
					l.taskStarted(jobId, attemptId, executorId);
				}
			}

			@Override
			public void taskEnded(String jobId, String attemptId, TaskStatus status, long durationMs) {
				for (SchedulerListener l : listeners) {
					l.taskEnded(jobId, attemptId, status, durationMs);
				}
			}

			@Override
			public void taskSpilled(String jobId, String attemptId, long spills, long bytes) {
				listeners.forEach(l -> l.taskSpilled(jobId, attemptId, spills, bytes));
			}

			@Override
			public void taskRetried(String jobId, String attemptId) {
				listeners.forEach(l -> l.taskRetried(jobId, attemptId));
			}

			@Override
			public void event(EventType type, String jobId, String executorId, String message) {
				listeners.forEach(l -> l.event(type, jobId, executorId, message));
			}

		};
	}

	/** A job was accepted (or resumed after a restart). */
	default void jobSubmitted(String jobId) {
	}

	/** A job's first task started. */
	default void jobStarted(String jobId) {
	}

	/** A job's end is stored and acknowledged. */
	default void jobEnded(String jobId, JobStatus status, Duration sinceSubmit) {
	}

	default void stageChanged(String jobId, int stageId, int attempt, StageStatus status) {
	}

	default void taskStarted(String jobId, String attemptId, String executorId) {
	}

	default void taskEnded(String jobId, String attemptId, TaskStatus status, long durationMs) {
	}

	/**
	 * A reported attempt spilled to local disk {@code spills} times, writing
	 * {@code bytes} (its operators and its shuffle writer together).
	 */
	default void taskSpilled(String jobId, String attemptId, long spills, long bytes) {
	}

	/** A failed task runs again. */
	default void taskRetried(String jobId, String attemptId) {
	}

	/** Something worth a line in the events table. */
	default void event(EventType type, String jobId, String executorId, String message) {
	}

}
