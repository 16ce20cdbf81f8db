package dev.kindling.executor;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.kindling.engine.datasource.Storages;
import dev.kindling.platform.ClusterSecret;
import dev.kindling.platform.ExecutorRole;
import dev.kindling.platform.KindlingProperties;

/**
 * Starts this process's executors once its web server listens (so their shuffle endpoint
 * and, in local mode, the driver are reachable): one in the executor role,
 * {@code kindling.local.executors} in local mode, all over real HTTP. Stops them
 * gracefully, before the web server goes.
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

	private final List<ExecutorRuntime> executors = new CopyOnWriteArrayList<>();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private volatile boolean running;

	ExecutorLauncher(KindlingProperties properties, JsonMapper json, BlockManagers blockManagers, Storages dataRoot,
			ClusterSecret secret) {
		this.properties = properties;
		this.json = json;
		this.blockManagers = blockManagers;
		this.dataRoot = dataRoot;
		this.secret = secret;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() != null || !this.executors.isEmpty()) {
			return;
		}
		int port = event.getWebServer().getPort();
		String self = "http://localhost:" + port;
		KindlingProperties.Executor ex = this.properties.executor();
		long pollWait = this.properties.driver().pollTimeout().toMillis();
		long heap = Runtime.getRuntime().maxMemory();
		if (this.properties.role() == KindlingProperties.Role.LOCAL) {
			int n = this.properties.local().executors();
			for (int i = 1; i <= n; i++) {
				start(new ExecutorRuntime.Settings("local-" + i, self, self, ex.effectiveSlots(), this.secret.value(),
						pollWait, ex.effectiveCacheMemory(heap, n), ex.effectiveShuffleMemory(heap, n),
						ex.effectiveSortMemory(heap, n)));
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
					ex.effectiveSortMemory(heap, 1)));
		}
	}

	private void start(ExecutorRuntime.Settings settings) {
		ExecutorRuntime runtime = new ExecutorRuntime(settings, this.http, this.json, this.blockManagers,
				this.dataRoot);
		this.executors.add(runtime);
		log.info(
				"Starting executor {}: {} slots, cache memory {}, shuffle memory {}, sort memory per task {} "
						+ "(heap {})",
				settings.name(), settings.slots(), mb(settings.cacheBytes()), mb(settings.shuffleMemory()),
				mb(settings.sortMemory()), mb(Runtime.getRuntime().maxMemory()));
		runtime.start();
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

	@Override
	public void stop() {
		long drain = this.properties.executor().drainTimeout().toMillis();
		for (ExecutorRuntime e : this.executors) {
			e.stop(drain);
		}
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
