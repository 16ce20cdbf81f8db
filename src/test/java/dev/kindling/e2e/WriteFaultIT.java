package dev.kindling.e2e;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

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
 * Writes under real faults: a driver and two executor JVMs; an executor, then the driver,
 * is killed with SIGKILL while a write job runs. Each time the output is one complete
 * copy of the rows, with no file of a lost attempt and no row twice, and the resumed job
 * commits exactly once.
 */
@SlowEndToEnd
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WriteFaultIT {

	private static final String SECRET = "write-fault-" + new Random().nextInt(1_000_000);

	private static final int PARTITIONS = 24;

	@TempDir
	static Path work;

	static Path data;

	static KindlingProcess driver;

	static final List<KindlingProcess> executors = new ArrayList<>();

	/** The ids of the rows the job keeps (age over 30). */
	static final Set<Long> expected = new HashSet<>();

	static Api api;

	@BeforeAll
	static void startCluster() throws IOException {
		data = Files.createDirectories(work.resolve("data"));
		Random random = new Random(11);
		try (BufferedWriter w = Files.newBufferedWriter(data.resolve("people.csv"))) {
			w.write("id,name,age,salary\n");
			for (long i = 1; i <= 800_000; i++) {
				int age = 18 + random.nextInt(63);
				if (age > 30) {
					expected.add(i);
				}
				w.write(i + ",Person " + i + "," + age + "," + (30_000 + random.nextInt(90_000)) + "\n");
			}
		}
		driver = KindlingProcess.start("wfault-driver",
				List.of("--spring.profiles.active=driver", "--kindling.security.allow-anonymous=true",
						"--kindling.limits.min-split-size=1B", "--kindling.data.root=" + data,
						"--kindling.security.shared-secret=" + SECRET, "--kindling.executor.timeout=4s",
						"--kindling.executor.heartbeat-interval=500ms",
						"--spring.datasource.url=jdbc:h2:file:" + work.resolve("db/kindling") + ";WRITE_DELAY=0"));
		driver.awaitReady(Duration.ofSeconds(90));
		api = new Api(driver.url());
		for (int i = 1; i <= 2; i++) {
			executors.add(KindlingProcess.start("wfault-exec" + i,
					List.of("--spring.profiles.active=executor", "--kindling.driver.url=" + driver.url(),
							"--kindling.data.root=" + data, "--kindling.security.shared-secret=" + SECRET,
							"--kindling.executor.slots=1")));
		}
		for (KindlingProcess e : executors) {
			e.awaitReady(Duration.ofSeconds(90));
		}
		awaitAliveExecutors(2);
	}

	@AfterAll
	static void stopCluster() {
		executors.forEach(KindlingProcess::stop);
		if (driver != null) {
			driver.stop();
		}
	}

	private static String writeJob(String mode) {
		return """
				{"name": "write-under-fault", "source": {"path": "people.csv", "header": true,
				  "schema": "id BIGINT, name STRING, age INT, salary BIGINT", "partitions": %d},
				 "pipeline": [{"op": "filter", "condition": "age > 30"}],
				 "action": {"type": "write", "path": "out/people", "mode": "%s"}}""".formatted(PARTITIONS, mode);
	}

	private static String submit(String job) {
		Api.Response r = api.post("/api/v1/jobs", job);
		assertThat(r.status()).as(r.text()).isEqualTo(202);
		return r.body().path("id").asString();
	}

	private static JsonNode awaitFinal(String id) {
		return Api.await(Duration.ofSeconds(240), () -> api.get("/api/v1/jobs/" + id).body(),
				job -> job != null
						&& List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(job.path("status").asString()),
				"job " + id + " to finish");
	}

	/** Waits until some but not every partition has been written. */
	private static void awaitWriting(String id) {
		JsonNode job = Api.await(Duration.ofSeconds(90), () -> api.get("/api/v1/jobs/" + id).body(),
				j -> j.path("progress").path("completedPartitions").asInt() >= 1
						|| !j.path("status").asString().matches("QUEUED|RUNNING"),
				"job " + id + " to write a partition");
		assertThat(job.path("progress").path("completedPartitions").asInt())
			.as("the fault must strike in the middle of the write")
			.isLessThan(PARTITIONS);
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

	/**
	 * The output holds exactly the expected rows, once each, in files of this job only,
	 * and a {@code _SUCCESS} naming it; nothing is left in staging.
	 */
	private static void assertOneCompleteOutput(String jobId) throws IOException {
		Path out = data.resolve("out/people");
		assertThat(out.resolve("_temporary")).as("staging removed at commit").doesNotExist();
		assertThat(Files.readString(out.resolve("_SUCCESS"))).contains(jobId);
		List<Path> parts;
		try (Stream<Path> files = Files.list(out)) {
			parts = files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
		}
		assertThat(parts).as("one file per partition").hasSize(PARTITIONS);
		Set<String> partitionsSeen = new HashSet<>();
		Set<Long> ids = new HashSet<>();
		long rows = 0;
		for (Path part : parts) {
			String name = part.getFileName().toString();
			assertThat(name).as("every file is this job's").contains(jobId);
			assertThat(partitionsSeen.add(name.substring(0, "part-00000".length())))
				.as("no partition written twice: " + name)
				.isTrue();
			List<String> lines = Files.readAllLines(part);
			assertThat(lines.get(0)).isEqualTo("id,name,age,salary");
			for (String line : lines.subList(1, lines.size())) {
				ids.add(Long.parseLong(line.substring(0, line.indexOf(','))));
				rows++;
			}
		}
		assertThat(rows).as("no row twice").isEqualTo(ids.size());
		assertThat(ids).as("every row").isEqualTo(expected);
	}

	@Test
	@Order(1)
	void anExecutorKilledDuringAWriteLeavesOneCompleteDuplicateFreeOutput() throws IOException {
		String id = submit(writeJob("error"));
		awaitWriting(id);
		KindlingProcess victim = executors.get(0);
		victim.kill();
		JsonNode job = awaitFinal(id);
		assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("result").path("rows").asLong()).isEqualTo(expected.size());
		assertOneCompleteOutput(id);
		victim.restart();
		victim.awaitReady(Duration.ofSeconds(90));
		awaitAliveExecutors(2);
	}

	@Test
	@Order(2)
	void aDriverKilledDuringAnOverwriteResumesTheJobAndCommitsItExactlyOnce() throws IOException {
		String id = submit(writeJob("overwrite"));
		awaitWriting(id);
		driver.kill();
		driver.restart();
		driver.awaitReady(Duration.ofSeconds(90));
		JsonNode job = awaitFinal(id);
		assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		assertOneCompleteOutput(id);
	}

}
