package dev.kindling.platform;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kindling.testsupport.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OIDC bearer tokens (issue 15): the test is its own issuer, serving its public key as a
 * JWK set over HTTP and signing tokens with the private one. A valid token's claims name
 * the principal and its roles; a token signed by another key, expired, or from another
 * issuer is a 401 problem; API keys keep working beside tokens.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:oidc;DB_CLOSE_DELAY=-1", "kindling.local.executors=0",
				"kindling.data.root=target/test-data/oidc", "kindling.security.api-key=" + OidcTokenTest.ADMIN_KEY,
				"kindling.security.oidc.issuer-uri=" + OidcTokenTest.ISSUER,
				"kindling.security.oidc.roles-claim=kindling_roles",
				"kindling.security.oidc.name-claim=preferred_username" })
class OidcTokenTest {

	static final String ADMIN_KEY = "ak-1b9e7d3c5a2f8046e1b7";

	static final String ISSUER = "https://issuer.kindling.test";

	static final RSAKey KEY = rsa("issuer-key");

	static final RSAKey OTHER_KEY = rsa("someone-else");

	static final HttpServer JWKS = jwks();

	@LocalServerPort
	int port;

	private static RSAKey rsa(String id) {
		try {
			return new RSAKeyGenerator(2048).keyID(id).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpServer jwks() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			byte[] body = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
			server.createContext("/jwks", (exchange) -> {
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@DynamicPropertySource
	static void jwkSet(DynamicPropertyRegistry registry) {
		registry.add("kindling.security.oidc.jwk-set-uri",
				() -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/jwks");
	}

	@AfterAll
	static void stopIssuer() {
		JWKS.stop(0);
	}

	static String token(RSAKey key, String issuer, String user, List<String> roles, Instant expires) {
		try {
			JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer)
				.subject("id-" + user)
				.claim("preferred_username", user)
				.claim("kindling_roles", roles)
				.issueTime(new Date())
				.expirationTime(Date.from(expires))
				.build();
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String valid(String user, String... roles) {
		return token(KEY, ISSUER, user, List.of(roles), Instant.now().plusSeconds(300));
	}

	private Http.Response get(String path, String token) {
		return new Http(this.port).get(path, "Authorization", "Bearer " + token);
	}

	@Test
	void aValidTokenNamesThePrincipalAndItsRoles() {
		String olga = valid("olga", "submitter");
		assertThat(get("/api/v1/jobs", olga).status()).isEqualTo(200);
		// A submitter reaches the planner (400 for the missing file), not a 403.
		Http.Response submit = new Http(this.port).post("/api/v1/jobs",
				"{\"source\":{\"path\":\"missing.csv\"},\"action\":{\"type\":\"count\"}}", "Authorization",
				"Bearer " + olga);
		assertThat(submit.status()).as(submit.text()).isEqualTo(400);
		assertThat(submit.text("/pointer")).isEqualTo("/source/path");
	}

	@Test
	void aViewersTokenMayReadButNotSubmit() {
		String vic = valid("vic", "viewer");
		assertThat(get("/api/v1/executors", vic).status()).isEqualTo(200);
		Http.Response submit = new Http(this.port).post("/api/v1/jobs", "{}", "Authorization", "Bearer " + vic);
		assertThat(submit.status()).isEqualTo(403);
		assertThat(submit.text("/type")).isEqualTo("https://kindling.dev/problems/forbidden");
		assertThat(submit.text("/detail")).contains("'vic'").contains("submitter");
	}

	@Test
	void aTokenWithoutAKnownRoleMayDoNothing() {
		assertThat(get("/api/v1/jobs", valid("nobody", "guest")).status()).isEqualTo(403);
	}

	@Test
	void aTokenSignedByAnotherKeyExpiredOrFromAnotherIssuerIsUnauthorized() {
		List<String> bad = List.of(
				token(OTHER_KEY, ISSUER, "mallory", List.of("admin"), Instant.now().plusSeconds(300)),
				token(KEY, ISSUER, "olga", List.of("admin"), Instant.now().minusSeconds(600)),
				token(KEY, "https://elsewhere.test", "olga", List.of("admin"), Instant.now().plusSeconds(300)));
		for (String token : bad) {
			Http.Response r = get("/api/v1/jobs", token);
			assertThat(r.status()).as(r.text()).isEqualTo(401);
			assertThat(r.contentType()).startsWith("application/problem+json");
			assertThat(r.text("/type")).isEqualTo("https://kindling.dev/problems/unauthorized");
		}
	}

	@Test
	void anApiKeyStillWorksBesideTokens() {
		assertThat(new Http(this.port).get("/api/v1/jobs", "X-API-Key", ADMIN_KEY).status()).isEqualTo(200);
		assertThat(get("/api/v1/jobs", ADMIN_KEY).status()).isEqualTo(200);
		assertThat(new Http(this.port).get("/api/v1/jobs").status()).isEqualTo(401);
	}

}
