package dev.kindling.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import tools.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kindling status ID}: a job and its stages. */
@Command(name = "status", description = "Show a job: status, times, stages and their tasks. Exits 1 when the job "
		+ "FAILED, 3 when it was CANCELLED, 0 otherwise.")
final class StatusCommand implements Callable<Integer> {

	@ParentCommand
	Cli cli;

	@Spec
	CommandSpec spec;

	@Parameters(paramLabel = "ID", description = "The job's id.")
	String id;

	@Option(names = "--json", description = "Print the API's JSON.")
	boolean json;

	@Override
	public Integer call() {
		JsonNode job = this.cli.api().get("/api/v1/jobs/" + this.id);
		var out = this.spec.commandLine().getOut();
		String status = job.path("status").asString("");
		if (this.json) {
			out.println(job.toString());
			return ExitCodes.of(status);
		}
		out.println("job       " + job.path("id").asString("") + " (" + job.path("name").asString("") + ")");
		out.println("status    " + status + JobWaiter.duration(job.path("durationMs")));
		out.println("submitted " + job.path("submittedAt").asString("-"));
		JsonNode p = job.path("progress");
		out.println(
				"tasks     " + p.path("completedPartitions").asInt() + "/" + p.path("totalTasks").asInt() + " done, "
						+ p.path("runningTasks").asInt() + " running, " + p.path("failedTasks").asInt() + " failed");
		List<List<String>> rows = new ArrayList<>();
		for (JsonNode s : job.path("stages")) {
			JsonNode sp = s.path("progress");
			rows.add(List.of(s.path("id").asString(""), s.path("kind").asString(""), s.path("status").asString(""),
					sp.path("completedPartitions").asInt() + "/" + sp.path("totalTasks").asInt(),
					sp.path("runningTasks").asString("0"), sp.path("failedTasks").asString("0"),
					s.path("shuffleBytesWritten").asString("0")));
		}
		out.print(Tables.plain(List.of("STAGE", "KIND", "STATUS", "TASKS", "RUNNING", "FAILED", "SHUFFLE WRITTEN"),
				rows));
		if (job.path("error").isObject()) {
			out.println("error     " + job.path("error").path("message").asString(""));
		}
		return ExitCodes.of(status);
	}

}
