package dev.kindling.state;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.kindling.platform.DriverRole;
import dev.kindling.platform.KindlingProperties;

/** The database's health, and the H2 URL made durable whatever the operator gave. */
@Configuration(proxyBeanMethods = false)
@DriverRole
class StateConfiguration {

	@Bean
	static H2Durability h2Durability() {
		return new H2Durability();
	}

	@Bean
	DatabaseHealth databaseHealth(DataSource dataSource, Clock clock, KindlingProperties properties) {
		return new DatabaseHealth(dataSource, clock, properties.health().databaseLivenessGrace(),
				properties.health().databaseProbeInterval());
	}

}
