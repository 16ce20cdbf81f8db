package dev.kindling.executor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kindling.protocol.PollResponse;
import dev.kindling.protocol.TaskDescriptor;
import dev.kindling.protocol.TaskReport;

/**
 * An executor's task slots: the attempts it runs, each on a slot thread, and their
 * reports, sent in order off the slot threads. The slot an attempt held travels with its
 * report, whose answer carries the next task for it. A free slot is a permit of
 * {@link #free()}: the poll loop takes permits before it asks for tasks. Kills that
 * arrive before their attempt (a heartbeat answer can overtake the answer carrying the
 * task) are remembered.
 */
final class TaskSlots {

	private static final Logger log = LoggerFactory.getLogger(TaskSlots.class);

	private static final long MAX_BACKOFF_MS = 5_000;

	private final String name;

	private final DriverClient driver;

	private final ExecutorService slots;

	private final Semaphore free;

	/**
	 * Sends task reports in order, off the slot threads, and starts the tasks their
	 * answers carry.
	 */
	private final ExecutorService reporter;

	private final RunningAttempts running = new RunningAttempts();

	/**
	 * The numbers (0 to slots - 1) of the slots no task holds: a task's report says which
	 * slot ran it, for the timeline of a stage. Taken with a permit of {@link #free},
	 * returned before the permit is.
	 */
	private final ConcurrentLinkedDeque<Integer> slotNumbers = new ConcurrentLinkedDeque<>();

	/** Attempts reported as succeeded since the executor started. */
	private final AtomicLong succeeded = new AtomicLong();

	/** Attempts reported as failed since the executor started. */
	private final AtomicLong failed = new AtomicLong();

	/** The newest few hundred kills that arrived before their attempt did. */
	private final Set<String> killedEarly = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
			return size() > 512;
		}
	});

	/** The executor's registration now: a report's answer is for this one only. */
	private final Supplier<String> executorId;

	/** Whether the executor is leaving: its reports then take no next task. */
	private final Supplier<Boolean> leaving;

	/**
	 * Set when a leaving executor's drain time is up: the tasks it still runs are stopped
	 * and go back to the driver unreported (see {@link #drain}).
	 */
	private volatile boolean handingBack;

	TaskSlots(String name, int slots, DriverClient driver, Supplier<String> executorId, Supplier<Boolean> leaving) {
		this.name = name;
		this.driver = driver;
		this.executorId = executorId;
		this.leaving = leaving;
		// Slots are the permits of `free`; threads come from an unbounded pool so that a
		// slot whose stuck thread was abandoned gets a fresh one.
		this.slots = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
			Thread t = new Thread(r, name + "-slot");
			t.setDaemon(true);
			return t;
		});
		this.free = new Semaphore(slots);
		for (int i = 0; i < slots; i++) {
			this.slotNumbers.add(i);
		}
		this.reporter = Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, name + "-reporter");
			t.setDaemon(true);
			return t;
		});
	}

	/** The free slots, as permits. */
	Semaphore free() {
		return this.free;
	}

	/** Attempts this executor reported as succeeded. */
	long succeeded() {
		return this.succeeded.get();
	}

	/** Attempts this executor reported as failed. */
	long failed() {
		return this.failed.get();
	}

	int runningCount() {
		return this.running.size();
	}

	List<String> runningAttempts() {
		return new ArrayList<>(this.running.ids());
	}

	/**
	 * Starts a task on the slot (permit) the caller holds for it, with this execution.
	 */
	void launch(TaskDescriptor task, TaskExecution execution) {
		Integer slot = this.slotNumbers.pollFirst();
		launch(task, execution, slot == null ? -1 : slot);
	}

	/** Starts a task on the numbered slot (and its permit) the caller holds for it. */
	private void launch(TaskDescriptor task, TaskExecution execution, int slot) {
		// Listed as running before it can finish, so a fast task never leaves a stale
		// entry behind.
		RunningAttempts.Attempt attempt = this.running.add(task, slot);
		// Then checked for a kill that came first (kill() looks in running again after
		// noting one).
		synchronized (this.killedEarly) {
			if (this.killedEarly.remove(task.attemptId())) {
				// It still runs: it stops at its first check and reports KILLED, as any
				// killed task.
				RunningAttempts.kill(attempt);
			}
		}
		try {
			this.slots.execute(() -> run(attempt, execution));
		}
		catch (RejectedExecutionException ex) {
			// Leaving: the driver hears the attempt is gone from the heartbeats or the
			// deregistration.
			abandon(task.attemptId());
		}
	}

	/** Forgets an attempt that will not be reported and frees its slot. */
	private void abandon(String attemptId) {
		RunningAttempts.Attempt a = this.running.remove(attemptId);
		freeSlot(a == null ? -1 : a.slot);
	}

	private void freeSlot(int slot) {
		if (slot >= 0) {
			this.slotNumbers.addFirst(slot);
		}
		this.free.release();
	}

	private void run(RunningAttempts.Attempt attempt, TaskExecution execution) {
		TaskDescriptor task = attempt.task;
		AtomicBoolean cancelled = attempt.cancelled;
		attempt.thread = Thread.currentThread();
		TaskReport report;
		try {
			report = execution.run(task, cancelled::get);
		}
		catch (RuntimeException | Error ex) {
			if (!this.running.settleByThread(attempt)) {
				return;
			}
			// TaskExecution turns task errors into reports; this is a bug there. Free the
			// slot; the heartbeats no longer list the attempt, so the driver re-runs it.
			abandon(task.attemptId());
			throw ex;
		}
		if (!this.running.settleByThread(attempt)) {
			// The watchdog gave this attempt up (and reported it) while it ran on: drop
			// its report and let the thread go back to the pool.
			return;
		}
		if (this.handingBack && report.state() != TaskReport.State.SUCCEEDED) {
			// Stopped by this executor's leaving, not by the driver: a KILLED report
			// would end the attempt without a retry. Unreported, it is marked lost by
			// the deregistration, and the driver runs it again elsewhere, as for a lost
			// executor, without counting a failure.
			abandon(task.attemptId());
			return;
		}
		if (cancelled.get() && report.state() == TaskReport.State.SUCCEEDED) {
			report = new TaskReport(report.attemptId(), report.jobId(), report.stageId(), report.stageAttempt(),
					report.partition(), report.attempt(), report.executorId(), TaskReport.State.KILLED, "task killed",
					false, null, report.metrics(), null, List.of(), null, null, report.log());
		}
		if (report.state() == TaskReport.State.SUCCEEDED) {
			this.succeeded.incrementAndGet();
		}
		else if (report.state() == TaskReport.State.FAILED) {
			this.failed.incrementAndGet();
		}
		TaskReport done = attempt.slot >= 0 ? report.onSlot(attempt.slot) : report;
		try {
			// The slot goes with the report: its answer brings the slot's next task.
			this.reporter.execute(() -> reportAndRefill(done, execution));
		}
		catch (RejectedExecutionException ex) {
			// Stopped past its grace period: the deregistration tells the driver the
			// attempt is gone.
			abandon(task.attemptId());
		}
	}

	/**
	 * Reports an attempt's end on the slot it held, and starts the task the answer
	 * carries there.
	 */
	private void reportAndRefill(TaskReport report, TaskExecution execution) {
		TaskDescriptor next = null;
		try {
			PollResponse response = send(report, this.leaving.get() ? 0 : 1);
			// A task for the registration this report was made under; after a
			// re-registration the driver has already given it up.
			if (response != null && !response.reregister() && !response.tasks().isEmpty()
					&& report.executorId().equals(this.executorId.get())) {
				next = response.tasks().get(0);
			}
		}
		finally {
			RunningAttempts.Attempt ran = this.running.remove(report.attemptId());
			int slot = ran == null ? -1 : ran.slot;
			if (next != null) {
				launch(next, execution, slot);
			}
			else {
				freeSlot(slot);
			}
		}
	}

	/**
	 * Sends a report, retrying while the driver is unreachable (it may be restarting);
	 * null if it gave up. Only the first try offers the free slot: a retry may repeat a
	 * report the driver applied, but must not take a second task for the same slot when
	 * the first answer was lost.
	 */
	private PollResponse send(TaskReport report, int freeSlots) {
		long backoff = 100;
		for (int i = 0; i < 50 && !Thread.currentThread().isInterrupted(); i++) {
			try {
				return this.driver.report(report, i == 0 ? freeSlots : 0);
			}
			catch (IOException ex) {
				log.debug("{}: report failed: {}", this.name, ex.getMessage());
				ExecutorRuntime.sleep(backoff);
				backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
			}
		}
		log.warn("{}: gave up reporting attempt {}", this.name, report.attemptId());
		return null;
	}

	/**
	 * Gives up attempts that were asked to stop and still run after twice the heartbeat
	 * interval (at least a second): each is reported KILLED, its slot is freed for new
	 * work (on a fresh thread) and its thread, interrupted, is left to finish or die on
	 * its own. Every engine loop checks for cancellation, so this is the last resort for
	 * work that does not (a blocked call, a bug). Not while leaving: a leaving executor
	 * hands its attempts back instead ({@link #drain}).
	 */
	void abandonStuck(String executorId, long heartbeatMs, TaskExecution execution) {
		if (this.leaving.get() || executorId == null) {
			return;
		}
		long bound = TimeUnit.MILLISECONDS.toNanos(Math.max(1000, 2 * heartbeatMs));
		for (RunningAttempts.Attempt a : this.running.giveUpStuck(System.nanoTime(), bound)) {
			TaskDescriptor task = a.task;
			log.warn("{}: attempt {} did not stop within {} ms of its kill; its slot is freed and its thread left",
					this.name, task.attemptId(), TimeUnit.NANOSECONDS.toMillis(bound));
			TaskReport killed = new TaskReport(task.attemptId(), task.jobId(), task.stageId(), task.stageAttempt(),
					task.partition(), task.attempt(), executorId, TaskReport.State.KILLED,
					"task killed: it did not stop, so its executor gave it up", false, null,
					new TaskReport.Metrics(0, 0, 0, 0, 0, 0, 0), null, List.of());
			try {
				this.reporter.execute(() -> reportAndRefill(killed, execution));
			}
			catch (RejectedExecutionException ex) {
				abandon(task.attemptId());
			}
		}
	}

	void kill(String attemptId) {
		RunningAttempts.Attempt r = this.running.get(attemptId);
		if (r != null) {
			RunningAttempts.kill(r);
			return;
		}
		synchronized (this.killedEarly) {
			this.killedEarly.add(attemptId);
		}
		// It may have been launched meanwhile.
		r = this.running.get(attemptId);
		if (r != null) {
			RunningAttempts.kill(r);
		}
	}

	void killAll() {
		for (RunningAttempts.Attempt r : this.running.all()) {
			RunningAttempts.kill(r);
		}
	}

	/**
	 * Lets running tasks finish and report for {@code drainMs}; stops those still running
	 * then and hands them back unreported. No task starts afterwards.
	 */
	void drain(long drainMs) {
		this.slots.shutdown();
		try {
			if (!this.slots.awaitTermination(drainMs, TimeUnit.MILLISECONDS)) {
				this.handingBack = true;
				killAll();
				this.slots.awaitTermination(1, TimeUnit.SECONDS);
			}
			this.reporter.shutdown();
			this.reporter.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Stops every thread at once. */
	void shutdownNow() {
		this.slots.shutdownNow();
		this.reporter.shutdownNow();
	}

}
