package dev.kindling.e2e;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed workflow across real processes: a driver JVM and two executor JVMs that reach
 * it over HTTP, a generated CSV of 120k rows split into several partitions, and a driver
 * restart that keeps the finished job readable.
 */
class SeedWorkflowIT {

	private static final String SECRET = "it-secret-" + new Random().nextInt(1_000_000);

	@TempDir
	static Path work;

	static KindlingProcess driver;

	static KindlingProcess executor1;

	static KindlingProcess executor2;

	static long expectedAdults;

	static long rows;

	@BeforeAll
	static void startCluster() throws IOException {
		Path data = Files.createDirectories(work.resolve("data"));
		generatePeople(data.resolve("people.csv"), 120_000);
		driver = KindlingProcess.start("driver",
				List.of("--spring.profiles.active=driver", "--kindling.security.allow-anonymous=true",
						"--kindling.limits.min-split-size=1B", "--kindling.data.root=" + data,
						"--kindling.security.shared-secret=" + SECRET,
						"--spring.datasource.url=jdbc:h2:file:" + work.resolve("db/kindling") + ";WRITE_DELAY=0"));
		driver.awaitReady(Duration.ofSeconds(60));
		executor1 = startExecutor(data, "exec1");
		executor2 = startExecutor(data, "exec2");
		Api api = new Api(driver.url());
		Api.await(Duration.ofSeconds(60), () -> api.get("/api/v1/executors").body().path("items"),
				body -> count(body, "ALIVE") == 2, "two live executors");
	}

	private static KindlingProcess startExecutor(Path data, String name) {
		KindlingProcess p = KindlingProcess.start(name,
				List.of("--spring.profiles.active=executor", "--kindling.driver.url=" + driver.url(),
						"--kindling.data.root=" + data, "--kindling.security.shared-secret=" + SECRET,
						"--kindling.executor.slots=2"));
		p.awaitReady(Duration.ofSeconds(60));
		return p;
	}

	@AfterAll
	static void stopCluster() {
		for (KindlingProcess p : new KindlingProcess[] { executor1, executor2, driver }) {
			if (p != null) {
				p.stop();
			}
		}
	}

	private static long count(JsonNode executors, String state) {
		long n = 0;
		for (JsonNode e : executors) {
			if (state.equals(e.path("state").asString())) {
				n++;
			}
		}
		return n;
	}

	/**
	 * Writes people with ages 18..80 and counts the adults over 30 while writing, as the
	 * oracle.
	 */
	private static void generatePeople(Path file, int n) throws IOException {
		Random random = new Random(42);
		String[] cities = { "Oslo", "Bergen", "Trondheim", "Stavanger", "Tromso", "Bodo" };
		try (BufferedWriter w = Files.newBufferedWriter(file)) {
			w.write("id,name,age,city,salary,joined\n");
			for (int i = 1; i <= n; i++) {
				int age = 18 + random.nextInt(63);
				if (age > 30) {
					expectedAdults++;
				}
				String name = random.nextInt(10) == 0 ? "\"Person, " + i + "\"" : "Person " + i;
				w.write(i + "," + name + "," + age + "," + cities[random.nextInt(cities.length)] + ","
						+ (30_000 + random.nextInt(90_000)) + ".50,20" + (10 + random.nextInt(15)) + "-0"
						+ (1 + random.nextInt(9)) + "-1" + random.nextInt(10) + "\n");
			}
		}
		rows = n;
	}

	@Test
	void countsAdultsAcrossPartitionsOnBothExecutorsAndKeepsTheResultOverADriverRestart() throws IOException {
		Api api = new Api(driver.url());
		String job = """
				{"name": "seed", "source": {"format": "csv", "path": "people.csv", "header": true,
				  "inferSchema": true, "partitions": 8},
				 "pipeline": [{"op": "filter", "condition": "age > 30"}],
				 "action": {"type": "count"}}""";
		Api.Response response = api.post("/api/v1/jobs?wait=120s", job);
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		JsonNode body = response.body();
		assertThat(body.path("status").asString()).as(response.text()).isEqualTo("SUCCEEDED");
		assertThat(body.path("result").path("count").asLong()).isEqualTo(expectedAdults);
		assertThat(body.path("progress").path("completedPartitions").asInt()).isEqualTo(8);
		String id = body.path("id").asString();

		Api.Response tasks = api.get("/api/v1/jobs/" + id + "/stages/0/tasks?size=1000");
		Set<String> executors = new HashSet<>();
		long rowsRead = 0;
		for (JsonNode task : tasks.body().path("items")) {
			assertThat(task.path("status").asString()).isEqualTo("SUCCEEDED");
			executors.add(task.path("executorId").asString());
			rowsRead += task.path("rowsIn").asLong();
		}
		assertThat(executors).as("executors that ran the job's tasks").hasSize(2);
		assertThat(rowsRead).as("every line read exactly once across the splits").isEqualTo(rows);

		driver.stop();
		driver.restart();
		driver.awaitReady(Duration.ofSeconds(60));
		Api.Response after = api.get("/api/v1/jobs/" + id);
		assertThat(after.body().path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(after.body().path("result").path("count").asLong()).isEqualTo(expectedAdults);
		Api.Response result = api.get("/api/v1/jobs/" + id + "/result");
		assertThat(result.body().path("count").asLong()).isEqualTo(expectedAdults);
		// The executors find the restarted driver again and take new work.
		Api.await(Duration.ofSeconds(60), () -> api.get("/api/v1/executors").body().path("items"),
				b -> count(b, "ALIVE") == 2, "executors re-registered after the driver restart");
		Api.Response again = api.post("/api/v1/jobs?wait=120s", job);
		assertThat(again.body().path("result").path("count").asLong()).isEqualTo(expectedAdults);
	}

}
