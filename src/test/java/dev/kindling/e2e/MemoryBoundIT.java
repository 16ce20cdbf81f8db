package dev.kindling.e2e;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory stays bounded: an executor JVM with a 128 MB heap scans, filters and aggregates
 * a CSV file two and a half times the size of its heap (issue 7 asks for a 1 GB file in
 * 512 MB; the bench runs that one), with the right answers and no attempt lost to an
 * OutOfMemoryError.
 */
@SlowEndToEnd
class MemoryBoundIT {

	private static final String SECRET = "memory-secret-" + new Random().nextInt(1_000_000);

	private static final String EXECUTOR_HEAP = "128m";

	private static final long FILE_BYTES = 320L << 20;

	@TempDir
	static Path work;

	static Path file;

	static KindlingProcess driver;

	static KindlingProcess executor;

	static Api api;

	static long over40;

	static final Map<String, long[]> perCity = new TreeMap<>();

	@BeforeAll
	static void startCluster() throws IOException {
		Path data = Files.createDirectories(work.resolve("data"));
		file = data.resolve("big.csv");
		Random random = new Random(7);
		long bytes = 0;
		try (BufferedWriter w = Files.newBufferedWriter(file)) {
			w.write("id,city,age,salary\n");
			StringBuilder line = new StringBuilder(64);
			for (long id = 0; bytes < FILE_BYTES; id++) {
				String city = "city" + random.nextInt(40);
				int age = 18 + random.nextInt(60);
				long salary = 20_000 + random.nextInt(100_000);
				if (age > 40) {
					over40++;
				}
				long[] agg = perCity.computeIfAbsent(city, c -> new long[2]);
				agg[0]++;
				agg[1] += salary;
				line.setLength(0);
				line.append(id)
					.append(',')
					.append(city)
					.append(',')
					.append(age)
					.append(',')
					.append(salary)
					.append('\n');
				w.append(line);
				bytes += line.length();
			}
		}
		driver = KindlingProcess.start("memory-driver",
				List.of("--spring.profiles.active=driver", "--kindling.security.allow-anonymous=true",
						"--kindling.data.root=" + data, "--kindling.security.shared-secret=" + SECRET,
						"--kindling.shuffle.partitions=4", "--spring.datasource.url=jdbc:h2:mem:memory"));
		driver.awaitReady(Duration.ofSeconds(90));
		api = new Api(driver.url());
		executor = KindlingProcess.start("memory-exec", EXECUTOR_HEAP,
				List.of("--spring.profiles.active=executor", "--kindling.driver.url=" + driver.url(),
						"--kindling.data.root=" + data, "--kindling.security.shared-secret=" + SECRET,
						"--kindling.executor.slots=2"));
		executor.awaitReady(Duration.ofSeconds(90));
		Api.await(Duration.ofSeconds(90), () -> api.get("/api/v1/executors").body().path("items"),
				body -> body.size() == 1, "the executor");
	}

	@AfterAll
	static void stopCluster() {
		for (KindlingProcess p : new KindlingProcess[] { executor, driver }) {
			if (p != null) {
				p.stop();
			}
		}
	}

	@Test
	void anExecutorWithA128MbHeapFiltersAndGroupsAFileTwiceItsSize() throws IOException {
		assertThat(Files.size(file)).isGreaterThan(2 * (128L << 20));

		JsonNode count = succeeded("""
				{"name": "filter-count", "source": {"format": "csv", "path": "big.csv", "header": true,
				  "inferSchema": true},
				 "pipeline": [{"op": "filter", "condition": "age > 40"}],
				 "action": {"type": "count"}}""");
		assertThat(count.path("result").path("count").asLong()).isEqualTo(over40);

		JsonNode grouped = succeeded("""
				{"name": "group", "source": {"format": "csv", "path": "big.csv", "header": true,
				  "inferSchema": true},
				 "pipeline": [{"op": "groupBy", "keys": ["city"],
				               "aggregations": ["count(*) AS n", "sum(salary) AS total"]}],
				 "action": {"type": "collect"}}""");
		Map<String, List<Long>> actual = new TreeMap<>();
		grouped.path("result")
			.path("rows")
			.forEach(row -> actual.put(row.get(0).asString(), List.of(row.get(1).asLong(), row.get(2).asLong())));
		Map<String, List<Long>> expected = new TreeMap<>();
		perCity.forEach((city, agg) -> expected.put(city, List.of(agg[0], agg[1])));
		assertThat(actual).isEqualTo(expected);

		for (JsonNode job : List.of(count, grouped)) {
			JsonNode progress = job.path("progress");
			assertThat(progress.path("failedTasks").asInt()).as("attempts that failed").isZero();
			assertThat(progress.path("succeededTasks").asInt()).isEqualTo(progress.path("totalTasks").asInt());
		}
		assertThat(executor.isAlive()).isTrue();
		assertThat(executor.log()).doesNotContain("OutOfMemoryError");
	}

	private static JsonNode succeeded(String job) {
		Api.Response response = api.post("/api/v1/jobs?wait=110s", job);
		assertThat(response.body().path("status").asString()).as(response.text()).isEqualTo("SUCCEEDED");
		return response.body();
	}

}
