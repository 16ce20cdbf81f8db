package dev.kindling.cluster;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.kindling.platform.KindlingProperties;
import dev.kindling.protocol.Heartbeat;
import dev.kindling.protocol.RegisterRequest;
import dev.kindling.state.StateWriter;

import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class ExecutorMetersTest {

	/** A writer that is never started: what the registry records just queues. */
	private final ExecutorRegistry registry = new ExecutorRegistry(mock(ExecutorRepository.class),
			new StateWriter(null, (TransactionTemplate) null, null), event -> {
			}, properties(), Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC));

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private static KindlingProperties properties() {
		return new Binder(new MapConfigurationPropertySource()).bindOrCreate("kindling", KindlingProperties.class);
	}

	private String register(String name) {
		return this.registry.register(new RegisterRequest(1, name, 2, 1L << 30, "http://" + name, null)).executorId();
	}

	private double gauge(String name) {
		return this.meters.get(name).gauge().value();
	}

	@Test
	void sumsShuffleAndCacheBytesOverTheLatestHeartbeatsOfLiveExecutors() {
		new ExecutorMeters(this.registry, this.meters);
		String a = register("a");
		String b = register("b");
		assertThat(gauge("kindling.shuffle.bytes")).isZero();
		assertThat(gauge("kindling.cache.bytes")).isZero();

		this.registry.heartbeat(a, new Heartbeat(List.of(), 7, 100, List.of()));
		this.registry.heartbeat(b, new Heartbeat(List.of(), 0, 250, List.of()));
		assertThat(gauge("kindling.shuffle.bytes")).isEqualTo(350);
		assertThat(gauge("kindling.cache.bytes")).isEqualTo(7);

		this.registry.heartbeat(a, new Heartbeat(List.of(), 0, 40, List.of()));
		assertThat(gauge("kindling.shuffle.bytes")).isEqualTo(290);

		this.registry.deregister(b);
		assertThat(gauge("kindling.shuffle.bytes")).isEqualTo(40);
		assertThat(this.meters.get("kindling.shuffle.bytes").gauge().getId().getBaseUnit()).isEqualTo("bytes");
	}

}
