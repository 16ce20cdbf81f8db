package dev.kindling.platform;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import dev.kindling.engine.datasource.DataRoot;
import dev.kindling.engine.datasource.LocalStorage;
import dev.kindling.engine.datasource.Storages;

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

	/** Where jobs read and write: the data root (object storage is not built yet). */
	@Bean
	Storages storages(DataRoot dataRoot, KindlingProperties properties) {
		return new Storages(new LocalStorage(dataRoot), null, java.util.List.of());
	}

	@Bean
	ClusterSecret clusterSecret(KindlingProperties properties) {
		return ClusterSecret.from(properties);
	}

}
