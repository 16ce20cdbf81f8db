package dev.kindling.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.kindling.testsupport.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code kindling.security.api-key-required} (as the Helm chart sets it) the public
 * API needs the key, as {@code X-API-Key} or a bearer token; probes, info and the API
 * documentation stay public; metrics need the key; actuator endpoints that could leak or
 * stop anything do not exist.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:api-key;DB_CLOSE_DELAY=-1",
				"kindling.data.root=target/test-data/api-key", "kindling.local.executors=0",
				"kindling.security.api-key-required=true", "kindling.security.api-key=" + ApiKeySecurityTest.KEY })
class ApiKeySecurityTest {

	static final String KEY = "k-7d2e9a41b0c3";

	@LocalServerPort
	int port;

	private Http http() {
		return new Http(this.port);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/jobs", "/api/v1/executors", "/api/v1/datasets", "/api/v1/jobs/nope",
			"/actuator/prometheus", "/actuator/metrics", "/actuator", "/no/such/page" })
	void refusesACallWithoutTheKey(String path) {
		assertUnauthorized(http().get(path));
	}

	@Test
	void refusesAWrongKeyInEitherHeaderWithoutEchoingIt() {
		String wrong = KEY.substring(0, KEY.length() - 1) + "0";
		Http.Response viaHeader = http().get("/api/v1/jobs", "X-API-Key", wrong);
		Http.Response viaBearer = http().get("/api/v1/jobs", "Authorization", "Bearer " + wrong);
		Http.Response viaBasic = http().get("/api/v1/jobs", "Authorization", "Basic " + KEY);
		for (Http.Response r : new Http.Response[] { viaHeader, viaBearer, viaBasic }) {
			assertUnauthorized(r);
			assertThat(r.text()).doesNotContain(wrong).doesNotContain(KEY);
		}
	}

	@Test
	void theWebUisFilesArePublicAndItsApiCallsAndStreamsNeedTheKey() {
		Http.Response root = http().get("/");
		assertThat(root.status()).isEqualTo(302);
		assertThat(root.headers().firstValue("Location").orElse("")).endsWith("/ui/");
		Http.Response page = http().get("/ui/");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.text()).contains("<title>Kindling</title>").contains("id=\"key-dialog\"");
		assertThat(http().get("/ui/js/app.js").status()).isEqualTo(200);
		assertThat(http().get("/ui/app.css").status()).isEqualTo(200);
		assertThat(http().get("/ui/examples/count-adults.json").text()).contains("\"count\"");
		assertUnauthorized(http().get("/api/v1/events", "Accept", "text/event-stream"));
		assertUnauthorized(http().get("/api/v1/jobs/some-id/events", "Accept", "text/event-stream"));
		// The UI reads its streams with fetch and the key in a header: a wrong one is
		// refused too.
		String wrong = KEY.substring(0, KEY.length() - 1) + "0";
		assertUnauthorized(http().get("/api/v1/events", "Accept", "text/event-stream", "X-API-Key", wrong));
		assertUnauthorized(
				http().get("/api/v1/jobs/some-id/events", "Accept", "text/event-stream", "X-API-Key", wrong));
	}

	@Test
	void refusesAJobSubmissionWithoutTheKey() {
		assertUnauthorized(http().post("/api/v1/jobs", "{}"));
	}

	@Test
	void acceptsTheKeyAsXApiKey() {
		Http.Response r = http().get("/api/v1/jobs", "X-API-Key", KEY);
		assertThat(r.status()).isEqualTo(200);
		assertThat(r.json()).isNotNull();
	}

	@Test
	void acceptsTheKeyAsABearerToken() {
		assertThat(http().get("/api/v1/jobs", "Authorization", "Bearer " + KEY).status()).isEqualTo(200);
		assertThat(http().get("/api/v1/executors", "Authorization", "bearer " + KEY).status()).isEqualTo(200);
	}

	@Test
	void takesAPostWithTheKeyWithoutCsrfTokenOrSession() {
		Http.Response r = http().post("/api/v1/jobs",
				"{\"source\":{\"path\":\"missing.csv\"}," + "\"action\":{\"type\":\"count\"}}", "X-API-Key", KEY);
		// Reaches the planner (400 on the missing file), not a CSRF refusal; and no
		// session cookie.
		assertThat(r.status()).isEqualTo(400);
		assertThat(r.text("/pointer")).isEqualTo("/source/path");
		assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(http().get("/api/v1/jobs", "X-API-Key", KEY).headers().firstValue("Set-Cookie")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
			"/actuator/info", "/v3/api-docs", "/swagger-ui.html" })
	void keepsProbesInfoAndApiDocsPublic(String path) {
		Http.Response r = http().get(path);
		assertThat(r.status()).as(path).isIn(200, 302);
	}

	@Test
	void documentsBothCredentialsForSwaggerUi() {
		Http.Response docs = http().get("/v3/api-docs");
		assertThat(docs.at("/components/securitySchemes/apiKey/name").asString()).isEqualTo("X-API-Key");
		assertThat(docs.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
	}

	@Test
	void servesPrometheusWithTheKey() {
		Http.Response r = http().get("/actuator/prometheus", "X-API-Key", KEY);
		assertThat(r.status()).isEqualTo(200);
		assertThat(r.text()).contains("kindling_jobs_submitted");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/env", "/actuator/heapdump", "/actuator/threaddump", "/actuator/beans",
			"/actuator/configprops", "/actuator/loggers", "/actuator/mappings" })
	void exposesNoSensitiveActuatorEndpointEvenWithTheKey(String path) {
		assertThat(http().get(path, "X-API-Key", KEY).status()).as(path).isEqualTo(404);
	}

	@Test
	void exposesNoShutdownEndpoint() {
		assertThat(http().post("/actuator/shutdown", "{}", "X-API-Key", KEY).status()).isIn(404, 405);
	}

	private static void assertUnauthorized(Http.Response r) {
		assertThat(r.status()).as(r.text()).isEqualTo(401);
		assertThat(r.contentType()).startsWith("application/problem+json");
		assertThat(r.text("/type")).isEqualTo("https://kindling.dev/problems/unauthorized");
		assertThat(r.text("/detail")).contains("X-API-Key");
		assertThat(r.text()).doesNotContain(KEY);
	}

}
