package dev.kindling.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import tools.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kindling jobs}: the newest jobs. */
@Command(name = "jobs", description = "List jobs, newest first.")
final class JobsCommand implements Callable<Integer> {

	@ParentCommand
	Cli cli;

	@Spec
	CommandSpec spec;

	@Option(names = "--status", paramLabel = "STATUS",
			description = "Only jobs in this status (QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLING, CANCELLED).")
	String status;

	@Option(names = "--page", defaultValue = "0", description = "Page number, from 0.")
	int page;

	@Option(names = "--size", defaultValue = "20", description = "Jobs per page (default: 20).")
	int size;

	@Option(names = "--json", description = "Print the API's JSON.")
	boolean json;

	@Override
	public Integer call() {
		String query = "?page=" + this.page + "&size=" + this.size
				+ (this.status == null ? "" : "&status=" + this.status.toUpperCase(java.util.Locale.ROOT));
		JsonNode page = this.cli.api().get("/api/v1/jobs" + query);
		var out = this.spec.commandLine().getOut();
		if (this.json) {
			out.println(page.toString());
			return ExitCodes.OK;
		}
		List<List<String>> rows = new ArrayList<>();
		for (JsonNode job : page.path("items")) {
			JsonNode p = job.path("progress");
			rows.add(List.of(job.path("id").asString(""), job.path("name").asString(""),
					job.path("status").asString(""), job.path("submittedAt").asString(""),
					JobWaiter.duration(job.path("durationMs")).replace(" in ", ""),
					p.path("completedPartitions").asInt() + "/" + p.path("totalTasks").asInt()));
		}
		out.print(Tables.plain(List.of("ID", "NAME", "STATUS", "SUBMITTED", "DURATION", "TASKS"), rows));
		// Pages count from 0 on the command line as in the API; the footer says both
		// ways.
		out.println("page " + (page.path("page").asInt() + 1) + " of " + Math.max(1, page.path("totalPages").asInt())
				+ " (--page " + page.path("page").asInt() + "), " + page.path("totalItems").asLong() + " jobs");
		return ExitCodes.OK;
	}

}
