package dev.kindling.scheduler.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Spark's FAIR scheduler: jobs run in pools, and each free slot goes to the neediest pool
 * that has a task to run (Spark's {@code FairSchedulingAlgorithm}):
 * <ol>
 * <li>a pool running fewer tasks than its {@code minShare} comes before one that is not;
 * between two such pools, the lower share of its minimum first;</li>
 * <li>otherwise the pool with the fewest running tasks per unit of {@code weight} first,
 * so under contention slots are shared in proportion to the weights;</li>
 * <li>ties go by pool name.</li>
 * </ol>
 * Inside a pool, jobs go in submission order (FIFO), a job's task sets in stage order. A
 * pool with {@code maxRunningJobs} starts no further job while that many of its jobs have
 * started and not ended. A pool nobody configured gets weight 1 and no minimum share. Not
 * thread-safe: the {@link SchedulerCore}'s lock guards it.
 */
public final class FairPolicy implements SchedulingPolicy {

	/**
	 * A pool's settings.
	 *
	 * @param weight its share of the slots against other pools
	 * @param minShare slots it gets before pools at or above their minimum
	 * @param maxRunningJobs the most of its jobs that run at once (0: no cap)
	 */
	public record PoolSettings(int weight, int minShare, int maxRunningJobs) {

		public static final PoolSettings DEFAULT = new PoolSettings(1, 0, 0);

		public PoolSettings {
			if (weight < 1 || minShare < 0 || maxRunningJobs < 0) {
				throw new IllegalArgumentException("weight must be at least 1, minShare and maxRunningJobs 0 or more");
			}
		}

	}

	private static final class JobEntry {

		final ActiveJob job;

		final List<TaskSetManager> sets = new ArrayList<>(2);

		/** It has handed out a task: it counts against its pool's running jobs. */
		boolean started;

		JobEntry(ActiveJob job) {
			this.job = job;
		}

		boolean ended() {
			return !this.job.isLive() && this.job.running == 0;
		}

	}

	private static final class Pool {

		final String name;

		final PoolSettings settings;

		/** Its jobs in submission order. */
		final List<JobEntry> jobs = new ArrayList<>();

		Pool(String name, PoolSettings settings) {
			this.name = name;
			this.settings = settings;
		}

		int runningTasks() {
			int n = 0;
			for (JobEntry e : this.jobs) {
				n += e.job.running;
			}
			return n;
		}

		boolean hasPending() {
			for (JobEntry e : this.jobs) {
				for (TaskSetManager s : e.sets) {
					if (s.hasPending()) {
						return true;
					}
				}
			}
			return false;
		}

		int startedJobs() {
			int n = 0;
			for (JobEntry e : this.jobs) {
				if (e.started && !e.ended()) {
					n++;
				}
			}
			return n;
		}

	}

	/** Spark's FairSchedulingAlgorithm, over pools' running tasks. */
	static final Comparator<Pool> FAIR = (a, b) -> {
		int runningA = a.runningTasks();
		int runningB = b.runningTasks();
		boolean needyA = runningA < a.settings.minShare();
		boolean needyB = runningB < b.settings.minShare();
		int c;
		if (needyA && !needyB) {
			return -1;
		}
		if (!needyA && needyB) {
			return 1;
		}
		if (needyA) {
			c = Double.compare(runningA / Math.max(a.settings.minShare(), 1.0),
					runningB / Math.max(b.settings.minShare(), 1.0));
		}
		else {
			c = Double.compare((double) runningA / a.settings.weight(), (double) runningB / b.settings.weight());
		}
		return c != 0 ? c : a.name.compareTo(b.name);
	};

	private final Map<String, PoolSettings> configured;

	private final Map<String, Pool> pools = new TreeMap<>();

	private final Map<ActiveJob, JobEntry> entries = new IdentityHashMap<>();

	/**
	 * @param configured the pools' settings by name; others get the defaults
	 */
	public FairPolicy(Map<String, PoolSettings> configured) {
		this.configured = Map.copyOf(configured);
	}

	@Override
	public void add(TaskSetManager set) {
		if (set.queued) {
			return;
		}
		set.queued = true;
		JobEntry entry = this.entries.get(set.job);
		if (entry == null) {
			entry = new JobEntry(set.job);
			this.entries.put(set.job, entry);
			Pool pool = this.pools.computeIfAbsent(set.job.pool,
					(name) -> new Pool(name, this.configured.getOrDefault(name, PoolSettings.DEFAULT)));
			int i = 0;
			while (i < pool.jobs.size() && pool.jobs.get(i).job.sequence <= set.job.sequence) {
				i++;
			}
			pool.jobs.add(i, entry);
		}
		int i = 0;
		while (i < entry.sets.size() && entry.sets.get(i).stageId() <= set.stageId()) {
			i++;
		}
		entry.sets.add(i, set);
	}

	@Override
	public void remove(TaskSetManager set) {
		if (!set.queued) {
			return;
		}
		set.queued = false;
		JobEntry entry = this.entries.get(set.job);
		if (entry != null) {
			entry.sets.remove(set);
		}
	}

	@Override
	public Attempt next(String executorId) {
		List<Pool> candidates = new ArrayList<>(this.pools.size());
		Iterator<Pool> it = this.pools.values().iterator();
		while (it.hasNext()) {
			Pool pool = it.next();
			forgetEnded(pool);
			if (pool.jobs.isEmpty()) {
				it.remove();
			}
			else if (pool.hasPending()) {
				candidates.add(pool);
			}
		}
		candidates.sort(FAIR);
		for (Pool pool : candidates) {
			int cap = pool.settings.maxRunningJobs();
			int started = cap > 0 ? pool.startedJobs() : 0;
			for (JobEntry entry : pool.jobs) {
				if (entry.sets.isEmpty() || (!entry.started && cap > 0 && started >= cap)) {
					continue;
				}
				Attempt a = FifoPolicy.takeFrom(entry.sets, executorId);
				if (a != null) {
					entry.started = true;
					return a;
				}
			}
		}
		return null;
	}

	/** Drops jobs that have ended and have nothing queued or running. */
	private void forgetEnded(Pool pool) {
		Iterator<JobEntry> it = pool.jobs.iterator();
		while (it.hasNext()) {
			JobEntry e = it.next();
			if (e.ended() && e.sets.isEmpty()) {
				it.remove();
				this.entries.remove(e.job);
			}
		}
	}

}
