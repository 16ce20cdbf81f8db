package dev.kindling.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An executor as {@code GET /api/v1/executors} shows it: its registration, its state, how
 * busy it is and how much of its memory it uses.
 *
 * @param id its id
 * @param name host and port, or local-N
 * @param url the base URL its shuffle blocks are served from
 * @param state ALIVE, LOST or GONE
 * @param slots task threads
 * @param busySlots slots running a task, as of its last heartbeat
 * @param tasksSucceeded attempts it reported as succeeded since it registered
 * @param tasksFailed attempts it reported as failed since it registered
 * @param registeredAt when it registered
 * @param lastHeartbeat when it last reported
 * @param heartbeatAgeMs how long ago that was, by the driver's clock
 * @param runningAttempts task attempts running on it
 * @param maxMemory maximum heap in bytes
 * @param cacheBytes bytes of cached partitions it holds
 * @param cacheMemory the most it may hold (0: not known)
 * @param shuffleBytes bytes of shuffle blocks it holds
 * @param shuffleMemory the shuffle bytes it keeps in memory before spilling to disk (0:
 * not known)
 */
public record ExecutorView(String id, String name, String url, ExecutorState state, int slots, int busySlots,
		long tasksSucceeded, long tasksFailed, Instant registeredAt, Instant lastHeartbeat, Long heartbeatAgeMs,
		List<String> runningAttempts, long maxMemory, long cacheBytes, long cacheMemory, long shuffleBytes,
		long shuffleMemory) {

	public static ExecutorView of(ExecutorInfo e, Instant now) {
		Long age = e.lastHeartbeat() == null ? null : Math.max(0, Duration.between(e.lastHeartbeat(), now).toMillis());
		int busy = e.state() == ExecutorState.ALIVE ? e.runningAttempts().size() : 0;
		return new ExecutorView(e.id(), e.name(), e.url(), e.state(), e.slots(), busy, e.tasksSucceeded(),
				e.tasksFailed(), e.registeredAt(), e.lastHeartbeat(), age, e.runningAttempts(), e.maxMemory(),
				e.cacheBytes(), e.cacheMemory(), e.shuffleBytes(), e.shuffleMemory());
	}

}
