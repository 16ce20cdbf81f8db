package dev.kindling.e2e;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

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
 * Scaling executors down in the middle of a job with shuffles, with real JVMs: three
 * executors become one when two get SIGTERM at once (a Deployment scaled from 3 to 1),
 * and later an operator drains one through the API. Each leaving executor finishes its
 * tasks, hands its shuffle output to the executor that stays and leaves; the job's answer
 * is right, no attempt failed, was killed or retried, no fetch failed, and the events say
 * what moved (and what, if anything, was recomputed).
 */
@SlowEndToEnd
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DecommissionIT {

	private static final String SECRET = "decommission-secret-" + new Random().nextInt(1_000_000);

	private static final int ROWS = 1_500_000;

	@TempDir
	static Path work;

	static Path data;

	static KindlingProcess driver;

	static final List<KindlingProcess> executors = new ArrayList<>();

	static Api api;

	/** Per city: rows with age over 30, and their salaries summed. */
	static final Map<String, long[]> expected = new TreeMap<>();

	/**
	 * Two shuffles: the groupBy, then the global sort. Many small map tasks (800) on one
	 * slot per executor: once the leaving executors hold map output, the one that stays
	 * has most of the map stage still to run alone, so the job still needs that output
	 * when it is handed on. With 24 or 48 tasks the job ended during the two or three
	 * seconds the leaving executors took to drain and hand over, and the driver, rightly,
	 * recorded no move for a job that was over.
	 */
	private static final String JOB = """
			{"name": "per-city", "source": {"format": "csv", "path": "people.csv", "header": true,
			  "schema": "id INT, name STRING, age INT, city STRING, salary BIGINT", "partitions": 800},
			 "pipeline": [{"op": "filter", "condition": "age > 30"},
			   {"op": "groupBy", "keys": ["city"], "aggregations": ["count(*) AS n", "sum(salary) AS total"]},
			   {"op": "orderBy", "columns": ["city"]}],
			 "action": {"type": "collect"}}""";

	/**
	 * The same job in 10,000 map tasks, for the drain: there one executor stays beside
	 * the drained one from the start, so by the time the drained one holds map output the
	 * two may have run much of the stage; with 800 tasks a quiet machine finished the job
	 * before the drained executor's report of what it handed on arrived (the drain first
	 * lets its running task finish and its parked poll end).
	 */
	private static final String DRAIN_JOB = JOB.replace("\"partitions\": 800", "\"partitions\": 10000");

	@BeforeAll
	static void startCluster() throws IOException {
		data = Files.createDirectories(work.resolve("data"));
		String[] cities = { "Oslo", "Bergen", "Trondheim", "Stavanger", "Tromso", "Bodo", "Alta", "Molde" };
		Random random = new Random(11);
		try (BufferedWriter w = Files.newBufferedWriter(data.resolve("people.csv"))) {
			w.write("id,name,age,city,salary\n");
			for (int i = 1; i <= ROWS; i++) {
				int age = 18 + random.nextInt(63);
				String city = cities[random.nextInt(cities.length)];
				long salary = 30_000 + random.nextInt(90_000);
				if (age > 30) {
					long[] sums = expected.computeIfAbsent(city, (c) -> new long[2]);
					sums[0]++;
					sums[1] += salary;
				}
				w.write(i + ",Person " + i + "," + age + "," + city + "," + salary + "\n");
			}
		}
		driver = KindlingProcess.start("decommission-driver",
				List.of("--spring.profiles.active=driver", "--kindling.security.allow-anonymous=true",
						"--kindling.limits.min-split-size=1B", "--kindling.data.root=" + data,
						"--kindling.security.shared-secret=" + SECRET, "--kindling.shuffle.partitions=6",
						"--spring.datasource.url=jdbc:h2:mem:decommission"));
		driver.awaitReady(Duration.ofSeconds(120));
		api = new Api(driver.url());
		for (int i = 1; i <= 3; i++) {
			executors.add(executor("decommission-exec" + i));
		}
		for (KindlingProcess e : executors) {
			e.awaitReady(Duration.ofSeconds(120));
		}
		awaitLiveExecutors(3);
	}

	@AfterAll
	static void stopAll() {
		executors.forEach(KindlingProcess::stop);
		if (driver != null) {
			driver.stop();
		}
	}

	private static KindlingProcess executor(String name) {
		return KindlingProcess.start(name,
				List.of("--spring.profiles.active=executor", "--kindling.driver.url=" + driver.url(),
						"--kindling.data.root=" + data, "--kindling.security.shared-secret=" + SECRET,
						"--kindling.executor.slots=1"));
	}

	private static void awaitLiveExecutors(int n) {
		Api.await(Duration.ofSeconds(120), () -> api.get("/api/v1/executors").body().path("items"),
				(body) -> count(body, "ALIVE") == n, n + " live executors");
	}

	private static int count(JsonNode executorList, String state) {
		int n = 0;
		for (JsonNode e : executorList) {
			n += e.path("state").asString().equals(state) ? 1 : 0;
		}
		return n;
	}

	private static String idOf(KindlingProcess executor) {
		for (JsonNode e : api.get("/api/v1/executors").body().path("items")) {
			if (e.path("state").asString().equals("ALIVE")
					&& e.path("url").asString().endsWith(":" + executor.port())) {
				return e.path("id").asString();
			}
		}
		throw new AssertionError("executor on port " + executor.port() + " is not registered");
	}

	/** Every task attempt of a job as "STATUS on EXECUTOR". */
	private static List<String> attempts(String jobId) {
		List<String> out = new ArrayList<>();
		for (JsonNode stage : api.get("/api/v1/jobs/" + jobId + "/stages").body().path("items")) {
			for (JsonNode t : api
				.get("/api/v1/jobs/" + jobId + "/stages/" + stage.path("id").asInt() + "/tasks?size=1000")
				.body()
				.path("items")) {
				out.add(t.path("status").asString() + " on " + t.path("executorId").asString());
			}
		}
		return out;
	}

	/**
	 * The job's events and the executors' (which belong to no job), as "TYPE EXECUTOR
	 * MESSAGE".
	 */
	private static List<String> events(String jobId) {
		List<String> out = new ArrayList<>();
		for (JsonNode e : api.get("/api/v1/jobs/" + jobId + "/events?size=1000").body().path("items")) {
			out.add(line(e));
		}
		for (JsonNode e : api.get("/api/v1/events?size=1000").body().path("items")) {
			if (e.path("jobId").isNull() || e.path("jobId").isMissingNode()) {
				out.add(line(e));
			}
		}
		return out;
	}

	private static String line(JsonNode e) {
		return e.path("type").asString() + " " + e.path("executorId").asString() + " " + e.path("message").asString();
	}

	/**
	 * Waits until the job's map stage has output on each of these executors, and its last
	 * stage has not finished: leaving then loses output the job still needs.
	 */
	private static void awaitMapOutputOn(String jobId, List<String> executorIds) {
		Api.await(Duration.ofSeconds(300), () -> {
			JsonNode job = api.get("/api/v1/jobs/" + jobId).body();
			if (job.path("status").asString().matches("SUCCEEDED|FAILED|CANCELLED")) {
				throw new AssertionError("job " + jobId + " ended before the executors left: make it bigger");
			}
			List<String> succeeded = new ArrayList<>();
			for (JsonNode t : api.get("/api/v1/jobs/" + jobId + "/stages/0/tasks?size=1000").body().path("items")) {
				if (t.path("status").asString().equals("SUCCEEDED")) {
					succeeded.add(t.path("executorId").asString());
				}
			}
			return succeeded;
		}, (succeeded) -> succeeded.containsAll(executorIds), "map output on " + executorIds);
	}

	private static JsonNode awaitEnd(String jobId) {
		return Api.await(Duration.ofSeconds(300), () -> api.get("/api/v1/jobs/" + jobId).body(),
				(j) -> j.path("status").asString().matches("SUCCEEDED|FAILED|CANCELLED"), "job " + jobId + " to end");
	}

	private static void assertRightAnswerWithoutFailures(String jobId) {
		JsonNode job = awaitEnd(jobId);
		assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		Map<String, long[]> actual = new TreeMap<>();
		for (JsonNode row : job.path("result").path("rows")) {
			actual.put(row.get(0).asString(), new long[] { row.get(1).asLong(), row.get(2).asLong() });
		}
		assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
		assertThat(attempts(jobId)).as("no attempt failed or was killed")
			.noneMatch((a) -> a.startsWith("FAILED") || a.startsWith("KILLED"));
		assertThat(events(jobId)).as("no retry, no fetch failure")
			.noneMatch((e) -> e.startsWith("TASK_RETRIED") || e.startsWith("FETCH_FAILED"));
	}

	@Test
	@Order(1)
	void threeExecutorsScaledToOneInTheMiddleOfAJobWithShufflesHandTheirBlocksOnAndNothingFails() {
		KindlingProcess stays = executors.get(0);
		List<KindlingProcess> leaving = List.of(executors.get(1), executors.get(2));
		String staysId = idOf(stays);
		List<String> leavingIds = leaving.stream().map(DecommissionIT::idOf).toList();
		String jobId = api.post("/api/v1/jobs", JOB).body().path("id").asString();
		awaitMapOutputOn(jobId, leavingIds);

		// Two SIGTERMs at once, as a Deployment scaled from 3 to 1.
		List<CompletableFuture<Void>> stops = leaving.stream()
			.map((p) -> CompletableFuture.runAsync(() -> p.stop(Duration.ofSeconds(90))))
			.toList();
		stops.forEach(CompletableFuture::join);

		for (KindlingProcess p : leaving) {
			assertThat(p.exitValue()).as("stopped by SIGTERM, not killed").isEqualTo(143);
		}
		assertRightAnswerWithoutFailures(jobId);
		List<String> events = events(jobId);
		for (String id : leavingIds) {
			assertThat(events).as("%s left on purpose", id)
				.anyMatch((e) -> e.startsWith("EXECUTOR_DECOMMISSIONING " + id));
			assertThat(events).as("%s's shuffle output was handed on or recomputed", id)
				.anyMatch((e) -> e.startsWith("SHUFFLE_MIGRATED " + id) || e.startsWith("SHUFFLE_RECOMPUTED " + id));
		}
		assertThat(events).as("blocks moved to the executor that stays")
			.anyMatch((e) -> e.startsWith("SHUFFLE_MIGRATED ") && e.contains(" to " + staysId));
		JsonNode list = api.get("/api/v1/executors").body().path("items");
		for (String id : leavingIds) {
			assertThat(list).anySatisfy((e) -> {
				assertThat(e.path("id").asString()).isEqualTo(id);
				assertThat(e.path("state").asString()).isEqualTo("GONE");
			});
		}
	}

	@Test
	@Order(2)
	void anExecutorDrainedThroughTheApiHandsItsBlocksOnAndItsProcessExits() {
		KindlingProcess drained = executors.get(0);
		KindlingProcess fresh = executor("decommission-exec4");
		executors.add(fresh);
		fresh.awaitReady(Duration.ofSeconds(120));
		awaitLiveExecutors(2);
		String drainedId = idOf(drained);
		String jobId = api.post("/api/v1/jobs", DRAIN_JOB).body().path("id").asString();
		awaitMapOutputOn(jobId, List.of(drainedId));

		Api.Response answer = api.post("/api/v1/executors/" + drainedId + "/drain", "");

		assertThat(answer.status()).isEqualTo(202);
		assertThat(answer.body().path("state").asString()).isEqualTo("DECOMMISSIONING");
		assertThat(drained.awaitExit(Duration.ofSeconds(90))).as("the drained executor's process exits").isTrue();
		assertThat(drained.exitValue()).isZero();
		assertRightAnswerWithoutFailures(jobId);
		assertThat(events(jobId)).anyMatch(
				(e) -> e.startsWith("EXECUTOR_DECOMMISSIONING " + drainedId) && e.contains("drained by an operator"))
			.anyMatch((e) -> e.startsWith("SHUFFLE_MIGRATED " + drainedId) || e.startsWith("SHUFFLE_RECOMPUTED "));
		Api.Response again = api.post("/api/v1/executors/" + drainedId + "/drain", "");
		assertThat(again.status()).as("a gone executor cannot be drained").isEqualTo(409);
		assertThat(again.body().path("type").asString()).isEqualTo("https://kindling.dev/problems/executor-state");
		assertThat(api.post("/api/v1/executors/exec-nope/drain", "").status()).isEqualTo(404);
	}

}
