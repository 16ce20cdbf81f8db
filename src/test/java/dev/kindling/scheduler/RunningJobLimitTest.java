package dev.kindling.scheduler;

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
 * Jobs beyond kindling.limits.max-running-jobs wait their turn, QUEUED, instead of
 * running at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kindling.role=driver", "kindling.security.allow-anonymous=true",
				"kindling.limits.min-split-size=1B", "kindling.security.shared-secret=" + SECRET,
				"kindling.limits.max-running-jobs=1",
				"spring.datasource.url=jdbc:h2:mem:running-limit;DB_CLOSE_DELAY=-1" })
class RunningJobLimitTest {

	static final String DATA = DriverHarness.dataRoot("running-limit-test").toString();

	private static final String COUNT = "\"pipeline\":[],\"action\":{\"type\":\"count\"}";

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void dataRoot(DynamicPropertyRegistry registry) {
		registry.add("kindling.data.root", () -> DATA);
	}

	@Test
	void aJobWaitsQueuedUntilARunningJobEndsAndAWaitingJobCancelsAtOnce() {
		ScriptedExecutor e = new ScriptedExecutor("http://localhost:" + this.port, SECRET, "only");
		e.startHeartbeats();
		String first = DriverHarness.submit(this.port, COUNT, 1);
		String second = DriverHarness.submit(this.port, COUNT, 1);
		String third = DriverHarness.submit(this.port, COUNT, 1);
		List<JsonNode> tasks = e.poll(4, 2000);
		assertThat(tasks).hasSize(1);
		assertThat(tasks.get(0).path("jobId").asString()).isEqualTo(first);
		assertThat(e.poll(4, 300)).as("no task of a waiting job is handed out").isEmpty();
		assertThat(get(this.port, "/api/v1/jobs/" + second).path("status").asString()).isEqualTo("QUEUED");
		assertThat(DriverHarness.post(this.port, "/api/v1/jobs/" + third + "/cancel", "").path("status").asString())
			.isEqualTo("CANCELLED");
		e.succeedCount(tasks.get(0), 1);
		awaitStatus(this.port, first, "SUCCEEDED");
		List<JsonNode> next = e.poll(4, 2000);
		assertThat(next).hasSize(1);
		assertThat(next.get(0).path("jobId").asString()).isEqualTo(second);
		e.succeedCount(next.get(0), 2);
		assertThat(awaitStatus(this.port, second, "SUCCEEDED").path("result").path("count").asLong()).isEqualTo(2);
		assertThat(get(this.port, "/api/v1/jobs/" + third).path("status").asString()).isEqualTo("CANCELLED");
		e.stopHeartbeats();
	}

}
