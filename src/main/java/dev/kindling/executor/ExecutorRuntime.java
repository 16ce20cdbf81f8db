package dev.kindling.executor;

import java.io.IOException;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.kindling.engine.datasource.Storages;
import dev.kindling.protocol.TaskChannel;
import dev.kindling.protocol.Decommission;
import dev.kindling.protocol.Heartbeat;
import dev.kindling.protocol.HeartbeatResponse;
import dev.kindling.protocol.Paths;
import dev.kindling.protocol.PollRequest;
import dev.kindling.protocol.PollResponse;
import dev.kindling.protocol.RegisterRequest;
import dev.kindling.protocol.RegisterResponse;
import dev.kindling.protocol.TaskDescriptor;

/**
 * One executor: registers with the driver, heartbeats from its own thread, long-polls for
 * as many tasks as it has free slots, runs them on its slot threads and reports each end.
 * The slot an attempt held travels with its report, whose answer carries the next task
 * for it: a busy executor makes one round trip per task, and the long-poll only fills
 * slots that are idle. A driver that cannot be reached is retried with backoff for as
 * long as it takes; an executor the driver does not know registers again. It leaves by
 * {@link #decommission}: on SIGTERM, or when an operator drains it.
 */
public final class ExecutorRuntime {

	private static final Logger log = LoggerFactory.getLogger(ExecutorRuntime.class);

	private static final long MAX_BACKOFF_MS = 5_000;

	/**
	 * What an executor needs from its process.
	 *
	 * @param drainMs how long a leaving executor lets its running tasks finish
	 * @param migrationMs how long it may spend handing its blocks on
	 * @param tls whether other members are reached over HTTPS only
	 */
	public record Settings(String name, String driverUrl, String advertiseUrl, int slots, String secret,
			long pollWaitMs, long cacheBytes, long shuffleMemory, long sortMemory, long drainMs, long migrationMs,
			boolean tls, long maxBytesInFlight) {

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

	private final TaskSlots tasks;

	private final ScheduledExecutorService heartbeats;

	private final AtomicBoolean stopping = new AtomicBoolean();

	/** Set once it has deregistered: no more heartbeats. */
	private volatile boolean left;

	private final BlockMigrator migrator;

	/** What happens after an operator's drain: the process exits, or nothing (local). */
	private final Runnable afterDrain;

	private volatile String executorId;

	private volatile BlockManager blocks;

	private final CacheManager cache;

	private volatile TaskExecution execution;

	private volatile long heartbeatMs = 1000;

	private Thread pollThread;

	/**
	 * Calls the driver through {@code driverHttp} (its polls and reports through
	 * {@code inProcess} instead when that is not null: a local executor in the driver's
	 * JVM) and other executors (shuffle fetches, block hand-over) through
	 * {@code peerHttp}.
	 */
	ExecutorRuntime(Settings settings, HttpClient driverHttp, TaskChannel inProcess, HttpClient peerHttp,
			JsonMapper json, BlockManagers blockManagers, Storages dataRoot, Runnable afterDrain) {
		this.settings = settings;
		this.driver = new DriverClient(driverHttp, inProcess, settings.driverUrl(), settings.secret(), json);
		this.blockManagers = blockManagers;
		this.dataRoot = dataRoot;
		this.afterDrain = afterDrain;
		this.fetcher = new ShuffleFetcher(peerHttp, settings.secret(), blockManagers, this.driver::mapOutput,
				settings.tls(), settings.maxBytesInFlight());
		this.migrator = new BlockMigrator(peerHttp, settings.secret(), this.driver);
		this.tasks = new TaskSlots(settings.name(), settings.slots(), this.driver, () -> this.executorId,
				this.stopping::get);
		this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, settings.name() + "-heartbeat");
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
		return this.tasks.runningCount();
	}

	public void start() {
		TaskLogCapture.install();
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
		long warned = 0;
		String previous = this.executorId;
		while (!this.stopping.get()) {
			try {
				RegisterResponse response = this.driver
					.register(new RegisterRequest(Paths.VERSION, this.settings.name(), this.settings.slots(),
							Runtime.getRuntime().maxMemory(), this.settings.advertiseUrl(), previous,
							this.settings.cacheBytes(), this.settings.shuffleMemory()));
				BlockManager manager = new BlockManager(this.settings.shuffleMemory(), spillDir());
				if (previous != null) {
					this.blockManagers.unregister(previous);
				}
				this.blockManagers.register(response.executorId(), manager, this.cache);
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
				// Said once a minute, so that a refused certificate or a wrong URL shows.
				if (System.nanoTime() - warned > 60_000_000_000L || warned == 0) {
					warned = System.nanoTime();
					log.warn("{} cannot register with the driver yet: {}", this.settings.name(), ex.getMessage());
				}
				sleep(backoff);
				backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
			}
		}
	}

	private long lastHeartbeat;

	private void heartbeat() {
		this.tasks.abandonStuck(this.executorId, this.heartbeatMs, this.execution);
		String id = this.executorId;
		if (id == null || this.left) {
			return;
		}
		long now = System.currentTimeMillis();
		if (now - this.lastHeartbeat < this.heartbeatMs) {
			return;
		}
		this.lastHeartbeat = now;
		try {
			HeartbeatResponse response = this.driver.heartbeat(id,
					new Heartbeat(this.tasks.runningAttempts(), this.cache.bytes(), this.blocks.bytes(),
							this.cache.blockIds(), this.tasks.succeeded(), this.tasks.failed()));
			if (response.reregister()) {
				log.warn("{}: the driver does not know executor {}; registering again", this.settings.name(), id);
				this.tasks.killAll();
				this.executorId = null;
				return;
			}
			for (String attempt : response.killAttempts()) {
				this.tasks.kill(attempt);
			}
			for (String job : response.dropJobs()) {
				this.blocks.dropJob(job);
			}
			for (String key : response.dropCaches()) {
				this.cache.drop(key);
			}
			if (response.decommission() && !this.stopping.get()) {
				Thread drain = new Thread(() -> {
					decommission("drained by an operator", this.settings.migrationMs());
					this.afterDrain.run();
				}, this.settings.name() + "-drain");
				drain.setDaemon(true);
				drain.start();
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
			this.tasks.free().acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.stopping.set(true);
			return;
		}
		int available = 1 + this.tasks.free().drainPermits();
		List<TaskDescriptor> tasks = List.of();
		try {
			PollResponse response = this.driver.poll(id, new PollRequest(available, this.settings.pollWaitMs()));
			this.backoff = 100;
			if (response.reregister()) {
				this.tasks.killAll();
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
			this.tasks.free().release(available);
			throw ex;
		}
		int unused = available - tasks.size();
		for (TaskDescriptor task : tasks) {
			this.tasks.launch(task, this.execution);
		}
		if (unused > 0) {
			this.tasks.free().release(unused);
		}
	}

	/**
	 * Leaves the cluster on purpose, as Spark 3.1+ decommissions an executor (SIGTERM, a
	 * scale-down, an operator's drain):
	 * <ol>
	 * <li>tells the driver, which hands it no new task from now on (its parked poll is
	 * answered empty) and names the executors that take tasks; it takes no block from
	 * other leaving executors either;</li>
	 * <li>lets its running tasks finish and report for {@code drainMs}; those still
	 * running then are stopped and handed back unreported (the driver runs them elsewhere
	 * without counting a failure);</li>
	 * <li>hands its shuffle output and cached partitions to those executors for at most
	 * {@code migrationMs}, telling the driver where each went
	 * ({@link BlockMigrator});</li>
	 * <li>deregisters: the driver recomputes from lineage whatever did not move.</li>
	 * </ol>
	 * It heartbeats and serves its blocks until it has deregistered. A driver that cannot
	 * be reached, or no longer knows it, only shortens this: nothing is handed on then.
	 */
	public void decommission(String reason, long migrationMs) {
		if (!this.stopping.compareAndSet(false, true)) {
			return;
		}
		String id = this.executorId;
		BlockManager blocks = this.blocks;
		if (blocks != null) {
			blocks.closeIntake();
		}
		this.cache.closeIntake();
		Decommission.Response answer = tellDriver(id, reason);
		awaitPollThread();
		this.tasks.drain(this.settings.drainMs());
		if (id != null && id.equals(this.executorId) && answer != null && migrationMs > 0) {
			// Asked again: executors may have come or gone during the drain.
			Decommission.Response now = tellDriver(id, reason);
			List<Decommission.Peer> peers = now != null ? now.peers() : answer.peers();
			BlockMigrator.Outcome outcome = this.migrator.migrate(id, peers, blocks, this.cache,
					System.nanoTime() + migrationMs * 1_000_000);
			log.info(
					"{} ({}) is decommissioned ({}): {} shuffle outputs and {} cached partitions handed to {} "
							+ "executors; {} and {} left for the driver to recompute",
					this.settings.name(), id, reason, outcome.outputsMoved(), outcome.cachedMoved(), peers.size(),
					outcome.outputsLeft(), outcome.cachedLeft());
		}
		this.left = true;
		if (id != null && id.equals(this.executorId)) {
			try {
				this.driver.deregister(id);
			}
			catch (IOException ex) {
				log.debug("{}: deregister failed: {}", this.settings.name(), ex.getMessage());
			}
		}
		if (id != null) {
			this.blockManagers.unregister(id);
		}
		this.heartbeats.shutdownNow();
		this.tasks.shutdownNow();
	}

	/** The driver's answer to this executor leaving, or null when it cannot tell. */
	private Decommission.Response tellDriver(String id, String reason) {
		if (id == null) {
			return null;
		}
		try {
			Decommission.Response response = this.driver.decommission(id, reason);
			return response.reregister() ? null : response;
		}
		catch (IOException ex) {
			log.warn("{}: the driver did not hear that {} leaves: {}", this.settings.name(), id, ex.getMessage());
			return null;
		}
	}

	/**
	 * Lets the poll thread end: the driver answers its parked poll with no task, and a
	 * poll answered with tasks just before still launches them.
	 */
	private void awaitPollThread() {
		if (this.pollThread == null) {
			return;
		}
		try {
			this.pollThread.join(2_000);
			if (this.pollThread.isAlive()) {
				this.pollThread.interrupt();
				this.pollThread.join(1_000);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
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

	static void sleep(long ms) {
		try {
			Thread.sleep(ms);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	List<String> runningAttempts() {
		return this.tasks.runningAttempts();
	}

}
