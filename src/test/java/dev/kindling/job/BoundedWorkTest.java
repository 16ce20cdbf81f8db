package dev.kindling.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kindling.testsupport.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One job cannot plan unbounded work (issue 19): {@code partitions: 2^31 - 1} on a 200 KB
 * file (one task per byte, 200,000 tasks in the original report) is refused at
 * {@code /source/partitions} before anything is stored; a number of partitions under the
 * cap is honoured only down to the minimum split size (1 MiB by default); and a job whose
 * stages together pass {@code max-tasks-per-job} is refused. Over real HTTP, with the
 * default split floor.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:bounded-work;DB_CLOSE_DELAY=-1", "kindling.local.executors=1",
				"kindling.executor.slots=2", "kindling.limits.max-tasks-per-stage=1000",
				"kindling.limits.max-tasks-per-job=1500", "kindling.shuffle.partitions=900",
				"kindling.join.broadcast-threshold=-1B" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoundedWorkTest {

	static final Path ROOT;

	static final long SMALL_ROWS = 20_000;

	static {
		try {
			ROOT = Files.createTempDirectory("kindling-bounded-work");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@DynamicPropertySource
	static void dataRoot(DynamicPropertyRegistry registry) {
		registry.add("kindling.data.root", ROOT::toString);
	}

	@LocalServerPort
	int port;

	Http http;

	@BeforeAll
	void files() throws IOException {
		this.http = new Http(this.port);
		// About 200 KB, the size of the report's file.
		StringBuilder small = new StringBuilder("id,v\n");
		for (int i = 0; i < SMALL_ROWS; i++) {
			small.append(i).append(",x").append(i % 10).append('\n');
		}
		Files.writeString(ROOT.resolve("small.csv"), small);
		assertThat(Files.size(ROOT.resolve("small.csv"))).isBetween(150_000L, 250_000L);
		// Just over 3 MiB.
		StringBuilder big = new StringBuilder("id,v\n");
		for (int i = 0; big.length() <= 3 * 1024 * 1024 + 100; i++) {
			big.append(i).append(',').append("y".repeat(40)).append('\n');
		}
		Files.writeString(ROOT.resolve("big.csv"), big);
	}

	@Test
	void refusesTwoToTheThirtyOnePartitionsBeforeStoringAnything() {
		long jobsBefore = this.http.get("/api/v1/jobs").at("/totalItems").asLong();
		Http.Response r = this.http.post("/api/v1/jobs?wait=30s", job("small.csv", Integer.MAX_VALUE, ""));
		assertThat(r.status()).as(r.text()).isEqualTo(400);
		assertThat(r.contentType()).startsWith("application/problem+json");
		assertThat(r.text("/type")).isEqualTo("https://kindling.dev/problems/invalid-job");
		assertThat(r.text("/pointer")).isEqualTo("/source/partitions");
		assertThat(r.text("/detail")).contains("2147483647", "kindling.limits.max-tasks-per-stage", "1000");
		assertThat(this.http.get("/api/v1/jobs").at("/totalItems").asLong()).isEqualTo(jobsBefore);
		Http.Response dryRun = this.http.post("/api/v1/jobs?dryRun=true", job("small.csv", 1001, ""));
		assertThat(dryRun.status()).isEqualTo(400);
		assertThat(dryRun.text("/pointer")).isEqualTo("/source/partitions");
	}

	@Test
	void cutsASmallFileIntoNoMoreTasksThanTheSplitFloorAllows() {
		Http.Response r = this.http.post("/api/v1/jobs?wait=60s", job("small.csv", 1000, ""));
		assertThat(r.status()).as(r.text()).isEqualTo(200);
		assertThat(r.text("/status")).isEqualTo("SUCCEEDED");
		assertThat(r.at("/result/count").asLong()).isEqualTo(SMALL_ROWS);
		assertThat(r.at("/progress/totalTasks").asInt()).as("200 KB under a 1 MiB floor").isEqualTo(1);
	}

	@Test
	void honoursPartitionsDownToTheSplitFloor() {
		Http.Response r = this.http.post("/api/v1/jobs?wait=60s", job("big.csv", 1000, ""));
		assertThat(r.status()).as(r.text()).isEqualTo(200);
		assertThat(r.text("/status")).isEqualTo("SUCCEEDED");
		assertThat(r.at("/progress/totalTasks").asInt()).as("just over 3 MiB in 1 MiB splits").isEqualTo(4);
		Http.Response two = this.http.post("/api/v1/jobs?wait=60s", job("big.csv", 2, ""));
		assertThat(two.at("/progress/totalTasks").asInt()).isEqualTo(2);
		assertThat(two.at("/result/count").asLong()).isEqualTo(r.at("/result/count").asLong());
	}

	@Test
	void refusesAJobWhoseStagesTogetherPassTheJobCap() {
		String grouped = ", \"pipeline\": [{\"op\": \"groupBy\", \"keys\": [\"v\"], \"aggregations\": [\"count(*) AS n\"]}]";
		Http.Response fits = this.http.post("/api/v1/jobs?dryRun=true", job("big.csv", 4, grouped));
		assertThat(fits.status()).as("4 + 900 tasks").isEqualTo(200);
		String joinedAndGrouped = ", \"pipeline\": [{\"op\": \"join\", \"on\": [\"id\"], \"right\": {\"source\": "
				+ "{\"path\": \"big.csv\", \"header\": true, \"schema\": \"id INT, w STRING\"}}}, "
				+ "{\"op\": \"groupBy\", \"keys\": [\"v\"], \"aggregations\": [\"count(*) AS n\"]}]";
		Http.Response over = this.http.post("/api/v1/jobs?dryRun=true", job("big.csv", 4, joinedAndGrouped));
		assertThat(over.status()).as(over.text()).isEqualTo(400);
		assertThat(over.text("/type")).isEqualTo("https://kindling.dev/problems/invalid-job");
		assertThat(over.text("/pointer")).isEqualTo("/source/partitions");
		assertThat(over.text("/detail")).contains("kindling.limits.max-tasks-per-job", "1500");
	}

	private static String job(String path, int partitions, String pipeline) {
		return "{\"name\": \"bounded\", \"source\": {\"format\": \"csv\", \"path\": \"" + path
				+ "\", \"header\": true, \"schema\": \"id INT, v STRING\", \"partitions\": " + partitions + "}"
				+ pipeline + ", \"action\": {\"type\": \"count\"}}";
	}

}
