package dev.kindling.scheduler;

import java.time.Instant;
import java.util.Collection;

import dev.kindling.cluster.CacheRegistry;
import dev.kindling.cluster.ExecutorInfo;
import dev.kindling.cluster.ExecutorRegistry;
import dev.kindling.scheduler.core.Cluster;

/** The executors as the scheduler sees them, from the registry and the cache registry. */
final class ClusterAdapter implements Cluster {

	private final ExecutorRegistry registry;

	private final CacheRegistry cache;

	ClusterAdapter(ExecutorRegistry registry, CacheRegistry cache) {
		this.registry = registry;
		this.cache = cache;
	}

	@Override
	public boolean isAlive(String executorId) {
		return executorId != null && this.registry.isAlive(executorId);
	}

	@Override
	public int slots(String executorId) {
		return this.registry.find(executorId).map(ExecutorInfo::slots).orElse(0);
	}

	@Override
	public String url(String executorId) {
		return this.registry.find(executorId).map(ExecutorInfo::url).orElse(null);
	}

	@Override
	public int aliveCount() {
		return this.registry.alive().size();
	}

	@Override
	public Collection<String> aliveIds() {
		return this.registry.alive().stream().map(ExecutorInfo::id).toList();
	}

	@Override
	public Instant lastHeartbeat(String executorId) {
		return this.registry.find(executorId).map(ExecutorInfo::lastHeartbeat).orElse(null);
	}

	@Override
	public boolean runs(String executorId, String attemptId) {
		return this.registry.find(executorId).map(e -> e.runningAttempts().contains(attemptId)).orElse(false);
	}

	@Override
	public void kill(String executorId, String attemptId) {
		if (executorId != null) {
			this.registry.kill(executorId, attemptId);
		}
	}

	@Override
	public void dropJob(String jobId) {
		this.registry.dropJob(jobId);
	}

	@Override
	public String cachedAt(String cacheKey, int partition) {
		return this.cache.location(cacheKey, partition).orElse(null);
	}

	@Override
	public void cached(String cacheKey, String description, int partitions, int partition, String executorId,
			long bytes, long rows, String sourceVersion) {
		this.cache.add(cacheKey, description, partitions, partition, executorId, bytes, rows, sourceVersion);
	}

}
