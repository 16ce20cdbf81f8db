package dev.kindling.job;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Submission options (idempotency, dry run) and the write action: one CSV file per
 * partition, never overwriting by accident.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "kindling.role=local",
		"kindling.limits.min-split-size=1B", "spring.datasource.url=jdbc:h2:mem:write-action;DB_CLOSE_DELAY=-1" })
class SubmitAndWriteTest {

	static final Path ROOT = root();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	private static Path root() {
		try {
			Path root = Files.createTempDirectory("kindling-write");
			StringBuilder csv = new StringBuilder("id,city,amount\n");
			for (int i = 0; i < 3000; i++) {
				csv.append(i)
					.append(',')
					.append(i % 3 == 0 ? "\"Oslo, NO\"" : "Bergen")
					.append(',')
					.append(i * 2)
					.append('\n');
			}
			Files.writeString(root.resolve("sales.csv"), csv);
			return root;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@DynamicPropertySource
	static void dataRoot(DynamicPropertyRegistry registry) {
		registry.add("kindling.data.root", ROOT::toString);
	}

	private HttpResponse<String> submit(String mode) throws Exception {
		String job = """
				{"name": "export", "source": {"format": "csv", "path": "sales.csv", "header": true, "inferSchema": true,
				  "partitions": 3},
				 "pipeline": [{"op": "filter", "condition": "amount >= 1000"}, {"op": "select", "columns": ["id", "city"]}],
				 "action": {"type": "write", "format": "csv", "path": "out/big-sales"MODE}}"""
			.replace("MODE", mode == null ? "" : ", \"mode\": \"" + mode + "\"");
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/jobs?wait=60s"))
			.timeout(Duration.ofSeconds(90))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(job))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static List<String> writtenRows() throws IOException {
		List<String> rows = new ArrayList<>();
		try (Stream<Path> files = Files.list(ROOT.resolve("out/big-sales"))) {
			for (Path f : files.filter(p -> !p.getFileName().toString().startsWith("_")).sorted().toList()) {
				List<String> lines = Files.readAllLines(f);
				assertThat(lines.get(0)).as("each file has the header").isEqualTo("id,city");
				rows.addAll(lines.subList(1, lines.size()));
			}
		}
		return rows;
	}

	@Test
	void writesOneCsvFilePerPartitionAndRefusesToOverwriteUnlessAsked() throws Exception {
		HttpResponse<String> first = submit(null);
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		JsonNode result = JSON.readTree(first.body()).path("result");
		assertThat(result.path("path").asString()).isEqualTo("out/big-sales");
		assertThat(result.path("files").asInt()).isEqualTo(3);
		assertThat(result.path("rows").asLong()).isEqualTo(2500);
		List<String> rows = writtenRows();
		assertThat(rows).hasSize(2500).contains("1500,\"Oslo, NO\"", "1501,Bergen");
		String job = JSON.readTree(first.body()).path("id").asString();
		try (Stream<Path> files = Files.list(ROOT.resolve("out/big-sales"))) {
			assertThat(files.map(p -> p.getFileName().toString()).sorted()).as("Spark's names, and its marker")
				.containsExactly("_SUCCESS", "part-00000-" + job + "-c000.csv", "part-00001-" + job + "-c000.csv",
						"part-00002-" + job + "-c000.csv");
		}

		HttpResponse<String> again = submit(null);
		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(again.body()).path("pointer").asString()).isEqualTo("/action/path");
		assertThat(writtenRows()).as("a refused write leaves the output alone").hasSize(2500);

		Files.writeString(ROOT.resolve("out/big-sales/stale.csv"), "left over\n");
		HttpResponse<String> overwrite = submit("overwrite");
		assertThat(overwrite.statusCode()).as(overwrite.body()).isEqualTo(200);
		assertThat(Files.exists(ROOT.resolve("out/big-sales/stale.csv"))).as("overwrite replaces the folder").isFalse();
		assertThat(writtenRows()).hasSize(2500);
	}

	private JsonNode post(String path, String body, String idempotencyKey) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return JSON.readTree(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
	}

	@Test
	void aRetriedSubmissionWithTheSameIdempotencyKeyReturnsTheFirstJobAndADryRunRunsNothing() throws Exception {
		String job = """
				{"name": "once", "source": {"format": "csv", "path": "sales.csv", "header": true, "inferSchema": true},
				 "pipeline": [{"op": "groupBy", "keys": ["city"], "aggregations": ["count(*) AS n"]}],
				 "action": {"type": "collect"}}""";
		JsonNode first = post("/api/v1/jobs?wait=60s", job, "nightly-42");
		JsonNode retry = post("/api/v1/jobs?wait=60s", job, "nightly-42");
		assertThat(retry.path("id").asString()).isEqualTo(first.path("id").asString());
		assertThat(post("/api/v1/jobs", job, "nightly-43").path("id").asString())
			.isNotEqualTo(first.path("id").asString());

		JsonNode before = JSON.readTree(HTTP
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/jobs?size=1")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body());
		JsonNode plan = post("/api/v1/jobs?dryRun=true", job, null);
		assertThat(plan.path("physical").asString()).contains("Stage 0", "HashAggregate");
		assertThat(plan.path("optimizations").toString()).contains("column pruning");
		JsonNode after = JSON.readTree(HTTP
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/jobs?size=1")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body());
		assertThat(after.path("totalItems").asLong()).as("a dry run stores no job")
			.isEqualTo(before.path("totalItems").asLong());
	}

	@Test
	void aSpecIsStoredWithoutItsUnsetOptionsAndAKeyStillMatchesOneAnEarlierVersionStoredWithNulls(
			@Autowired JdbcTemplate jdbc) throws Exception {
		String job = """
				{"name": "kept", "source": {"format": "csv", "path": "sales.csv", "header": true, "schema": "id INT"},
				 "action": {"type": "count"}}""";
		String id = post("/api/v1/jobs?wait=60s", job, "upgrade-1").path("id").asString();
		String stored = jdbc.queryForObject("select spec from jobs where id = ?", String.class, id);
		assertThat(stored).contains("\"schema\":\"id INT\"").doesNotContain("null");
		assertThat(JSON.readTree(stored)).isEqualTo(JSON
			.readTree("{\"name\":\"kept\",\"source\":{\"format\":\"csv\",\"path\":\"sales.csv\",\"header\":true,"
					+ "\"schema\":\"id INT\"},\"pipeline\":[],\"action\":{\"type\":\"count\"},\"tables\":{}}"));

		// As the 2026-11-30 build stored it: every unset option written as null.
		String withNulls = stored.replace("\"schema\":\"id INT\"", "\"schema\":\"id INT\",\"sep\":null,\"mode\":null")
			.replace("\"type\":\"count\"", "\"type\":\"count\",\"maxRows\":null")
			.replace("\"tables\":{}", "\"tables\":{},\"sql\":null,\"pool\":null");
		assertThat(withNulls).isNotEqualTo(stored);
		jdbc.update("update jobs set spec = ? where id = ?", withNulls, id);
		assertThat(post("/api/v1/jobs?wait=60s", job, "upgrade-1").path("id").asString())
			.as("the same job, not a key reused for another")
			.isEqualTo(id);
		String other = job.replace("\"kept\"", "\"another\"");
		assertThat(post("/api/v1/jobs", other, "upgrade-1").path("type").asString()).endsWith("idempotency-key-reused");
	}

}
