package dev.kindling.e2e;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real faults on real processes: a driver and three executor JVMs; executors and the
 * driver are killed with SIGKILL in the middle of jobs, a task fails on every attempt, a
 * job is cancelled. After each test no accepted job is lost or stuck in a non-final
 * state.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {

	private static final String SECRET = "fault-secret-" + new Random().nextInt(1_000_000);

	private static final String[] CITIES = { "Oslo", "Bergen", "Trondheim", "Stavanger", "Tromso", "Bodo", "Alta",
			"Molde" };

	@TempDir
	static Path work;

	static Path data;

	static KindlingProcess driver;

	static final List<KindlingProcess> executors = new ArrayList<>();

	static final Set<String> submitted = new HashSet<>();

	/** The oracle: city → [count, sum of salary] over people older than 30. */
	static final Map<String, long[]> expected = new TreeMap<>();

	static Api api;

	@BeforeAll
	static void startCluster() throws IOException {
		data = Files.createDirectories(work.resolve("data"));
		generate(data.resolve("people.csv"), 1_500_000);
		driver = KindlingProcess.start("fault-driver",
				List.of("--spring.profiles.active=driver", "--kindling.security.allow-anonymous=true",
						"--kindling.limits.min-split-size=1B", "--kindling.data.root=" + data,
						"--kindling.security.shared-secret=" + SECRET, "--kindling.executor.timeout=4s",
						"--kindling.executor.heartbeat-interval=500ms", "--kindling.shuffle.partitions=6",
						"--spring.datasource.url=jdbc:h2:file:" + work.resolve("db/kindling") + ";WRITE_DELAY=0"));
		driver.awaitReady(Duration.ofSeconds(90));
		api = new Api(driver.url());
		for (int i = 1; i <= 3; i++) {
			executors.add(KindlingProcess.start("fault-exec" + i,
					List.of("--spring.profiles.active=executor", "--kindling.driver.url=" + driver.url(),
							"--kindling.data.root=" + data, "--kindling.security.shared-secret=" + SECRET,
							"--kindling.executor.slots=1")));
		}
		for (KindlingProcess e : executors) {
			e.awaitReady(Duration.ofSeconds(90));
		}
		awaitAliveExecutors(3);
	}

	@AfterAll
	static void stopCluster() {
		executors.forEach(KindlingProcess::stop);
		if (driver != null) {
			driver.stop();
		}
	}

	private static void generate(Path file, int rows) throws IOException {
		Random random = new Random(7);
		try (BufferedWriter w = Files.newBufferedWriter(file)) {
			w.write("id,name,age,city,salary\n");
			for (int i = 1; i <= rows; i++) {
				int age = 18 + random.nextInt(63);
				String city = CITIES[random.nextInt(CITIES.length)];
				long salary = 30_000 + random.nextInt(90_000);
				if (age > 30) {
					long[] agg = expected.computeIfAbsent(city, c -> new long[2]);
					agg[0]++;
					agg[1] += salary;
				}
				w.write(i + ",Person " + i + "," + age + "," + city + "," + salary + "\n");
			}
		}
	}

	private static final String GROUP_JOB = """
			{"name": "per-city", "source": {"format": "csv", "path": "people.csv", "header": true,
			  "schema": "id INT, name STRING, age INT, city STRING, salary BIGINT", "partitions": 40},
			 "pipeline": [{"op": "filter", "condition": "age > 30"},
			   {"op": "groupBy", "keys": ["city"], "aggregations": ["count(*) AS n", "sum(salary) AS total"]},
			   {"op": "orderBy", "columns": ["city"]}],
			 "action": {"type": "collect"}}""";

	private static String submit(String job) {
		Api.Response r = api.post("/api/v1/jobs", job);
		assertThat(r.status()).as(r.text()).isEqualTo(202);
		String id = r.body().path("id").asString();
		submitted.add(id);
		return id;
	}

	private static JsonNode awaitFinal(String id, Duration timeout) {
		return Api.await(timeout, () -> api.get("/api/v1/jobs/" + id).body(),
				job -> job != null
						&& List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(job.path("status").asString()),
				"job " + id + " to finish");
	}

	private static void awaitRunning(String id) {
		Api.await(Duration.ofSeconds(60), () -> api.get("/api/v1/jobs/" + id).body(),
				job -> job.path("progress").path("completedPartitions").asInt() >= 1
						|| job.path("status").asString().equals("SUCCEEDED"),
				"job " + id + " to make progress");
	}

	private static void awaitAliveExecutors(int n) {
		Api.await(Duration.ofSeconds(90), () -> api.get("/api/v1/executors").body().path("items"), body -> {
			int alive = 0;
			for (JsonNode e : body) {
				alive += e.path("state").asString().equals("ALIVE") ? 1 : 0;
			}
			return alive == n;
		}, n + " live executors");
	}

	private static void assertPerCityResult(JsonNode job) {
		assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		Map<String, long[]> actual = new TreeMap<>();
		for (JsonNode row : job.path("result").path("rows")) {
			actual.put(row.get(0).asString(), new long[] { row.get(1).asLong(), row.get(2).asLong() });
		}
		assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
		expected.forEach((city, agg) -> assertThat(actual.get(city)).as(city).containsExactly(agg));
	}

	/** No accepted job was lost and none is stuck in a non-final state. */
	@AfterEach
	void everyAcceptedJobEndedAndNoneIsLost() {
		JsonNode page = Api.await(Duration.ofSeconds(120), () -> api.get("/api/v1/jobs?size=500").body(), body -> {
			for (JsonNode job : body.path("items")) {
				if (!List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(job.path("status").asString())) {
					return false;
				}
			}
			return true;
		}, "every job to be final");
		Set<String> listed = new HashSet<>();
		page.path("items").forEach(job -> listed.add(job.path("id").asString()));
		assertThat(listed).containsAll(submitted);
	}

	@Test
	@Order(1)
	void aJobSurvivesAnExecutorKilledInTheMiddleAndShowsTheRetriedAttempts() {
		String id = submit(GROUP_JOB);
		awaitRunning(id);
		KindlingProcess victim = executors.get(0);
		victim.kill();
		JsonNode job = awaitFinal(id, Duration.ofSeconds(180));
		assertPerCityResult(job);
		// The lost executor's work ran again elsewhere: some partition has more than one
		// attempt.
		boolean retried = false;
		for (JsonNode stage : api.get("/api/v1/jobs/" + id + "/stages").body().path("items")) {
			Map<Integer, Integer> attempts = new HashMap<>();
			for (JsonNode t : api.get("/api/v1/jobs/" + id + "/stages/" + stage.path("id").asInt() + "/tasks?size=1000")
				.body()
				.path("items")) {
				attempts.merge(t.path("partition").asInt(), 1, Integer::sum);
			}
			retried |= attempts.values().stream().anyMatch(n -> n > 1);
		}
		assertThat(retried).as("some partition ran more than once").isTrue();
		JsonNode events = api.get("/api/v1/events").body().path("items");
		assertThat(events.toString()).contains("EXECUTOR_LOST");
		// The killed executor comes back, registers again and gets work.
		try {
			victim.restart();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		victim.awaitReady(Duration.ofSeconds(90));
		awaitAliveExecutors(3);
	}

	@Test
	@Order(2)
	void aJobSurvivesTheDriverKilledInTheMiddle() throws IOException {
		String id = submit(GROUP_JOB);
		awaitRunning(id);
		driver.kill();
		driver.restart();
		driver.awaitReady(Duration.ofSeconds(90));
		JsonNode job = awaitFinal(id, Duration.ofSeconds(180));
		assertPerCityResult(job);
		awaitAliveExecutors(3);
	}

	@Test
	@Order(3)
	void aTaskThatAlwaysFailsFailsTheJobAfterExactlyFourAttemptsWithItsError() {
		String id = submit("""
				{"name": "doomed", "source": {"format": "csv", "path": "people.csv", "header": true,
				  "schema": "id INT, name STRING, age INT, city STRING, salary BIGINT", "partitions": 1},
				 "pipeline": [{"op": "filter", "condition": "raise_error('the sky is falling') IS NULL"}],
				 "action": {"type": "count"}}""");
		JsonNode job = awaitFinal(id, Duration.ofSeconds(120));
		assertThat(job.path("status").asString()).isEqualTo("FAILED");
		assertThat(job.path("error").path("message").asString()).contains("the sky is falling")
			.contains("failed 4 times");
		JsonNode tasks = api.get("/api/v1/jobs/" + id + "/stages/0/tasks?size=1000").body().path("items");
		assertThat(tasks).hasSize(4);
		Set<String> executorsTried = new HashSet<>();
		for (JsonNode t : tasks) {
			assertThat(t.path("status").asString()).isEqualTo("FAILED");
			assertThat(t.path("error").asString()).contains("the sky is falling");
			executorsTried.add(t.path("executorId").asString());
		}
		assertThat(executorsTried).as("retries move to other executors").hasSizeGreaterThan(1);
	}

	@Test
	@Order(5)
	void anExecutorStoppedGracefullyDeregistersAndItsWorkCarriesOnElsewhere() {
		String id = submit(GROUP_JOB);
		awaitRunning(id);
		KindlingProcess leaving = executors.get(2);
		leaving.stop();
		assertThat(leaving.isAlive()).isFalse();
		JsonNode job = awaitFinal(id, Duration.ofSeconds(180));
		assertPerCityResult(job);
		JsonNode gone = Api.await(Duration.ofSeconds(30), () -> api.get("/api/v1/executors").body().path("items"),
				body -> body.toString().contains("\"GONE\""), "the stopped executor to be GONE");
		assertThat(gone.toString()).contains("GONE");
		assertThat(api.get("/api/v1/events").body().path("items").toString()).contains("EXECUTOR_GONE");
	}

	@Test
	@Order(4)
	void aCancelledJobLeavesNoTaskRunningOnAnyExecutor() {
		String id = submit("""
				{"name": "cancelled", "source": {"format": "csv", "path": "people.csv", "header": true,
				  "schema": "id INT, name STRING, age INT, city STRING, salary BIGINT", "partitions": 3000},
				 "pipeline": [{"op": "filter", "condition": "lower(name) LIKE '%9%9%'"}],
				 "action": {"type": "count"}}""");
		awaitRunning(id);
		Api.Response cancel = api.post("/api/v1/jobs/" + id + "/cancel", "");
		assertThat(cancel.status()).as(cancel.text()).isEqualTo(202);
		JsonNode job = awaitFinal(id, Duration.ofSeconds(30));
		assertThat(job.path("status").asString()).isEqualTo("CANCELLED");
		Api.await(Duration.ofSeconds(10), () -> api.get("/api/v1/executors").body().path("items"), body -> {
			for (JsonNode e : body) {
				if (e.path("state").asString().equals("ALIVE") && !e.path("runningAttempts").isEmpty()) {
					return false;
				}
			}
			return true;
		}, "no task running on any executor");
		for (JsonNode t : api.get("/api/v1/jobs/" + id + "/stages/0/tasks?size=1000").body().path("items")) {
			assertThat(t.path("status").asString()).isIn("SUCCEEDED", "KILLED");
		}
		assertThat(api.post("/api/v1/jobs/" + id + "/cancel", "").status()).as("cancelling again is harmless")
			.isEqualTo(202);
	}

}
