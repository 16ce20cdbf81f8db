package dev.kindling.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import tools.jackson.databind.JsonNode;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kindling submit FILE [--wait | --watch]}. */
@Command(name = "submit", description = "Submit a job document (a JSON file, or - for standard input).")
final class SubmitCommand implements Callable<Integer> {

	@ParentCommand
	Cli cli;

	@Spec
	CommandSpec spec;

	@Parameters(paramLabel = "FILE", description = "The job document, e.g. examples/count-adults.json")
	String file;

	static final class Follow {

		@Option(names = "--wait", description = "Wait for the job's end, then print its result.")
		boolean waitForEnd;

		@Option(names = "--watch", description = "Draw a progress bar per stage while it runs, then print its result.")
		boolean watch;

	}

	@ArgGroup(exclusive = true)
	Follow follow;

	@Option(names = "--dry-run", description = "Only plan and check the job: print its physical plan.")
	boolean dryRun;

	@Option(names = "--limit", defaultValue = "20", description = "Rows of the result to print (default: 20).")
	int limit;

	@Override
	public Integer call() {
		String document = read(this.file);
		ApiClient api = this.cli.api();
		var out = this.spec.commandLine().getOut();
		if (this.dryRun) {
			JsonNode plan = api.post("/api/v1/jobs?dryRun=true", document);
			out.print(plan.path("physical").asString(""));
			return ExitCodes.OK;
		}
		JsonNode job = api.post("/api/v1/jobs", document);
		String id = job.path("id").asString("");
		out.println("submitted job " + id + " (" + job.path("name").asString("") + ")");
		out.flush();
		if (this.follow == null) {
			out.println("follow it: kindling status " + id);
			return ExitCodes.OK;
		}
		return JobWaiter.await(this.cli, out, this.spec.commandLine().getErr(), id, this.follow.watch, this.limit);
	}

	static String read(String file) {
		try {
			return file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
					: Files.readString(Path.of(file));
		}
		catch (IOException ex) {
			throw new CliException(ExitCodes.USAGE, "cannot read " + file + ": " + ex.getMessage());
		}
	}

}
