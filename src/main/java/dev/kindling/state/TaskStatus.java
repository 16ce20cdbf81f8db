package dev.kindling.state;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a task attempt.
 *
 * <pre>
 * QUEUED ──► RUNNING ──► SUCCEEDED | FAILED | KILLED | LOST
 *   └────────────────────► KILLED (not needed any more before it started) | LOST (the driver restarted)
 * </pre>
 *
 * Every attempt is its own row, so a retried task shows each try with its error.
 */
public enum TaskStatus {

	QUEUED, RUNNING, SUCCEEDED, FAILED, KILLED, LOST;

	public boolean isFinal() {
		return this != QUEUED && this != RUNNING;
	}

	public boolean canMoveTo(TaskStatus next) {
		return allowed().contains(next);
	}

	private Set<TaskStatus> allowed() {
		return switch (this) {
			case QUEUED -> EnumSet.of(RUNNING, KILLED, LOST);
			case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, KILLED, LOST);
			case SUCCEEDED, FAILED, KILLED, LOST -> EnumSet.noneOf(TaskStatus.class);
		};
	}

}
