package dev.kindling.e2e;

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

import dev.kindling.testsupport.S3ProxyServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A driver JVM and an executor JVM that share no folder (each has its own temporary data
 * root, empty) and meet their data on object storage only: S3Proxy in the test's JVM. A
 * job reads CSV from a bucket and writes partitioned Parquet to another; a second job
 * reads that output (a chain). Each process has its own S3 credentials in its own
 * configuration; none travels with a task.
 */
@SlowEndToEnd
class ObjectStorageIT {

	private static final String SECRET = "s3-it-" + new Random().nextInt(1_000_000);

	@TempDir
	static Path work;

	static S3ProxyServer s3;

	static KindlingProcess driver;

	static KindlingProcess executor;

	static Api api;

	static long expectedOsloTotal;

	@BeforeAll
	static void start() throws Exception {
		s3 = new S3ProxyServer("lake", "warehouse");
		StringBuilder csv = new StringBuilder("id,city,amount\n");
		for (int i = 0; i < 20_000; i++) {
			String city = i % 4 == 0 ? "Oslo" : "Bergen";
			csv.append(i).append(',').append(city).append(',').append(i % 100).append('\n');
			if (city.equals("Oslo")) {
				expectedOsloTotal += i % 100;
			}
		}
		s3.put("lake", "sales/2026/part-0.csv", csv.toString());
		s3.put("lake", "sales/2026/_SUCCESS", "");

		List<String> storage = List.of("--kindling.storage.allowed-locations=s3://lake/sales/,s3://warehouse",
				"--kindling.storage.s3.endpoint=" + s3.endpoint(), "--kindling.storage.s3.region=us-east-1",
				"--kindling.storage.s3.path-style-access=true",
				"--kindling.storage.s3.access-key=" + S3ProxyServer.ACCESS_KEY,
				"--kindling.storage.s3.secret-key=" + S3ProxyServer.SECRET_KEY);
		driver = KindlingProcess.start("s3-driver",
				concat(List.of("--spring.profiles.active=driver", "--kindling.security.allow-anonymous=true",
						"--kindling.limits.min-split-size=1B",
						"--kindling.data.root=" + Files.createDirectories(work.resolve("driver-data")),
						"--kindling.security.shared-secret=" + SECRET,
						"--spring.datasource.url=jdbc:h2:file:" + work.resolve("db/kindling")), storage));
		driver.awaitReady(Duration.ofSeconds(90));
		api = new Api(driver.url());
		executor = KindlingProcess.start("s3-exec",
				concat(List.of("--spring.profiles.active=executor", "--kindling.driver.url=" + driver.url(),
						"--kindling.data.root=" + Files.createDirectories(work.resolve("executor-data")),
						"--kindling.security.shared-secret=" + SECRET, "--kindling.executor.slots=2"), storage));
		executor.awaitReady(Duration.ofSeconds(90));
		Api.await(Duration.ofSeconds(90), () -> api.get("/api/v1/executors").body().path("items"),
				items -> items.size() == 1 && items.get(0).path("state").asString().equals("ALIVE"),
				"the executor to register");
	}

	private static List<String> concat(List<String> a, List<String> b) {
		return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
	}

	@AfterAll
	static void stop() throws Exception {
		if (executor != null) {
			executor.stop();
		}
		if (driver != null) {
			driver.stop();
		}
		if (s3 != null) {
			s3.close();
		}
	}

	private static JsonNode run(String job) {
		Api.Response r = api.post("/api/v1/jobs", job);
		assertThat(r.status()).as(r.text()).isEqualTo(202);
		String id = r.body().path("id").asString();
		JsonNode done = Api.await(Duration.ofSeconds(180), () -> api.get("/api/v1/jobs/" + id).body(),
				j -> j != null && List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(j.path("status").asString()),
				"job " + id + " to finish");
		assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
		return done;
	}

	@Test
	void readsAndWritesObjectStorageWithNoSharedFolderAndChainsTheOutput() throws Exception {
		JsonNode written = run("""
				{"source": {"path": "s3://lake/sales/2026/", "header": true, "inferSchema": true, "partitions": 4},
				 "pipeline": [{"op": "filter", "condition": "amount >= 0"}],
				 "action": {"type": "write", "format": "parquet", "path": "s3://warehouse/sales",
				            "partitionBy": ["city"]}}""");
		assertThat(written.path("result").path("rows").asLong()).isEqualTo(20_000);
		List<String> keys = s3.keys("warehouse", "sales/");
		assertThat(keys).contains("sales/_SUCCESS")
			.anyMatch(k -> k.startsWith("sales/city=Oslo/part-"))
			.noneMatch(k -> k.contains("_temporary"));
		assertThat(s3.gets()).as("the executor read the CSV by ranges")
			.filteredOn(g -> g.key().equals("sales/2026/part-0.csv"))
			.isNotEmpty()
			.noneMatch(S3ProxyServer.Get::whole);

		JsonNode chained = run("""
				{"source": {"format": "parquet", "path": "s3://warehouse/sales"},
				 "pipeline": [{"op": "filter", "condition": "city = 'Oslo'"},
				              {"op": "groupBy", "keys": ["city"],
				               "aggregations": ["count(*) AS n", "sum(amount) AS total"]}],
				 "action": {"type": "collect"}}""");
		assertThat(chained.path("result").path("rows").toString())
			.isEqualTo("[[\"Oslo\",5000," + expectedOsloTotal + "]]");
		try (var files = Files.walk(work.resolve("driver-data"));
				var executorFiles = Files.walk(work.resolve("executor-data"))) {
			assertThat(files.filter(Files::isRegularFile)).as("nothing went through the data roots").isEmpty();
			assertThat(executorFiles.filter(Files::isRegularFile)).isEmpty();
		}
	}

}
