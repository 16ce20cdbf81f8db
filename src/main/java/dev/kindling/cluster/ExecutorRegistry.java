package dev.kindling.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kindling.platform.KindlingProperties;
import dev.kindling.protocol.Heartbeat;
import dev.kindling.protocol.HeartbeatResponse;
import dev.kindling.protocol.RegisterRequest;
import dev.kindling.protocol.RegisterResponse;
import dev.kindling.state.StateWriter;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.kindling.platform.DriverRole;

/**
 * The live executors, in memory (the hot path) and in the database (for the API and
 * restarts). Detects lost executors by their missed heartbeats on a timer that is off the
 * task path.
 */
@Component
@DriverRole
public class ExecutorRegistry {

	private static final Logger log = LoggerFactory.getLogger(ExecutorRegistry.class);

	private final Map<String, ExecutorInfo> executors = new ConcurrentHashMap<>();

	private final Map<String, ConcurrentLinkedQueue<String>> kills = new ConcurrentHashMap<>();

	private final Map<String, ConcurrentLinkedQueue<String>> drops = new ConcurrentHashMap<>();

	private final Map<String, ConcurrentLinkedQueue<String>> cacheDrops = new ConcurrentHashMap<>();

	private volatile java.util.function.BiConsumer<String, List<String>> cacheListener = (id, blocks) -> {
	};

	private final ExecutorRepository repository;

	private final ApplicationEventPublisher events;

	private final KindlingProperties properties;

	private final Clock clock;

	private final StateWriter writer;

	public ExecutorRegistry(ExecutorRepository repository, StateWriter writer, ApplicationEventPublisher events,
			KindlingProperties properties, Clock clock) {
		this.repository = repository;
		this.writer = writer;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
		// Executors alive before a driver restart must register again; until then they
		// are unknown.
		writer.forgetExecutors();
	}

	public RegisterResponse register(RegisterRequest request) {
		if (request.previousId() != null) {
			ExecutorInfo old = this.executors.get(request.previousId());
			if (old != null && old.state().isLive()) {
				remove(old.id(), ExecutorState.LOST, "re-registered after a restart");
			}
		}
		Instant now = this.clock.instant();
		String id = "exec-" + UUID.randomUUID().toString().substring(0, 8);
		ExecutorInfo info = new ExecutorInfo(id, request.name(), request.url(), request.slots(), request.maxMemory(),
				ExecutorState.ALIVE, now, now, List.of(), 0, 0);
		this.executors.put(id, info);
		this.writer.executorRegistered(id, info.name(), info.url(), info.slots(), info.maxMemory(), info.state().name(),
				now);
		log.info("Executor {} registered: {} with {} slots at {}", id, request.name(), request.slots(), request.url());
		this.events.publishEvent(new ExecutorEvents.Registered(id));
		return new RegisterResponse(id, this.properties.executor().heartbeatInterval().toMillis(),
				this.properties.driver().pollTimeout().toMillis());
	}

	public HeartbeatResponse heartbeat(String executorId, Heartbeat heartbeat) {
		ExecutorInfo info = this.executors.get(executorId);
		if (info == null || !info.state().isLive()) {
			return HeartbeatResponse.unknownExecutor();
		}
		this.executors.put(executorId,
				info.withHeartbeat(this.clock.instant(),
						heartbeat.runningAttempts() == null ? List.of() : heartbeat.runningAttempts(),
						heartbeat.cacheBytes(), heartbeat.shuffleBytes()));
		this.cacheListener.accept(executorId, heartbeat.cachedBlocks());
		return new HeartbeatResponse(false, drain(this.kills, executorId), drain(this.drops, executorId),
				drain(this.cacheDrops, executorId), info.state() == ExecutorState.DECOMMISSIONING);
	}

	private static List<String> drain(Map<String, ConcurrentLinkedQueue<String>> queues, String executorId) {
		ConcurrentLinkedQueue<String> q = queues.get(executorId);
		if (q == null || q.isEmpty()) {
			return List.of();
		}
		List<String> out = new ArrayList<>();
		String s;
		while ((s = q.poll()) != null) {
			out.add(s);
		}
		return out;
	}

	/** Asks an executor to kill a task attempt at its next heartbeat. */
	public void kill(String executorId, String attemptId) {
		this.kills.computeIfAbsent(executorId, k -> new ConcurrentLinkedQueue<>()).add(attemptId);
	}

	/** Tells every live executor that a job's shuffle blocks can go. */
	public void dropJob(String jobId) {
		for (ExecutorInfo e : alive()) {
			this.drops.computeIfAbsent(e.id(), k -> new ConcurrentLinkedQueue<>()).add(jobId);
		}
	}

	/** Tells every live executor to forget a cached dataset. */
	void dropCache(String key) {
		for (ExecutorInfo e : alive()) {
			this.cacheDrops.computeIfAbsent(e.id(), k -> new ConcurrentLinkedQueue<>()).add(key);
		}
	}

	/** Who hears of the cached blocks each heartbeat lists. */
	void onCachedBlocks(java.util.function.BiConsumer<String, List<String>> listener) {
		this.cacheListener = listener;
	}

	public void deregister(String executorId) {
		remove(executorId, ExecutorState.GONE, "deregistered");
	}

	/**
	 * An executor leaves on purpose ({@code reason}: SIGTERM, an operator's drain): it
	 * takes no new task from now on, and its next heartbeat tells it to go if it does not
	 * know yet. Repeating it is harmless.
	 * @return the executors that take tasks, which may take its blocks; empty when it is
	 * not live
	 */
	public Optional<List<ExecutorInfo>> decommission(String executorId, String reason) {
		boolean[] changed = { false };
		ExecutorInfo info = this.executors.computeIfPresent(executorId, (id, e) -> {
			changed[0] = e.state() == ExecutorState.ALIVE;
			return changed[0] ? e.withState(ExecutorState.DECOMMISSIONING) : e;
		});
		if (info == null || !info.state().isLive()) {
			return Optional.empty();
		}
		if (changed[0]) {
			store(info);
			log.info("Executor {} is decommissioned: {}", executorId, reason);
			this.events.publishEvent(new ExecutorEvents.Decommissioning(executorId, reason));
		}
		return Optional.of(takingTasks().stream().filter((e) -> !e.id().equals(executorId)).toList());
	}

	/** Whether it is live: ALIVE, or DECOMMISSIONING (still heard, takes no task). */
	public boolean isAlive(String executorId) {
		ExecutorInfo info = this.executors.get(executorId);
		return info != null && info.state().isLive();
	}

	public Optional<ExecutorInfo> find(String executorId) {
		return Optional.ofNullable(this.executors.get(executorId));
	}

	/** The live executors: ALIVE and DECOMMISSIONING. */
	public List<ExecutorInfo> alive() {
		return this.executors.values().stream().filter(e -> e.state().isLive()).toList();
	}

	/** The executors that take tasks: ALIVE. */
	public List<ExecutorInfo> takingTasks() {
		return this.executors.values().stream().filter(e -> e.state() == ExecutorState.ALIVE).toList();
	}

	/** Task slots of the executors that take tasks. */
	public int totalSlots() {
		return takingTasks().stream().mapToInt(ExecutorInfo::slots).sum();
	}

	/** Bytes of shuffle blocks the live executors hold, as of their last heartbeats. */
	public long shuffleBytes() {
		return alive().stream().mapToLong(ExecutorInfo::shuffleBytes).sum();
	}

	/**
	 * Bytes of cached partitions the live executors hold, as of their last heartbeats.
	 */
	public long cacheBytes() {
		return alive().stream().mapToLong(ExecutorInfo::cacheBytes).sum();
	}

	/**
	 * Every executor known since this driver started, and the ones the database
	 * remembers.
	 */
	public List<ExecutorInfo> all() {
		Map<String, ExecutorInfo> out = new LinkedHashMap<>();
		for (ExecutorEntity e : this.repository.findAll()) {
			out.put(e.toInfo().id(), e.toInfo());
		}
		out.putAll(this.executors);
		return out.values().stream().sorted(Comparator.comparing(ExecutorInfo::registeredAt).reversed()).toList();
	}

	/** Declares executors that missed heartbeats for the timeout lost. */
	@Scheduled(fixedDelayString = "${kindling.executor.heartbeat-interval:1s}")
	public void checkHeartbeats() {
		Duration timeout = this.properties.executor().timeout();
		Instant now = this.clock.instant();
		for (ExecutorInfo e : alive()) {
			if (e.lastHeartbeat().plus(timeout).isBefore(now)) {
				remove(e.id(), ExecutorState.LOST, "no heartbeat for " + timeout.toMillis() + " ms");
			}
		}
		// Record the latest heartbeats for the API of a restarted driver, off the
		// request path.
		for (ExecutorInfo e : alive()) {
			store(e);
		}
	}

	private void store(ExecutorInfo e) {
		this.writer.executorUpdated(e.id(), e.state().name(), e.lastHeartbeat(), e.runningAttempts().size(),
				e.cacheBytes(), e.shuffleBytes());
	}

	private void remove(String executorId, ExecutorState state, String reason) {
		boolean[] changed = { false };
		ExecutorInfo info = this.executors.computeIfPresent(executorId, (id, e) -> {
			changed[0] = e.state().isLive();
			return changed[0] ? e.withState(state) : e;
		});
		if (!changed[0]) {
			return;
		}
		store(info);
		this.kills.remove(executorId);
		this.drops.remove(executorId);
		this.cacheDrops.remove(executorId);
		log.warn("Executor {} is {}: {}", executorId, state, reason);
		this.events.publishEvent(new ExecutorEvents.Removed(executorId, state, reason));
	}

}
