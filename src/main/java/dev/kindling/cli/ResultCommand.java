package dev.kindling.cli;

import java.util.concurrent.Callable;

import tools.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kindling result ID}: a finished job's result. */
@Command(name = "result", description = "Print a job's result: its count, rows as a table, or what it wrote.")
final class ResultCommand implements Callable<Integer> {

	@ParentCommand
	Cli cli;

	@Spec
	CommandSpec spec;

	@Parameters(paramLabel = "ID", description = "The job's id.")
	String id;

	@Option(names = "--limit", defaultValue = "20", description = "Rows to print (default: 20).")
	int limit;

	@Option(names = "--json", description = "Print the API's JSON.")
	boolean json;

	@Override
	public Integer call() {
		ApiClient api = this.cli.api();
		JsonNode job = api.get("/api/v1/jobs/" + this.id);
		String status = job.path("status").asString("");
		if (!status.equals("SUCCEEDED")) {
			String why = status.equals("FAILED") ? ": " + job.path("error").path("message").asString("") : "";
			throw new CliException(JobFollower.isFinal(job) ? ExitCodes.of(status) : ExitCodes.REFUSED,
					"job " + this.id + " is " + status + why + "; a result exists once it has SUCCEEDED");
		}
		JsonNode result = api.get("/api/v1/jobs/" + this.id + "/result?limit=" + this.limit);
		var out = this.spec.commandLine().getOut();
		out.print(this.json ? result.toString() + "\n" : Tables.result(result));
		return ExitCodes.OK;
	}

}
