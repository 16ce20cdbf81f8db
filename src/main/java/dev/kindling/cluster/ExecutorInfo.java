package dev.kindling.cluster;

import java.time.Instant;
import java.util.List;

/**
 * An executor as the API shows it.
 *
 * @param id its id
 * @param name host and port, or local-N
 * @param url the base URL its shuffle blocks are served from
 * @param slots task threads
 * @param maxMemory maximum heap in bytes
 * @param state ALIVE, DECOMMISSIONING, LOST or GONE
 * @param registeredAt when it registered
 * @param lastHeartbeat when it last reported
 * @param runningAttempts task attempts running on it
 * @param cacheBytes bytes of cached partitions
 * @param shuffleBytes bytes of shuffle blocks
 */
public record ExecutorInfo(String id, String name, String url, int slots, long maxMemory, ExecutorState state,
		Instant registeredAt, Instant lastHeartbeat, List<String> runningAttempts, long cacheBytes, long shuffleBytes) {

	ExecutorInfo withHeartbeat(Instant at, List<String> running, long cache, long shuffle) {
		return new ExecutorInfo(this.id, this.name, this.url, this.slots, this.maxMemory, this.state, this.registeredAt,
				at, List.copyOf(running), cache, shuffle);
	}

	ExecutorInfo withState(ExecutorState newState) {
		return new ExecutorInfo(this.id, this.name, this.url, this.slots, this.maxMemory, newState, this.registeredAt,
				this.lastHeartbeat, this.runningAttempts, this.cacheBytes, this.shuffleBytes);
	}

}
