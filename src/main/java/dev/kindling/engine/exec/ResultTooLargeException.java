package dev.kindling.engine.exec;

/**
 * A task's collected rows passed the result budget its job had left: it stops producing
 * instead of shipping bytes the driver would refuse.
 */
public final class ResultTooLargeException extends RuntimeException {

	private final long bytes;

	private final long budget;

	public ResultTooLargeException(long bytes, long budget) {
		super("the task's rows reached " + bytes + " bytes, more than the " + budget
				+ " bytes left of the job's result budget");
		this.bytes = bytes;
		this.budget = budget;
	}

	/** The size its rows had reached, as JSON, when it stopped. */
	public long bytes() {
		return this.bytes;
	}

	/** What was left of the job's result budget. */
	public long budget() {
		return this.budget;
	}

}
