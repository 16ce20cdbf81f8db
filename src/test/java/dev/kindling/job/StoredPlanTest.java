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
 * {@code GET /jobs/{id}/plan} shows the plan the job was accepted with, from its stored
 * pinned spec and planner inputs, whatever happened to its file since.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:stored-plan;DB_CLOSE_DELAY=-1",
				"kindling.data.root=target/test-data/stored-plan", "kindling.local.executors=0" })
class StoredPlanTest {

	@LocalServerPort
	int port;

	@Test
	void showsThePlanTheJobWasAcceptedWithAfterItsFileChanged() throws IOException {
		Path root = Files.createDirectories(Path.of("target/test-data/stored-plan"));
		Files.writeString(root.resolve("plan.csv"), "alpha,beta\n1,2\n3,4\n");
		Http http = new Http(this.port);
		Http.Response submitted = http.post("/api/v1/jobs", """
				{"source": {"path": "plan.csv", "header": true, "inferSchema": true},
				 "pipeline": [{"op": "filter", "condition": "beta > 2"}, {"op": "select", "columns": ["alpha"]}],
				 "action": {"type": "count"}}""");
		assertThat(submitted.status()).isEqualTo(202);
		String id = submitted.text("/id");
		String before = http.get("/api/v1/jobs/" + id + "/plan").text("/logical");

		Files.writeString(root.resolve("plan.csv"), "gamma\nx\n");

		Http.Response plan = http.get("/api/v1/jobs/" + id + "/plan");
		assertThat(plan.status()).isEqualTo(200);
		assertThat(plan.text("/logical")).isEqualTo(before)
			.contains("plan.csv", "alpha", "beta > 2")
			.doesNotContain("gamma");
		assertThat(plan.text("/jobId")).isEqualTo(id);
	}

}
