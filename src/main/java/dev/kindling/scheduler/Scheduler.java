package dev.kindling.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.web.context.request.async.DeferredResult;

import dev.kindling.engine.planner.JobPlanner.PlannedJob;
import dev.kindling.engine.planner.PlanPrinter;
import dev.kindling.engine.spec.ActionType;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.platform.DatabaseUnavailable;
import dev.kindling.platform.DriverRole;
import dev.kindling.platform.KindlingProperties;
import dev.kindling.protocol.PollRequest;
import dev.kindling.protocol.PollResponse;
import dev.kindling.protocol.TaskDescriptor;
import dev.kindling.protocol.TaskReport;
import dev.kindling.scheduler.core.ActiveJob;
import dev.kindling.scheduler.core.SchedulerCore;
import dev.kindling.scheduler.core.TaskSink;
import dev.kindling.state.DatabaseHealth;
import dev.kindling.state.JobEntity;
import dev.kindling.state.JobRepository;
import dev.kindling.state.JobStatus;
import dev.kindling.state.StateWriter;

/**
 * The driver's scheduler as the web layer sees it: a submission is planned
 * ({@link JobPlanning}), stored and only then acknowledged and started; polls and reports
 * from executors become calls into the plain-Java {@link SchedulerCore}, with Spring
 * MVC's {@code DeferredResult} kept on this side. Nothing here holds the core's lock
 * while it waits for the database.
 */
@Service
@DriverRole
public class Scheduler {

	/** How long a submission waits for its job to be stored before it answers 503. */
	private static final long ACCEPT_WAIT_MS = 5_000;

	private static final PollResponse REREGISTER = new PollResponse(List.of(), true);

	private final SchedulerCore core;

	private final JobPlanning planning;

	private final StateWriter writer;

	private final JobRepository jobs;

	private final DatabaseHealth health;

	private final JsonMapper json;

	private final KindlingProperties properties;

	private final Clock clock;

	private final WriteGuard writes;

	Scheduler(SchedulerCore core, JobPlanning planning, StateWriter writer, JobRepository jobs, DatabaseHealth health,
			JsonMapper json, KindlingProperties properties, Clock clock, WriteGuard writes) {
		this.writes = writes;
		this.core = core;
		this.planning = planning;
		this.writer = writer;
		this.jobs = jobs;
		this.health = health;
		this.json = json;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Accepts a job: plans it, stores it (so a restart resumes it), and only then starts
	 * it. A repeated idempotency key returns the job it first created when the job is the
	 * same, and is refused (422) when it is another; a key older than
	 * {@code kindling.limits.idempotency-key-ttl} is released and names the new job.
	 * @param idempotencyKey the key as stored (scoped to its owner), or null
	 * @param owner the principal that submits it
	 * @param pool the scheduling pool it runs in
	 * @return the job's id
	 * @throws DatabaseUnavailable while the database cannot store it
	 */
	public String submit(JobSpec spec, String document, String idempotencyKey, String owner, String pool) {
		requireDatabase("the job was not accepted");
		if (idempotencyKey != null) {
			Optional<JobEntity> existing = this.jobs.findByIdempotencyKey(idempotencyKey);
			if (existing.isPresent()) {
				JobEntity first = existing.get();
				Duration ttl = this.properties.limits().idempotencyKeyTtl();
				if (first.getSubmittedAt().plus(ttl).isBefore(this.clock.instant())) {
					this.writer.releaseIdempotencyKey(first.getId());
				}
				else if (!first.getSpec().equals(document)
						&& !this.json.readValue(first.getSpec(), JobSpec.class).equals(spec)) {
					// the texts differ also when an earlier version wrote the stored one
					throw IdempotencyKeyReused.of(first.getId());
				}
				else {
					return first.getId();
				}
			}
		}
		JobPlanning.Planned planned = this.planning.plan(spec);
		String id = UUID.randomUUID().toString();
		String output = writePath(planned.pinned());
		if (output != null) {
			this.writes.claim(id, output);
		}
		try {
			return accept(id, spec, document, idempotencyKey, owner, pool, planned);
		}
		catch (RuntimeException ex) {
			this.writes.release(id);
			throw ex;
		}
	}

	private String accept(String id, JobSpec spec, String document, String idempotencyKey, String owner, String pool,
			JobPlanning.Planned planned) {
		Instant now = this.clock.instant();
		String name = spec.name() == null || spec.name().isBlank() ? "job" : spec.name();
		name = name.length() > 200 ? name.substring(0, 200) : name;
		List<StateWriter.NewStage> stages = planned.plan()
			.stages()
			.stream()
			.map(s -> new StateWriter.NewStage(s.id(), s.isResult() ? "RESULT" : "MAP", s.partitions(),
					s.parents().stream().map(String::valueOf).collect(Collectors.joining(",")),
					s.output().describe() + "\n" + PlanPrinter.text(s.root())))
			.toList();
		StateWriter.Acceptance accepted = this.writer.jobAccepted(new StateWriter.NewJob(id, name, document,
				this.json.writeValueAsString(planned.pinned()), this.json.writeValueAsString(planned.scans()),
				planned.shufflePartitions(), planned.broadcastThreshold(),
				this.json.writeValueAsString(planned.cachedKeys()), idempotencyKey, now, stages, owner, pool));
		if (!awaitStored(accepted)) {
			// Another submission with the same key was stored first.
			this.writes.release(id);
			return this.jobs.findByIdempotencyKey(idempotencyKey).map(JobEntity::getId).orElseThrow();
		}
		ActiveJob.Inputs inputs = new ActiveJob.Inputs(planned.pinned(), planned.plan(), planned.scanStats(),
				planned.broadcastThreshold(), planned.shufflePartitions(), planned.stageSplits(),
				List.copyOf(planned.cachedKeys()), planned.sourceVersion(), writePath(planned.pinned()));
		this.core.start(new ActiveJob(id, name, inputs, JobStatus.QUEUED, now).inPool(pool));
		if (inputs.writePath() != null) {
			this.core.whenFinished(id).whenComplete((ok, ex) -> this.writes.release(id));
		}
		return id;
	}

	/**
	 * Waits for a job's acceptance to be stored; false when the database refused it
	 * because its idempotency key is taken.
	 */
	private boolean awaitStored(StateWriter.Acceptance accepted) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ACCEPT_WAIT_MS);
		while (true) {
			try {
				accepted.stored().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				return true;
			}
			catch (TimeoutException ex) {
				if (accepted.withdraw()) {
					throw DatabaseUnavailable.of("the job was not accepted");
				}
				// Its transaction is under way: wait for its outcome a little longer.
				deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof org.springframework.dao.DuplicateKeyException) {
					return false;
				}
				throw new IllegalStateException("the job could not be stored: " + ex.getCause().getMessage(),
						ex.getCause());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				accepted.withdraw();
				throw DatabaseUnavailable.of("the job was not accepted");
			}
		}
	}

	/**
	 * @throws DatabaseUnavailable while the database cannot be written, saying what was
	 * not done
	 */
	public void requireDatabase(String what) {
		if (!this.health.isReachable()) {
			throw DatabaseUnavailable.of(what);
		}
	}

	static boolean isWrite(JobSpec spec) {
		return spec.action() != null && spec.action().type() == ActionType.WRITE;
	}

	static String writePath(JobSpec pinned) {
		return isWrite(pinned) ? pinned.action().path() : null;
	}

	/** Completes when the job's end is stored (at once when it is not running here). */
	public CompletableFuture<Void> whenFinished(String jobId) {
		return this.core.whenFinished(jobId);
	}

	/**
	 * Cancels a job: queued tasks are dropped, running ones killed on their executors.
	 * @return the job's status once it is stored, or null when the job is not running
	 * here
	 * @throws DatabaseUnavailable when the status could not be stored in time (the cancel
	 * still applies; repeating it is harmless)
	 */
	public JobStatus cancel(String jobId) {
		CompletableFuture<JobStatus> settled = this.core.cancel(jobId);
		if (settled == null) {
			return null;
		}
		try {
			return settled.get(ACCEPT_WAIT_MS, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw DatabaseUnavailable.of("the cancel is not stored yet");
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("the cancel could not be stored: " + ex.getCause().getMessage(),
					ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw DatabaseUnavailable.of("the cancel is not stored yet");
		}
	}

	/**
	 * The jobs held now: accepted or resumed and not ended (queued, waiting in a pool,
	 * running, cancelling). Read without the lock: a moment stale under a burst.
	 */
	public int activeJobs() {
		return this.core.activeJobs();
	}

	/** Whether the scheduler is running this job now. */
	public boolean isActive(String jobId) {
		return this.core.isActive(jobId);
	}

	/**
	 * The plan a stored job ran with, planned again from its pinned spec and the planner
	 * inputs stored when it was accepted (never from the files as they are now).
	 */
	public PlannedJob storedPlan(JobEntity job) {
		StoredInputs in = StoredInputs.read(job, this.json);
		return this.planning.replan(in.pinned(), in.shufflePartitions(), in.counts(), in.cachedKeys(),
				in.broadcastThreshold());
	}

	/**
	 * Answers at once when tasks are runnable; otherwise parks the poll until some are or
	 * its wait runs out.
	 */
	DeferredResult<PollResponse> poll(String executorId, PollRequest request) {
		long wait = pollWait(request);
		DeferredResult<PollResponse> result = new DeferredResult<>(wait + 1000, PollResponse.empty());
		DeferredSink sink = wait == 0 ? null : new DeferredSink(result);
		if (sink != null) {
			result.onCompletion(() -> this.core.unpark(sink));
		}
		List<TaskDescriptor> tasks = this.core.poll(executorId, Math.max(1, request.freeSlots()), sink);
		if (tasks == null) {
			result.setResult(REREGISTER);
		}
		else if (!tasks.isEmpty() || sink == null) {
			result.setResult(new PollResponse(tasks, false));
		}
		return result;
	}

	/**
	 * How long a poll may be parked: what it asked for, at most the driver's poll
	 * timeout.
	 */
	private long pollWait(PollRequest request) {
		return Math.max(0, Math.min(request.waitMs(), this.properties.driver().pollTimeout().toMillis()));
	}

	/**
	 * {@link #poll} for a caller in this JVM: blocks until tasks are runnable, the
	 * executor is told to register again or the wait runs out (no task).
	 */
	PollResponse pollInProcess(String executorId, PollRequest request) throws InterruptedException {
		long wait = pollWait(request);
		FutureSink sink = wait == 0 ? null : new FutureSink(new CompletableFuture<>());
		List<TaskDescriptor> tasks = this.core.poll(executorId, Math.max(1, request.freeSlots()), sink);
		if (tasks == null) {
			return REREGISTER;
		}
		if (!tasks.isEmpty() || sink == null) {
			return new PollResponse(tasks, false);
		}
		try {
			return sink.answer().get(wait, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | InterruptedException ex) {
			// Closed with no task, unless tasks were delivered just before: those are
			// this executor's now and run.
			boolean closed = sink.answer().complete(PollResponse.empty());
			if (ex instanceof InterruptedException interrupted) {
				if (closed) {
					throw interrupted;
				}
				Thread.currentThread().interrupt();
			}
			return sink.answer().getNow(PollResponse.empty());
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		finally {
			this.core.unpark(sink);
		}
	}

	/**
	 * Applies a task attempt's report, and hands its executor up to {@code freeSlots}
	 * tasks for the slots it freed: the next task rides on the answer.
	 */
	PollResponse report(TaskReport report, int freeSlots) {
		// The stored output is made before taking the scheduler's lock.
		String output = report.state() == TaskReport.State.SUCCEEDED && report.result() != null
				? this.json.writeValueAsString(report.result()) : null;
		List<TaskDescriptor> tasks = this.core.report(report, output, freeSlots);
		if (tasks == null) {
			return REREGISTER;
		}
		return tasks.isEmpty() ? PollResponse.empty() : new PollResponse(tasks, false);
	}

	/** A poll parked in the core for a caller in this JVM. */
	private record FutureSink(CompletableFuture<PollResponse> answer) implements TaskSink {

		@Override
		public boolean isOpen() {
			return !this.answer.isDone();
		}

		@Override
		public boolean deliver(List<TaskDescriptor> tasks) {
			return this.answer.complete(new PollResponse(tasks, false));
		}

	}

	/** A poll parked in the core, answered through Spring MVC's async result. */
	private record DeferredSink(DeferredResult<PollResponse> result) implements TaskSink {

		@Override
		public boolean isOpen() {
			return !this.result.isSetOrExpired();
		}

		@Override
		public boolean deliver(List<TaskDescriptor> tasks) {
			return this.result.setResult(new PollResponse(tasks, false));
		}

	}

}
