package dev.kindling.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import dev.kindling.protocol.Paths;
import dev.kindling.testsupport.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An executor (its own profile, as the Helm chart starts it) serves only its health
 * without the cluster secret: metrics, Prometheus, the API documentation, info and any
 * other path answer 401 with a problem detail; with the secret metrics are readable and
 * there is no API documentation to read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kindling.security.shared-secret=" + ExecutorExposureTest.SECRET,
				"kindling.driver.url=http://127.0.0.1:9", "kindling.executor.slots=1",
				"kindling.data.root=target/test-data/executor-exposure" })
@ActiveProfiles("executor")
class ExecutorExposureTest {

	static final String SECRET = "executor-exposure-secret";

	@LocalServerPort
	int port;

	private Http http() {
		return new Http(this.port);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness" })
	void servesHealthToAnyone(String path) {
		Http.Response r = http().get(path);
		assertThat(r.status()).as(r.text()).isIn(200, 503);
		assertThat(r.text("/status")).isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/metrics", "/actuator/metrics/jvm.memory.used", "/actuator/prometheus",
			"/actuator/info", "/actuator", "/v3/api-docs", "/v3/api-docs/swagger-config", "/swagger-ui.html",
			"/swagger-ui/index.html", "/api/v1/jobs", "/anything" })
	void refusesEverythingElseWithoutTheSecret(String path) {
		Http.Response r = http().get(path);
		assertThat(r.status()).as(path + ": " + r.text()).isEqualTo(401);
		assertThat(r.contentType()).startsWith("application/problem+json");
		assertThat(r.text("/type")).isEqualTo("https://kindling.dev/problems/unauthorized");
		assertThat(r.text("/detail")).contains("cluster secret");
		assertThat(r.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((v) -> assertThat(v).startsWith("KindlingSecret"));
	}

	@Test
	void refusesTheWrongSecretAndTheApiKeyHeaders() {
		assertThat(http().get("/actuator/prometheus", Paths.SECRET_HEADER, SECRET + "x").status()).isEqualTo(401);
		assertThat(http().get("/actuator/prometheus", "X-API-Key", SECRET).status()).isEqualTo(401);
		assertThat(http().get("/actuator/prometheus", "Authorization", "Bearer " + SECRET).status()).isEqualTo(401);
	}

	@Test
	void servesMetricsToAClusterMemberAndNoApiDocumentationAtAll() {
		Http.Response prometheus = http().get("/actuator/prometheus", Paths.SECRET_HEADER, SECRET);
		assertThat(prometheus.status()).isEqualTo(200);
		assertThat(prometheus.text()).contains("jvm_memory_used_bytes");
		assertThat(http().get("/actuator/metrics", Paths.SECRET_HEADER, SECRET).status()).isEqualTo(200);
		assertThat(http().get("/v3/api-docs", Paths.SECRET_HEADER, SECRET).status()).isEqualTo(404);
	}

}
