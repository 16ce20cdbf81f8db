package dev.kindling.scheduler;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.kindling.cluster.ExecutorRegistry;
import dev.kindling.platform.KindlingProperties;

/**
 * What {@link JpaSchemaContract} adds to the JPA slice: the executor registry (which
 * stores executors through its package-private repository) and a fixed clock.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(KindlingProperties.class)
@Import(ExecutorRegistry.class)
class JpaSchemaContractBeans {

	static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456Z");

	@Bean
	Clock clock() {
		return Clock.fixed(T0, ZoneOffset.UTC);
	}

}
