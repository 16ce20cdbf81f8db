package dev.kindling.state;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a job.
 *
 * <pre>
 * QUEUED ──► RUNNING ──► SUCCEEDED
 *   │  │        │ └────► FAILED
 *   │  │        ▼
 *   │  └───► CANCELLING ──► CANCELLED
 *   ├──────────────────────► CANCELLED (cancelled while waiting for a running place)
 *   └──────────────────────► FAILED (could not be resumed, or failed before a task started)
 * </pre>
 *
 * The scheduler moves a live job only where {@link #canMoveTo} allows; a move it refuses
 * is a bug, never a silent change.
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
