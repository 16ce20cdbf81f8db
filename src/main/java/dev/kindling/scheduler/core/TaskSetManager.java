package dev.kindling.scheduler.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The tasks of one stage attempt (Spark's TaskSetManager): the attempts waiting for a
 * slot, the rules for where each may run, the retry budget, and the stragglers worth a
 * speculative copy.
 * <ul>
 * <li>A retry avoids every executor its partition failed on, unless no other live
 * executor is left; a speculative copy never runs beside its original.
 * <li>A task that reads a cached partition waits for the executor holding it (while that
 * one is alive): it is queued for that executor alone.
 * <li>A partition fails its job after {@code maxAttempts} failures, or at once on a
 * deterministic error; a fetch failure is not its fault and is not counted.
 * </ul>
 * Not thread-safe: the {@link SchedulerCore}'s lock guards it.
 */
public final class TaskSetManager {

	final ActiveJob job;

	final StageRun stage;

	final int stageAttempt;

	private final LiveCluster cluster;

	private final String epoch;

	private final ArrayDeque<Attempt> pending = new ArrayDeque<>();

	/** Attempts that wait for the executor holding their cached input. */
	private Map<String, ArrayDeque<Attempt>> local;

	private int pendingCount;

	/** Its attempts running now. */
	int running;

	/** Superseded by a later attempt of its stage, or its job ended: launches nothing. */
	boolean zombie;

	/** Bookkeeping of the policy whose queue holds it. */
	boolean queued;

	/** Run times of its succeeded attempts, for spotting stragglers. */
	private final List<Long> durations = new ArrayList<>();

	TaskSetManager(ActiveJob job, StageRun stage, LiveCluster cluster, String epoch) {
		this.job = job;
		this.stage = stage;
		this.stageAttempt = stage.attempt;
		this.cluster = cluster;
		this.epoch = epoch;
	}

	public ActiveJob job() {
		return this.job;
	}

	public int stageId() {
		return this.stage.id();
	}

	/** Whether it has an attempt waiting for a slot. */
	public boolean hasPending() {
		return this.pendingCount > 0 && !this.zombie;
	}

	int pendingCount() {
		return this.pendingCount;
	}

	/**
	 * Queues the next attempt of a partition (or a speculative copy of its running one).
	 */
	Attempt add(StageRun.Partition part, boolean copy) {
		List<String> avoid = copy ? List.of(part.current.executorId) : part.failedOn;
		Attempt a = new Attempt(this, part, ++part.lastAttempt, copy, avoid, this.epoch);
		if (avoid.isEmpty()) {
			// a cached partition, or the map outputs a task of a join turned into a
			// broadcast join reads of its big side: run where they are
			String holder = this.stage.cacheKey != null ? this.cluster.cachedAt(this.stage.cacheKey, part.index)
					: AdaptiveStages.mapOutputHolder(this.job, this.stage, part.index);
			if (holder != null && this.cluster.takesTasks(holder)) {
				a.preferredExecutor = holder;
			}
		}
		if (a.preferredExecutor != null) {
			if (this.local == null) {
				this.local = new HashMap<>();
			}
			this.local.computeIfAbsent(a.preferredExecutor, k -> new ArrayDeque<>()).add(a);
		}
		else {
			this.pending.add(a);
		}
		this.pendingCount++;
		return a;
	}

	/** A queued attempt this executor may run, taken off the queue; null if none. */
	Attempt take(String executorId) {
		if (!hasPending()) {
			return null;
		}
		if (this.local != null) {
			ArrayDeque<Attempt> mine = this.local.get(executorId);
			if (mine != null) {
				Attempt a = mine.poll();
				if (mine.isEmpty()) {
					this.local.remove(executorId);
				}
				this.pendingCount--;
				return a;
			}
		}
		Iterator<Attempt> it = this.pending.iterator();
		while (it.hasNext()) {
			Attempt a = it.next();
			if (allowedOn(a, executorId)) {
				it.remove();
				this.pendingCount--;
				return a;
			}
		}
		return null;
	}

	private boolean allowedOn(Attempt a, String executorId) {
		if (a.avoid.isEmpty() || !a.avoid.contains(executorId)) {
			return true;
		}
		if (a.copy) {
			return false;
		}
		for (String alive : this.cluster.aliveIds()) {
			if (!a.avoid.contains(alive)) {
				return false;
			}
		}
		return true;
	}

	/** Takes a queued attempt off the queue (it is not needed any more). */
	void remove(Attempt a) {
		boolean removed;
		if (a.preferredExecutor != null && this.local != null) {
			ArrayDeque<Attempt> q = this.local.get(a.preferredExecutor);
			removed = q != null && q.remove(a);
		}
		else {
			removed = this.pending.remove(a);
		}
		if (removed) {
			this.pendingCount--;
		}
	}

	/**
	 * Empties the queue and launches nothing more: the queued attempts are returned to be
	 * killed.
	 */
	List<Attempt> abort() {
		this.zombie = true;
		List<Attempt> out = new ArrayList<>(this.pending);
		this.pending.clear();
		if (this.local != null) {
			this.local.values().forEach(out::addAll);
			this.local = null;
		}
		this.pendingCount = 0;
		return out;
	}

	/**
	 * Attempts that waited for the cached partitions of an executor that is lost or
	 * leaving may run anywhere.
	 */
	void executorLost(String executorId) {
		ArrayDeque<Attempt> waiting = this.local == null ? null : this.local.remove(executorId);
		if (waiting != null) {
			for (Attempt a : waiting) {
				a.preferredExecutor = null;
				this.pending.add(a);
			}
		}
	}

	/**
	 * Counts a failed attempt against its partition; whether the partition may run again.
	 */
	boolean failed(StageRun.Partition part, Attempt a, boolean deterministic, int maxAttempts) {
		if (a.fetchFailed) {
			return true;
		}
		part.failedOn(a.executorId);
		part.failures++;
		return !deterministic && part.failures < maxAttempts;
	}

	void succeeded(long durationMs) {
		this.durations.add(durationMs);
	}

	/**
	 * Partitions whose running attempt is a straggler: once {@code quantile} of the stage
	 * is done, an attempt running longer than {@code multiplier} times the median of the
	 * finished ones (and than {@code minRuntime}) with no copy yet.
	 */
	List<StageRun.Partition> stragglers(Instant now, SchedulerSettings.Speculation settings) {
		if (this.zombie || this.durations.isEmpty()
				|| this.stage.done < Math.ceil(settings.quantile() * this.stage.parts.length)) {
			return List.of();
		}
		List<Long> sorted = this.durations.stream().sorted().toList();
		long median = sorted.get(sorted.size() / 2);
		long threshold = Math.max(settings.minRuntime().toMillis(), (long) (settings.multiplier() * median));
		List<StageRun.Partition> out = new ArrayList<>();
		for (StageRun.Partition part : this.stage.parts) {
			Attempt a = part.current;
			if (!part.done && part.copy == null && a != null && a.set == this && a.isRunning()
					&& Duration.between(a.startedAt, now).toMillis() > threshold) {
				out.add(part);
			}
		}
		return out;
	}

	long medianMillis() {
		if (this.durations.isEmpty()) {
			return 0;
		}
		return this.durations.stream().sorted().toList().get(this.durations.size() / 2);
	}

	@Override
	public String toString() {
		return "TaskSet " + this.job.id + ":" + this.stage.id() + "." + this.stageAttempt;
	}

}
