package dev.kindling.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.kindling.testsupport.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no executor, submitted jobs stay QUEUED; past {@code max-active-jobs} the driver
 * answers 429 with Retry-After instead of holding more, keeps the queued jobs as they
 * were, stays healthy, and takes new jobs again once one ends.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:active-jobs;DB_CLOSE_DELAY=-1",
				"kindling.data.root=target/test-data/active-jobs", "kindling.local.executors=0",
				"kindling.limits.max-active-jobs=2" })
class ActiveJobLimitTest {

	static final String JOB = "{\"source\":{\"path\":\"n.csv\",\"header\":true},\"action\":{\"type\":\"count\"}}";

	@LocalServerPort
	int port;

	@Test
	void queuesUpToTheLimitThenAnswers429UntilOneEnds() throws IOException {
		Path root = Files.createDirectories(Path.of("target/test-data/active-jobs"));
		Files.writeString(root.resolve("n.csv"), "n\n1\n2\n");
		Http http = new Http(this.port);
		Http.Response first = http.post("/api/v1/jobs", JOB);
		Http.Response second = http.post("/api/v1/jobs", JOB);
		assertThat(first.status()).isEqualTo(202);
		assertThat(second.status()).isEqualTo(202);

		Http.Response third = http.post("/api/v1/jobs", JOB);
		assertThat(third.status()).isEqualTo(429);
		assertThat(third.text("/type")).isEqualTo("https://kindling.dev/problems/too-many-jobs");
		assertThat(third.text("/detail")).contains("max-active-jobs");
		assertThat(third.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(http.get("/actuator/health").text("/status")).isEqualTo("UP");
		assertThat(http.get("/api/v1/jobs/" + first.text("/id")).text("/status")).isEqualTo("QUEUED");
		assertThat(http.get("/api/v1/jobs?status=QUEUED").at("/totalItems").asLong()).isEqualTo(2);

		assertThat(http.post("/api/v1/jobs/" + first.text("/id") + "/cancel", "").status()).isEqualTo(202);
		assertThat(http.get("/api/v1/jobs/" + first.text("/id")).text("/status")).isIn("CANCELLED");
		assertThat(http.post("/api/v1/jobs", JOB).status()).isEqualTo(202);
	}

}
