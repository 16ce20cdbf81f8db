package dev.kindling.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import tools.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kindling sql "SELECT ..."}: a SQL job, waited for, its rows as a table. */
@Command(name = "sql", description = "Run a SQL query as a job and print its rows (tables are files under the "
		+ "data root, as the driver's SQL support names them).")
final class SqlCommand implements Callable<Integer> {

	@ParentCommand
	Cli cli;

	@Spec
	CommandSpec spec;

	@Parameters(paramLabel = "QUERY",
			description = "The query, e.g. \"SELECT city, count(*) FROM people GROUP BY city\"")
	String query;

	@Option(names = "--watch", description = "Draw a progress bar per stage while it runs.")
	boolean watch;

	@Option(names = "--limit", defaultValue = "20", description = "Rows to print (default: 20).")
	int limit;

	@Override
	public Integer call() {
		Map<String, Object> job = new LinkedHashMap<>();
		job.put("name", "sql");
		job.put("sql", this.query);
		job.put("action", Map.of("type", "collect"));
		ApiClient api = this.cli.api();
		JsonNode submitted = api.post("/api/v1/jobs", ApiClient.JSON.writeValueAsString(job));
		String id = submitted.path("id").asString("");
		return JobWaiter.await(this.cli, this.spec.commandLine().getOut(), this.spec.commandLine().getErr(), id,
				this.watch, this.limit);
	}

}
