package dev.kindling.job;

/**
 * The life of a task attempt:
 *
 * <pre>
 * QUEUED ──► RUNNING ──► SUCCEEDED | FAILED | KILLED | LOST
 *   └────────────────────► KILLED (job cancelled before it started) | LOST (driver restarted)
 * </pre>
 *
 * Every attempt is its own row, so a retried task shows each try with its error.
 */
public enum TaskStatus {

	QUEUED, RUNNING, SUCCEEDED, FAILED, KILLED, LOST;

	public boolean isFinal() {
		return this != QUEUED && this != RUNNING;
	}

}
