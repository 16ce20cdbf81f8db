package dev.kindling.e2e;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the driver acknowledged survives a SIGKILL, with the H2 file URL an operator
 * writes by hand ({@code --spring.datasource.url=jdbc:h2:file:/some/dir/kindling}, no
 * {@code WRITE_DELAY}): a job killed right after its 202 is there after a restart on the
 * same database and finishes with the right answer; a job's end answered with 200 is
 * still that end after the restart.
 */
@SlowEndToEnd
class DurableAcknowledgementIT {

	private static final String SECRET = "durable-" + new Random().nextInt(1_000_000);

	@TempDir
	static Path work;

	static KindlingProcess driver;

	static KindlingProcess executor;

	static Api api;

	static long adults;

	@BeforeAll
	static void startCluster() throws IOException {
		Path data = Files.createDirectories(work.resolve("data"));
		Random random = new Random(11);
		try (BufferedWriter w = Files.newBufferedWriter(data.resolve("lines.csv"))) {
			w.write("n\n");
			for (int i = 0; i < 10_000; i++) {
				w.write("123456789\n");
			}
		}
		try (BufferedWriter w = Files.newBufferedWriter(data.resolve("people.csv"))) {
			w.write("id,age\n");
			for (int i = 0; i < 300_000; i++) {
				int age = 18 + random.nextInt(63);
				adults += age > 30 ? 1 : 0;
				w.write(i + "," + age + "\n");
			}
		}
		driver = KindlingProcess.start("durable-driver",
				List.of("--spring.profiles.active=driver", "--kindling.security.allow-anonymous=true",
						"--kindling.limits.min-split-size=1B", "--kindling.data.root=" + data,
						"--kindling.security.shared-secret=" + SECRET, "--kindling.executor.timeout=4s",
						"--kindling.executor.heartbeat-interval=500ms",
						"--spring.datasource.url=jdbc:h2:file:" + work.resolve("db/kindling")));
		driver.awaitReady(Duration.ofSeconds(90));
		executor = KindlingProcess.start("durable-exec",
				List.of("--spring.profiles.active=executor", "--kindling.driver.url=" + driver.url(),
						"--kindling.data.root=" + data, "--kindling.security.shared-secret=" + SECRET,
						"--kindling.executor.slots=2"));
		executor.awaitReady(Duration.ofSeconds(90));
		api = new Api(driver.url());
		awaitExecutor();
	}

	@AfterAll
	static void stopCluster() {
		if (executor != null) {
			executor.stop();
		}
		if (driver != null) {
			driver.stop();
		}
	}

	private static void awaitExecutor() {
		Api.await(Duration.ofSeconds(90), () -> api.get("/api/v1/executors").body().path("items"),
				body -> body.toString().contains("\"ALIVE\""), "a live executor");
	}

	private static void killAndRestartDriver() throws IOException {
		driver.kill();
		driver.restart();
		driver.awaitReady(Duration.ofSeconds(90));
	}

	private static final String ADULTS = """
			{"name": "adults", "source": {"format": "csv", "path": "people.csv", "header": true,
			  "schema": "id INT, age INT", "partitions": 8},
			 "pipeline": [{"op": "filter", "condition": "age > 30"}],
			 "action": {"type": "count"}}""";

	/** Thousands of tiny tasks: the database commits all the time while it runs. */
	private static final String BUSY = """
			{"name": "busy", "source": {"format": "csv", "path": "lines.csv", "header": true, "schema": "n INT",
			  "partitions": 3000}, "pipeline": [], "action": {"type": "count"}}""";

	@Test
	void aJobKilledRightAfterIts202IsThereAfterARestartAndFinishes() throws IOException {
		awaitExecutor();
		Api.Response busy = api.post("/api/v1/jobs", BUSY);
		assertThat(busy.status()).as(busy.text()).isEqualTo(202);
		String busyId = busy.body().path("id").asString();
		Api.await(Duration.ofSeconds(60), () -> api.get("/api/v1/jobs/" + busyId).body(),
				job -> job.path("progress").path("completedPartitions").asInt() >= 20, "the busy job to run");
		Api.Response accepted = api.post("/api/v1/jobs", ADULTS);
		assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
		String id = accepted.body().path("id").asString();

		killAndRestartDriver();

		Api.Response found = api.get("/api/v1/jobs/" + id);
		assertThat(found.status()).as("the acknowledged job survived the kill").isEqualTo(200);
		JsonNode done = Api.await(Duration.ofSeconds(180), () -> api.get("/api/v1/jobs/" + id).body(),
				job -> job.path("status").asString().equals("SUCCEEDED"), "the resumed job to finish");
		assertThat(done.path("result").path("count").asLong()).isEqualTo(adults);
		JsonNode busyDone = Api.await(Duration.ofSeconds(180), () -> api.get("/api/v1/jobs/" + busyId).body(),
				job -> job.path("status").asString().equals("SUCCEEDED"), "the busy job to finish");
		assertThat(busyDone.path("result").path("count").asLong()).isEqualTo(10_000);
	}

	@Test
	void aJobsEndAnsweredWith200IsStillItsEndAfterAKill() throws IOException {
		awaitExecutor();
		Api.Response finished = api.post("/api/v1/jobs?wait=120s", ADULTS);
		assertThat(finished.status()).as(finished.text()).isEqualTo(200);
		assertThat(finished.body().path("status").asString()).isEqualTo("SUCCEEDED");
		String id = finished.body().path("id").asString();

		killAndRestartDriver();

		JsonNode job = api.get("/api/v1/jobs/" + id).body();
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("result").path("count").asLong()).isEqualTo(adults);
		assertThat(job.path("finishedAt").asString()).isEqualTo(finished.body().path("finishedAt").asString());
	}

}
