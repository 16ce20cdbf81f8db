package dev.kindling.executor;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.kindling.engine.datasource.Storages;
import dev.kindling.platform.ClusterSecret;
import dev.kindling.platform.ClusterTls;
import dev.kindling.platform.ExecutorRole;
import dev.kindling.platform.KindlingProperties;
import dev.kindling.protocol.TaskChannel;

/**
 * Starts this process's executors once its web server listens (so their shuffle endpoint
 * and, in local mode, the driver are reachable): one in the executor role,
 * {@code kindling.local.executors} in local mode, over real HTTP (HTTPS with
 * {@code kindling.tls.bundle}); local executors take and report their tasks in process
 * unless {@code kindling.local.in-process-tasks} is false. Decommissions them when the
 * process stops, before the web server goes, so they still serve their blocks while they
 * hand them on. An executor process that an operator drained exits once it has left; a
 * drained local executor just stops.
 */
@Component
@ExecutorRole
class ExecutorLauncher implements ApplicationListener<WebServerInitializedEvent>, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ExecutorLauncher.class);

	private final KindlingProperties properties;

	private final JsonMapper json;

	private final BlockManagers blockManagers;

	private final Storages dataRoot;

	private final ClusterSecret secret;

	private final ClusterTls tls;

	private final List<ExecutorRuntime> executors = new CopyOnWriteArrayList<>();

	/** The driver's task calls in this JVM, for local executors; null elsewhere. */
	private final TaskChannel inProcess;

	private final HttpClient http;

	private final HttpClient peerHttp;

	private volatile boolean running;

	ExecutorLauncher(KindlingProperties properties, JsonMapper json, BlockManagers blockManagers, Storages dataRoot,
			ClusterSecret secret, ClusterTls tls, ObjectProvider<TaskChannel> inProcess) {
		this.properties = properties;
		this.inProcess = properties.role() == KindlingProperties.Role.LOCAL && properties.local().inProcessTasks()
				? inProcess.getIfAvailable() : null;
		this.json = json;
		this.blockManagers = blockManagers;
		this.dataRoot = dataRoot;
		this.secret = secret;
		this.tls = tls;
		this.http = tls.newClient(Duration.ofSeconds(5));
		this.peerHttp = tls.newPeerClient(Duration.ofSeconds(5));
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() != null || !this.executors.isEmpty()) {
			return;
		}
		int port = event.getWebServer().getPort();
		String self = this.tls.scheme() + "://localhost:" + port;
		KindlingProperties.Executor ex = this.properties.executor();
		long pollWait = this.properties.driver().pollTimeout().toMillis();
		long heap = Runtime.getRuntime().maxMemory();
		if (this.properties.role() == KindlingProperties.Role.LOCAL) {
			int n = this.properties.local().executors();
			for (int i = 1; i <= n; i++) {
				start(new ExecutorRuntime.Settings("local-" + i, self, self, ex.effectiveSlots(), this.secret.value(),
						pollWait, ex.effectiveCacheMemory(heap, n), ex.effectiveShuffleMemory(heap, n),
						ex.effectiveSortMemory(heap, n), ex.drainTimeout().toMillis(), ex.migrationTimeout().toMillis(),
						this.tls.enabled(), this.properties.shuffle().maxBytesInFlight().toBytes()), () -> {
						});
			}
		}
		else {
			String driverUrl = this.properties.driver().url();
			if (driverUrl == null || driverUrl.isBlank()) {
				throw new IllegalStateException("kindling.driver.url must be set for the executor role");
			}
			String advertise = ex.advertiseUrl() != null && !ex.advertiseUrl().isBlank() ? ex.advertiseUrl() : self;
			start(new ExecutorRuntime.Settings(hostName() + ":" + port, driverUrl, advertise, ex.effectiveSlots(),
					this.secret.value(), pollWait, ex.effectiveCacheMemory(heap, 1), ex.effectiveShuffleMemory(heap, 1),
					ex.effectiveSortMemory(heap, 1), ex.drainTimeout().toMillis(), ex.migrationTimeout().toMillis(),
					this.tls.enabled(), this.properties.shuffle().maxBytesInFlight().toBytes()),
					ExecutorLauncher::exitAfterDrain);
		}
	}

	private void start(ExecutorRuntime.Settings settings, Runnable afterDrain) {
		ExecutorRuntime runtime = new ExecutorRuntime(settings, this.http, this.inProcess, this.peerHttp, this.json,
				this.blockManagers, this.dataRoot, afterDrain);
		this.executors.add(runtime);
		log.info(
				"Starting executor {}: {} slots, cache memory {}, shuffle memory {}, sort memory per task {} "
						+ "(heap {})",
				settings.name(), settings.slots(), mb(settings.cacheBytes()), mb(settings.shuffleMemory()),
				mb(settings.sortMemory()), mb(Runtime.getRuntime().maxMemory()));
		runtime.start();
	}

	/**
	 * An executor process that an operator drained has nothing left to do: it exits, as a
	 * decommissioned Spark executor does (an orchestrator may start a fresh one).
	 */
	private static void exitAfterDrain() {
		log.info("Drained by an operator: this executor process exits");
		Thread exit = new Thread(() -> System.exit(0), "exit-after-drain");
		exit.start();
	}

	private static String mb(long bytes) {
		return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1048576.0);
	}

	private static String hostName() {
		try {
			return java.net.InetAddress.getLocalHost().getHostName();
		}
		catch (java.net.UnknownHostException ex) {
			return "executor";
		}
	}

	List<ExecutorRuntime> executors() {
		return this.executors;
	}

	@Override
	public void start() {
		this.running = true;
	}

	/**
	 * Decommissions every executor of this process: the executor role hands its blocks to
	 * the executors that stay; local executors do not, since the whole process stops.
	 */
	@Override
	public void stop() {
		boolean local = this.properties.role() == KindlingProperties.Role.LOCAL;
		long migration = local ? 0 : this.properties.executor().migrationTimeout().toMillis();
		this.executors.parallelStream().forEach((e) -> e.decommission("the process is stopping", migration));
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops before the web server's graceful shutdown, so deregistering still reaches the
	 * driver.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

}
