package dev.kindling.scheduler.core;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The cluster as the core schedules on it: the {@link Cluster} port, plus the executors
 * being decommissioned (Spark's DECOMMISSIONING). Such an executor is still alive: it
 * finishes and reports the attempts it runs and serves its blocks until it has handed
 * them on. But it takes no new task, holds no block moved to it, and does not count among
 * the executors a retry may choose from. Not thread-safe: the {@link SchedulerCore}'s
 * lock guards it.
 */
final class LiveCluster implements Cluster {

	private final Cluster cluster;

	private final Set<String> decommissioning = new HashSet<>();

	LiveCluster(Cluster cluster) {
		this.cluster = cluster;
	}

	/** Whether it may be given a task, or blocks moved from an executor that leaves. */
	boolean takesTasks(String executorId) {
		return this.cluster.isAlive(executorId) && !this.decommissioning.contains(executorId);
	}

	boolean isDecommissioning(String executorId) {
		return this.decommissioning.contains(executorId);
	}

	/** Marks it as leaving; false when it was already, or is not alive. */
	boolean decommission(String executorId) {
		return this.cluster.isAlive(executorId) && this.decommissioning.add(executorId);
	}

	/** It has left (or was lost): nothing more to remember. */
	void forget(String executorId) {
		this.decommissioning.remove(executorId);
	}

	@Override
	public boolean isAlive(String executorId) {
		return this.cluster.isAlive(executorId);
	}

	@Override
	public int slots(String executorId) {
		return this.cluster.slots(executorId);
	}

	@Override
	public String url(String executorId) {
		return this.cluster.url(executorId);
	}

	/** The live executors that take tasks. */
	@Override
	public int aliveCount() {
		return aliveIds().size();
	}

	/** The live executors that take tasks. */
	@Override
	public Collection<String> aliveIds() {
		if (this.decommissioning.isEmpty()) {
			return this.cluster.aliveIds();
		}
		return this.cluster.aliveIds().stream().filter((id) -> !this.decommissioning.contains(id)).toList();
	}

	@Override
	public Instant lastHeartbeat(String executorId) {
		return this.cluster.lastHeartbeat(executorId);
	}

	@Override
	public boolean runs(String executorId, String attemptId) {
		return this.cluster.runs(executorId, attemptId);
	}

	@Override
	public void kill(String executorId, String attemptId) {
		this.cluster.kill(executorId, attemptId);
	}

	@Override
	public void dropJob(String jobId) {
		this.cluster.dropJob(jobId);
	}

	@Override
	public String cachedAt(String cacheKey, int partition) {
		return this.cluster.cachedAt(cacheKey, partition);
	}

	@Override
	public void cached(String cacheKey, String description, int partitions, int partition, String executorId,
			long bytes, long rows, String sourceVersion) {
		this.cluster.cached(cacheKey, description, partitions, partition, executorId, bytes, rows, sourceVersion);
	}

}
