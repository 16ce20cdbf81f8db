package dev.kindling.scheduler;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.planner.JobPlanner.PlannedJob;
import dev.kindling.engine.planner.StagePlan;
import dev.kindling.engine.planner.StagePlanner;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.job.JobStatus;
import dev.kindling.job.StageStatus;
import dev.kindling.job.TaskStatus;
import dev.kindling.protocol.TaskReport;

/** A job the scheduler is running: its plan and the live state of every stage and partition. */
final class ActiveJob {

	final String id;

	final JobSpec pinned;

	final PlannedJob plan;

	final List<StagePlanner.ScanStats> scans;

	final long broadcastThreshold;

	final int shufflePartitions;

	final Map<Integer, List<FileSplit>> stageSplits;

	final StageRun[] stages;

	final CompletableFuture<Void> finished = new CompletableFuture<>();

	/** Cached datasets this job reads from executor memory. */
	final java.util.Set<String> cachedKeys = new java.util.LinkedHashSet<>();

	JobStatus status;

	final Instant submittedAt;

	ActiveJob(String id, JobSpec pinned, PlannedJob plan, List<StagePlanner.ScanStats> scans,
			long broadcastThreshold, int shufflePartitions,
			Map<Integer, List<FileSplit>> stageSplits, JobStatus status, Instant submittedAt) {
		this.id = id;
		this.pinned = pinned;
		this.plan = plan;
		this.scans = scans;
		this.broadcastThreshold = broadcastThreshold;
		this.shufflePartitions = shufflePartitions;
		this.stageSplits = stageSplits;
		this.status = status;
		this.submittedAt = submittedAt;
		this.stages = new StageRun[plan.stages().size()];
		for (StagePlan s : plan.stages()) {
			this.stages[s.id()] = new StageRun(s);
		}
	}

	StageRun resultStage() {
		return this.stages[this.stages.length - 1];
	}

	/** One stage's progress. */
	static final class StageRun {

		final StagePlan plan;

		final PartitionRun[] parts;

		int attempt;

		StageStatus status = StageStatus.WAITING;

		int done;

		/** Run times of this stage's succeeded attempts, for spotting stragglers. */
		final java.util.List<Long> durations = new java.util.ArrayList<>();

		StageRun(StagePlan plan) {
			this.plan = plan;
			this.parts = new PartitionRun[plan.partitions()];
			for (int i = 0; i < this.parts.length; i++) {
				this.parts[i] = new PartitionRun(i);
			}
		}

		boolean complete() {
			return this.done == this.parts.length;
		}

	}

	/** One partition of a stage: its current attempt and, once done, where its output is. */
	static final class PartitionRun {

		final int partition;

		int lastAttempt;

		int failures;

		Attempt current;

		/** A speculative copy of {@code current}, racing it on another executor. */
		Attempt speculative;

		boolean done;

		String outputExecutor;

		String outputUrl;

		long[] blockBytes;

		TaskReport.Result result;

		PartitionRun(int partition) {
			this.partition = partition;
		}

	}

	/** One task attempt, queued or running. */
	static final class Attempt {

		final ActiveJob job;

		final String id;

		final int stage;

		final int stageAttempt;

		final int partition;

		final int number;

		final String avoidExecutor;

		final boolean speculativeCopy;

		TaskStatus status = TaskStatus.QUEUED;

		/** Failed because a shuffle input was missing: not the executor's fault, so no need to avoid it. */
		boolean fetchFailed;

		/** The executor holding this task's cached input partition, if any. */
		String preferredExecutor;

		String executorId;

		Instant startedAt;

		Attempt(ActiveJob job, int stage, int stageAttempt, int partition, int number, String avoidExecutor,
				String epoch, boolean speculativeCopy) {
			this.job = job;
			this.stage = stage;
			this.stageAttempt = stageAttempt;
			this.partition = partition;
			this.number = number;
			this.avoidExecutor = avoidExecutor;
			this.speculativeCopy = speculativeCopy;
			// The driver's epoch keeps ids unique across driver restarts, whatever was stored before.
			this.id = job.id + ":" + stage + "." + stageAttempt + ":" + partition + "." + number + "@" + epoch;
		}

	}

}
