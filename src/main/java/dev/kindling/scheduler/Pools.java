package dev.kindling.scheduler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.kindling.engine.spec.JobSpec;
import dev.kindling.platform.BadRequest;
import dev.kindling.platform.Caller;
import dev.kindling.platform.KindlingProperties;
import dev.kindling.scheduler.core.FairPolicy;
import dev.kindling.scheduler.core.SchedulerCore;

/**
 * The scheduling pools ({@code kindling.scheduler.pools.<name>.*}) and which one a job
 * runs in: the pool its document names, else its principal's pool, else {@code default}.
 * A job may name only a pool that exists: {@code default}, a configured one, or one a
 * configured principal names as its own (those get weight 1 and no minimum share unless
 * configured). In {@code fifo} mode pools are recorded and shown but do not change the
 * order.
 */
public final class Pools {

	public static final String DEFAULT = "default";

	/**
	 * A pool as {@code GET /api/v1/pools} shows it.
	 *
	 * @param name its name
	 * @param weight its share of the slots under contention
	 * @param minShare slots it gets first while it runs fewer
	 * @param maxRunningJobs the most of its jobs that run at once (0: no cap)
	 * @param share the slots its tasks hold now
	 * @param runningJobs its jobs that have started and not ended
	 * @param queuedJobs its jobs waiting to start
	 */
	public record PoolView(String name, int weight, int minShare, int maxRunningJobs, int share, int runningJobs,
			int queuedJobs) {
	}

	private final KindlingProperties.Scheduler.Mode mode;

	private final Map<String, FairPolicy.PoolSettings> settings;

	Pools(KindlingProperties properties) {
		this.mode = properties.scheduler().mode();
		Map<String, FairPolicy.PoolSettings> all = new TreeMap<>();
		all.put(DEFAULT, FairPolicy.PoolSettings.DEFAULT);
		for (KindlingProperties.Principal p : properties.security().principals()) {
			if (p.pool() != null && !p.pool().isBlank()) {
				all.put(p.pool().trim(), FairPolicy.PoolSettings.DEFAULT);
			}
		}
		properties.scheduler()
			.pools()
			.forEach((name, pool) -> all.put(name,
					new FairPolicy.PoolSettings(pool.weight(), pool.minShare(), pool.maxRunningJobs())));
		this.settings = java.util.Collections.unmodifiableMap(all);
	}

	public KindlingProperties.Scheduler.Mode mode() {
		return this.mode;
	}

	/** Every pool's settings by name, {@code default} included. */
	public Map<String, FairPolicy.PoolSettings> settings() {
		return this.settings;
	}

	/**
	 * The pool a job runs in.
	 * @throws BadRequest when it names a pool that does not exist (pointer {@code /pool})
	 */
	public String poolOf(JobSpec spec, Caller caller) {
		if (spec.pool() != null) {
			return known(spec.pool(), "/pool", "the job names pool '" + spec.pool() + "'");
		}
		if (caller.pool() != null) {
			return known(caller.pool(), "/pool",
					"principal '" + caller.name() + "' has pool '" + caller.pool() + "' and the job names none");
		}
		return DEFAULT;
	}

	private String known(String name, String pointer, String what) {
		if (!this.settings.containsKey(name)) {
			throw BadRequest.of(pointer, what + ", which does not exist; pools: " + this.settings.keySet());
		}
		return name;
	}

	/** Every pool with its settings and its load now. */
	public List<PoolView> views(SchedulerCore core) {
		Map<String, SchedulerCore.PoolLoad> loads = core.poolLoads();
		Map<String, PoolView> out = new LinkedHashMap<>();
		this.settings.forEach((name, s) -> {
			SchedulerCore.PoolLoad load = loads.get(name);
			out.put(name, view(name, s, load));
		});
		loads.forEach((name, load) -> out.computeIfAbsent(name, (n) -> view(n, FairPolicy.PoolSettings.DEFAULT, load)));
		return new ArrayList<>(out.values());
	}

	private static PoolView view(String name, FairPolicy.PoolSettings s, SchedulerCore.PoolLoad load) {
		return new PoolView(name, s.weight(), s.minShare(), s.maxRunningJobs(), load == null ? 0 : load.runningTasks(),
				load == null ? 0 : load.runningJobs(), load == null ? 0 : load.queuedJobs());
	}

}
