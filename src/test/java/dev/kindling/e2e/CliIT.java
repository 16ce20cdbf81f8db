package dev.kindling.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The command-line client from the packaged jar against a running driver, in a
 * pseudo-terminal ({@code script} from util-linux), as a person would run
 * {@code kindling submit job.json --watch}: the stages' progress bars are drawn in place,
 * the result follows as a table, and the exit status says how the job ended (0 succeeded,
 * 1 failed, 3 cancelled while watched, 5 refused).
 */
class CliIT {

	private static final Path SCRIPT = Path.of("/usr/bin/script");

	@TempDir
	static Path work;

	static KindlingProcess driver;

	@BeforeAll
	static void start() throws IOException {
		assumeTrue(Files.isExecutable(SCRIPT) || System.getenv("CI") != null, "util-linux's script is not installed");
		Path data = Files.createDirectories(work.resolve("data"));
		Files.copy(Path.of("examples", "people.csv"), data.resolve("people.csv"));
		Files.writeString(data.resolve("broken.csv"), "id,age\n1,30\n2,thirty\n3,40\n");
		StringBuilder big = new StringBuilder("id,name\n");
		for (int i = 1; i <= 400_000; i++) {
			big.append(i).append(",Person ").append(i).append('\n');
		}
		Files.writeString(data.resolve("big.csv"), big);
		driver = KindlingProcess.start("cli-driver",
				List.of("--kindling.data.root=" + data, "--kindling.shuffle.partitions=3",
						"--kindling.limits.min-split-size=1KB",
						"--spring.datasource.url=jdbc:h2:file:" + work.resolve("db/kindling") + ";WRITE_DELAY=0"));
		driver.awaitReady(Duration.ofSeconds(120));
	}

	@AfterAll
	static void stop() {
		if (driver != null) {
			driver.stop();
		}
	}

	record Run(int exit, String output) {
	}

	/**
	 * Runs the client in a pseudo-terminal: {@code script -qefc "java -jar ... ARGS"}.
	 */
	private static Run inTerminal(String args) throws IOException, InterruptedException {
		return startInTerminal(args).end();
	}

	/** The client started in a pseudo-terminal, still running. */
	record Running(Process process, Path log) {

		Run end() throws IOException, InterruptedException {
			assertThat(this.process.waitFor(120, TimeUnit.SECONDS)).as("the client ends").isTrue();
			return new Run(this.process.exitValue(), Files.readString(this.log, StandardCharsets.UTF_8));
		}

	}

	private static Running startInTerminal(String args) throws IOException {
		Path log = Files.createTempFile(work, "cli", ".out");
		String command = Path.of(System.getProperty("java.home"), "bin", "java") + " -XX:TieredStopAtLevel=1 -jar "
				+ KindlingProcess.jar().toAbsolutePath() + " " + args;
		Process process = new ProcessBuilder(SCRIPT.toString(), "-qefc", command, "/dev/null").redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.redirectInput(ProcessBuilder.Redirect.PIPE)
			.start();
		return new Running(process, log);
	}

	private Path job(String name, String json) throws IOException {
		return Files.writeString(work.resolve(name + ".json"), json);
	}

	@Test
	void submitWatchDrawsABarPerStageThenTheResultAndExitsZero() throws Exception {
		Path job = job("per-city", """
				{"name": "per-city", "source": {"format": "csv", "path": "people.csv", "header": true,
				  "inferSchema": true, "partitions": 4},
				 "pipeline": [{"op": "filter", "condition": "age > 30"},
				   {"op": "groupBy", "keys": ["city"], "aggregations": ["count(*) AS people"]},
				   {"op": "orderBy", "columns": ["people DESC", "city"]}],
				 "action": {"type": "collect"}}""");
		Run run = inTerminal("submit " + job + " --watch --url " + driver.url());
		assertThat(run.exit()).as(run.output()).isZero();
		String out = run.output();
		assertThat(out).contains("submitted job ");
		assertThat(out).as("bars redrawn in place").contains("\u001b[2K").contains("\u001b[");
		// the map stage, the global sort's sample and range exchange (their task counts
		// are
		// adaptive), the result
		assertThat(out).contains("stage 0 MAP    [##############################] 4/4")
			.containsPattern("stage 1 MAP    \\[#{30}\\] (\\d+)/\\1")
			.containsPattern("stage 2 MAP    \\[#{30}\\] (\\d+)/\\1")
			.containsPattern("stage 3 RESULT \\[#{30}\\] (\\d+)/\\1");
		assertThat(out).containsPattern("job [0-9a-f-]{36} SUCCEEDED in ");
		assertThat(out).contains("|city     |people|").contains("|Trondheim|    20|").contains("(5 rows)");
	}

	@Test
	void aFailedJobExitsOneAndSaysWhy() throws Exception {
		Path job = job("broken", """
				{"name": "broken", "source": {"format": "csv", "path": "broken.csv", "header": true,
				  "schema": "id INT, age INT", "mode": "FAILFAST"},
				 "pipeline": [{"op": "filter", "condition": "age > 0"}], "action": {"type": "count"}}""");
		Run run = inTerminal("submit " + job + " --watch --url " + driver.url());
		assertThat(run.exit()).as(run.output()).isEqualTo(1);
		assertThat(run.output()).containsPattern("job [0-9a-f-]{36} FAILED")
			.contains("the job failed: ")
			.contains("thirty");
	}

	@Test
	void aWatchedJobThatIsCancelledExitsThree() throws Exception {
		Path job = job("slow", """
				{"name": "slow", "source": {"format": "csv", "path": "big.csv", "header": true,
				  "schema": "id INT, name STRING", "partitions": 200},
				 "pipeline": [{"op": "groupBy", "keys": ["name"], "aggregations": ["count(*) AS n"]}],
				 "action": {"type": "count"}}""");
		Running watching = startInTerminal("submit " + job + " --watch --url " + driver.url());
		Api api = new Api(driver.url());
		String id = Api.await(Duration.ofSeconds(60), () -> {
			var items = api.get("/api/v1/jobs?status=RUNNING").body().path("items");
			return items.isEmpty() ? null : items.get(0).path("id").asString();
		}, running -> running != null, "the watched job to run");
		assertThat(api.post("/api/v1/jobs/" + id + "/cancel", "").status()).isEqualTo(202);
		Run run = watching.end();
		assertThat(run.exit()).as(run.output()).isEqualTo(3);
		assertThat(run.output()).contains("job " + id + " CANCELLED");
	}

	@Test
	void anInvalidJobIsRefusedWithTheFieldAtFault() throws Exception {
		Path job = job("typo", """
				{"name": "typo", "source": {"format": "csv", "path": "people.csv", "header": true, "inferSchema": true},
				 "pipeline": [{"op": "filter", "condition": "agee > 30"}], "action": {"type": "count"}}""");
		Run run = inTerminal("submit " + job + " --wait --url " + driver.url());
		assertThat(run.exit()).as(run.output()).isEqualTo(5);
		assertThat(run.output()).contains("400").contains("unknown column 'agee'").contains("/pipeline/0/condition");
	}

}
