package dev.kindling.protocol;

import java.util.List;

/**
 * Sent every heartbeat interval from its own thread, whatever the slots are doing.
 *
 * @param runningAttempts ids of the task attempts running now
 * @param cacheBytes bytes of cached partitions held
 * @param shuffleBytes bytes of shuffle blocks held
 * @param cachedBlocks the cached partitions held, as {@code key/partition}
 */
public record Heartbeat(List<String> runningAttempts, long cacheBytes, long shuffleBytes, List<String> cachedBlocks) {
}
