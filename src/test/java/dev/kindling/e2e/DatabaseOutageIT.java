package dev.kindling.e2e;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The driver on PostgreSQL, and PostgreSQL stopped for ten seconds while jobs run, then
 * started again on the same data and port: readiness goes DOWN and comes back, liveness
 * stays UP (the outage is shorter than the grace), a submission in between is answered
 * 503 with Retry-After and leaves no job behind, and every job accepted before ends
 * SUCCEEDED with the right answer, with no task failed.
 */
@SlowEndToEnd
class DatabaseOutageIT {

	private static final String SECRET = "outage-" + new Random().nextInt(1_000_000);

	@TempDir
	static Path work;

	static Path pgData;

	static int pgPort;

	static EmbeddedPostgres postgres;

	static KindlingProcess driver;

	static KindlingProcess executor;

	static Api api;

	/** 10,000 lines, counted. */
	static final long LINES = 10_000;

	/** city → people older than 30. */
	static final Map<String, Long> adultsPerCity = new java.util.TreeMap<>();

	@BeforeAll
	static void start() throws Exception {
		pgData = work.resolve("pg");
		pgPort = KindlingProcess.freePort();
		postgres = startPostgres();
		try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
			s.execute("create database kindling");
		}
		Path data = Files.createDirectories(work.resolve("data"));
		try (BufferedWriter w = Files.newBufferedWriter(data.resolve("lines.csv"))) {
			w.write("n\n");
			for (int i = 0; i < LINES; i++) {
				w.write("123456789\n");
			}
		}
		String[] cities = { "Oslo", "Bergen", "Tromso", "Alta" };
		Random random = new Random(3);
		try (BufferedWriter w = Files.newBufferedWriter(data.resolve("people.csv"))) {
			w.write("id,age,city\n");
			for (int i = 0; i < 50_000; i++) {
				int age = 18 + random.nextInt(63);
				String city = cities[random.nextInt(cities.length)];
				if (age > 30) {
					adultsPerCity.merge(city, 1L, Long::sum);
				}
				w.write(i + "," + age + "," + city + "\n");
			}
		}
		driver = KindlingProcess.start("outage-driver",
				List.of("--spring.profiles.active=driver", "--kindling.security.allow-anonymous=true",
						"--kindling.limits.min-split-size=1B", "--kindling.data.root=" + data,
						"--kindling.security.shared-secret=" + SECRET, "--kindling.shuffle.partitions=4",
						"--spring.datasource.url=jdbc:postgresql://localhost:" + pgPort + "/kindling",
						"--spring.datasource.username=postgres", "--spring.datasource.password=unused"));
		driver.awaitReady(Duration.ofSeconds(90));
		executor = KindlingProcess.start("outage-exec",
				List.of("--spring.profiles.active=executor", "--kindling.driver.url=" + driver.url(),
						"--kindling.data.root=" + data, "--kindling.security.shared-secret=" + SECRET,
						"--kindling.executor.slots=2"));
		executor.awaitReady(Duration.ofSeconds(90));
		api = new Api(driver.url());
		Api.await(Duration.ofSeconds(90), () -> api.get("/api/v1/executors").body().path("items"),
				body -> body.toString().contains("\"ALIVE\""), "a live executor");
	}

	private static EmbeddedPostgres startPostgres() throws IOException {
		return EmbeddedPostgres.builder()
			.setDataDirectory(pgData)
			.setCleanDataDirectory(false)
			.setPort(pgPort)
			.setServerConfig("synchronous_commit", "on")
			.start();
	}

	@AfterAll
	static void stop() throws IOException {
		if (executor != null) {
			executor.stop();
		}
		if (driver != null) {
			driver.stop();
		}
		if (postgres != null) {
			postgres.close();
		}
	}

	private static int status(String path) {
		try {
			return api.get(path).status();
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	private static String submit(String job) {
		Api.Response r = api.post("/api/v1/jobs", job);
		assertThat(r.status()).as(r.text()).isEqualTo(202);
		return r.body().path("id").asString();
	}

	private static String countLines(int partitions) {
		return """
				{"name": "lines", "source": {"format": "csv", "path": "lines.csv", "header": true, "schema": "n INT",
				  "partitions": %d}, "pipeline": [], "action": {"type": "count"}}""".formatted(partitions);
	}

	private static final String PER_CITY = """
			{"name": "per-city", "source": {"format": "csv", "path": "people.csv", "header": true,
			  "schema": "id INT, age INT, city STRING", "partitions": 400},
			 "pipeline": [{"op": "filter", "condition": "age > 30"},
			   {"op": "groupBy", "keys": ["city"], "aggregations": ["count(*) AS n"]},
			   {"op": "orderBy", "columns": ["city"]}],
			 "action": {"type": "collect"}}""";

	@Test
	void jobsPauseWhileTheDatabaseIsDownAndAllFinishRightOnceItIsBack() throws Exception {
		List<String> lineJobs = new ArrayList<>(List.of(submit(countLines(3000)), submit(countLines(2000))));
		String perCity = submit(PER_CITY);
		Api.await(Duration.ofSeconds(60), () -> api.get("/api/v1/jobs/" + lineJobs.get(0)).body(),
				job -> job.path("progress").path("completedPartitions").asInt() >= 20, "the first job to run");

		postgres.close();
		long stoppedAt = System.nanoTime();
		Api.await(Duration.ofSeconds(20), () -> status("/actuator/health/readiness"), s -> s == 503,
				"readiness to go DOWN");
		Api.Response refused = api.post("/api/v1/jobs", countLines(10));
		assertThat(refused.status()).as(refused.text()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(refused.body().path("type").asString())
			.isEqualTo("https://kindling.dev/problems/database-unavailable");
		assertThat(status("/actuator/health/liveness")).as("10 s is within the liveness grace").isEqualTo(200);
		long left = Duration.ofSeconds(10).toNanos() - (System.nanoTime() - stoppedAt);
		KindlingProcess.pause(Math.max(0, left / 1_000_000));
		assertThat(status("/actuator/health/liveness")).isEqualTo(200);

		postgres = startPostgres();
		Api.await(Duration.ofSeconds(60), () -> status("/actuator/health/readiness"), s -> s == 200,
				"readiness to come back");

		for (String id : lineJobs) {
			JsonNode job = Api.await(Duration.ofSeconds(180), () -> api.get("/api/v1/jobs/" + id).body(),
					j -> j.path("status").asString().equals("SUCCEEDED")
							|| j.path("status").asString().equals("FAILED"),
					"job " + id + " to end");
			assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
			assertThat(job.path("result").path("count").asLong()).isEqualTo(LINES);
			assertThat(job.path("progress").path("failedTasks").asInt()).as("paused, not failed").isZero();
		}
		JsonNode grouped = Api.await(Duration.ofSeconds(180), () -> api.get("/api/v1/jobs/" + perCity).body(),
				j -> j.path("status").asString().equals("SUCCEEDED") || j.path("status").asString().equals("FAILED"),
				"the groupBy job to end");
		assertThat(grouped.path("status").asString()).as(grouped.toString()).isEqualTo("SUCCEEDED");
		Map<String, Long> actual = new LinkedHashMap<>();
		grouped.path("result").path("rows").forEach(r -> actual.put(r.get(0).asString(), r.get(1).asLong()));
		assertThat(actual).isEqualTo(adultsPerCity);
		assertThat(api.get("/api/v1/jobs?size=100").body().path("totalItems").asLong())
			.as("the refused submission left no job behind")
			.isEqualTo(3);
	}

}
