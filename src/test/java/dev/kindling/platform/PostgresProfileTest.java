package dev.kindling.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kindling.testing.EmbeddedPostgresServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented {@code postgres} profile, as an operator uses it: only
 * {@code KINDLING_DB_URL}, {@code KINDLING_DB_USERNAME} and {@code KINDLING_DB_PASSWORD}
 * set, Flyway creates the schema on a real (embedded) PostgreSQL, and a job runs through
 * the scheduler's writes end to end.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kindling.role=local", "kindling.local.executors=2", "kindling.executor.slots=2" })
@ActiveProfiles("postgres")
class PostgresProfileTest {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) throws IOException {
		String url = EmbeddedPostgresServer.jdbcUrl("postgres_profile");
		registry.add("KINDLING_DB_URL", () -> url);
		registry.add("KINDLING_DB_USERNAME", () -> EmbeddedPostgresServer.USER);
		registry.add("KINDLING_DB_PASSWORD", () -> "unused");
		Path root = Files.createTempDirectory("kindling-pg");
		registry.add("kindling.data.root", root::toString);
	}

	@Test
	void runsAJobOnPostgresqlWithTheSchemaFlywayCreated() throws Exception {
		assertThat(this.jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
		int migrations = new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
			.getResources("classpath:db/migration/V*.sql").length;
		assertThat(this.jdbc.queryForObject("select count(*) from flyway_schema_history where success", Integer.class))
			.as("every migration ran")
			.isEqualTo(migrations);

		StringBuilder csv = new StringBuilder("name,age\n");
		for (int i = 0; i < 500; i++) {
			csv.append("p").append(i).append(',').append(18 + i % 60).append('\n');
		}
		long expected = csv.toString().lines().skip(1).filter(l -> Integer.parseInt(l.split(",")[1]) > 30).count();
		assertThat(send(HttpRequest.newBuilder(uri("/api/v1/datasets/people.csv"))
			.header("Content-Type", "text/csv")
			.PUT(HttpRequest.BodyPublishers.ofString(csv.toString()))).statusCode()).isBetween(200, 299);
		HttpResponse<String> submitted = send(HttpRequest.newBuilder(uri("/api/v1/jobs?wait=30s"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("""
					{"name": "on-postgres", "source": {"format": "csv", "path": "people.csv", "header": true},
					 "pipeline": [{"op": "filter", "condition": "age > 30"}],
					 "action": {"type": "count"}}""")));
		assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
		JsonNode job = JSON.readTree(submitted.body());
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("result").path("count").asLong()).isEqualTo(expected);

		JsonNode stored = JSON
			.readTree(send(HttpRequest.newBuilder(uri("/api/v1/jobs/" + job.path("id").asString())).GET()).body());
		Instant submittedAt = Instant.parse(stored.path("submittedAt").asString());
		Instant startedAt = Instant.parse(stored.path("startedAt").asString());
		Instant finishedAt = Instant.parse(stored.path("finishedAt").asString());
		assertThat(startedAt).isBetween(submittedAt, finishedAt);
		assertThat(Duration.between(submittedAt, Instant.now()).abs()).isLessThan(Duration.ofMinutes(5));
		assertThat(stored.path("progress").path("succeededTasks").asInt()).isPositive();
		assertThat(this.jdbc.queryForObject("select count(*) from task_attempts where status = 'SUCCEEDED'",
				Integer.class))
			.isPositive();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
	}

}
