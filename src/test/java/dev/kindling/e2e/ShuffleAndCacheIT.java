package dev.kindling.e2e;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data moving between executor processes: reduce tasks fetch shuffle blocks over HTTP
 * from the other executor JVM (with a shuffle memory so small that map output spills to
 * data files, and a small read-ahead, so blocks are served and read as streams), a global
 * sort range-partitioned over several reducers gives one order, and a second job on a
 * cached dataset reads no CSV bytes at all. The shuffle writers' spills show on their
 * tasks and stage in the job API.
 */
class ShuffleAndCacheIT {

	private static final String SECRET = "shuffle-secret-" + new Random().nextInt(1_000_000);

	@TempDir
	static Path work;

	static KindlingProcess driver;

	static KindlingProcess executor1;

	static KindlingProcess executor2;

	static final Map<String, Long> expected = new TreeMap<>();

	static Api api;

	@BeforeAll
	static void startCluster() throws IOException {
		Path data = Files.createDirectories(work.resolve("data"));
		Random random = new Random(3);
		try (BufferedWriter w = Files.newBufferedWriter(data.resolve("sales.csv"))) {
			w.write("id,region,amount\n");
			for (int i = 0; i < 200_000; i++) {
				String region = "r" + random.nextInt(50);
				long amount = random.nextInt(1000);
				expected.merge(region, amount, Long::sum);
				w.write(i + "," + region + "," + amount + "\n");
			}
		}
		driver = KindlingProcess.start("shuffle-driver",
				List.of("--spring.profiles.active=driver", "--kindling.security.allow-anonymous=true",
						"--kindling.limits.min-split-size=1B", "--kindling.data.root=" + data,
						"--kindling.security.shared-secret=" + SECRET, "--kindling.shuffle.partitions=4",
						"--spring.datasource.url=jdbc:h2:mem:shuffle"));
		driver.awaitReady(Duration.ofSeconds(90));
		api = new Api(driver.url());
		executor1 = executor(data, "shuffle-exec1");
		executor2 = executor(data, "shuffle-exec2");
		Api.await(Duration.ofSeconds(90), () -> api.get("/api/v1/executors").body().path("items"),
				body -> body.size() == 2, "two executors");
	}

	private static KindlingProcess executor(Path data, String name) {
		KindlingProcess p = KindlingProcess.start(name,
				List.of("--spring.profiles.active=executor", "--kindling.driver.url=" + driver.url(),
						"--kindling.data.root=" + data, "--kindling.security.shared-secret=" + SECRET,
						"--kindling.executor.slots=2", "--kindling.executor.shuffle-memory=32KB",
						"--kindling.shuffle.max-bytes-in-flight=64KB"));
		p.awaitReady(Duration.ofSeconds(90));
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

	@Test
	void reduceTasksFetchShuffleBlocksFromTheOtherExecutorProcess() {
		Api.Response response = api.post("/api/v1/jobs?wait=120s", """
				{"name": "per-region", "source": {"format": "csv", "path": "sales.csv", "header": true,
				  "inferSchema": true, "partitions": 8},
				 "pipeline": [{"op": "groupBy", "keys": ["region"], "aggregations": ["sum(amount) AS total"]}],
				 "action": {"type": "collect"}}""");
		JsonNode job = response.body();
		assertThat(job.path("status").asString()).as(response.text()).isEqualTo("SUCCEEDED");
		Map<String, Long> actual = new TreeMap<>();
		job.path("result").path("rows").forEach(row -> actual.put(row.get(0).asString(), row.get(1).asLong()));
		assertThat(actual).isEqualTo(expected);
		String id = job.path("id").asString();
		Set<String> mapExecutors = new HashSet<>();
		api.get("/api/v1/jobs/" + id + "/stages/0/tasks?size=1000")
			.body()
			.path("items")
			.forEach(t -> mapExecutors.add(t.path("executorId").asString()));
		assertThat(mapExecutors).as("map tasks ran in both executor processes").hasSize(2);
		long remote = 0;
		for (JsonNode t : api.get("/api/v1/jobs/" + id + "/stages/1/tasks?size=1000").body().path("items")) {
			assertThat(t.path("shuffleBytesRead").asLong()).isPositive();
			remote += t.path("shuffleRemoteBytesRead").asLong();
		}
		assertThat(remote).as("bytes reduce tasks fetched over HTTP from the other executor").isPositive();
		JsonNode stages = api.get("/api/v1/jobs/" + id + "/stages").body().path("items");
		assertThat(stages.get(0).path("shuffleBytesWritten").asLong()).isPositive();
		assertThat(stages.get(1).path("shuffleBytesRead").asLong()).isPositive();
	}

	@Test
	void aGlobalSortUsesSeveralReduceTasksAndGivesOneOrder() {
		Api.Response response = api.post("/api/v1/jobs?wait=120s", """
				{"name": "sorted", "source": {"format": "csv", "path": "sales.csv", "header": true,
				  "inferSchema": true, "partitions": 8},
				 "pipeline": [{"op": "filter", "condition": "amount < 100"},
				              {"op": "orderBy", "columns": ["amount DESC", "region", "id"]}],
				 "action": {"type": "collect"}}""");
		JsonNode job = response.body();
		assertThat(job.path("status").asString()).as(response.text()).isEqualTo("SUCCEEDED");
		JsonNode rows = job.path("result").path("rows");
		assertThat(rows.size()).isGreaterThan(15_000);
		for (int i = 1; i < rows.size(); i++) {
			JsonNode a = rows.get(i - 1);
			JsonNode b = rows.get(i);
			int byAmount = Long.compare(b.get(2).asLong(), a.get(2).asLong());
			int byRegion = a.get(1).asString().compareTo(b.get(1).asString());
			int byId = Long.compare(a.get(0).asLong(), b.get(0).asLong());
			int c = byAmount != 0 ? byAmount : byRegion != 0 ? byRegion : byId;
			assertThat(c).as("row %d %s before row %d %s", i - 1, a, i, b).isNegative();
		}
		String id = job.path("id").asString();
		JsonNode stages = api.get("/api/v1/jobs/" + id + "/stages").body().path("items");
		assertThat(stages.size()).as("sample, range exchange, sort").isEqualTo(3);
		int busy = 0;
		for (JsonNode t : api.get("/api/v1/jobs/" + id + "/stages/2/tasks?size=1000").body().path("items")) {
			busy += t.path("rowsOut").asLong() > 0 ? 1 : 0;
		}
		assertThat(busy).as("reduce tasks that sorted a range").isGreaterThan(2);
		// With 32 KB of shuffle memory the map tasks' shuffle writers spill: their tasks
		// and
		// their stage show it (issue 17).
		long spills = 0;
		long spillBytes = 0;
		for (JsonNode t : api.get("/api/v1/jobs/" + id + "/stages/1/tasks?size=1000").body().path("items")) {
			spills += t.path("spills").asLong();
			spillBytes += t.path("spillBytes").asLong();
		}
		assertThat(spills).as("shuffle writer spills of the range exchange's map tasks").isPositive();
		assertThat(spillBytes).isPositive();
		assertThat(stages.get(1).path("spills").asLong()).as("the stage's sum").isEqualTo(spills);
		assertThat(stages.get(1).path("spillBytes").asLong()).isEqualTo(spillBytes);
		assertThat(api.get("/api/v1/jobs/" + id + "/plan").text()).contains("rangepartitioning(amount DESC");
	}

	@Test
	void aSecondJobOnACachedDatasetReadsNoCsvBytes() {
		String job = """
				{"name": "cached", "source": {"format": "csv", "path": "sales.csv", "header": true,
				  "inferSchema": true, "partitions": 4},
				 "pipeline": [{"op": "filter", "condition": "amount >= 500"}, {"op": "cache"}],
				 "action": {"type": "count"}}""";
		JsonNode first = api.post("/api/v1/jobs?wait=120s", job).body();
		JsonNode second = api.post("/api/v1/jobs?wait=120s", job).body();
		assertThat(second.path("result").path("count").asLong()).isEqualTo(first.path("result").path("count").asLong())
			.isPositive();
		long firstBytes = 0;
		for (JsonNode t : api.get("/api/v1/jobs/" + first.path("id").asString() + "/stages/0/tasks?size=1000")
			.body()
			.path("items")) {
			firstBytes += t.path("bytesIn").asLong();
		}
		assertThat(firstBytes).isPositive();
		for (JsonNode t : api.get("/api/v1/jobs/" + second.path("id").asString() + "/stages/0/tasks?size=1000")
			.body()
			.path("items")) {
			assertThat(t.path("bytesIn").asLong()).as("CSV bytes read by a task of the cached job").isZero();
		}
		JsonNode cache = api.get("/api/v1/cache").body().path("items");
		assertThat(cache).hasSize(1);
		assertThat(cache.get(0).path("cachedPartitions").asInt()).isEqualTo(4);
		String key = cache.get(0).path("key").asString();
		assertThat(api.delete("/api/v1/cache/" + key).status()).isEqualTo(204);
		assertThat(api.get("/api/v1/cache").body().path("items")).isEmpty();
		// After unpersisting, the same job reads the file again.
		JsonNode third = api.post("/api/v1/jobs?wait=120s", job).body();
		long thirdBytes = 0;
		for (JsonNode t : api.get("/api/v1/jobs/" + third.path("id").asString() + "/stages/0/tasks?size=1000")
			.body()
			.path("items")) {
			thirdBytes += t.path("bytesIn").asLong();
		}
		assertThat(thirdBytes).isPositive();
	}

}
