package dev.kindling.scheduler.core;

import java.time.Instant;
import java.util.Collection;

/**
 * The executors as the scheduler sees them: who is alive, their slots, what they run and
 * cache, and the commands it sends them (delivered with their next heartbeat). Reads are
 * cheap and never block.
 */
public interface Cluster {

	boolean isAlive(String executorId);

	/** Its task slots, 0 when it is unknown. */
	int slots(String executorId);

	/** The base URL its shuffle blocks are served from, or null. */
	String url(String executorId);

	int aliveCount();

	Collection<String> aliveIds();

	/** When it last heartbeated, or null when unknown. */
	Instant lastHeartbeat(String executorId);

	/** Whether its last heartbeat listed this attempt as running. */
	boolean runs(String executorId, String attemptId);

	void kill(String executorId, String attemptId);

	/** Tells every executor that a job's shuffle blocks can go. */
	void dropJob(String jobId);

	/** The live executor holding a cached partition, or null. */
	String cachedAt(String cacheKey, int partition);

	/** Records a partition an executor cached. */
	void cached(String cacheKey, String description, int partitions, int partition, String executorId, long bytes,
			long rows, String sourceVersion);

}
