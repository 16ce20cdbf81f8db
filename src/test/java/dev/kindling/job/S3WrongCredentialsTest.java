package dev.kindling.job;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kindling.testsupport.S3ProxyServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A driver whose S3 credentials the store does not accept: a job reading the bucket is
 * refused at submit (the driver lists the files then) with a problem that names S3, the
 * bucket and what the store answered, and no stack trace, class name or secret.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kindling.role=local", "spring.datasource.url=jdbc:h2:mem:s3-wrong;DB_CLOSE_DELAY=-1",
				"kindling.storage.allowed-locations=s3://lake" })
class S3WrongCredentialsTest {

	static final S3ProxyServer S3 = start();

	@LocalServerPort
	int port;

	private static S3ProxyServer start() {
		try {
			S3ProxyServer s3 = new S3ProxyServer("lake");
			s3.put("lake", "raw/sales.csv", "id\n1\n2\n");
			return s3;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@AfterAll
	static void stop() throws Exception {
		S3.close();
	}

	@DynamicPropertySource
	static void s3(DynamicPropertyRegistry registry) {
		registry.add("kindling.storage.s3.endpoint", S3::endpoint);
		registry.add("kindling.storage.s3.path-style-access", () -> "true");
		registry.add("kindling.storage.s3.access-key", () -> S3ProxyServer.ACCESS_KEY);
		registry.add("kindling.storage.s3.secret-key", () -> "not-the-secret");
	}

	@Test
	void aJobOnTheBucketIsRefusedWithAClearErrorNamingS3AndTheBucket() throws Exception {
		HttpResponse<String> r = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/jobs?wait=30s"))
				.timeout(Duration.ofSeconds(60))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(
						"{\"source\": {\"path\": \"s3://lake/raw/sales.csv\"}, \"action\": {\"type\": \"count\"}}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		JsonNode body = JsonMapper.builder().build().readTree(r.body());
		assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
		assertThat(body.path("pointer").asString()).isEqualTo("/source/path");
		assertThat(body.path("detail").asString()).contains("S3 refused", "bucket 'lake'", "403",
				"check the credentials of kindling.storage.s3");
		assertThat(r.body()).doesNotContain("Exception", "software.amazon", "not-the-secret", "\tat ");
	}

}
