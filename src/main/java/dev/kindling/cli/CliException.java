package dev.kindling.cli;

/** Ends a command with a message for the user and an exit status. */
class CliException extends RuntimeException {

	private final int exitCode;

	CliException(int exitCode, String message) {
		super(message);
		this.exitCode = exitCode;
	}

	int exitCode() {
		return this.exitCode;
	}

	static CliException unreachable(String url, Exception cause) {
		String why = (cause instanceof java.net.ConnectException) ? "connection refused"
				: (cause instanceof java.net.http.HttpTimeoutException) ? "timed out"
						: (cause.getMessage() == null) ? "connection failed" : cause.getMessage();
		return new CliException(ExitCodes.UNREACHABLE,
				"cannot reach the driver at " + url + " (" + why + "); is it running? Set --url or KINDLING_URL");
	}

}
