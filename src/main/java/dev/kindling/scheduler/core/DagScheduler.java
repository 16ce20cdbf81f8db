package dev.kindling.scheduler.core;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kindling.protocol.TaskDescriptor;
import dev.kindling.protocol.TaskReport;
import dev.kindling.state.EventType;
import dev.kindling.state.JobStatus;
import dev.kindling.state.StageStatus;
import dev.kindling.state.TaskStatus;

/**
 * Jobs as stages (Spark's DAGScheduler): a stage runs once every stage it reads a shuffle
 * from has succeeded; a task report moves its partition and stage on; lost shuffle output
 * (a lost executor, a fetch failure) is recomputed from lineage by running its stage
 * again; a job ends when its result stage is done, when a task fails past its retries, or
 * when it is cancelled. A job's end is recorded first and acknowledged (waiters released,
 * the job forgotten) only once the store says it is stored ({@link JobEnds}). Not
 * thread-safe: the {@link SchedulerCore}'s lock guards it.
 */
final class DagScheduler implements Dispatcher.Launcher {

	private static final Logger log = LoggerFactory.getLogger(DagScheduler.class);

	private static final TaskReport.Metrics NO_METRICS = new TaskReport.Metrics(0, 0, 0, 0, 0, 0, 0);

	final SchedulerSettings settings;

	final Clock clock;

	final StateStore store;

	final LiveCluster cluster;

	final SchedulerListener listener;

	final Dispatcher dispatcher;

	final Admission admission;

	private final String epoch;

	/** How jobs end; set once, right after construction. */
	JobEnds ends;

	/** Commits write jobs' outputs; set once, right after construction. */
	OutputCommitter committer = OutputCommitter.NONE;

	final Map<String, ActiveJob> active = new LinkedHashMap<>();

	/** Every attempt running now, of every job. */
	final Set<Attempt> running = new HashSet<>();

	int queuedTasks;

	private long sequence;

	DagScheduler(SchedulerSettings settings, Clock clock, StateStore store, LiveCluster cluster,
			SchedulerListener listener, Dispatcher dispatcher, String epoch) {
		this.settings = settings;
		this.clock = clock;
		this.store = store;
		this.cluster = cluster;
		this.listener = listener;
		this.dispatcher = dispatcher;
		this.admission = new Admission(settings.maxRunningJobs());
		this.epoch = epoch;
	}

	int waitingJobs() {
		return this.admission.waiting();
	}

	// ------------------------------------------------------------------ jobs

	void start(ActiveJob job) {
		job.sequence = ++this.sequence;
		this.active.put(job.id, job);
		this.listener.jobSubmitted(job.id);
		if (this.admission.admit(job)) {
			schedule(job);
		}
	}

	/**
	 * Takes over a job a previous driver accepted: its stored result partitions count as
	 * done, its attempts that were queued or running are lost, the rest runs again.
	 */
	void resume(ActiveJob job, List<StoredAttempt> rows) {
		Instant now = this.clock.instant();
		StageRun result = job.resultStage();
		for (StoredAttempt row : rows) {
			if (row.stage() < 0 || row.stage() >= job.stages.length
					|| row.partition() >= job.stages[row.stage()].parts.length || row.partition() < 0) {
				continue;
			}
			// a stage with attempts stored was adapted (or not) before they were made
			job.stages[row.stage()].adapted = true;
			StageRun.Partition part = job.stages[row.stage()].parts[row.partition()];
			part.lastAttempt = Math.max(part.lastAttempt, row.attempt());
			if (row.status() == TaskStatus.FAILED) {
				part.failures++;
			}
			if (row.status().canMoveTo(TaskStatus.LOST)) {
				this.store.attemptEnded(row.id(), TaskStatus.LOST, now, "the driver restarted", null, null);
			}
			if (row.stage() == result.id() && row.status() == TaskStatus.SUCCEEDED && row.result() != null
					&& !part.done) {
				part.done = true;
				part.result = row.result();
				part.resultAttempt = row.id();
				result.done++;
				job.resultBytes += row.resultChars();
				job.resultTasks++;
			}
		}
		job.sequence = ++this.sequence;
		this.active.put(job.id, job);
		this.listener.jobSubmitted(job.id);
		this.listener.event(EventType.JOB_RESUMED, job.id, null, "resumed after a driver restart");
		log.info("Resuming job {} after a driver restart", job.id);
		if (result.complete()) {
			moveStage(job, result, StageStatus.RUNNING, now);
			moveStage(job, result, StageStatus.SUCCEEDED, now);
			this.ends.finish(job);
		}
		else if (this.admission.admit(job)) {
			schedule(job);
		}
	}

	/**
	 * Queues every task whose inputs are ready and that is not queued, running or done;
	 * withdraws the task sets of stages whose inputs were lost until they are back.
	 */
	void schedule(ActiveJob job) {
		if (!job.isLive()) {
			return;
		}
		Instant now = this.clock.instant();
		for (StageRun stage : job.stages) {
			if (stage.complete()) {
				continue;
			}
			TaskSetManager set = stage.taskSet;
			if (!parentsComplete(job, stage)) {
				if (set != null) {
					this.dispatcher.withdraw(set);
				}
				continue;
			}
			if (stage.status() != StageStatus.RUNNING) {
				moveStage(job, stage, StageStatus.RUNNING, now);
			}
			if (set == null && !stage.adapted) {
				AdaptiveStages.adapt(this, job, stage);
			}
			if (set == null || set.stageAttempt != stage.attempt) {
				if (set != null) {
					abort(set);
				}
				set = new TaskSetManager(job, stage, this.cluster, this.epoch);
				stage.taskSet = set;
			}
			for (StageRun.Partition part : stage.parts) {
				if (!part.done && part.idle()) {
					part.current = queue(set, part, false, now);
				}
			}
			this.dispatcher.offer(set);
		}
		this.dispatcher.dispatch();
	}

	Attempt queue(TaskSetManager set, StageRun.Partition part, boolean copy, Instant now) {
		Attempt a = set.add(part, copy);
		this.queuedTasks++;
		this.store.attemptQueued(a.id, set.job.id, set.stage.id(), set.stageAttempt, part.index, a.number, now);
		return a;
	}

	void abort(TaskSetManager set) {
		this.dispatcher.withdraw(set);
		for (Attempt queued : set.abort()) {
			ended(queued, TaskStatus.KILLED, "not needed any more before it started", null, null);
		}
	}

	/** Runs one partition again, without looking at the rest of its job. */
	private void requeue(ActiveJob job, StageRun stage, StageRun.Partition part) {
		TaskSetManager set = stage.taskSet;
		if (set == null || set.zombie || stage.status() != StageStatus.RUNNING || !parentsComplete(job, stage)
				|| part.done || !part.idle()) {
			schedule(job);
			return;
		}
		part.current = queue(set, part, false, this.clock.instant());
		this.dispatcher.offer(set);
		this.dispatcher.dispatch();
	}

	private static boolean parentsComplete(ActiveJob job, StageRun stage) {
		for (int parent : stage.plan.parents()) {
			if (!job.stages[parent].complete()) {
				return false;
			}
		}
		return true;
	}

	void moveStage(ActiveJob job, StageRun stage, StageStatus next, Instant now) {
		stage.moveTo(next);
		this.store.stage(job.id, stage.id(), next, stage.attempt, now);
		this.listener.stageChanged(job.id, stage.id(), stage.attempt, next);
	}

	// ------------------------------------------------------------------ attempts

	@Override
	public TaskDescriptor launch(Attempt a, String executorId) {
		ActiveJob job = a.job;
		this.queuedTasks--;
		TaskDescriptor task;
		try {
			task = job.describe(a, this.settings.maxCollectRows(),
					ResultBudget.forTask(job, a.stage, this.settings.maxResultBytes()));
		}
		catch (RuntimeException ex) {
			// A scheduler bug must end the job, never wedge the scheduler.
			log.error("Cannot describe task {}", a.id, ex);
			ended(a, TaskStatus.KILLED, "could not be described", null, null);
			this.ends.fail(job, "internal error scheduling task " + a.id + ": " + ex);
			return null;
		}
		Instant now = this.clock.instant();
		a.moveTo(TaskStatus.RUNNING);
		a.executorId = executorId;
		a.startedAt = now;
		a.set.running++;
		job.running++;
		this.running.add(a);
		this.store.attemptStarted(a.id, executorId, now);
		this.listener.taskStarted(job.id, a.id, executorId);
		if (job.status() == JobStatus.QUEUED) {
			job.moveTo(JobStatus.RUNNING);
			this.store.jobRunning(job.id, now);
			this.listener.jobStarted(job.id);
		}
		return task;
	}

	/**
	 * Moves an attempt to a final status and records it with the report it ended with
	 * (null when it ended without one), keeping the queue and the running counts in step.
	 */
	void ended(Attempt a, TaskStatus status, String why, TaskReport report, String output) {
		boolean wasRunning = a.isRunning();
		if (a.isQueued()) {
			a.set.remove(a);
			this.queuedTasks--;
		}
		a.moveTo(status);
		if (wasRunning) {
			a.set.running--;
			a.job.running--;
			this.running.remove(a);
		}
		this.store.attemptEnded(a.id, status, this.clock.instant(), why, report, output);
		TaskReport.Metrics metrics = report == null ? null : report.metrics();
		if (metrics != null && (metrics.spills() > 0 || metrics.spillBytes() > 0)) {
			this.listener.taskSpilled(a.job.id, a.id, metrics.spills(), metrics.spillBytes());
		}
	}

	/** Stops an attempt that is no longer needed: dropped from the queue, or killed. */
	void stop(Attempt a, String why) {
		if (a == null || a.status().isFinal()) {
			return;
		}
		if (a.isRunning()) {
			this.cluster.kill(a.executorId, a.id);
		}
		ended(a, TaskStatus.KILLED, why, null, null);
	}

	/**
	 * An attempt that vanished with its executor; its copy, if one runs, takes its place.
	 */
	void lose(Attempt a, String why) {
		StageRun.Partition part = a.part;
		ended(a, TaskStatus.LOST, why, null, null);
		if (a == part.copy) {
			part.copy = null;
		}
		else if (a == part.current && part.copy != null) {
			part.current = part.copy;
			part.copy = null;
		}
	}

	/**
	 * Applies an attempt's report; a report from an attempt that is no longer running is
	 * ignored.
	 */
	void report(TaskReport report, String output) {
		ActiveJob job = this.active.get(report.jobId());
		if (job == null || report.stageId() < 0 || report.stageId() >= job.stages.length) {
			return;
		}
		StageRun stage = job.stages[report.stageId()];
		if (report.partition() < 0 || report.partition() >= stage.parts.length) {
			return;
		}
		StageRun.Partition part = stage.parts[report.partition()];
		Attempt a = reported(part, report);
		if (a == null) {
			log.debug("Ignoring report of attempt {} that is no longer running", report.attemptId());
			return;
		}
		TaskStatus status = switch (report.state()) {
			case SUCCEEDED -> TaskStatus.SUCCEEDED;
			case FAILED -> TaskStatus.FAILED;
			case KILLED -> TaskStatus.KILLED;
		};
		TaskReport.Metrics m = report.metrics() != null ? report.metrics() : NO_METRICS;
		long size = ResultBudget.size(job, stage, part, report, output);
		if (size >= 0 && job.resultBytes + size > this.settings.maxResultBytes()) {
			// checked before anything of it is stored: the job fails and its end drops
			// what earlier tasks stored
			ended(a, TaskStatus.FAILED, "its result passed the job's result budget", report, null);
			this.listener.taskEnded(job.id, a.id, TaskStatus.FAILED, m.durationMs());
			this.ends.fail(job,
					ResultBudget.tooLarge(job.resultTasks + 1, job.resultBytes + size, this.settings.maxResultBytes()));
			return;
		}
		if (a == part.copy) {
			// The copy reported first: it becomes the attempt of record.
			Attempt original = part.current;
			part.current = a;
			part.copy = null;
			if (status == TaskStatus.SUCCEEDED) {
				stop(original, "a speculative copy finished first");
			}
			else if (original != null && !original.status().isFinal()) {
				part.current = original;
			}
		}
		else if (part.copy != null && status == TaskStatus.SUCCEEDED) {
			stop(part.copy, "the original attempt finished first");
			part.copy = null;
		}
		else if (part.copy != null && !part.copy.status().isFinal()) {
			// The original ended while its copy still runs: the copy carries on.
			part.current = part.copy;
			part.copy = null;
			ended(a, status, report.error(), report, null);
			this.listener.taskEnded(job.id, a.id, status, m.durationMs());
			return;
		}
		ended(a, status, report.error(), report, status == TaskStatus.SUCCEEDED ? ResultBudget.storable(output) : null);
		this.listener.taskEnded(job.id, a.id, status, m.durationMs());
		if (m.shuffleBytesRead() > 0 || m.shuffleBytesWritten() > 0) {
			this.store.stageShuffle(job.id, stage.id(), m.shuffleBytesWritten(), m.shuffleBytesRead());
		}
		switch (status) {
			case SUCCEEDED -> succeeded(job, stage, part, a, report, output);
			case FAILED -> failed(job, stage, part, a, report);
			default -> killed(job, stage, part);
		}
	}

	/** The running attempt a report is about, if it is one the scheduler waits for. */
	private static Attempt reported(StageRun.Partition part, TaskReport report) {
		for (Attempt a : new Attempt[] { part.current, part.copy }) {
			if (a != null && a.isRunning() && a.id.equals(report.attemptId()) && a.stageAttempt == report.stageAttempt()
					&& (report.executorId() == null || report.executorId().equals(a.executorId))) {
				return a;
			}
		}
		return null;
	}

	private void succeeded(ActiveJob job, StageRun stage, StageRun.Partition part, Attempt a, TaskReport report,
			String output) {
		if (report.cached() != null) {
			for (TaskReport.CachedBlock b : report.cached()) {
				this.cluster.cached(b.key(), "job " + job.id + " (" + job.name + ")", stage.parts.length, b.partition(),
						report.executorId(), b.bytes(), b.rows(), job.inputs.sourceVersion());
			}
		}
		if (job.status() == JobStatus.CANCELLING) {
			this.ends.checkCancelled(job);
			return;
		}
		if (!job.isLive() || part.done) {
			return;
		}
		if (report.metrics() != null) {
			a.set.succeeded(report.metrics().durationMs());
		}
		part.done = true;
		part.result = report.result();
		part.resultAttempt = a.id;
		if (stage.plan.isResult() && output != null) {
			job.resultBytes += output.length();
			job.resultTasks++;
		}
		part.outputExecutor = report.executorId();
		part.outputUrl = this.cluster.url(report.executorId());
		if (report.result() != null && report.result().blockBytes() != null) {
			part.blockBytes = report.result().blockBytes().stream().mapToLong(Long::longValue).toArray();
		}
		stage.done++;
		if (!stage.complete()) {
			return;
		}
		moveStage(job, stage, StageStatus.SUCCEEDED, this.clock.instant());
		if (stage.taskSet != null) {
			abort(stage.taskSet);
		}
		if (stage.plan.isResult()) {
			this.ends.finish(job);
		}
		else {
			schedule(job);
		}
	}

	private void failed(ActiveJob job, StageRun stage, StageRun.Partition part, Attempt a, TaskReport report) {
		if (job.status() == JobStatus.CANCELLING) {
			this.ends.checkCancelled(job);
			return;
		}
		if (!job.isLive()) {
			return;
		}
		String error = report.error() == null ? "task failed" : report.error();
		if (report.fetchFailure() != null) {
			a.fetchFailed = true;
			TaskReport.FetchFailure ff = report.fetchFailure();
			this.listener.event(EventType.FETCH_FAILED, job.id, report.executorId(),
					"task " + a.id + " could not fetch shuffle output: " + error);
			lostMapOutput(job, ff.stageId(), ff.mapPartition(), ff.executorId());
			schedule(job);
			return;
		}
		if (!a.set.failed(part, a, report.deterministic(), this.settings.maxAttempts())) {
			this.ends.fail(job, report.deterministic() ? error : "task " + stage.id() + "." + part.index + " failed "
					+ part.failures + " times; last error: " + error);
			return;
		}
		this.listener.taskRetried(job.id, a.id);
		this.listener.event(EventType.TASK_RETRIED, job.id, report.executorId(), "task " + a.id + " failed (" + error
				+ "); attempt " + (part.failures + 1) + " of " + this.settings.maxAttempts());
		requeue(job, stage, part);
	}

	private void killed(ActiveJob job, StageRun stage, StageRun.Partition part) {
		if (job.status() == JobStatus.CANCELLING) {
			this.ends.checkCancelled(job);
		}
		else if (job.isLive()) {
			// Killed by its executor (it was stopping), not by a cancel: it runs again.
			requeue(job, stage, part);
		}
	}

	/**
	 * Forgets one map output and marks its stage to run again for the missing partitions
	 * (lineage); a stage whose output was lost {@code maxAttempts} times fails its job.
	 * Output left behind by a decommissioned executor ({@code counted} false) is
	 * recomputed without counting: scaling executors down never fails a job.
	 */
	void lostMapOutput(ActiveJob job, int stageId, int mapPartition, String executorId) {
		lostMapOutput(job, stageId, mapPartition, executorId, true);
	}

	void lostMapOutput(ActiveJob job, int stageId, int mapPartition, String executorId, boolean counted) {
		if (stageId < 0 || stageId >= job.stages.length) {
			return;
		}
		StageRun stage = job.stages[stageId];
		if (mapPartition >= 0 && mapPartition < stage.parts.length) {
			StageRun.Partition p = stage.parts[mapPartition];
			if (p.done && (executorId == null || executorId.equals(p.outputExecutor))) {
				p.done = false;
				stage.done--;
			}
		}
		if (!stage.complete() && stage.status() == StageStatus.SUCCEEDED) {
			if (counted && stage.losses + 1 >= this.settings.maxAttempts()) {
				this.ends.fail(job, "the shuffle output of stage " + stageId + " was lost " + (stage.losses + 1)
						+ " times; giving up");
				return;
			}
			if (counted) {
				stage.losses++;
			}
			stage.attempt++;
			moveStage(job, stage, StageStatus.WAITING, this.clock.instant());
			this.listener.event(EventType.STAGE_RESUBMITTED, job.id, executorId, "stage " + stageId
					+ " runs again (attempt " + stage.attempt + ") to recompute lost shuffle output");
		}
	}

	/** Whether some stage reading this one's shuffle has not finished. */
	static boolean stillNeeded(ActiveJob job, StageRun stage) {
		for (StageRun s : job.stages) {
			if (s.plan.parents().contains(stage.id()) && !s.complete()) {
				return true;
			}
		}
		return false;
	}

}
