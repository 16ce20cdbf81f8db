package dev.kindling.platform;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.kindling.testsupport.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code kindling.security.public-metrics} a scraper reads metrics without the key;
 * the API still needs it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:public-metrics;DB_CLOSE_DELAY=-1",
				"kindling.data.root=target/test-data/public-metrics", "kindling.local.executors=0",
				"kindling.security.api-key-required=true", "kindling.security.api-key=k-public-metrics",
				"kindling.security.public-metrics=true" })
class PublicMetricsTest {

	@LocalServerPort
	int port;

	@Test
	void servesPrometheusWithoutTheKeyButNotTheApi() {
		Http http = new Http(this.port);
		assertThat(http.get("/actuator/prometheus").status()).isEqualTo(200);
		assertThat(http.get("/actuator/metrics").status()).isEqualTo(200);
		assertThat(http.get("/api/v1/jobs").status()).isEqualTo(401);
		assertThat(http.get("/actuator/env").status()).isEqualTo(401);
	}

}
