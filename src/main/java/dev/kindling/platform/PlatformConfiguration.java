package dev.kindling.platform;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import dev.kindling.engine.datasource.DataRoot;

/** Beans both roles share. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class PlatformConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	DataRoot dataRoot(KindlingProperties properties) {
		return new DataRoot(properties.data().root());
	}

	@Bean
	ClusterSecret clusterSecret(KindlingProperties properties) {
		return ClusterSecret.from(properties);
	}

}
