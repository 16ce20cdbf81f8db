package dev.kindling.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

import dev.kindling.platform.DriverRole;

/**
 * What the live executors hold, summed over their last heartbeats:
 * {@code kindling.shuffle.bytes} (shuffle blocks kept until their job ends) and
 * {@code kindling.cache.bytes} (cached partitions). On {@code /actuator/prometheus} they
 * read {@code kindling_shuffle_bytes} and {@code kindling_cache_bytes}.
 */
@Component
@DriverRole
class ExecutorMeters {

	ExecutorMeters(ExecutorRegistry registry, MeterRegistry meters) {
		Gauge.builder("kindling.shuffle.bytes", registry, ExecutorRegistry::shuffleBytes)
			.description("Bytes of shuffle blocks held by live executors")
			.baseUnit("bytes")
			.register(meters);
		Gauge.builder("kindling.cache.bytes", registry, ExecutorRegistry::cacheBytes)
			.description("Bytes of cached partitions held by live executors")
			.baseUnit("bytes")
			.register(meters);
	}

}
