package dev.kindling.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import dev.kindling.cluster.CacheRegistry;
import dev.kindling.engine.datasource.Storages;
import dev.kindling.cluster.ExecutorRegistry;
import dev.kindling.platform.DriverRole;
import dev.kindling.platform.KindlingProperties;
import dev.kindling.scheduler.core.FairPolicy;
import dev.kindling.scheduler.core.FifoPolicy;
import dev.kindling.scheduler.core.RoundRobinPolicy;
import dev.kindling.scheduler.core.SchedulerCore;
import dev.kindling.scheduler.core.SchedulerListener;
import dev.kindling.scheduler.core.AdaptiveRules;
import dev.kindling.scheduler.core.SchedulerSettings;
import dev.kindling.scheduler.core.SchedulingPolicy;
import dev.kindling.state.StateWriter;

/**
 * Wires the plain-Java scheduling core to the driver: the clock, the state writer, the
 * executor and cache registries, the listeners (metrics, the events table, and any other
 * {@link SchedulerListener} bean), and the policy {@code kindling.scheduler.mode} and
 * {@code kindling.scheduler.policy} name.
 */
@Configuration(proxyBeanMethods = false)
@DriverRole
class SchedulerConfiguration {

	@Bean
	SchedulerMeters schedulerMeters(MeterRegistry meters) {
		return new SchedulerMeters(meters);
	}

	@Bean
	EventLog eventLog(StateWriter writer, Clock clock) {
		return new EventLog(writer, clock);
	}

	@Bean
	StorageCommitter storageCommitter(Storages storages) {
		return new StorageCommitter(storages);
	}

	@Bean
	Pools pools(KindlingProperties properties) {
		return new Pools(properties);
	}

	@Bean
	SchedulerCore schedulerCore(KindlingProperties properties, Clock clock, StateWriter writer,
			ExecutorRegistry registry, CacheRegistry cache, JsonMapper json, List<SchedulerListener> listeners,
			SchedulerMeters meters, Pools pools, StorageCommitter committer) {
		SchedulerCore core = new SchedulerCore(settings(properties), clock, new StoreAdapter(writer, json),
				new ClusterAdapter(registry, cache), SchedulerListener.all(List.copyOf(listeners)),
				json::writeValueAsString, policy(properties, pools), epoch(), committer);
		meters.gauges(core, registry, properties.autoscaling().executorSlots());
		return core;
	}

	static SchedulerSettings settings(KindlingProperties p) {
		KindlingProperties.Speculation s = p.speculation();
		// Long enough for two heartbeats after the attempt started, with room for a slow
		// one.
		Duration grace = p.executor().heartbeatInterval().multipliedBy(3).plusSeconds(2);
		// Spark's adaptive autoBroadcastJoinThreshold defaults to the static one
		DataSize autoBroadcast = p.adaptive().autoBroadcastJoinThreshold() != null
				? p.adaptive().autoBroadcastJoinThreshold() : p.join().broadcastThreshold();
		return new SchedulerSettings(p.task().maxAttempts(), p.limits().maxRunningJobs(),
				p.driver().maxResultSize().toBytes(), p.limits().maxCollectRows(), grace,
				new SchedulerSettings.Speculation(s.enabled(), s.multiplier(), s.quantile(), s.minRuntime()),
				new AdaptiveRules.Settings(p.adaptive().enabled(), p.adaptive().advisoryPartitionSize().toBytes(),
						p.adaptive().minPartitionSize().toBytes(), p.adaptive().skewedPartitionFactor(),
						p.adaptive().skewedPartitionThreshold().toBytes(), autoBroadcast.toBytes()));
	}

	/**
	 * {@code fair} mode: the pools; {@code fifo} mode (the default): one queue in the
	 * order {@code kindling.scheduler.policy} names.
	 */
	static SchedulingPolicy policy(KindlingProperties p, Pools pools) {
		if (p.scheduler().mode() == KindlingProperties.Scheduler.Mode.FAIR) {
			return new FairPolicy(pools.settings());
		}
		return switch (p.scheduler().policy()) {
			case ROUND_ROBIN -> new RoundRobinPolicy();
			case FIFO -> new FifoPolicy();
		};
	}

	/** Tells this driver run's task attempt ids from those of runs before a restart. */
	private static String epoch() {
		return Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
	}

}
