package dev.kindling.cli;

/** What the client's exit status says happened. */
final class ExitCodes {

	/** The command did what was asked; a job it waited for SUCCEEDED. */
	static final int OK = 0;

	/** The job FAILED. */
	static final int FAILED = 1;

	/** The command line was wrong (picocli's usage error status). */
	static final int USAGE = 2;

	/** The job was CANCELLED. */
	static final int CANCELLED = 3;

	/** The driver could not be reached. */
	static final int UNREACHABLE = 4;

	/**
	 * The driver refused the request: an invalid job, an unknown id, a missing API key, a
	 * job not in a state that allows it.
	 */
	static final int REFUSED = 5;

	private ExitCodes() {
	}

	/** The status for a job that ended (or 0 for one that has not). */
	static int of(String jobStatus) {
		return switch (String.valueOf(jobStatus)) {
			case "FAILED" -> FAILED;
			case "CANCELLED" -> CANCELLED;
			default -> OK;
		};
	}

}
