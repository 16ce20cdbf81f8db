package dev.kindling.protocol;

import java.util.List;

/**
 * Sent every heartbeat interval from its own thread, whatever the slots are doing.
 *
 * @param runningAttempts ids of the task attempts running now
 * @param cacheBytes bytes of cached partitions held
 * @param shuffleBytes bytes of shuffle blocks held
 * @param cachedBlocks the cached partitions held, as {@code key/partition}
 * @param tasksSucceeded task attempts this executor reported as succeeded since it
 * registered
 * @param tasksFailed task attempts this executor reported as failed since it registered
 * (both null from an executor that does not count them)
 */
public record Heartbeat(List<String> runningAttempts, long cacheBytes, long shuffleBytes, List<String> cachedBlocks,
		Long tasksSucceeded, Long tasksFailed) {

	/** A heartbeat without task counters. */
	public Heartbeat(List<String> runningAttempts, long cacheBytes, long shuffleBytes, List<String> cachedBlocks) {
		this(runningAttempts, cacheBytes, shuffleBytes, cachedBlocks, null, null);
	}

}
