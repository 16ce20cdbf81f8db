package dev.kindling.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kindling meters exist on {@code /actuator/prometheus} and move when a job runs: a
 * local-mode driver with two in-process executors, over real HTTP, as Prometheus would
 * scrape it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kindling.role=local", "kindling.local.executors=2", "kindling.executor.slots=2",
				"spring.datasource.url=jdbc:h2:mem:prometheus-metrics;DB_CLOSE_DELAY=-1" })
class PrometheusMetricsTest {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** One sample line of the text format: name, optional labels, value. */
	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$",
			Pattern.MULTILINE);

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void dataRoot(DynamicPropertyRegistry registry) throws IOException {
		Path root = Files.createTempDirectory("kindling-metrics");
		registry.add("kindling.data.root", root::toString);
	}

	@Test
	void exportsKindlingMetersThatMoveWhenAJobRuns() throws Exception {
		awaitMetric("kindling_executors_alive", 2, Duration.ofSeconds(30));
		Map<String, Double> before = scrape();
		assertThat(before).containsKeys("kindling_jobs_submitted_total", "kindling_jobs_succeeded_total",
				"kindling_jobs_failed_total", "kindling_jobs_cancelled_total", "kindling_tasks_retried_total",
				"kindling_job_duration_seconds_count", "kindling_task_duration_seconds_count",
				"kindling_job_duration_seconds_bucket", "kindling_task_duration_seconds_bucket",
				"kindling_tasks_queued", "kindling_tasks_running", "kindling_jobs_active", "kindling_executors_alive",
				"kindling_polls_parked", "kindling_shuffle_bytes", "kindling_cache_bytes", "kindling_slots",
				"kindling_slots_busy", "kindling_executors_desired", "kindling_executors_decommissioning",
				"kindling_tasks_spills_total", "kindling_tasks_spilled_bytes_total");
		assertThat(before.get("kindling_slots")).as("two executors of two slots").isEqualTo(4);

		StringBuilder csv = new StringBuilder("name,age\n");
		for (int i = 0; i < 1000; i++) {
			csv.append("p").append(i).append(',').append(18 + i % 60).append('\n');
		}
		HttpResponse<String> upload = send(HttpRequest.newBuilder(uri("/api/v1/datasets/x.csv"))
			.header("Content-Type", "text/csv")
			.PUT(HttpRequest.BodyPublishers.ofString(csv.toString())));
		assertThat(upload.statusCode()).as(upload.body()).isBetween(200, 299);
		HttpResponse<String> job = send(HttpRequest.newBuilder(uri("/api/v1/jobs?wait=30s"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("""
					{"name": "metrics", "source": {"format": "csv", "path": "x.csv", "header": true},
					 "pipeline": [{"op": "filter", "condition": "age > 30"}],
					 "action": {"type": "count"}}""")));
		assertThat(job.statusCode()).as(job.body()).isEqualTo(200);
		assertThat(job.body()).contains("\"SUCCEEDED\"");

		Map<String, Double> after = scrape();
		assertThat(after.get("kindling_jobs_submitted_total"))
			.isEqualTo(before.get("kindling_jobs_submitted_total") + 1);
		assertThat(after.get("kindling_jobs_succeeded_total"))
			.isEqualTo(before.get("kindling_jobs_succeeded_total") + 1);
		assertThat(after.get("kindling_jobs_failed_total")).isEqualTo(before.get("kindling_jobs_failed_total"));
		assertThat(after.get("kindling_job_duration_seconds_count"))
			.isEqualTo(before.get("kindling_job_duration_seconds_count") + 1);
		assertThat(after.get("kindling_job_duration_seconds_sum"))
			.isGreaterThan(before.get("kindling_job_duration_seconds_sum"));
		assertThat(after.get("kindling_task_duration_seconds_count"))
			.isGreaterThan(before.get("kindling_task_duration_seconds_count"));
		assertThat(after.get("kindling_tasks_spilled_bytes_total")).as("a filtered count spills nothing")
			.isEqualTo(before.get("kindling_tasks_spilled_bytes_total"));
		assertThat(after.get("kindling_executors_alive")).isEqualTo(2);
		assertThat(after.get("kindling_tasks_queued")).isZero();
		assertThat(after.get("kindling_tasks_running")).isZero();
		assertThat(after.get("kindling_jobs_active")).isZero();
		assertThat(after.get("kindling_slots_busy")).isZero();
		assertThat(after.get("kindling_executors_desired")).as("no work left: the autoscaler's minimum applies")
			.isZero();
		assertThat(after.get("kindling_executors_decommissioning")).isZero();
		assertThat(after.get("kindling_shuffle_bytes")).isNotNegative();
		assertThat(after.get("kindling_cache_bytes")).isNotNegative();
	}

	private void awaitMetric(String name, double value, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		Double last = null;
		while (System.nanoTime() < deadline) {
			last = scrape().get(name);
			if (last != null && last == value) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError(name + " did not reach " + value + " within " + timeout + "; last " + last);
	}

	/** Scrapes the endpoint, summing each metric's samples over their labels. */
	private Map<String, Double> scrape() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/actuator/prometheus")).GET());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
		Map<String, Double> samples = new java.util.HashMap<>();
		Matcher m = SAMPLE.matcher(response.body());
		while (m.find()) {
			samples.merge(m.group(1), Double.parseDouble(m.group(3)), Double::sum);
		}
		return samples;
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
	}

}
