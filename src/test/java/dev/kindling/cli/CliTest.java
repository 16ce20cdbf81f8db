package dev.kindling.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's command line, exit statuses and tables, without a driver. */
class CliTest {

	record Run(int code, String out, String err) {
	}

	private static Run run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8), false);
		return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	@Test
	void theJarRunsTheClientOnlyForItsCommands() {
		assertThat(Cli.isCommand(new String[] { "submit", "job.json" })).isTrue();
		assertThat(Cli.isCommand(new String[] { "jobs" })).isTrue();
		assertThat(Cli.isCommand(new String[] { "--spring.profiles.active=driver" })).isFalse();
		assertThat(Cli.isCommand(new String[0])).isFalse();
	}

	@Test
	void helpListsTheCommandsAndTheExitStatuses() {
		Run help = run("help");
		assertThat(help.code()).isZero();
		assertThat(help.out()).contains("submit", "jobs", "status", "result", "cancel", "sql", "KINDLING_URL",
				"the driver could not be reached");
	}

	@Test
	void aWrongCommandLineIsABadUsage() {
		assertThat(run("submit").code()).as("no FILE").isEqualTo(ExitCodes.USAGE);
		assertThat(run("submit", "job.json", "--wait", "--watch").code()).as("both").isEqualTo(ExitCodes.USAGE);
		assertThat(run("jobs", "--page", "x").code()).isEqualTo(ExitCodes.USAGE);
		Run missing = run("submit", "/nonexistent/job.json", "--url", "http://localhost:1");
		assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
		assertThat(missing.err()).contains("cannot read /nonexistent/job.json");
	}

	@Test
	void aDriverThatCannotBeReachedHasItsOwnExitStatus() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Run jobs = run("jobs", "--url", "http://localhost:" + port);
		assertThat(jobs.code()).isEqualTo(ExitCodes.UNREACHABLE);
		assertThat(jobs.err()).contains("cannot reach the driver at http://localhost:" + port)
			.contains("connection refused")
			.doesNotContain("Exception");
		assertThat(run("--url", "http://localhost:" + port, "status", "some-id").code()).as("--url before the command")
			.isEqualTo(ExitCodes.UNREACHABLE);
	}

	@Test
	void rowsArePrintedAsSparksShowDrawsThem() {
		String table = Tables.result(ApiClient.parse("""
				{"schema":[{"name":"city","type":"string"},{"name":"people","type":"bigint"}],
				 "rows":[["Oslo",12],["Trondheim",3],[null,1]],"totalRows":5}"""));
		assertThat(table).isEqualTo("""
				+---------+------+
				|city     |people|
				+---------+------+
				|Oslo     |    12|
				|Trondheim|     3|
				|null     |     1|
				+---------+------+
				showing the first 3 of 5 rows
				""");
		assertThat(Tables.result(ApiClient.parse("{\"count\":73}"))).isEqualTo("count: 73\n");
	}

	@Test
	void aStagesBarShowsItsDoneAndRunningTasks() {
		ProgressView.Stage stage = new ProgressView.Stage(0, "MAP", "RUNNING", 10, 5, 2, 0);
		assertThat(ProgressView.line(stage))
			.isEqualTo("  stage 0 MAP    [###############>>>>>>---------] 5/10  running 2  RUNNING");
		assertThat(Tables.plain(List.of("A", "BB"), List.of(List.of("xxx", "y")))).isEqualTo("A    BB\nxxx  y\n");
	}

}
