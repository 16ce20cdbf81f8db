package dev.kindling.scheduler.core;

import java.util.ArrayList;
import java.util.List;

import dev.kindling.engine.planner.StagePlan;
import dev.kindling.protocol.TaskReport;
import dev.kindling.state.StageStatus;

/**
 * One stage of a running job: the state of each partition across the stage's attempts,
 * and the task set of its current attempt.
 */
public final class StageRun {

	final StagePlan plan;

	/** Its tasks: one per planned partition, or one per slice once adapted. */
	Partition[] parts;

	/**
	 * What each task reads once adaptive execution changed the stage (index: the task's
	 * partition), or null: task {@code p} reads reduce partition {@code p}.
	 */
	List<ReduceSlice> slices;

	/**
	 * Whether adaptive execution has looked at it (it does once, before its first task).
	 */
	boolean adapted;

	/** What adaptive execution changed, one line each. */
	List<String> adaptiveChanges = List.of();

	/**
	 * The side its shuffled join builds once adaptive execution turned it into a
	 * broadcast join, or null.
	 */
	AdaptiveRules.BuildSide broadcastBuild;

	/** The parent stages whose whole output every task reads (a broadcast join side). */
	final List<Integer> broadcastParents;

	/** The cached dataset this stage reads, or null. */
	final String cacheKey;

	/** Rises each time lost shuffle output makes the stage run again. */
	int attempt;

	/**
	 * Times its shuffle output was lost to a failure (not to a decommission): the job
	 * fails when it reaches the attempt cap.
	 */
	int losses;

	/** Partitions done. */
	int done;

	/** The task set of the current stage attempt, or null before the stage first runs. */
	TaskSetManager taskSet;

	private StageStatus status = StageStatus.WAITING;

	StageRun(StagePlan plan) {
		this.plan = plan;
		this.parts = new Partition[plan.partitions()];
		for (int i = 0; i < this.parts.length; i++) {
			this.parts[i] = new Partition(i);
		}
		List<Integer> broadcast = new ArrayList<>();
		for (var read : plan.shuffleReads()) {
			if (read.broadcast()) {
				broadcast.add(read.stageId());
			}
		}
		this.broadcastParents = List.copyOf(broadcast);
		this.cacheKey = plan.cacheRead();
	}

	/**
	 * Runs the stage as {@code newSlices}: one task each, replacing the planned
	 * partitions. Only before any of its tasks was made.
	 */
	void adapt(List<ReduceSlice> newSlices, List<String> changes) {
		adapt(newSlices, changes, null);
	}

	/**
	 * Runs the stage as {@code newSlices}, its join building {@code build} (a join turned
	 * into a broadcast join; null: as planned).
	 */
	void adapt(List<ReduceSlice> newSlices, List<String> changes, AdaptiveRules.BuildSide build) {
		this.adapted = true;
		this.broadcastBuild = newSlices == null ? null : build;
		this.adaptiveChanges = List.copyOf(changes);
		if (newSlices == null) {
			return;
		}
		this.slices = List.copyOf(newSlices);
		this.parts = new Partition[newSlices.size()];
		for (int i = 0; i < this.parts.length; i++) {
			this.parts[i] = new Partition(i);
		}
		this.done = 0;
	}

	public int id() {
		return this.plan.id();
	}

	public StageStatus status() {
		return this.status;
	}

	boolean complete() {
		return this.done == this.parts.length;
	}

	/** The one place a stage's status changes; refuses a move its machine forbids. */
	void moveTo(StageStatus next) {
		if (!this.status.canMoveTo(next)) {
			throw new IllegalStateException("stage " + id() + " cannot go from " + this.status + " to " + next);
		}
		this.status = next;
	}

	/**
	 * One partition of the stage: its attempts and, once done, where its output is.
	 */
	static final class Partition {

		final int index;

		int lastAttempt;

		int failures;

		/** Executors an attempt of this partition failed on (not by a fetch failure). */
		List<String> failedOn = List.of();

		/** The attempt of record: queued, running, or the last one that ended. */
		Attempt current;

		/** A speculative copy of {@code current}, racing it on another executor. */
		Attempt copy;

		boolean done;

		String outputExecutor;

		String outputUrl;

		long[] blockBytes;

		TaskReport.Result result;

		/** The attempt whose result is {@link #result} (a write's files are its). */
		String resultAttempt;

		Partition(int index) {
			this.index = index;
		}

		void failedOn(String executorId) {
			if (executorId != null && !this.failedOn.contains(executorId)) {
				List<String> more = new ArrayList<>(this.failedOn);
				more.add(executorId);
				this.failedOn = List.copyOf(more);
			}
		}

		/** Whether neither an attempt nor its copy is queued or running. */
		boolean idle() {
			return (this.current == null || this.current.status().isFinal())
					&& (this.copy == null || this.copy.status().isFinal());
		}

	}

}
