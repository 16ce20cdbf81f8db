package dev.kindling.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import javax.sql.DataSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kindling.cluster.ExecutorRegistry;
import dev.kindling.platform.KindlingProperties;

/**
 * What {@link JpaSchemaContract} adds to the JPA slice: a fixed clock, the executor
 * registry, and a state writer that is never started, so {@code flush()} writes on the
 * test's thread inside its transaction (which rolls back after each test).
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(KindlingProperties.class)
@Import({ ExecutorRegistry.class, JobRows.class })
class JpaSchemaContractBeans {

	static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456Z");

	@Bean
	Clock clock() {
		return Clock.fixed(T0, ZoneOffset.UTC);
	}

	@Bean
	StateWriter stateWriter(JdbcTemplate jdbc, TransactionTemplate tx, DataSource dataSource, Clock clock) {
		DatabaseHealth health = new DatabaseHealth(dataSource, clock, Duration.ofMinutes(1), Duration.ofSeconds(2));
		return new StateWriter(jdbc, tx, health) {

			@Override
			public boolean isAutoStartup() {
				return false;
			}

		};
	}

}
