package dev.kindling.scheduler;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kindling.testsupport.Http;

import static dev.kindling.scheduler.DriverHarness.SECRET;
import static dev.kindling.scheduler.DriverHarness.awaitStatus;
import static dev.kindling.scheduler.DriverHarness.submit;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention with a short max-age (issue 15): a finished job is deleted by the background
 * cleaner with its stages, attempts, task logs, events and result, and its id answers 410
 * Gone; a job that is still running is untouched however old it is.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kindling.role=driver", "kindling.security.allow-anonymous=true",
				"kindling.limits.min-split-size=1B", "kindling.security.shared-secret=" + SECRET,
				"kindling.executor.timeout=5s", "kindling.executor.heartbeat-interval=200ms",
				"kindling.retention.max-age=3s", "kindling.retention.interval=200ms", "kindling.retention.batch-size=1",
				"spring.datasource.url=jdbc:h2:mem:retention;DB_CLOSE_DELAY=-1" })
class RetentionTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	static final String DATA = DriverHarness.dataRoot("retention-test").toString();

	@DynamicPropertySource
	static void dataRoot(DynamicPropertyRegistry registry) {
		registry.add("kindling.data.root", () -> DATA);
	}

	private static final String COUNT = "\"pipeline\":[],\"action\":{\"type\":\"count\"}";

	private int rows(String table, String column, String jobId) {
		return this.jdbc.queryForObject("select count(*) from " + table + " where " + column + " = ?", Integer.class,
				jobId);
	}

	@Test
	void expiredJobsAnswer410WithEveryRowGoneAndARunningJobIsUntouched() {
		ScriptedExecutor e = new ScriptedExecutor("http://localhost:" + this.port, SECRET, "retention");
		e.startHeartbeats();
		try {
			// Two finished jobs, one with a retry (an event), in batches of one.
			String first = submit(this.port, COUNT, 2);
			List<JsonNode> tasks = e.poll(2, 2000);
			assertThat(tasks).hasSize(2);
			e.fail(tasks.get(0), "disk hiccup", false);
			e.succeedCount(tasks.get(1), 5);
			e.succeedCount(e.poll(1, 2000).get(0), 7);
			awaitStatus(this.port, first, "SUCCEEDED");
			assertThat(rows("events", "job_id", first)).as("the retry's event").isPositive();
			assertThat(this.jdbc.queryForObject(
					"select count(*) from task_attempts where job_id = ? and (log_lines is not null or error_type is not null)",
					Integer.class, first))
				.as("the attempts' logs")
				.isEqualTo(3);
			String second = submit(this.port, COUNT, 1);
			e.succeedCount(e.poll(1, 2000).get(0), 1);
			awaitStatus(this.port, second, "SUCCEEDED");
			// A running job: its task is taken and never reported.
			String running = submit(this.port, COUNT, 1);
			assertThat(e.poll(1, 2000)).hasSize(1);

			for (String id : List.of(first, second)) {
				Http.Response gone = DriverHarness.await(Duration.ofSeconds(20),
						() -> new Http(this.port).get("/api/v1/jobs/" + id), (r) -> r.status() == 410,
						"job " + id + " to expire");
				assertThat(gone.text("/type")).isEqualTo("https://kindling.dev/problems/job-expired");
				assertThat(gone.text("/detail")).contains("retention");
				for (String path : List.of("/result", "/stages", "/stages/0/tasks", "/tasks", "/events", "/plan")) {
					assertThat(new Http(this.port).get("/api/v1/jobs/" + id + path).status()).as(path).isEqualTo(410);
				}
				assertThat(new Http(this.port).get("/api/v1/jobs/" + id + "/events", "Accept", "text/event-stream")
					.status()).as("its live stream").isEqualTo(410);
				assertThat(rows("jobs", "id", id)).isZero();
				assertThat(rows("stages", "job_id", id)).isZero();
				assertThat(rows("task_attempts", "job_id", id)).isZero();
				assertThat(rows("events", "job_id", id)).isZero();
				assertThat(rows("expired_jobs", "id", id)).isOne();
			}
			assertThat(new Http(this.port).get("/api/v1/jobs/no-such-job").status()).isEqualTo(404);

			JsonNode stillRunning = DriverHarness.get(this.port, "/api/v1/jobs/" + running);
			assertThat(stillRunning.path("status").asString()).isEqualTo("RUNNING");
			assertThat(rows("jobs", "id", running)).isOne();
			assertThat(rows("stages", "job_id", running)).isOne();
			assertThat(rows("task_attempts", "job_id", running)).isPositive();
		}
		finally {
			DriverHarness.get(this.port, "/api/v1/jobs?size=500")
				.path("items")
				.forEach((j) -> DriverHarness.post(this.port, "/api/v1/jobs/" + j.path("id").asString() + "/cancel",
						""));
			e.stopHeartbeats();
		}
	}

}
