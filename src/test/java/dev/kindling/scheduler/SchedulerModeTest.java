package dev.kindling.scheduler;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.kindling.platform.KindlingProperties;
import dev.kindling.scheduler.core.FairPolicy;
import dev.kindling.scheduler.core.FifoPolicy;
import dev.kindling.scheduler.core.RoundRobinPolicy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which policy the properties choose: {@code fifo} mode stays the default and keeps
 * round-robin between jobs (issue 19's guarantee); {@code fair} mode builds the pools.
 */
class SchedulerModeTest {

	private static KindlingProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("kindling",
				KindlingProperties.class);
	}

	@Test
	void theDefaultIsFifoModeWithRoundRobinBetweenJobsAsBeforePools() {
		KindlingProperties p = bind(Map.of());
		assertThat(p.scheduler().mode()).isEqualTo(KindlingProperties.Scheduler.Mode.FIFO);
		assertThat(SchedulerConfiguration.policy(p, new Pools(p))).isInstanceOf(RoundRobinPolicy.class);
		assertThat(SchedulerConfiguration.policy(bind(Map.of("kindling.scheduler.policy", "fifo")),
				new Pools(bind(Map.of()))))
			.isInstanceOf(FifoPolicy.class);
	}

	@Test
	void fairModeHasTheConfiguredPoolsTheDefaultPoolAndThePrincipalsPools() {
		KindlingProperties p = bind(Map.of("kindling.scheduler.mode", "fair", "kindling.scheduler.pools.etl.weight",
				"3", "kindling.scheduler.pools.etl.min-share", "2", "kindling.scheduler.pools.etl.max-running-jobs",
				"1", "kindling.security.principals[0].name", "ann", "kindling.security.principals[0].key-hash",
				"0".repeat(64), "kindling.security.principals[0].pool", "adhoc"));
		Pools pools = new Pools(p);
		assertThat(SchedulerConfiguration.policy(p, pools)).isInstanceOf(FairPolicy.class);
		assertThat(pools.settings()).containsEntry("etl", new FairPolicy.PoolSettings(3, 2, 1))
			.containsEntry("default", FairPolicy.PoolSettings.DEFAULT)
			.containsEntry("adhoc", FairPolicy.PoolSettings.DEFAULT);
	}

}
