package dev.kindling.scheduler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.planner.JobPlanner.PlannedJob;
import dev.kindling.engine.planner.StagePlan;
import dev.kindling.engine.planner.StageOutput;
import dev.kindling.engine.planner.StagePlanner;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.job.JobStatus;
import dev.kindling.job.StageStatus;
import dev.kindling.job.TaskStatus;
import dev.kindling.protocol.TaskReport;

/**
 * A job the scheduler is running: its plan and the live state of every stage and
 * partition.
 */
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

	ActiveJob(String id, JobSpec pinned, PlannedJob plan, List<StagePlanner.ScanStats> scans, long broadcastThreshold,
			int shufflePartitions, Map<Integer, List<FileSplit>> stageSplits, JobStatus status, Instant submittedAt) {
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

	/**
	 * The job's result, combined from its result stage's partitions as the API shows it.
	 */
	Map<String, Object> result() {
		StageRun stage = resultStage();
		StageOutput.Result out = (StageOutput.Result) stage.plan.output();
		Map<String, Object> result = new LinkedHashMap<>();
		switch (out.action()) {
			case COUNT -> {
				long n = 0;
				for (PartitionRun p : stage.parts) {
					n += p.result == null || p.result.count() == null ? 0 : p.result.count();
				}
				result.put("count", out.limit() >= 0 ? Math.min(n, out.limit()) : n);
			}
			case WRITE -> {
				long rows = 0;
				int files = 0;
				for (PartitionRun p : stage.parts) {
					if (p.result != null && p.result.file() != null) {
						files++;
						rows += p.result.count() == null ? 0 : p.result.count();
					}
				}
				result.put("path", this.pinned.action().path());
				result.put("files", files);
				result.put("rows", rows);
			}
			default -> {
				List<List<Object>> rows = new ArrayList<>();
				List<TaskReport.Column> schema = null;
				long limit = out.limit() >= 0 ? out.limit() : Long.MAX_VALUE;
				for (PartitionRun p : stage.parts) {
					if (p.result == null) {
						continue;
					}
					if (schema == null) {
						schema = p.result.schema();
					}
					if (p.result.rows() != null) {
						for (List<Object> row : p.result.rows()) {
							if (rows.size() >= limit) {
								break;
							}
							rows.add(row);
						}
					}
				}
				if (schema == null) {
					schema = stage.plan.root()
						.schema()
						.fields()
						.stream()
						.map(f -> new TaskReport.Column(f.name(), f.type().sqlName()))
						.toList();
				}
				result.put("schema", schema);
				result.put("rows", rows);
			}
		}
		return result;
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

	/**
	 * One partition of a stage: its current attempt and, once done, where its output is.
	 */
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

		/**
		 * Failed because a shuffle input was missing: not the executor's fault, so no
		 * need to avoid it.
		 */
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
			// The driver's epoch keeps ids unique across driver restarts, whatever was
			// stored before.
			this.id = job.id + ":" + stage + "." + stageAttempt + ":" + partition + "." + number + "@" + epoch;
		}

	}

}
