package dev.kindling.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.async.DeferredResult;

import dev.kindling.cluster.CacheRegistry;
import dev.kindling.cluster.ExecutorEvents;
import dev.kindling.cluster.ExecutorInfo;
import dev.kindling.cluster.ExecutorRegistry;
import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.planner.JobPlanner.PlannedJob;
import dev.kindling.engine.planner.PlanPrinter;
import dev.kindling.engine.planner.StagePlan;
import dev.kindling.engine.planner.StagePlanner;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.job.EventEntity;
import dev.kindling.job.EventRepository;
import dev.kindling.job.JobEntity;
import dev.kindling.job.JobRepository;
import dev.kindling.job.JobStatus;
import dev.kindling.job.StageEntity;
import dev.kindling.job.StageRepository;
import dev.kindling.job.StageStatus;
import dev.kindling.job.TaskAttemptEntity;
import dev.kindling.job.TaskAttemptRepository;
import dev.kindling.job.TaskStatus;
import dev.kindling.live.StateChange;
import dev.kindling.live.StateListener;
import dev.kindling.platform.DriverRole;
import dev.kindling.platform.KindlingProperties;
import dev.kindling.protocol.PollRequest;
import dev.kindling.protocol.PollResponse;
import dev.kindling.protocol.TaskDescriptor;
import dev.kindling.protocol.TaskDescriptor.MapOutputLocation;
import dev.kindling.protocol.TaskReport;
import dev.kindling.scheduler.ActiveJob.Attempt;
import dev.kindling.scheduler.ActiveJob.PartitionRun;
import dev.kindling.scheduler.ActiveJob.StageRun;

/**
 * The heart of the driver. Submission has the job planned ({@link JobPlanning}) and
 * stores it before it is acknowledged; then every change is an event (a submit, a poll, a
 * report, a lost executor) handled under one lock: runnable tasks go to a queue that
 * parked executor polls and reports offering a free slot take from at once, results move
 * partitions and stages on, failures are retried, lost work is recomputed from lineage,
 * and a job's end is stored ({@link StateWriter}) before anyone is told.
 */
@Service
@DriverRole
public class Scheduler {

	private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

	private final Object lock = new Object();

	private final Map<String, ActiveJob> active = new LinkedHashMap<>();

	private final ArrayDeque<Attempt> queue = new ArrayDeque<>();

	private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

	/**
	 * Accepted jobs waiting for one of the {@code max-running-jobs} places, oldest first.
	 */
	private final ArrayDeque<ActiveJob> waiting = new ArrayDeque<>();

	private final JobRepository jobs;

	private final StageRepository stages;

	private final TaskAttemptRepository attempts;

	private final EventRepository events;

	private final ExecutorRegistry registry;

	private final JobPlanning planning;

	private final StateWriter writer;

	private final TransactionTemplate tx;

	private final JsonMapper json;

	private final KindlingProperties properties;

	private final Clock clock;

	private final CacheRegistry cache;

	private final Counter submitted;

	private final Counter succeeded;

	private final Counter failed;

	private final Counter cancelled;

	private final Counter retried;

	private final Timer jobDuration;

	private final Timer taskDuration;

	private int running;

	private final MeterRegistry meters;

	/** Publishes what the scheduler commits itself (acceptance, cancel, events). */
	private final StateListener listener;

	/** Tells this driver run's task attempt ids from those of runs before a restart. */
	private final String epoch = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

	private record Waiter(String executorId, int max, DeferredResult<PollResponse> result) {
	}

	Scheduler(JobRepository jobs, StageRepository stages, TaskAttemptRepository attempts, EventRepository events,
			ExecutorRegistry registry, JobPlanning planning, StateWriter writer, TransactionTemplate tx,
			JsonMapper json, KindlingProperties properties, Clock clock, MeterRegistry meters, CacheRegistry cache,
			StateListener listener) {
		this.cache = cache;
		this.listener = listener;
		this.jobs = jobs;
		this.stages = stages;
		this.attempts = attempts;
		this.events = events;
		this.registry = registry;
		this.planning = planning;
		this.writer = writer;
		this.tx = tx;
		this.json = json;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
		this.submitted = Counter.builder("kindling.jobs.submitted").description("Jobs accepted").register(meters);
		this.succeeded = Counter.builder("kindling.jobs.succeeded").description("Jobs that succeeded").register(meters);
		this.failed = Counter.builder("kindling.jobs.failed").description("Jobs that failed").register(meters);
		this.cancelled = Counter.builder("kindling.jobs.cancelled").description("Jobs cancelled").register(meters);
		this.retried = Counter.builder("kindling.tasks.retried").description("Task attempts retried").register(meters);
		this.jobDuration = Timer.builder("kindling.job.duration")
			.description("Submit to end of a job")
			.publishPercentileHistogram()
			.register(meters);
		this.taskDuration = Timer.builder("kindling.task.duration")
			.description("Run time of task attempts")
			.publishPercentileHistogram()
			.register(meters);
		meters.gauge("kindling.tasks.queued", this.queue, ArrayDeque::size);
		meters.gauge("kindling.polls.parked", this.waiters, ArrayDeque::size);
		meters.gauge("kindling.tasks.running", this, s -> s.running);
		meters.gauge("kindling.jobs.active", this.active, Map::size);
		meters.gauge("kindling.jobs.waiting", this.waiting, ArrayDeque::size);
		meters.gauge("kindling.executors.alive", registry, r -> r.alive().size());
	}

	// ------------------------------------------------------------------ submission

	/**
	 * Accepts a job: plans it, stores it (so a restart resumes it), and queues its first
	 * tasks. A repeated idempotency key returns the job it first created.
	 */
	public JobEntity submit(JobSpec spec, String document, String idempotencyKey) {
		if (idempotencyKey != null) {
			Optional<JobEntity> existing = this.jobs.findByIdempotencyKey(idempotencyKey);
			if (existing.isPresent()) {
				return existing.get();
			}
		}
		JobPlanning.Planned planned = this.planning.plan(spec);
		if ("write".equals(spec.action().type())) {
			this.planning.prepareOutput(spec);
		}
		String id = UUID.randomUUID().toString();
		Instant now = this.clock.instant();
		String name = spec.name() == null || spec.name().isBlank() ? "job" : spec.name();
		JobEntity job = new JobEntity(id, name.length() > 200 ? name.substring(0, 200) : name, document, idempotencyKey,
				now);
		job.setPlanInputs(this.json.writeValueAsString(planned.pinned()), this.json.writeValueAsString(planned.scans()),
				planned.shufflePartitions(), planned.broadcastThreshold());
		List<StageEntity> stageRows = new ArrayList<>();
		for (StagePlan s : planned.plan().stages()) {
			stageRows.add(new StageEntity(id, s.id(), s.isResult() ? "RESULT" : "MAP", s.partitions(),
					s.parents().stream().map(String::valueOf).collect(Collectors.joining(",")),
					s.output().describe() + "\n" + PlanPrinter.text(s.root())));
		}
		List<StateChange.NewStage> newStages = planned.plan()
			.stages()
			.stream()
			.map(s -> new StateChange.NewStage(s.id(), s.isResult() ? "RESULT" : "MAP", s.partitions(), s.parents()))
			.toList();
		this.listener.commit(List.of(new StateChange.JobAccepted(id, job.getName(), now, newStages)),
				() -> this.tx.executeWithoutResult(status -> {
					this.jobs.save(job);
					this.stages.saveAll(stageRows);
				}));
		this.submitted.increment();
		synchronized (this.lock) {
			ActiveJob active = new ActiveJob(id, planned.pinned(), planned.plan(), planned.scanStats(),
					planned.broadcastThreshold(), planned.shufflePartitions(), planned.stageSplits(), JobStatus.QUEUED,
					now);
			active.cachedKeys.addAll(planned.cachedKeys());
			this.active.put(id, active);
			admit(active);
		}
		return job;
	}

	/** Completes when the job ends (or at once when it already has). */
	public CompletableFuture<Void> whenFinished(String jobId) {
		synchronized (this.lock) {
			ActiveJob job = this.active.get(jobId);
			return job == null ? CompletableFuture.completedFuture(null) : job.finished;
		}
	}

	// ------------------------------------------------------------------ dispatch

	/**
	 * Answers at once when tasks are queued; otherwise parks the poll until one is or
	 * time runs out.
	 */
	public DeferredResult<PollResponse> poll(String executorId, PollRequest request) {
		long wait = Math.max(0, Math.min(request.waitMs(), this.properties.driver().pollTimeout().toMillis()));
		DeferredResult<PollResponse> result = new DeferredResult<>(wait + 1000, PollResponse.empty());
		if (!this.registry.isAlive(executorId)) {
			result.setResult(new PollResponse(List.of(), true));
			return result;
		}
		int max = Math.max(1, request.freeSlots());
		synchronized (this.lock) {
			List<TaskDescriptor> tasks = take(executorId, max);
			if (!tasks.isEmpty() || wait == 0) {
				result.setResult(new PollResponse(tasks, false));
				return result;
			}
			Waiter waiter = new Waiter(executorId, max, result);
			this.waiters.add(waiter);
			result.onCompletion(() -> {
				synchronized (this.lock) {
					this.waiters.remove(waiter);
				}
			});
		}
		return result;
	}

	private void enqueue(Attempt attempt) {
		this.queue.add(attempt);
		Instant now = this.clock.instant();
		this.writer.attemptQueued(attempt.id, attempt.job.id, attempt.stage, attempt.stageAttempt, attempt.partition,
				attempt.number, now);
	}

	/** Hands queued tasks to parked polls. */
	private void dispatch() {
		int rounds = this.waiters.size();
		while (!this.queue.isEmpty() && rounds-- > 0) {
			Waiter w = this.waiters.poll();
			if (w == null) {
				return;
			}
			if (w.result().isSetOrExpired()) {
				continue;
			}
			List<TaskDescriptor> tasks = take(w.executorId(), w.max());
			if (tasks.isEmpty()) {
				this.waiters.add(w);
			}
			else {
				w.result().setResult(new PollResponse(tasks, false));
			}
		}
	}

	private List<TaskDescriptor> take(String executorId, int max) {
		List<TaskDescriptor> out = new ArrayList<>();
		if (this.queue.isEmpty()) {
			return out;
		}
		Optional<ExecutorInfo> executor = this.registry.find(executorId);
		// The registry marks an executor lost before it tells the scheduler, which then
		// re-queues the
		// executor's attempts under this lock: checked here, no task goes to one being
		// removed.
		if (executor.isEmpty() || !this.registry.isAlive(executorId)) {
			return out;
		}
		boolean alone = this.registry.alive().size() <= 1;
		int limit = Math.min(max, Math.max(1, executor.get().slots()));
		Instant now = this.clock.instant();
		Iterator<Attempt> it = this.queue.iterator();
		while (it.hasNext() && out.size() < limit) {
			Attempt a = it.next();
			if (a.status != TaskStatus.QUEUED) {
				it.remove();
				continue;
			}
			if ((!alone || a.speculativeCopy) && executorId.equals(a.avoidExecutor)) {
				continue;
			}
			if (a.preferredExecutor != null && !a.preferredExecutor.equals(executorId)
					&& this.registry.isAlive(a.preferredExecutor)) {
				// Its cached partition is on another executor; that one will take it.
				continue;
			}
			it.remove();
			TaskDescriptor descriptor;
			try {
				descriptor = describe(a);
			}
			catch (RuntimeException ex) {
				// A scheduler bug must end the job, never wedge the scheduler.
				log.error("Cannot describe task {}", a.id, ex);
				failJob(a.job, "internal error scheduling task " + a.id + ": " + ex);
				continue;
			}
			a.status = TaskStatus.RUNNING;
			a.executorId = executorId;
			a.startedAt = now;
			this.running++;
			this.writer.attemptStarted(a.id, executorId, now);
			if (a.job.status == JobStatus.QUEUED) {
				a.job.status = JobStatus.RUNNING;
				this.writer.jobRunning(a.job.id, now);
			}
			out.add(descriptor);
		}
		return out;
	}

	private TaskDescriptor describe(Attempt a) {
		ActiveJob job = a.job;
		StageRun stage = job.stages[a.stage];
		TaskDescriptor.Split split = null;
		List<FileSplit> splits = job.stageSplits.get(a.stage);
		if (splits != null) {
			FileSplit s = splits.get(a.partition);
			split = new TaskDescriptor.Split(s.index(), s.start(), s.length());
		}
		Map<Integer, List<MapOutputLocation>> inputs = new LinkedHashMap<>();
		for (int parent : stage.plan.parents()) {
			List<MapOutputLocation> locations = new ArrayList<>();
			boolean broadcast = stage.plan.shuffleReads()
				.stream()
				.anyMatch(r -> r.stageId() == parent && r.broadcast());
			int reduce = broadcast ? 0 : a.partition;
			for (PartitionRun p : job.stages[parent].parts) {
				long bytes = p.blockBytes == null || reduce >= p.blockBytes.length ? 0 : p.blockBytes[reduce];
				locations.add(new MapOutputLocation(p.partition, p.outputExecutor, p.outputUrl, bytes));
			}
			inputs.put(parent, locations);
		}
		String writePath = "write".equals(job.pinned.action().type()) ? job.pinned.action().path() : null;
		return new TaskDescriptor(a.id, job.id, a.stage, a.stageAttempt, a.partition, a.number, job.pinned,
				job.shufflePartitions, job.scans, split, inputs, writePath, this.properties.limits().maxCollectRows(),
				List.copyOf(job.cachedKeys), job.broadcastThreshold);
	}

	/**
	 * Queues every task whose inputs are ready and that is not queued, running or done.
	 */
	private void schedule(ActiveJob job) {
		if (job.status.isFinal() || job.status == JobStatus.CANCELLING) {
			return;
		}
		Instant now = this.clock.instant();
		for (StageRun stage : job.stages) {
			if (stage.complete()) {
				continue;
			}
			boolean ready = stage.plan.parents().stream().allMatch(p -> job.stages[p].complete());
			if (!ready) {
				continue;
			}
			if (stage.status != StageStatus.RUNNING) {
				stage.status = StageStatus.RUNNING;
				stageRow(job, stage, now);
			}
			for (PartitionRun part : stage.parts) {
				if (!part.done && (part.current == null || part.current.status.isFinal())) {
					String avoid = part.current != null && part.current.status == TaskStatus.FAILED
							&& !part.current.fetchFailed ? part.current.executorId : null;
					part.lastAttempt++;
					part.current = new Attempt(job, stage.plan.id(), stage.attempt, part.partition, part.lastAttempt,
							avoid, this.epoch, false);
					String cacheKey = stage.plan.cacheRead();
					if (cacheKey != null && avoid == null) {
						part.current.preferredExecutor = this.cache.location(cacheKey, part.partition).orElse(null);
					}
					enqueue(part.current);
				}
			}
		}
		dispatch();
	}

	private void stageRow(ActiveJob job, StageRun stage, Instant now) {
		boolean ended = stage.status == StageStatus.SUCCEEDED || stage.status == StageStatus.FAILED
				|| stage.status == StageStatus.CANCELLED;
		this.writer.stage(job.id, stage.plan.id(), stage.status, stage.attempt, now, ended);
	}

	// ------------------------------------------------------------------ reports

	/**
	 * Applies a task attempt's final report, then hands its executor up to
	 * {@code freeSlots} queued tasks for the slots it has free: the next task rides on
	 * the answer, so a busy executor does not need a poll per task. Never waits for tasks
	 * to be queued.
	 */
	public PollResponse report(TaskReport report, int freeSlots) {
		report(report);
		if (freeSlots <= 0) {
			return PollResponse.empty();
		}
		String executorId = report.executorId();
		synchronized (this.lock) {
			// Under the lock: an executor removed from here on has its attempts marked
			// lost after this.
			if (executorId == null || !this.registry.isAlive(executorId)) {
				return new PollResponse(List.of(), true);
			}
			return new PollResponse(take(executorId, freeSlots), false);
		}
	}

	/**
	 * Applies a task attempt's final report; a report from an attempt that is no longer
	 * current is ignored.
	 */
	private void report(TaskReport report) {
		synchronized (this.lock) {
			ActiveJob job = this.active.get(report.jobId());
			if (job == null || report.stageId() < 0 || report.stageId() >= job.stages.length) {
				return;
			}
			StageRun stage = job.stages[report.stageId()];
			if (report.partition() < 0 || report.partition() >= stage.parts.length) {
				return;
			}
			PartitionRun part = stage.parts[report.partition()];
			Attempt a = current(part, report);
			if (a == null) {
				log.debug("Ignoring report of attempt {} that is no longer current", report.attemptId());
				return;
			}
			if (a == part.speculative) {
				// The copy reported first (or failed): it becomes the attempt of record,
				// the other is stopped.
				Attempt other = part.current;
				part.current = a;
				part.speculative = null;
				if ("SUCCEEDED".equals(report.state())) {
					stopAttempt(other, "a speculative copy finished first");
				}
				else if (other != null && other.status == TaskStatus.RUNNING) {
					part.current = other;
				}
			}
			else if (part.speculative != null && "SUCCEEDED".equals(report.state())) {
				stopAttempt(part.speculative, "the original attempt finished first");
				part.speculative = null;
			}
			else if (part.speculative != null && !part.speculative.status.isFinal()) {
				// The original failed while its copy still runs: let the copy carry on.
				part.current = part.speculative;
				part.speculative = null;
				this.running--;
				a.status = TaskStatus.FAILED;
				this.writer.attemptEnded(a.id, TaskStatus.FAILED, this.clock.instant(), report.error());
				return;
			}
			this.running--;
			TaskStatus status = switch (String.valueOf(report.state())) {
				case "SUCCEEDED" -> TaskStatus.SUCCEEDED;
				case "KILLED" -> TaskStatus.KILLED;
				default -> TaskStatus.FAILED;
			};
			a.status = status;
			Instant now = this.clock.instant();
			TaskReport.Metrics m = report.metrics() != null ? report.metrics()
					: new TaskReport.Metrics(0, 0, 0, 0, 0, 0, 0);
			this.taskDuration.record(Duration.ofMillis(m.durationMs()));
			String output = null;
			if (status == TaskStatus.SUCCEEDED && report.result() != null) {
				output = this.json.writeValueAsString(report.result());
			}
			this.writer.attemptEnded(a.id, status, now, report.error(), m, output, report.slot());
			if (m.shuffleBytesRead() > 0 || m.shuffleBytesWritten() > 0) {
				this.writer.stageShuffle(job.id, stage.plan.id(), m.shuffleBytesWritten(), m.shuffleBytesRead());
			}
			switch (status) {
				case SUCCEEDED -> succeededTask(job, stage, part, report);
				case KILLED -> checkCancelled(job);
				default -> failedTask(job, stage, part, report);
			}
		}
	}

	/** The attempt a report is about, if it is still one the scheduler waits for. */
	private static Attempt current(PartitionRun part, TaskReport report) {
		for (Attempt a : new Attempt[] { part.current, part.speculative }) {
			if (a != null && a.id.equals(report.attemptId()) && a.status == TaskStatus.RUNNING
					&& a.stageAttempt == report.stageAttempt()) {
				return a;
			}
		}
		return null;
	}

	/**
	 * Stops an attempt that is no longer needed: dropped from the queue, or killed on its
	 * executor.
	 */
	private void stopAttempt(Attempt a, String why) {
		if (a == null || a.status.isFinal()) {
			return;
		}
		if (a.status == TaskStatus.RUNNING) {
			this.running--;
			if (a.executorId != null) {
				this.registry.kill(a.executorId, a.id);
			}
		}
		a.status = TaskStatus.KILLED;
		this.queue.remove(a);
		this.writer.attemptEnded(a.id, TaskStatus.KILLED, this.clock.instant(), why);
	}

	private void succeededTask(ActiveJob job, StageRun stage, PartitionRun part, TaskReport report) {
		if (report.cached() != null) {
			for (TaskReport.CachedBlock b : report.cached()) {
				this.cache.add(b.key(), "job " + job.id + " (" + job.pinned.name() + ")", stage.parts.length,
						b.partition(), report.executorId(), b.bytes(), b.rows(),
						this.planning.sourceVersion(job.pinned));
			}
		}
		if (job.status == JobStatus.CANCELLING) {
			checkCancelled(job);
			return;
		}
		if (part.done) {
			return;
		}
		if (report.metrics() != null) {
			stage.durations.add(report.metrics().durationMs());
		}
		part.done = true;
		part.result = report.result();
		part.outputExecutor = report.executorId();
		part.outputUrl = this.registry.find(report.executorId()).map(ExecutorInfo::url).orElse(null);
		if (report.result() != null && report.result().blockBytes() != null) {
			part.blockBytes = report.result().blockBytes().stream().mapToLong(Long::longValue).toArray();
		}
		stage.done++;
		if (!stage.complete()) {
			return;
		}
		Instant now = this.clock.instant();
		stage.status = StageStatus.SUCCEEDED;
		stageRow(job, stage, now);
		if (stage.plan.isResult()) {
			finish(job);
		}
		else {
			schedule(job);
		}
	}

	private void failedTask(ActiveJob job, StageRun stage, PartitionRun part, TaskReport report) {
		if (job.status == JobStatus.CANCELLING) {
			checkCancelled(job);
			return;
		}
		String error = report.error() == null ? "task failed" : report.error();
		if (report.fetchFailure() != null) {
			part.current.fetchFailed = true;
			lostMapOutput(job, report.fetchFailure().stageId(), report.fetchFailure().mapPartition(),
					report.fetchFailure().executorId());
			event("FETCH_FAILED", job.id, report.executorId(),
					"task " + report.attemptId() + " could not fetch shuffle output: " + error);
			schedule(job);
			return;
		}
		part.failures++;
		int max = this.properties.task().maxAttempts();
		if (report.deterministic() || part.failures >= max) {
			String why = report.deterministic() ? error : "task " + stage.plan.id() + "." + part.partition + " failed "
					+ part.failures + " times; last error: " + error;
			failJob(job, why);
			return;
		}
		this.retried.increment();
		event("TASK_RETRIED", job.id, report.executorId(), "task " + report.attemptId() + " failed (" + error
				+ "); attempt " + (part.failures + 1) + " of " + max);
		schedule(job);
	}

	/** Forgets one map output and re-runs its stage's missing partitions (lineage). */
	private void lostMapOutput(ActiveJob job, int stageId, int mapPartition, String executorId) {
		if (stageId < 0 || stageId >= job.stages.length) {
			return;
		}
		StageRun stage = job.stages[stageId];
		if (mapPartition >= 0 && mapPartition < stage.parts.length) {
			PartitionRun p = stage.parts[mapPartition];
			if (p.done && (executorId == null || executorId.equals(p.outputExecutor))) {
				p.done = false;
				stage.done--;
			}
		}
		if (!stage.complete() && stage.status == StageStatus.SUCCEEDED) {
			stage.attempt++;
			stage.status = StageStatus.WAITING;
			event("STAGE_RESUBMITTED", job.id, executorId, "stage " + stageId + " runs again (attempt " + stage.attempt
					+ ") to recompute lost shuffle output");
		}
	}

	// ------------------------------------------------------------------ speculation

	/**
	 * Launches a copy of each straggler on another executor, when speculation is on: an
	 * attempt running longer than {@code multiplier} times the median of its stage's
	 * finished attempts, once {@code quantile} of the stage is done. Whichever copy
	 * finishes first wins; the other is killed.
	 */
	@Scheduled(fixedDelayString = "${kindling.speculation.interval:500ms}")
	void speculate() {
		KindlingProperties.Speculation settings = this.properties.speculation();
		if (!settings.enabled() || this.registry.alive().size() < 2) {
			return;
		}
		synchronized (this.lock) {
			Instant now = this.clock.instant();
			boolean launched = false;
			for (ActiveJob job : this.active.values()) {
				if (job.status != JobStatus.RUNNING) {
					continue;
				}
				for (StageRun stage : job.stages) {
					if (stage.status != StageStatus.RUNNING || stage.durations.isEmpty()
							|| stage.done < Math.ceil(settings.quantile() * stage.parts.length)) {
						continue;
					}
					List<Long> sorted = stage.durations.stream().sorted().toList();
					long median = sorted.get(sorted.size() / 2);
					long threshold = Math.max(settings.minRuntime().toMillis(),
							(long) (settings.multiplier() * median));
					for (PartitionRun part : stage.parts) {
						Attempt a = part.current;
						if (part.done || part.speculative != null || a == null || a.status != TaskStatus.RUNNING
								|| Duration.between(a.startedAt, now).toMillis() <= threshold) {
							continue;
						}
						part.speculative = new Attempt(job, stage.plan.id(), stage.attempt, part.partition,
								++part.lastAttempt, a.executorId, this.epoch, true);
						enqueue(part.speculative);
						event("TASK_SPECULATED", job.id, a.executorId,
								"attempt " + a.id + " runs " + Duration.between(a.startedAt, now).toMillis()
										+ " ms (median " + median + " ms); a copy runs on another executor");
						launched = true;
					}
				}
			}
			if (launched) {
				dispatch();
			}
		}
	}

	// ------------------------------------------------------------------ executors

	/**
	 * Re-queues attempts an executor no longer runs: one that has been running for a
	 * while but is missing from two consecutive heartbeats of its (live) executor was
	 * lost there without a report (or never arrived: the answer that carried it was
	 * lost), and one still marked running on an executor that is gone.
	 */
	@Scheduled(fixedDelayString = "${kindling.executor.heartbeat-interval:1s}")
	void reconcileRunning() {
		Instant now = this.clock.instant();
		long grace = 3 * this.properties.executor().heartbeatInterval().toMillis() + 2000;
		synchronized (this.lock) {
			for (ActiveJob job : List.copyOf(this.active.values())) {
				boolean touched = false;
				for (StageRun stage : job.stages) {
					for (PartitionRun part : stage.parts) {
						for (Attempt a : new Attempt[] { part.current, part.speculative }) {
							if (a == null || a.status != TaskStatus.RUNNING || a.startedAt == null
									|| Duration.between(a.startedAt, now).toMillis() < grace) {
								continue;
							}
							Optional<ExecutorInfo> executor = this.registry.find(a.executorId);
							// Gone: its removal re-queues its attempts; this only catches
							// one that slipped past.
							boolean gone = executor.isEmpty() || !this.registry.isAlive(a.executorId);
							if (!gone && (executor.get().lastHeartbeat().isBefore(a.startedAt.plusMillis(grace))
									|| executor.get().runningAttempts().contains(a.id))) {
								continue;
							}
							a.status = TaskStatus.LOST;
							this.running--;
							this.writer.attemptEnded(a.id, TaskStatus.LOST, now,
									"executor " + a.executorId + (gone ? " is gone" : " no longer runs this attempt"));
							event("TASK_LOST", job.id, a.executorId, "attempt " + a.id + " vanished from its executor");
							if (a == part.speculative) {
								part.speculative = null;
							}
							touched = true;
						}
					}
				}
				if (touched) {
					if (job.status == JobStatus.CANCELLING) {
						checkCancelled(job);
					}
					else {
						schedule(job);
					}
				}
			}
		}
	}

	@EventListener
	void onExecutorRegistered(ExecutorEvents.Registered registered) {
		event("EXECUTOR_REGISTERED", null, registered.executorId(), "executor registered");
	}

	@EventListener
	void onExecutorRemoved(ExecutorEvents.Removed removed) {
		event("EXECUTOR_" + removed.state().name(), null, removed.executorId(), removed.reason());
		synchronized (this.lock) {
			String lost = removed.executorId();
			for (ActiveJob job : List.copyOf(this.active.values())) {
				boolean touched = false;
				for (StageRun stage : job.stages) {
					for (PartitionRun part : stage.parts) {
						for (Attempt a : new Attempt[] { part.current, part.speculative }) {
							if (a != null && a.status == TaskStatus.RUNNING && lost.equals(a.executorId)) {
								a.status = TaskStatus.LOST;
								this.running--;
								this.writer.attemptEnded(a.id, TaskStatus.LOST, this.clock.instant(),
										"executor " + lost + " lost: " + removed.reason());
								touched = true;
							}
						}
						if (part.speculative != null && part.speculative.status.isFinal()) {
							part.speculative = null;
						}
						else if (part.speculative != null && part.current != null && part.current.status.isFinal()) {
							part.current = part.speculative;
							part.speculative = null;
						}
						if (part.done && !stage.plan.isResult() && lost.equals(part.outputExecutor)
								&& stillNeeded(job, stage)) {
							lostMapOutput(job, stage.plan.id(), part.partition, lost);
							touched = true;
						}
					}
				}
				if (touched) {
					if (job.status == JobStatus.CANCELLING) {
						checkCancelled(job);
					}
					else {
						schedule(job);
					}
				}
			}
		}
	}

	/** Whether some stage reading this one's shuffle has not finished. */
	private static boolean stillNeeded(ActiveJob job, StageRun stage) {
		for (StageRun s : job.stages) {
			if (s.plan.parents().contains(stage.plan.id()) && !s.complete()) {
				return true;
			}
		}
		return false;
	}

	// ------------------------------------------------------------------ ends

	private void finish(ActiveJob job) {
		String resultJson = this.json.writeValueAsString(job.result());
		long max = this.properties.driver().maxResultSize().toBytes();
		if (resultJson.length() > max) {
			failJob(job, "the result is " + resultJson.length() + " bytes, more than kindling.driver.max-result-size ("
					+ max + " bytes); write it out with a write action, or collect fewer rows");
			return;
		}
		end(job, JobStatus.SUCCEEDED, resultJson, null);
		this.succeeded.increment();
	}

	private void failJob(ActiveJob job, String error) {
		killRunning(job);
		end(job, JobStatus.FAILED, null, error);
		this.failed.increment();
	}

	private void killRunning(ActiveJob job) {
		for (StageRun stage : job.stages) {
			for (PartitionRun part : stage.parts) {
				if (part.speculative != null) {
					stopAttempt(part.speculative, "job ended");
					part.speculative = null;
				}
				Attempt a = part.current;
				if (a == null) {
					continue;
				}
				if (a.status == TaskStatus.QUEUED) {
					a.status = TaskStatus.KILLED;
					this.writer.attemptEnded(a.id, TaskStatus.KILLED, this.clock.instant(),
							"job ended before the task started");
				}
				else if (a.status == TaskStatus.RUNNING && a.executorId != null) {
					this.registry.kill(a.executorId, a.id);
				}
			}
		}
		this.queue.removeIf(a -> a.job == job);
	}

	/** Stores the job's end, then tells whoever waits. Runs under the lock. */
	private void end(ActiveJob job, JobStatus status, String resultJson, String error) {
		Instant now = this.clock.instant();
		job.status = status;
		for (StageRun stage : job.stages) {
			if (!stage.complete() && stage.status != StageStatus.FAILED) {
				stage.status = status == JobStatus.CANCELLED ? StageStatus.CANCELLED : StageStatus.FAILED;
				stageRow(job, stage, now);
			}
		}
		// The end is stored, with every task update before it, in one commit before
		// anyone is told.
		this.writer.jobEnded(job.id, status, now, resultJson, error);
		this.writer.flush();
		this.active.remove(job.id);
		this.waiting.remove(job);
		startWaiting();
		this.jobDuration.record(Duration.between(job.submittedAt, now));
		this.registry.dropJob(job.id);
		if (error != null) {
			log.info("Job {} {}: {}", job.id, status, error);
		}
		job.finished.complete(null);
	}

	/**
	 * Cancels a job: queued tasks are dropped, running ones killed on their executors.
	 */
	public JobStatus cancel(String jobId) {
		synchronized (this.lock) {
			ActiveJob job = this.active.get(jobId);
			if (job == null) {
				return null;
			}
			if (job.status == JobStatus.CANCELLING) {
				return job.status;
			}
			if (this.waiting.remove(job)) {
				// It never started: nothing to kill.
				end(job, JobStatus.CANCELLED, null, null);
				this.cancelled.increment();
				return JobStatus.CANCELLED;
			}
			job.status = JobStatus.CANCELLING;
			Instant now = this.clock.instant();
			this.listener.commit(List.of(new StateChange.JobStatusChanged(jobId, JobStatus.CANCELLING, now)),
					() -> this.tx.executeWithoutResult(s -> this.jobs.findById(jobId)
						.ifPresent(entity -> entity.moveTo(JobStatus.CANCELLING, now))));
			killRunning(job);
			checkCancelled(job);
			return job.status;
		}
	}

	private void checkCancelled(ActiveJob job) {
		if (job.status != JobStatus.CANCELLING) {
			return;
		}
		for (StageRun stage : job.stages) {
			for (PartitionRun part : stage.parts) {
				if (part.current != null && part.current.status == TaskStatus.RUNNING) {
					return;
				}
			}
		}
		end(job, JobStatus.CANCELLED, null, null);
		this.cancelled.increment();
	}

	// ------------------------------------------------------------------ restart

	/**
	 * Resumes every job a previous driver accepted but did not finish: re-plans it from
	 * its pinned spec and splits, keeps the result partitions that were stored, and
	 * recomputes the rest.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void recover() {
		List<JobEntity> unfinished = this.jobs
			.findByStatusIn(List.of(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.CANCELLING));
		for (JobEntity entity : unfinished) {
			try {
				recover(entity);
			}
			catch (RuntimeException ex) {
				log.error("Cannot resume job {}", entity.getId(), ex);
				this.tx.executeWithoutResult(s -> this.jobs.findById(entity.getId()).ifPresent(e -> {
					e.moveTo(JobStatus.FAILED, this.clock.instant());
					e.setError("could not be resumed after a driver restart: " + ex.getMessage(), null);
				}));
			}
		}
	}

	private void recover(JobEntity entity) {
		Instant now = this.clock.instant();
		if (entity.getStatus() == JobStatus.CANCELLING) {
			this.tx.executeWithoutResult(
					s -> this.jobs.findById(entity.getId()).ifPresent(e -> e.moveTo(JobStatus.CANCELLED, now)));
			return;
		}
		JobSpec pinned = this.json.readValue(entity.getPinnedSpec(), JobSpec.class);
		List<JobPlanning.ScanInfo> scans = this.json.readValue(entity.getScans(),
				new TypeReference<List<JobPlanning.ScanInfo>>() {
				});
		List<StagePlanner.ScanStats> counts = scans.stream()
			.map(s -> new StagePlanner.ScanStats(s.splits().size(), s.length()))
			.toList();
		PlannedJob plan = this.planning.replan(pinned, entity.getShufflePartitions(), counts,
				entity.getBroadcastThreshold());
		List<TaskAttemptEntity> rows = this.attempts.findByJobIdOrderByStageNoAscPartitionAscAttemptAsc(entity.getId());
		synchronized (this.lock) {
			ActiveJob job = new ActiveJob(entity.getId(), pinned, plan, counts, entity.getBroadcastThreshold(),
					entity.getShufflePartitions(), JobPlanning.stageSplits(plan, scans), entity.getStatus(),
					entity.getSubmittedAt());
			StageRun result = job.resultStage();
			for (TaskAttemptEntity row : rows) {
				PartitionRun part = job.stages[row.getStageNo()].parts[row.getPartition()];
				part.lastAttempt = Math.max(part.lastAttempt, row.getAttempt());
				if (row.getStatus() == TaskStatus.FAILED) {
					part.failures++;
				}
				if (row.getStatus() == TaskStatus.QUEUED || row.getStatus() == TaskStatus.RUNNING) {
					this.writer.attemptEnded(row.getId(), TaskStatus.LOST, now, "the driver restarted");
				}
				if (row.getStageNo() == result.plan.id() && row.getStatus() == TaskStatus.SUCCEEDED
						&& row.getOutput() != null && !part.done) {
					part.done = true;
					part.result = this.json.readValue(row.getOutput(), TaskReport.Result.class);
					result.done++;
				}
			}
			this.active.put(job.id, job);
			event("JOB_RESUMED", job.id, null, "resumed after a driver restart");
			log.info("Resuming job {} after a driver restart", job.id);
			if (result.complete()) {
				finish(job);
			}
			else {
				admit(job);
			}
		}
	}

	/**
	 * Starts a job now, or queues it while {@code kindling.limits.max-running-jobs} jobs
	 * run: a burst of submissions waits its turn instead of overwhelming the executors.
	 * Runs under the lock.
	 */
	private void admit(ActiveJob job) {
		if (this.active.size() - this.waiting.size() - 1 < this.properties.limits().maxRunningJobs()) {
			schedule(job);
		}
		else {
			this.waiting.add(job);
		}
	}

	private void startWaiting() {
		while (!this.waiting.isEmpty()
				&& this.active.size() - this.waiting.size() < this.properties.limits().maxRunningJobs()) {
			schedule(this.waiting.poll());
		}
	}

	private void event(String type, String jobId, String executorId, String message) {
		this.meters.counter("kindling.events", "type", type).increment();
		try {
			Instant at = this.clock.instant();
			this.listener.commit(List.of(new StateChange.EventStored(jobId, executorId, at, type, message)),
					() -> this.events.save(new EventEntity(at, type, jobId, executorId, message)));
		}
		catch (RuntimeException ex) {
			log.warn("Could not store event {}: {}", type, ex.getMessage());
		}
	}

	/** Whether the scheduler is running this job now. */
	public boolean isActive(String jobId) {
		synchronized (this.lock) {
			return this.active.containsKey(jobId);
		}
	}

}
