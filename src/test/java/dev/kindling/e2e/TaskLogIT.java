package dev.kindling.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failing task's own log lines, readable through the API after its executor JVM has
 * exited normally (issue 15): a driver and one executor JVM, a job whose task fails on
 * every attempt with {@code raise_error}, then the executor is stopped (SIGTERM,
 * graceful) and the log of each failed attempt is read from the driver.
 */
class TaskLogIT {

	private static final String SECRET = "task-log-secret-" + new Random().nextInt(1_000_000);

	@TempDir
	static Path work;

	static KindlingProcess driver;

	static KindlingProcess executor;

	@AfterAll
	static void stopAll() {
		if (executor != null) {
			executor.stop();
		}
		if (driver != null) {
			driver.stop();
		}
	}

	@Test
	void aFailedAttemptsLogAndErrorAreReadableAfterItsExecutorExited() throws IOException {
		Path data = Files.createDirectories(work.resolve("data"));
		Files.writeString(data.resolve("n.csv"), "n\n1\n2\n3\n");
		driver = KindlingProcess.start("tasklog-driver",
				List.of("--spring.profiles.active=driver", "--kindling.security.allow-anonymous=true",
						"--kindling.data.root=" + data, "--kindling.security.shared-secret=" + SECRET,
						"--kindling.task.max-attempts=2",
						"--spring.datasource.url=jdbc:h2:file:" + work.resolve("db/kindling") + ";WRITE_DELAY=0"));
		driver.awaitReady(Duration.ofSeconds(90));
		Api api = new Api(driver.url());
		executor = KindlingProcess.start("tasklog-exec",
				List.of("--spring.profiles.active=executor", "--kindling.driver.url=" + driver.url(),
						"--kindling.data.root=" + data, "--kindling.security.shared-secret=" + SECRET,
						"--kindling.executor.slots=1"));
		executor.awaitReady(Duration.ofSeconds(90));

		Api.Response failed = api.post("/api/v1/jobs?wait=60s", """
				{"name": "doomed", "source": {"format": "csv", "path": "n.csv", "header": true, "schema": "n INT"},
				 "pipeline": [{"op": "filter", "condition": "raise_error(concat('boom at n=', n)) IS NULL"}],
				 "action": {"type": "count"}}""");
		assertThat(failed.status()).as(failed.text()).isEqualTo(200);
		assertThat(failed.body().path("status").asString()).isEqualTo("FAILED");
		String job = failed.body().path("id").asString();

		// A task that succeeds says so in its own log; the executor's log keeps quiet
		// about it (DEBUG), while the failures above are WARN lines there.
		Api.Response fine = api.post("/api/v1/jobs?wait=60s",
				"{\"source\": {\"format\": \"csv\", \"path\": \"n.csv\", \"header\": true, "
						+ "\"schema\": \"n INT\"}, \"action\": {\"type\": \"count\"}}");
		assertThat(fine.body().path("status").asString()).as(fine.text()).isEqualTo("SUCCEEDED");
		String fineJob = fine.body().path("id").asString();
		String fineAttempt = api.get("/api/v1/jobs/" + fineJob + "/stages/0/tasks").body().at("/items/0/id").asString();
		List<String> fineLines = new ArrayList<>();
		api.get("/api/v1/jobs/" + fineJob + "/stages/0/tasks/" + fineAttempt + "/log")
			.body()
			.path("log")
			.forEach((l) -> fineLines.add(l.asString()));
		assertThat(fineLines).hasSize(2);
		assertThat(fineLines.get(0)).contains("INFO TaskExecution - attempt " + fineAttempt + " of job " + fineJob)
			.contains("started on");
		assertThat(fineLines.get(1)).contains("attempt " + fineAttempt + " succeeded: 3 rows in");
		assertThat(executor.log()).doesNotContain(fineAttempt).contains("failed: boom at n=1");

		executor.stop();
		assertThat(executor.isAlive()).as("the executor JVM has exited").isFalse();
		assertThat(executor.log()).contains("Graceful shutdown");

		List<JsonNode> attempts = new ArrayList<>();
		api.get("/api/v1/jobs/" + job + "/stages/0/tasks?size=1000").body().path("items").forEach(attempts::add);
		assertThat(attempts).hasSize(2).allSatisfy((a) -> {
			assertThat(a.path("status").asString()).isEqualTo("FAILED");
			assertThat(a.path("error").asString()).isEqualTo("boom at n=1");
			assertThat(a.at("/errorDetail/exception").asString()).endsWith("RaisedError");
			assertThat(a.at("/errorDetail/frames")).isNotEmpty();
			a.at("/errorDetail/frames").forEach((f) -> assertThat(f.asString()).startsWith("dev.kindling."));
		});

		for (JsonNode a : attempts) {
			String path = "/api/v1/jobs/" + job + "/stages/0/tasks/" + a.path("id").asString() + "/log";
			Api.Response log = api.get(path);
			assertThat(log.status()).as(log.text()).isEqualTo(200);
			List<String> lines = new ArrayList<>();
			log.body().path("log").forEach((l) -> lines.add(l.asString()));
			assertThat(log.body().path("total").asInt()).isEqualTo(lines.size());
			assertThat(String.join("\n", lines)).contains(a.path("id").asString() + " of job " + job)
				.contains("started on")
				.contains("failed: boom at n=1")
				.contains("RaisedError: boom at n=1")
				.contains("\tat dev.kindling.")
				.doesNotContain("\tat java.util.concurrent.ThreadPoolExecutor");
			// Paged as Livy's: two lines from the second.
			Api.Response page = api.get(path + "?from=1&size=2");
			assertThat(page.body().path("from").asInt()).isEqualTo(1);
			assertThat(page.body().path("size").asInt()).isEqualTo(2);
			assertThat(page.body().path("log").get(0).asString()).isEqualTo(lines.get(1));
		}
		assertThat(api.get("/api/v1/jobs/" + job + "/stages/0/tasks/nope/log").status()).isEqualTo(404);
	}

}
