package dev.kindling.scheduler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.kindling.scheduler.DriverHarness.SECRET;
import static dev.kindling.scheduler.DriverHarness.awaitStatus;
import static dev.kindling.scheduler.DriverHarness.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19's starved victim, over real HTTP: while a job of 10,000 tasks has thousands
 * queued, a small job submitted after it gets one of the next free slots and finishes;
 * the big job is still running when it does. The executor is scripted, so the order in
 * which the driver hands out tasks is what is asserted, not a timing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kindling.role=driver", "kindling.security.allow-anonymous=true",
				"kindling.limits.min-split-size=1B", "kindling.security.shared-secret=" + SECRET,
				"spring.datasource.url=jdbc:h2:mem:fair-share;DB_CLOSE_DELAY=-1" })
class FairShareTest {

	static final Path DATA = tenThousandSplits();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void dataRoot(DynamicPropertyRegistry registry) {
		registry.add("kindling.data.root", DATA::toString);
	}

	@Test
	void aSmallJobGetsASlotWhileATenThousandTaskJobHasItsTasksQueued() {
		ScriptedExecutor e = new ScriptedExecutor("http://localhost:" + this.port, SECRET, "only");
		e.startHeartbeats();
		String big = submit("lines.csv", 10_000);
		List<JsonNode> first = e.poll(1, 2000);
		assertThat(first).extracting(t -> t.path("jobId").asString()).containsOnly(big);
		assertThat(get(this.port, "/api/v1/jobs/" + big).path("progress").path("totalTasks").asInt()).isEqualTo(10_000);

		String small = DriverHarness.submit(this.port, "\"pipeline\":[],\"action\":{\"type\":\"count\"}", 1);
		// Accepted is not yet planned: wait until its one task is pending, as the big
		// job's are.
		DriverHarness.await(Duration.ofSeconds(20), () -> get(this.port, "/api/v1/jobs/" + small),
				job -> job.path("progress").path("pendingTasks").asInt() == 1, "the small job's task to be pending");
		List<JsonNode> next = e.poll(3, 2000);

		assertThat(next).as("the next slots are shared between the jobs, not all the big one's")
			.extracting(t -> t.path("jobId").asString())
			.contains(small, big);
		e.succeedCount(next.stream().filter(t -> t.path("jobId").asString().equals(small)).findFirst().orElseThrow(),
				2000);
		JsonNode done = awaitStatus(this.port, small, "SUCCEEDED");
		assertThat(done.path("result").path("count").asLong()).isEqualTo(2000);
		JsonNode bigJob = get(this.port, "/api/v1/jobs/" + big);
		assertThat(bigJob.path("status").asString()).isEqualTo("RUNNING");
		assertThat(bigJob.path("progress").path("succeededTasks").asInt()).isLessThan(10);
		e.stopHeartbeats();
	}

	private String submit(String path, int partitions) {
		String job = "{\"name\":\"big\",\"source\":{\"format\":\"csv\",\"path\":\"" + path + "\",\"header\":false,"
				+ "\"schema\":\"line STRING\",\"partitions\":" + partitions + "},\"action\":{\"type\":\"count\"}}";
		JsonNode response = DriverHarness.post(this.port, "/api/v1/jobs", job);
		assertThat(response.path("id").isMissingNode()).as(response.toString()).isFalse();
		return response.path("id").asString();
	}

	/**
	 * numbers.csv for the small job, and 100,000 bytes of 10-byte lines: 10,000 splits.
	 */
	private static Path tenThousandSplits() {
		Path root = DriverHarness.dataRoot("fair-share-test");
		try {
			Files.writeString(root.resolve("lines.csv"), "line-0000\n".repeat(10_000));
			return root;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
