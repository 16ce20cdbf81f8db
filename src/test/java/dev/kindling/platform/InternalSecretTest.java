package dev.kindling.platform;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.kindling.protocol.Paths;
import dev.kindling.testsupport.Http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Every internal endpoint, on the driver (register, heartbeat, poll, report, deregister)
 * and on the executor (shuffle block), answers 401 with a problem detail to a caller
 * without the cluster secret or with a wrong one, before any controller runs, and never
 * echoes what was presented; with the secret the request reaches its controller. Also
 * with the public API open (local mode).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:internal-secret;DB_CLOSE_DELAY=-1",
				"kindling.data.root=target/test-data/internal-secret", "kindling.local.executors=0",
				"kindling.security.shared-secret=" + InternalSecretTest.SECRET })
class InternalSecretTest {

	static final String SECRET = "the-cluster-secret-4f1c";

	@LocalServerPort
	int port;

	static Stream<Arguments> internalEndpoints() {
		String register = "{\"version\":1,\"name\":\"x\",\"slots\":1,\"maxMemory\":1,\"url\":\"http://localhost:1\"}";
		String report = "{\"attemptId\":\"a\",\"jobId\":\"j\",\"stageId\":0,\"stageAttempt\":0,\"partition\":0,"
				+ "\"attempt\":1,\"status\":\"SUCCEEDED\"}";
		return Stream.of(argumentSet("register", "POST", Paths.REGISTER, register),
				argumentSet("heartbeat", "POST", Paths.HEARTBEAT.replace("{executorId}", "e1"),
						"{\"runningAttempts\":[],\"cacheBytes\":0,\"shuffleBytes\":0}"),
				argumentSet("poll", "POST", Paths.POLL.replace("{executorId}", "e1"), "{\"freeSlots\":1,\"waitMs\":0}"),
				argumentSet("report", "POST", Paths.REPORT, report),
				argumentSet("deregister", "POST", Paths.DEREGISTER.replace("{executorId}", "e1"), "\"\""),
				argumentSet("shuffle block", "GET", Paths.shuffleBlock("", "local-1", "job", 0, 0, 0), null),
				argumentSet("unmapped internal path", "GET", Paths.BASE + "/anything", null));
	}

	@ParameterizedTest
	@MethodSource("internalEndpoints")
	void refusesACallerWithoutTheSecret(String method, String path, String body) {
		assertUnauthorized(call(method, path, body, List.of()), null);
	}

	@ParameterizedTest
	@MethodSource("internalEndpoints")
	void refusesACallerWithAWrongSecret(String method, String path, String body) {
		String wrong = SECRET.substring(0, SECRET.length() - 1) + "X";
		assertUnauthorized(call(method, path, body, List.of(Paths.SECRET_HEADER, wrong)), wrong);
		assertUnauthorized(call(method, path, body, List.of(Paths.SECRET_HEADER, "")), null);
	}

	@ParameterizedTest
	@MethodSource("internalEndpoints")
	void refusesTheApiKeyInPlaceOfTheSecret(String method, String path, String body) {
		assertUnauthorized(call(method, path, body, List.of("X-API-Key", SECRET, "Authorization", "Bearer " + SECRET)),
				null);
	}

	@ParameterizedTest
	@MethodSource("internalEndpoints")
	void letsAHolderOfTheSecretThrough(String method, String path, String body) {
		Http.Response r = call(method, path, body, List.of(Paths.SECRET_HEADER, SECRET));
		assertThat(r.status()).as(r.text()).isNotIn(401, 403);
	}

	private Http.Response call(String method, String path, String body, List<String> headers) {
		Http http = new Http(this.port);
		String[] h = headers.toArray(String[]::new);
		return "GET".equals(method) ? http.get(path, h) : http.post(path, body, h);
	}

	private static void assertUnauthorized(Http.Response r, String presented) {
		assertThat(r.status()).as(r.text()).isEqualTo(401);
		assertThat(r.contentType()).startsWith("application/problem+json");
		assertThat(r.text("/type")).isEqualTo("https://kindling.dev/problems/unauthorized");
		assertThat(r.text("/detail")).contains("cluster secret");
		assertThat(r.text()).doesNotContain(SECRET);
		if (presented != null) {
			assertThat(r.text()).doesNotContain(presented);
		}
	}

}
