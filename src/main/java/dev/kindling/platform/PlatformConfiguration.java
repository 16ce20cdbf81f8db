package dev.kindling.platform;

import java.time.Clock;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import dev.kindling.engine.datasource.DataRoot;
import dev.kindling.engine.datasource.LocalStorage;
import dev.kindling.engine.datasource.Storages;
import dev.kindling.engine.spec.ActionSpec;
import dev.kindling.engine.spec.JobConf;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.engine.spec.SessionSpec;
import dev.kindling.engine.spec.SourceSpec;
import dev.kindling.engine.spec.StepSpec;
import dev.kindling.engine.storage.s3.S3Settings;
import dev.kindling.engine.storage.s3.S3Storage;

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

	/**
	 * Where jobs read and write: the data root, and object storage under the allowed
	 * locations, reached with this process's own settings and credentials (the driver's
	 * and each executor's; none travels with a task). The S3 client is built on first
	 * use.
	 */
	@Bean
	Storages storages(DataRoot dataRoot, KindlingProperties properties) {
		StorageProperties storage = properties.storage();
		StorageProperties.S3 s3 = storage.s3();
		S3Storage objects = new S3Storage(
				new S3Settings(s3.endpoint(), s3.region(), s3.pathStyleAccess(), s3.accessKey(), s3.secretKey()));
		return new Storages(new LocalStorage(dataRoot), objects, storage.allowedLocations());
	}

	/**
	 * Every job spec's JSON is written once however many task descriptors carry it, and
	 * without the options it leaves out: a CSV source has some thirty, nearly all unset,
	 * and each null was written into every task descriptor, read back by the executor and
	 * stored twice with the job (absent and null read back alike).
	 */
	@Bean
	JsonMapperBuilderCustomizer repeatedJobSpecs() {
		JsonInclude.Value onlySet = JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
				JsonInclude.Include.NON_NULL);
		return (builder) -> {
			builder.addModule(RepeatedValueSerializer.jobSpecsOnce());
			for (Class<?> spec : List.of(JobSpec.class, SourceSpec.class, StepSpec.class, ActionSpec.class,
					SessionSpec.class, JobConf.class)) {
				builder.withConfigOverride(spec, (o) -> o.setInclude(onlySet));
			}
		};
	}

	@Bean
	ClusterSecret clusterSecret(KindlingProperties properties) {
		return ClusterSecret.from(properties);
	}

}
