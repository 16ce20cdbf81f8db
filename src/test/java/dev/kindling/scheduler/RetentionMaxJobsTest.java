package dev.kindling.scheduler;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kindling.state.RetentionCleaner;
import dev.kindling.testsupport.Http;

import static dev.kindling.scheduler.DriverHarness.SECRET;
import static dev.kindling.scheduler.DriverHarness.awaitStatus;
import static dev.kindling.scheduler.DriverHarness.submit;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kindling.retention.max-jobs}: only the newest finished jobs are kept, in
 * batches; a queued job does not count and is not touched.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kindling.role=driver", "kindling.security.allow-anonymous=true",
				"kindling.limits.min-split-size=1B", "kindling.security.shared-secret=" + SECRET,
				"kindling.executor.timeout=5s", "kindling.executor.heartbeat-interval=200ms",
				"kindling.retention.max-jobs=2", "kindling.retention.interval=1h", "kindling.retention.batch-size=2",
				"spring.datasource.url=jdbc:h2:mem:retention-max-jobs;DB_CLOSE_DELAY=-1" })
class RetentionMaxJobsTest {

	@LocalServerPort
	int port;

	@Autowired
	RetentionCleaner cleaner;

	static final String DATA = DriverHarness.dataRoot("retention-max-jobs").toString();

	@DynamicPropertySource
	static void dataRoot(DynamicPropertyRegistry registry) {
		registry.add("kindling.data.root", () -> DATA);
	}

	@Test
	void keepsOnlyTheNewestFinishedJobs() {
		ScriptedExecutor e = new ScriptedExecutor("http://localhost:" + this.port, SECRET, "max-jobs");
		e.startHeartbeats();
		try {
			List<String> finished = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				String id = submit(this.port, "\"pipeline\":[],\"action\":{\"type\":\"count\"}", 1);
				e.succeedCount(e.poll(1, 2000).get(0), i);
				awaitStatus(this.port, id, "SUCCEEDED");
				finished.add(id);
			}
			String queued = submit(this.port, "\"pipeline\":[],\"action\":{\"type\":\"count\"}", 1);

			assertThat(this.cleaner.runOnce()).as("three, in batches of two").isEqualTo(3);

			Http http = new Http(this.port);
			for (String old : finished.subList(0, 3)) {
				assertThat(http.get("/api/v1/jobs/" + old).status()).isEqualTo(410);
			}
			for (String kept : finished.subList(3, 5)) {
				assertThat(http.get("/api/v1/jobs/" + kept).status()).isEqualTo(200);
			}
			assertThat(http.get("/api/v1/jobs/" + queued).text("/status")).isEqualTo("QUEUED");
			assertThat(this.cleaner.runOnce()).isZero();
		}
		finally {
			e.stopHeartbeats();
		}
	}

}
