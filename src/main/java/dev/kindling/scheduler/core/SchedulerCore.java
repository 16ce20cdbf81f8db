package dev.kindling.scheduler.core;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.kindling.protocol.MigrationReport;
import dev.kindling.protocol.TaskDescriptor;
import dev.kindling.protocol.TaskDescriptor.MapOutputLocation;
import dev.kindling.protocol.TaskReport;
import dev.kindling.state.EventType;
import dev.kindling.state.JobStatus;

/**
 * The scheduler's entry points, each one event handled under one lock: a job started or
 * resumed, a poll, a report, a cancel, a lost executor, the periodic reconciliation and
 * speculation, the database going away and coming back. Nothing here blocks on I/O: the
 * ports queue what they are given. Plain Java; the Spring beans of
 * {@code dev.kindling.scheduler} drive it, and tests drive it with a fake clock.
 */
public final class SchedulerCore {

	private final Object lock = new Object();

	private final DagScheduler dag;

	private final Dispatcher dispatcher;

	private final ExecutorLoss loss;

	private final Speculator speculator;

	private final Decommissioning decommissioning;

	private final LiveCluster cluster;

	public SchedulerCore(SchedulerSettings settings, Clock clock, StateStore store, Cluster cluster,
			SchedulerListener listener, ResultEncoder encoder, SchedulingPolicy policy, String epoch) {
		this(settings, clock, store, cluster, listener, encoder, policy, epoch, OutputCommitter.NONE);
	}

	/** A scheduler whose write jobs commit through {@code committer}. */
	public SchedulerCore(SchedulerSettings settings, Clock clock, StateStore store, Cluster cluster,
			SchedulerListener listener, ResultEncoder encoder, SchedulingPolicy policy, String epoch,
			OutputCommitter committer) {
		this.cluster = new LiveCluster(cluster);
		this.dispatcher = new Dispatcher(policy, this.cluster);
		this.dag = new DagScheduler(settings, clock, store, this.cluster, listener, this.dispatcher, epoch);
		this.dag.committer = committer;
		this.dag.ends = new JobEnds(this.dag, encoder, this::underLock);
		this.dispatcher.launcher(this.dag);
		this.loss = new ExecutorLoss(this.dag);
		this.speculator = new Speculator(this.dag);
		this.decommissioning = new Decommissioning(this.dag);
	}

	private void underLock(Runnable action) {
		synchronized (this.lock) {
			action.run();
		}
	}

	/** Runs a job that has been stored (or waits for a running place). */
	public void start(ActiveJob job) {
		synchronized (this.lock) {
			this.dag.start(job);
		}
	}

	/** Takes over a job a previous driver accepted and did not finish. */
	public void resume(ActiveJob job, List<StoredAttempt> stored) {
		synchronized (this.lock) {
			this.dag.resume(job, stored);
		}
	}

	/**
	 * Tasks for an executor's free slots now; when there are none and {@code sink} is
	 * given, the sink is parked and answered when tasks become runnable (never for a
	 * decommissioned executor, which gets none). Null when the executor is not alive (it
	 * must register again).
	 */
	public List<TaskDescriptor> poll(String executorId, int max, TaskSink sink) {
		synchronized (this.lock) {
			if (!this.cluster.isAlive(executorId)) {
				return null;
			}
			List<TaskDescriptor> tasks = this.dispatcher.take(executorId, max);
			if (tasks.isEmpty() && sink != null && this.cluster.takesTasks(executorId)) {
				this.dispatcher.park(executorId, max, sink);
			}
			return tasks;
		}
	}

	/** Forgets a parked poll (answered or timed out). */
	public void unpark(TaskSink sink) {
		synchronized (this.lock) {
			this.dispatcher.unpark(sink);
		}
	}

	/**
	 * Applies an attempt's report, then hands its executor up to {@code freeSlots} tasks
	 * for the slots it has free (never parked). Null when the executor is not alive.
	 * @param output the report's result as it is stored, made before taking the lock
	 */
	public List<TaskDescriptor> report(TaskReport report, String output, int freeSlots) {
		synchronized (this.lock) {
			this.dag.report(report, output);
			if (freeSlots <= 0) {
				return List.of();
			}
			String executorId = report.executorId();
			// Under the lock: an executor removed from here on has its attempts marked
			// lost after this.
			if (executorId == null || !this.cluster.isAlive(executorId)) {
				return null;
			}
			return this.dispatcher.take(executorId, freeSlots);
		}
	}

	/**
	 * Cancels a job: its queued attempts are dropped, its running ones killed. The future
	 * completes with the job's status once that status is stored; null when the job is
	 * not running here.
	 */
	public CompletableFuture<JobStatus> cancel(String jobId) {
		synchronized (this.lock) {
			ActiveJob job = this.dag.active.get(jobId);
			return job == null ? null : this.dag.ends.cancel(job);
		}
	}

	/** Completes when the job's end is stored (at once when it is not running here). */
	public CompletableFuture<Void> whenFinished(String jobId) {
		synchronized (this.lock) {
			ActiveJob job = this.dag.active.get(jobId);
			return job == null ? CompletableFuture.completedFuture(null) : job.finished;
		}
	}

	public boolean isActive(String jobId) {
		synchronized (this.lock) {
			return this.dag.active.containsKey(jobId);
		}
	}

	/** An executor stopped heartbeating or left. */
	public void executorLost(String executorId, String reason) {
		synchronized (this.lock) {
			this.loss.executorLost(executorId, reason);
		}
	}

	/**
	 * An executor is leaving on purpose (SIGTERM, a scale-down, an operator's drain): it
	 * gets no new task from now on, and its parked polls are answered empty. False when
	 * it was already leaving or is not alive.
	 */
	public boolean decommission(String executorId, String reason) {
		synchronized (this.lock) {
			return this.decommissioning.decommission(executorId, reason);
		}
	}

	/**
	 * A decommissioned executor handed shuffle output to live executors: reduce tasks
	 * read it at its new place from now on.
	 * @return how many of the moves were recorded
	 */
	public int outputsMoved(String fromExecutor, List<MigrationReport.ShuffleOutput> moved) {
		synchronized (this.lock) {
			return this.decommissioning.outputsMoved(fromExecutor, moved);
		}
	}

	/** Where a map output is now, or null when it is not available. */
	public MapOutputLocation mapOutput(String jobId, int stageId, int mapPartition) {
		synchronized (this.lock) {
			return this.decommissioning.location(jobId, stageId, mapPartition);
		}
	}

	/** Something that happened to an executor, for the listeners (events, metrics). */
	public void executorEvent(EventType type, String executorId, String message) {
		synchronized (this.lock) {
			this.dag.listener.event(type, null, executorId, message);
		}
	}

	/** Re-runs attempts that vanished from their executors; run every heartbeat. */
	public void reconcile() {
		synchronized (this.lock) {
			this.loss.reconcile();
		}
	}

	/** Copies stragglers, when speculation is on; run every speculation interval. */
	public void speculate() {
		synchronized (this.lock) {
			this.speculator.speculate();
		}
	}

	/**
	 * While paused (the database cannot be written) no task is handed out: running ones
	 * finish and their reports are kept; when it resumes, parked polls get tasks again.
	 */
	public void pause(boolean paused) {
		synchronized (this.lock) {
			this.dispatcher.pause(paused);
		}
	}

	/**
	 * A pool's jobs now: those that have started (running, or cancelling), those waiting
	 * to start, and the tasks they run.
	 */
	public record PoolLoad(String pool, int runningJobs, int queuedJobs, int runningTasks) {
	}

	/** The load of every pool that has an active job, by pool name. */
	public java.util.Map<String, PoolLoad> poolLoads() {
		synchronized (this.lock) {
			java.util.Map<String, int[]> counts = new java.util.TreeMap<>();
			for (ActiveJob job : this.dag.active.values()) {
				int[] c = counts.computeIfAbsent(job.pool, (k) -> new int[3]);
				if (job.status() == JobStatus.QUEUED) {
					c[1]++;
				}
				else {
					c[0]++;
				}
				c[2] += job.running;
			}
			java.util.Map<String, PoolLoad> out = new java.util.LinkedHashMap<>();
			counts.forEach((pool, c) -> out.put(pool, new PoolLoad(pool, c[0], c[1], c[2])));
			return out;
		}
	}

	// Gauges: read without the lock, as a metric may be a moment stale.

	public int queuedTasks() {
		return this.dag.queuedTasks;
	}

	public int parkedPolls() {
		return this.dispatcher.parked();
	}

	public int runningTasks() {
		return this.dag.running.size();
	}

	public int activeJobs() {
		return this.dag.active.size();
	}

	public int waitingJobs() {
		return this.dag.waitingJobs();
	}

}
