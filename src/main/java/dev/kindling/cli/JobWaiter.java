package dev.kindling.cli;

import java.io.PrintWriter;

import tools.jackson.databind.JsonNode;

/** Waits for a submitted job, with progress bars when asked, then prints its outcome. */
final class JobWaiter {

	private JobWaiter() {
	}

	/**
	 * Follows the job to its end; prints its result (first {@code limit} rows) or error.
	 */
	static int await(Cli cli, PrintWriter out, PrintWriter err, String jobId, boolean watch, int limit) {
		ApiClient api = cli.api();
		ProgressView view = watch ? new ProgressView(out, cli.terminal) : null;
		JsonNode job = new JobFollower(api).follow(jobId, event -> {
			if (view != null) {
				view.onEvent(event);
			}
		});
		return outcome(api, out, err, job, limit);
	}

	static int outcome(ApiClient api, PrintWriter out, PrintWriter err, JsonNode job, int limit) {
		String id = job.path("id").asString("");
		String status = job.path("status").asString("");
		out.println("job " + id + " " + status + duration(job.path("durationMs")));
		switch (status) {
			case "SUCCEEDED" -> out.print(Tables.result(api.get("/api/v1/jobs/" + id + "/result?limit=" + limit)));
			case "FAILED" -> err.println("kindling: the job failed: " + job.path("error").path("message").asString(""));
			default -> {
			}
		}
		out.flush();
		return ExitCodes.of(status);
	}

	static String duration(JsonNode ms) {
		if (ms == null || ms.isMissingNode() || ms.isNull()) {
			return "";
		}
		long millis = ms.asLong();
		if (millis < 1000) {
			return " in " + millis + " ms";
		}
		if (millis < 60_000) {
			return String.format(" in %.2f s", millis / 1000.0);
		}
		return String.format(" in %d m %02d s", millis / 60_000, (millis / 1000) % 60);
	}

}
