package dev.kindling.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a job.
 *
 * <pre>
 * QUEUED ──► RUNNING ──► SUCCEEDED
 *   │           │ └────► FAILED
 *   │           ▼
 *   └──────► CANCELLING ──► CANCELLED
 * </pre>
 *
 * A queued job may also fail at once (a source vanished before it ran).
 */
public enum JobStatus {

	QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLING, CANCELLED;

	public boolean isFinal() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

	public boolean canMoveTo(JobStatus next) {
		return allowed().contains(next);
	}

	private Set<JobStatus> allowed() {
		return switch (this) {
			case QUEUED -> EnumSet.of(RUNNING, FAILED, CANCELLING, CANCELLED);
			case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLING);
			case CANCELLING -> EnumSet.of(CANCELLED);
			case SUCCEEDED, FAILED, CANCELLED -> EnumSet.noneOf(JobStatus.class);
		};
	}

}
