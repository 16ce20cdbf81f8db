package dev.kindling.e2e;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM, as {@code docker stop} and Kubernetes send it, on a driver and on executors in
 * the middle of work: nothing waits out a timeout, no job fails, nothing accepted is
 * lost. The one-partition job scans a large file with a costly filter, so its single task
 * runs for seconds.
 */
@SlowEndToEnd
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GracefulShutdownIT {

	private static final String SECRET = "shutdown-secret-" + new Random().nextInt(1_000_000);

	private static final int ROWS = 2_000_000;

	/** Far above what a graceful stop takes, so waiting it out cannot pass for a stop. */
	private static final String LONG_WAIT = "60s";

	@TempDir
	static Path work;

	static Path data;

	static KindlingProcess driver;

	static final List<KindlingProcess> executors = new ArrayList<>();

	static Api api;

	/** Rows whose name holds at least two nines: the slow job's answer. */
	static long expected;

	private static final String SLOW_JOB = """
			{"name": "slow", "source": {"format": "csv", "path": "people.csv", "header": true,
			  "schema": "id INT, name STRING, age INT", "partitions": 1},
			 "pipeline": [{"op": "filter", "condition": "lower(concat(name, name)) LIKE '%9%9%9%9%'"}],
			 "action": {"type": "count"}}""";

	@BeforeAll
	static void startDriver() throws IOException {
		data = Files.createDirectories(work.resolve("data"));
		try (BufferedWriter w = Files.newBufferedWriter(data.resolve("people.csv"))) {
			w.write("id,name,age\n");
			for (int i = 1; i <= ROWS; i++) {
				String id = Integer.toString(i);
				if (id.chars().filter((c) -> c == '9').count() >= 2) {
					expected++;
				}
				w.write(id + ",Person " + id + "," + (18 + i % 60) + "\n");
			}
		}
		// Polls and the shutdown phase may last a minute: a driver that waited for its
		// parked polls would take that long to stop.
		driver = KindlingProcess.start("shutdown-driver",
				List.of("--spring.profiles.active=driver", "--kindling.security.allow-anonymous=true",
						"--kindling.limits.min-split-size=1B", "--kindling.data.root=" + data,
						"--kindling.security.shared-secret=" + SECRET, "--kindling.driver.poll-timeout=" + LONG_WAIT,
						"--spring.lifecycle.timeout-per-shutdown-phase=" + LONG_WAIT,
						"--spring.datasource.url=jdbc:h2:file:" + work.resolve("db/kindling")
								+ ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"));
		driver.awaitReady(Duration.ofSeconds(90));
		api = new Api(driver.url());
	}

	@AfterAll
	static void stopAll() {
		executors.forEach(KindlingProcess::stop);
		if (driver != null) {
			driver.stop();
		}
	}

	private static KindlingProcess startExecutor(String name, String drainTimeout) {
		KindlingProcess executor = KindlingProcess.start(name,
				List.of("--spring.profiles.active=executor", "--kindling.driver.url=" + driver.url(),
						"--kindling.data.root=" + data, "--kindling.security.shared-secret=" + SECRET,
						"--kindling.executor.slots=2", "--kindling.executor.drain-timeout=" + drainTimeout));
		executors.add(executor);
		executor.awaitReady(Duration.ofSeconds(90));
		return executor;
	}

	private static String executorIdOf(KindlingProcess executor) {
		JsonNode alive = Api.await(Duration.ofSeconds(60), () -> api.get("/api/v1/executors").body().path("items"),
				(body) -> {
					for (JsonNode e : body) {
						if (e.path("state").asString().equals("ALIVE")
								&& e.path("url").asString().endsWith(":" + executor.port())) {
							return true;
						}
					}
					return false;
				}, "the executor on port " + executor.port() + " to register");
		for (JsonNode e : alive) {
			if (e.path("state").asString().equals("ALIVE")
					&& e.path("url").asString().endsWith(":" + executor.port())) {
				return e.path("id").asString();
			}
		}
		throw new AssertionError("not registered: " + alive);
	}

	private static JsonNode tasks(String jobId) {
		return api.get("/api/v1/jobs/" + jobId + "/stages/0/tasks?size=1000").body().path("items");
	}

	private static void awaitTaskRunningOn(String jobId, String executorId) {
		Api.await(Duration.ofSeconds(60), () -> tasks(jobId), (tasks) -> {
			for (JsonNode t : tasks) {
				if (t.path("status").asString().equals("RUNNING")
						&& t.path("executorId").asString().equals(executorId)) {
					return true;
				}
			}
			return false;
		}, "job " + jobId + "'s task to run on " + executorId);
	}

	private static JsonNode awaitSucceeded(String jobId) {
		JsonNode job = Api.await(Duration.ofSeconds(180), () -> api.get("/api/v1/jobs/" + jobId).body(),
				(j) -> j != null && j.path("status").asString().matches("SUCCEEDED|FAILED|CANCELLED"),
				"job " + jobId + " to end");
		assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("result").path("count").asLong()).isEqualTo(expected);
		return job;
	}

	/** Seconds a SIGTERMed process took to exit; fails if it had to be SIGKILLed. */
	private static double stopGracefully(KindlingProcess process) {
		long start = System.nanoTime();
		process.stop();
		double seconds = (System.nanoTime() - start) / 1e9;
		assertThat(process.isAlive()).isFalse();
		assertThat(process.exitValue()).as("exit code (137: it was SIGKILLed)").isEqualTo(143);
		return seconds;
	}

	@Test
	@Order(1)
	void aStoppingDriverAnswersHeldRequestsAtOnceAndResumesTheJobAfterARestart() throws Exception {
		KindlingProcess executor = startExecutor("shutdown-exec-a", "10s");
		String executorId = executorIdOf(executor);
		CompletableFuture<Api.Response> waiting = CompletableFuture
			.supplyAsync(() -> api.post("/api/v1/jobs?wait=" + LONG_WAIT, SLOW_JOB));
		String jobId = Api
			.await(Duration.ofSeconds(30), () -> api.get("/api/v1/jobs?size=1").body(),
					(page) -> page.path("items").size() == 1, "the job to be accepted")
			.path("items")
			.get(0)
			.path("id")
			.asString();
		awaitTaskRunningOn(jobId, executorId);
		// The executor's other slot polls and is parked on the driver.
		Api.await(Duration.ofSeconds(30),
				() -> api.get("/actuator/metrics/kindling.polls.parked").body().path("measurements").get(0),
				(m) -> m.path("value").asDouble() >= 1, "a parked poll");

		double seconds = stopGracefully(driver);

		assertThat(seconds).as("seconds to stop, against a %s poll timeout", LONG_WAIT).isLessThan(30);
		Api.Response answer = waiting.get(10, TimeUnit.SECONDS);
		assertThat(answer.status()).as("the waiting submission is answered as if its wait ran out: %s", answer.text())
			.isEqualTo(202);
		assertThat(answer.body().path("id").asString()).isEqualTo(jobId);

		driver.restart();
		driver.awaitReady(Duration.ofSeconds(90));
		awaitSucceeded(jobId);
	}

	@Test
	@Order(2)
	void anExecutorStoppedPastItsDrainTimeoutHandsItsTaskBackAndNoJobFails() throws IOException {
		executors.forEach(KindlingProcess::stop);
		if (!driver.isAlive()) {
			driver.restart();
			driver.awaitReady(Duration.ofSeconds(90));
		}
		KindlingProcess leaving = startExecutor("shutdown-exec-b", "0s");
		String leavingId = executorIdOf(leaving);
		String jobId = api.post("/api/v1/jobs", SLOW_JOB).body().path("id").asString();
		awaitTaskRunningOn(jobId, leavingId);

		stopGracefully(leaving);
		startExecutor("shutdown-exec-c", "10s");

		awaitSucceeded(jobId);
		List<String> attempts = new ArrayList<>();
		for (JsonNode t : tasks(jobId)) {
			attempts.add(t.path("status").asString() + " on " + t.path("executorId").asString());
		}
		assertThat(attempts).as("handed back, not killed or failed").contains("LOST on " + leavingId);
		assertThat(attempts).filteredOn((a) -> a.startsWith("KILLED") || a.startsWith("FAILED")).isEmpty();
		assertThat(attempts).filteredOn((a) -> a.startsWith("SUCCEEDED")).hasSize(1);
		assertThat(api.get("/api/v1/jobs/" + jobId + "/events").text()).doesNotContain("TASK_RETRIED");
	}

}
