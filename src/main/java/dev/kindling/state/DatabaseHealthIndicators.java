package dev.kindling.state;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.kindling.platform.DriverRole;

/**
 * The database in the actuator's health groups, read from {@link DatabaseHealth} with no
 * I/O of their own: {@code database} (in the readiness group) is DOWN while the database
 * cannot be written, {@code databaseLiveness} (in the liveness group) once the database
 * was closed under the driver or has been unreachable for longer than
 * {@code kindling.health.database-liveness-grace}.
 */
@Configuration(proxyBeanMethods = false)
@DriverRole
class DatabaseHealthIndicators {

	@Bean
	HealthIndicator databaseHealthIndicator(DatabaseHealth health) {
		return () -> health.isReachable() ? Health.up().build() : Health.down().build();
	}

	@Bean
	HealthIndicator databaseLivenessHealthIndicator(DatabaseHealth health) {
		return () -> health.isAlive() ? Health.up().build() : Health.down().build();
	}

}
