package dev.kindling.cli;

import java.util.concurrent.Callable;

import tools.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kindling cancel ID}. */
@Command(name = "cancel", description = "Cancel a job: its running tasks are killed on their executors. A job that "
		+ "already finished cannot be cancelled (exit 5).")
final class CancelCommand implements Callable<Integer> {

	@ParentCommand
	Cli cli;

	@Spec
	CommandSpec spec;

	@Parameters(paramLabel = "ID", description = "The job's id.")
	String id;

	@Override
	public Integer call() {
		JsonNode job = this.cli.api().post("/api/v1/jobs/" + this.id + "/cancel", "");
		this.spec.commandLine().getOut().println("job " + this.id + " " + job.path("status").asString(""));
		return ExitCodes.OK;
	}

}
