package dev.kindling.executor;

import java.io.IOException;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.kindling.engine.datasource.Storages;
import dev.kindling.protocol.Heartbeat;
import dev.kindling.protocol.HeartbeatResponse;
import dev.kindling.protocol.Paths;
import dev.kindling.protocol.PollRequest;
import dev.kindling.protocol.PollResponse;
import dev.kindling.protocol.RegisterRequest;
import dev.kindling.protocol.RegisterResponse;
import dev.kindling.protocol.TaskDescriptor;
import dev.kindling.protocol.TaskReport;

/**
 * One executor: registers with the driver, heartbeats from its own thread, long-polls for
 * as many tasks as it has free slots, runs them on its slot threads and reports each end.
 * The slot an attempt held travels with its report, whose answer carries the next task
 * for it: a busy executor makes one round trip per task, and the long-poll only fills
 * slots that are idle. A driver that cannot be reached is retried with backoff for as
 * long as it takes; an executor the driver does not know registers again.
 */
public final class ExecutorRuntime {

	private static final Logger log = LoggerFactory.getLogger(ExecutorRuntime.class);

	private static final long MAX_BACKOFF_MS = 5_000;

	/** What an executor needs from its process. */
	public record Settings(String name, String driverUrl, String advertiseUrl, int slots, String secret,
			long pollWaitMs, long cacheBytes, long shuffleMemory, long sortMemory) {

		/** Everything but the cluster secret, should settings ever be logged. */
		@Override
		public String toString() {
			return "Settings[name=" + this.name + ", driverUrl=" + this.driverUrl + ", advertiseUrl="
					+ this.advertiseUrl + ", slots=" + this.slots + ", secret=****, pollWaitMs=" + this.pollWaitMs
					+ ", cacheBytes=" + this.cacheBytes + "]";
		}

	}

	private final Settings settings;

	private final DriverClient driver;

	private final BlockManagers blockManagers;

	private final Storages dataRoot;

	private final ShuffleFetcher fetcher;

	private final ExecutorService slots;

	private final ScheduledExecutorService heartbeats;

	private final Semaphore free;

	/**
	 * Sends task reports in order, off the slot threads, and starts the tasks their
	 * answers carry.
	 */
	private final ExecutorService reporter;

	private final RunningAttempts running = new RunningAttempts();

	/**
	 * Kills that arrived before their attempt did: a kill comes with a heartbeat answer,
	 * which can overtake the poll or report answer carrying the task. The newest few
	 * hundred are kept.
	 */
	private final Set<String> killedEarly = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
			return size() > 512;
		}
	});

	private final AtomicBoolean stopping = new AtomicBoolean();

	/**
	 * Set when a stopping executor's drain time is up: the tasks it still runs are
	 * stopped and go back to the driver unreported (see {@link #stop}).
	 */
	private volatile boolean handingBack;

	private volatile String executorId;

	private volatile BlockManager blocks;

	private final CacheManager cache;

	private volatile TaskExecution execution;

	private volatile long heartbeatMs = 1000;

	private Thread pollThread;

	ExecutorRuntime(Settings settings, HttpClient http, JsonMapper json, BlockManagers blockManagers,
			Storages dataRoot) {
		this.settings = settings;
		this.driver = new DriverClient(http, settings.driverUrl(), settings.secret(), json);
		this.blockManagers = blockManagers;
		this.dataRoot = dataRoot;
		this.fetcher = new ShuffleFetcher(http, settings.secret(), blockManagers);
		// Slots are the permits of `free`; threads come from an unbounded pool so that a
		// slot whose stuck thread was abandoned gets a fresh one.
		this.slots = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
			Thread t = new Thread(r, settings.name() + "-slot");
			t.setDaemon(true);
			return t;
		});
		this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, settings.name() + "-heartbeat");
			t.setDaemon(true);
			return t;
		});
		this.free = new Semaphore(settings.slots());
		this.reporter = Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, settings.name() + "-reporter");
			t.setDaemon(true);
			return t;
		});
		this.cache = new CacheManager(settings.cacheBytes());
	}

	public String executorId() {
		return this.executorId;
	}

	public String name() {
		return this.settings.name();
	}

	public int runningTasks() {
		return this.running.size();
	}

	public void start() {
		this.pollThread = new Thread(this::pollLoop, this.settings.name() + "-poll");
		this.pollThread.setDaemon(true);
		this.pollThread.start();
		this.heartbeats.scheduleWithFixedDelay(this::heartbeat, 0, 200, TimeUnit.MILLISECONDS);
	}

	/**
	 * Registers (again), retrying with backoff until the driver answers or the executor
	 * stops.
	 */
	private synchronized void register() {
		long backoff = 100;
		String previous = this.executorId;
		while (!this.stopping.get()) {
			try {
				RegisterResponse response = this.driver
					.register(new RegisterRequest(Paths.VERSION, this.settings.name(), this.settings.slots(),
							Runtime.getRuntime().maxMemory(), this.settings.advertiseUrl(), previous));
				BlockManager manager = new BlockManager(this.settings.shuffleMemory(), spillDir());
				if (previous != null) {
					this.blockManagers.unregister(previous);
				}
				this.blockManagers.register(response.executorId(), manager);
				this.blocks = manager;
				// A new registration starts clean: the driver forgot this executor's
				// cache and shuffle blocks.
				this.cache.clear();
				this.execution = new TaskExecution(this.dataRoot, this.fetcher, manager, this.cache,
						response.executorId(), this.settings.sortMemory());
				this.heartbeatMs = Math.max(50, response.heartbeatIntervalMs());
				this.executorId = response.executorId();
				log.info("{} registered as {}", this.settings.name(), this.executorId);
				return;
			}
			catch (IOException ex) {
				log.debug("{} cannot register yet: {}", this.settings.name(), ex.getMessage());
				sleep(backoff);
				backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
			}
		}
	}

	private long lastHeartbeat;

	private void heartbeat() {
		abandonStuck();
		String id = this.executorId;
		if (id == null || this.stopping.get()) {
			return;
		}
		long now = System.currentTimeMillis();
		if (now - this.lastHeartbeat < this.heartbeatMs) {
			return;
		}
		this.lastHeartbeat = now;
		try {
			HeartbeatResponse response = this.driver.heartbeat(id, new Heartbeat(List.copyOf(this.running.ids()),
					this.cache.bytes(), this.blocks.bytes(), this.cache.blockIds()));
			if (response.reregister()) {
				log.warn("{}: the driver does not know executor {}; registering again", this.settings.name(), id);
				killAll();
				this.executorId = null;
				return;
			}
			for (String attempt : response.killAttempts()) {
				kill(attempt);
			}
			for (String job : response.dropJobs()) {
				this.blocks.dropJob(job);
			}
			for (String key : response.dropCaches()) {
				this.cache.drop(key);
			}
		}
		catch (IOException ex) {
			log.debug("{}: heartbeat failed: {}", this.settings.name(), ex.getMessage());
		}
		catch (RuntimeException ex) {
			log.warn("{}: heartbeat error", this.settings.name(), ex);
		}
	}

	private void pollLoop() {
		while (!this.stopping.get()) {
			try {
				pollOnce();
			}
			catch (RuntimeException ex) {
				// The loop is the executor's life: log, pause, carry on.
				log.warn("{}: poll loop error", this.settings.name(), ex);
				sleep(500);
			}
		}
	}

	private long backoff = 100;

	private void pollOnce() {
		String id = this.executorId;
		if (id == null) {
			register();
			return;
		}
		try {
			this.free.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.stopping.set(true);
			return;
		}
		int available = 1 + this.free.drainPermits();
		List<TaskDescriptor> tasks = List.of();
		try {
			PollResponse response = this.driver.poll(id, new PollRequest(available, this.settings.pollWaitMs()));
			this.backoff = 100;
			if (response.reregister()) {
				killAll();
				this.executorId = null;
			}
			else {
				tasks = response.tasks();
			}
		}
		catch (IOException ex) {
			if (!this.stopping.get()) {
				log.debug("{}: poll failed: {}", this.settings.name(), ex.getMessage());
				sleep(this.backoff);
				this.backoff = Math.min(MAX_BACKOFF_MS, this.backoff * 2);
			}
		}
		catch (RuntimeException ex) {
			this.free.release(available);
			throw ex;
		}
		int unused = available - tasks.size();
		for (TaskDescriptor task : tasks) {
			launch(task);
		}
		if (unused > 0) {
			this.free.release(unused);
		}
	}

	/** Starts a task on the slot (permit) the caller holds for it. */
	private void launch(TaskDescriptor task) {
		TaskExecution execution = this.execution;
		// Listed as running before it can finish, so a fast task never leaves a stale
		// entry behind.
		RunningAttempts.Attempt attempt = this.running.add(task);
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
			// Stopping: the driver hears the attempt is gone from the heartbeats or the
			// deregistration.
			abandon(task.attemptId());
		}
	}

	/** Forgets an attempt that will not be reported and frees its slot. */
	private void abandon(String attemptId) {
		this.running.remove(attemptId);
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
			// slot; the
			// heartbeats no longer list the attempt, so the driver re-runs it.
			abandon(task.attemptId());
			throw ex;
		}
		if (!this.running.settleByThread(attempt)) {
			// The watchdog gave this attempt up (and reported it) while it ran on: drop
			// its report and let the thread go back to the pool.
			return;
		}
		if (this.handingBack && report.state() != TaskReport.State.SUCCEEDED) {
			// Stopped by this executor's shutdown, not by the driver: a KILLED report
			// would end the attempt without a retry. Unreported, it is marked lost by
			// the deregistration, and the driver runs it again elsewhere, as for a lost
			// executor, without counting a failure.
			abandon(task.attemptId());
			return;
		}
		if (cancelled.get() && report.state() == TaskReport.State.SUCCEEDED) {
			report = new TaskReport(report.attemptId(), report.jobId(), report.stageId(), report.stageAttempt(),
					report.partition(), report.attempt(), report.executorId(), TaskReport.State.KILLED, "task killed",
					false, null, report.metrics(), null, List.of());
		}
		TaskReport done = report;
		try {
			// The slot goes with the report: its answer brings the slot's next task.
			this.reporter.execute(() -> reportAndRefill(done));
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
	private void reportAndRefill(TaskReport report) {
		TaskDescriptor next = null;
		try {
			PollResponse response = send(report, this.stopping.get() ? 0 : 1);
			// A task for the registration this report was made under; after a
			// re-registration the
			// driver has already given it up.
			if (response != null && !response.reregister() && !response.tasks().isEmpty()
					&& report.executorId().equals(this.executorId)) {
				next = response.tasks().get(0);
			}
		}
		finally {
			this.running.remove(report.attemptId());
			if (next != null) {
				launch(next);
			}
			else {
				this.free.release();
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
				log.debug("{}: report failed: {}", this.settings.name(), ex.getMessage());
				sleep(backoff);
				backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
			}
		}
		log.warn("{}: gave up reporting attempt {}", this.settings.name(), report.attemptId());
		return null;
	}

	/**
	 * Gives up attempts that were asked to stop and still run after twice the heartbeat
	 * interval (at least a second): each is reported KILLED, its slot is freed for new
	 * work (on a fresh thread) and its thread, interrupted, is left to finish or die on
	 * its own. Every engine loop checks for cancellation, so this is the last resort for
	 * work that does not (a blocked call, a bug).
	 */
	private void abandonStuck() {
		if (this.stopping.get() || this.executorId == null) {
			// a stop hands its attempts back instead; a re-registration forgot them
			return;
		}
		long bound = TimeUnit.MILLISECONDS.toNanos(Math.max(1000, 2 * this.heartbeatMs));
		for (RunningAttempts.Attempt a : this.running.giveUpStuck(System.nanoTime(), bound)) {
			TaskDescriptor task = a.task;
			log.warn("{}: attempt {} did not stop within {} ms of its kill; its slot is freed and its thread left",
					this.settings.name(), task.attemptId(), TimeUnit.NANOSECONDS.toMillis(bound));
			TaskReport killed = new TaskReport(task.attemptId(), task.jobId(), task.stageId(), task.stageAttempt(),
					task.partition(), task.attempt(), this.executorId, TaskReport.State.KILLED,
					"task killed: it did not stop, so its executor gave it up", false, null,
					new TaskReport.Metrics(0, 0, 0, 0, 0, 0, 0), null, List.of());
			try {
				this.reporter.execute(() -> reportAndRefill(killed));
			}
			catch (RejectedExecutionException ex) {
				abandon(task.attemptId());
			}
		}
	}

	private void kill(String attemptId) {
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

	private void killAll() {
		for (RunningAttempts.Attempt r : this.running.all()) {
			RunningAttempts.kill(r);
		}
	}

	/**
	 * Stops taking tasks, lets running ones finish and report for up to {@code graceMs},
	 * hands back those still running then, and deregisters: the driver marks the handed
	 * back attempts lost and runs them elsewhere, so a graceful stop fails no task.
	 */
	public void stop(long graceMs) {
		if (!this.stopping.compareAndSet(false, true)) {
			return;
		}
		if (this.pollThread != null) {
			this.pollThread.interrupt();
		}
		this.slots.shutdown();
		try {
			if (!this.slots.awaitTermination(graceMs, TimeUnit.MILLISECONDS)) {
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
		String id = this.executorId;
		if (id != null) {
			try {
				this.driver.deregister(id);
			}
			catch (IOException ex) {
				log.debug("{}: deregister failed: {}", this.settings.name(), ex.getMessage());
			}
			this.blockManagers.unregister(id);
		}
		this.heartbeats.shutdownNow();
		this.slots.shutdownNow();
		this.reporter.shutdownNow();
	}

	private java.nio.file.Path spillDir() {
		try {
			java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("kindling-shuffle-");
			dir.toFile().deleteOnExit();
			return dir;
		}
		catch (IOException ex) {
			log.warn("{}: no spill folder, shuffle output stays in memory: {}", this.settings.name(), ex.getMessage());
			return null;
		}
	}

	private static void sleep(long ms) {
		try {
			Thread.sleep(ms);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	List<String> runningAttempts() {
		return new ArrayList<>(this.running.ids());
	}

}
