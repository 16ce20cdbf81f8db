package dev.kindling.scheduler.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.kindling.engine.datasource.ScanPartition;
import dev.kindling.engine.planner.JobPlanner.PlannedJob;
import dev.kindling.engine.planner.StageOutput;
import dev.kindling.engine.planner.StagePlan;
import dev.kindling.engine.planner.StagePlanner;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.protocol.TaskDescriptor;
import dev.kindling.protocol.TaskDescriptor.MapOutputLocation;
import dev.kindling.protocol.TaskReport;
import dev.kindling.state.JobStatus;

/**
 * A job the scheduler runs: what it was planned with, and the live state of its stages.
 */
public final class ActiveJob {

	/** What a job was planned with, all stored before it was accepted. */
	public record Inputs(JobSpec pinned, PlannedJob plan, List<StagePlanner.ScanStats> scans, long broadcastThreshold,
			int shufflePartitions, Map<Integer, List<ScanPartition>> stageSplits, List<String> cachedKeys,
			String sourceVersion, String writePath) {
	}

	final String id;

	final String name;

	final Inputs inputs;

	final StageRun[] stages;

	final Instant submittedAt;

	/** Completes once the job's end is stored and acknowledged. */
	final CompletableFuture<Void> finished = new CompletableFuture<>();

	/** The scheduling pool it runs in. */
	String pool = "default";

	/** Submission order, for policies that prefer older jobs. */
	long sequence;

	/** Its attempts running now. */
	int running;

	/** Whether its output is being committed (every task has succeeded). */
	boolean committing;

	/**
	 * What its result stage's finished tasks returned so far, in bytes of JSON, and how
	 * many tasks that is: the result budget spent.
	 */
	long resultBytes;

	int resultTasks;

	/**
	 * The stored-status future a cancel answers with, once the job is cancelling or has
	 * ended.
	 */
	CompletableFuture<JobStatus> settled;

	private JobStatus status;

	public ActiveJob(String id, String name, Inputs inputs, JobStatus status, Instant submittedAt) {
		this.id = id;
		this.name = name;
		this.inputs = inputs;
		this.status = status;
		this.submittedAt = submittedAt;
		this.stages = new StageRun[inputs.plan().stages().size()];
		for (StagePlan s : inputs.plan().stages()) {
			this.stages[s.id()] = new StageRun(s);
		}
	}

	public String id() {
		return this.id;
	}

	/** Puts it in a scheduling pool (before it starts); returns it. */
	public ActiveJob inPool(String poolName) {
		this.pool = poolName == null ? "default" : poolName;
		return this;
	}

	public String pool() {
		return this.pool;
	}

	public JobStatus status() {
		return this.status;
	}

	/** The one place a job's status changes; refuses a move its machine forbids. */
	void moveTo(JobStatus next) {
		if (!this.status.canMoveTo(next)) {
			throw new IllegalStateException("job " + this.id + " cannot go from " + this.status + " to " + next);
		}
		this.status = next;
	}

	/** Whether it may launch tasks (not ending, not cancelling). */
	boolean isLive() {
		return this.status == JobStatus.QUEUED || this.status == JobStatus.RUNNING;
	}

	/**
	 * Whether it is a write whose output existed with mode {@code ignore}: it writes
	 * nothing.
	 */
	boolean writeIgnored() {
		return this.inputs.writePath() != null && "ignore".equals(this.inputs.pinned().action().mode());
	}

	StageRun resultStage() {
		return this.stages[this.stages.length - 1];
	}

	/**
	 * The task as shipped to an executor.
	 * @param resultBudget for a task returning rows, the bytes they may take; else null
	 */
	TaskDescriptor describe(Attempt a, int maxCollectRows, Long resultBudget) {
		StageRun stage = a.stage;
		ScanPartition split = null;
		List<ScanPartition> splits = this.inputs.stageSplits().get(stage.id());
		if (splits != null && a.partition() < splits.size()) {
			split = splits.get(a.partition());
		}
		Map<Integer, List<MapOutputLocation>> shuffleInputs = new LinkedHashMap<>();
		ReduceSlice slice = stage.slices == null ? null : stage.slices.get(a.partition());
		for (int parent : stage.plan.parents()) {
			boolean broadcast = stage.broadcastParents.contains(parent);
			StageRun.Partition[] maps = this.stages[parent].parts;
			List<MapOutputLocation> locations = new ArrayList<>(maps.length);
			if (broadcast || slice == null) {
				locations(maps, broadcast ? 0 : a.partition(), 0, maps.length, locations);
			}
			else {
				// an adaptive task: its reduce partitions in order, or a range of map
				// outputs of one
				ReduceSlice.MapRange range = slice.rangeOf(parent);
				for (int reduce = slice.start(); reduce < slice.end(); reduce++) {
					locations(maps, reduce, range == null ? 0 : range.start(),
							range == null ? maps.length : range.end(), locations);
				}
			}
			shuffleInputs.put(parent, locations);
		}
		return new TaskDescriptor(a.id, this.id, stage.id(), a.stageAttempt, a.partition(), a.number,
				this.inputs.pinned(), this.inputs.shufflePartitions(), this.inputs.scans(), split, shuffleInputs,
				writeIgnored() ? null : this.inputs.writePath(), maxCollectRows, this.inputs.cachedKeys(),
				this.inputs.broadcastThreshold(), resultBudget, stage.broadcastBuild == AdaptiveRules.BuildSide.LEFT);
	}

	private static void locations(StageRun.Partition[] maps, int reduce, int from, int to,
			List<MapOutputLocation> out) {
		for (int m = from; m < to && m < maps.length; m++) {
			StageRun.Partition p = maps[m];
			long bytes = p.blockBytes == null || reduce >= p.blockBytes.length ? 0 : p.blockBytes[reduce];
			out.add(new MapOutputLocation(p.index, p.outputExecutor, p.outputUrl, bytes, reduce));
		}
	}

	/**
	 * Runs a stage as a previous driver adapted it (read from the store before the job
	 * resumes), so its stored task results mean what they meant.
	 */
	public void restoreAdaptive(int stageId, List<ReduceSlice> slices, List<String> changes) {
		restoreAdaptive(stageId, slices, changes, null);
	}

	/**
	 * Runs a stage as a previous driver adapted it, its join building {@code build} when
	 * it was turned into a broadcast join.
	 */
	public void restoreAdaptive(int stageId, List<ReduceSlice> slices, List<String> changes,
			AdaptiveRules.BuildSide build) {
		if (stageId >= 0 && stageId < this.stages.length) {
			this.stages[stageId].adapt(slices, changes, build);
		}
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
				for (StageRun.Partition p : stage.parts) {
					n += p.result == null || p.result.count() == null ? 0 : p.result.count();
				}
				result.put("count", out.limit() >= 0 ? Math.min(n, out.limit()) : n);
			}
			case WRITE -> {
				long rows = 0;
				int files = 0;
				for (StageRun.Partition p : stage.parts) {
					if (p.result != null && p.result.files() != null) {
						files += p.result.files().size();
						rows += p.result.count() == null ? 0 : p.result.count();
					}
				}
				result.put("path", this.inputs.writePath());
				result.put("files", files);
				result.put("rows", rows);
				if (writeIgnored()) {
					result.put("ignored", true);
				}
			}
			default -> collected(stage, out, result);
		}
		return result;
	}

	private static void collected(StageRun stage, StageOutput.Result out, Map<String, Object> result) {
		List<List<Object>> rows = new ArrayList<>();
		List<TaskReport.Column> schema = null;
		long limit = out.limit() >= 0 ? out.limit() : Long.MAX_VALUE;
		for (StageRun.Partition p : stage.parts) {
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
