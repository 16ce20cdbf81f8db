package dev.kindling.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A Kindling JVM started from the packaged jar, as a user would start it: its own
 * process, its own port, its log in {@code target/it-logs}. Stopped with SIGTERM
 * (graceful) or SIGKILL.
 */
final class KindlingProcess implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final int port;

	private final String maxHeap;

	private final List<String> args;

	private final Path log;

	private Process process;

	/** Set for a process that serves HTTPS: the client that trusts it. */
	private HttpClient tlsClient;

	private KindlingProcess(String name, int port, String maxHeap, List<String> args, Path log) {
		this.maxHeap = maxHeap;
		this.name = name;
		this.port = port;
		this.args = args;
		this.log = log;
	}

	static Path jar() {
		String jar = System.getProperty("kindling.jar");
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			throw new IllegalStateException("kindling.jar is not built: run ./mvnw verify (jar: " + jar + ")");
		}
		return Path.of(jar);
	}

	/** Ports handed out in this JVM: a process may not have bound its own yet. */
	private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

	/**
	 * A port free now and not handed out before: the system may offer a port again while
	 * the process it went to is still starting (15 s or more on a slow machine) and has
	 * not bound it.
	 */
	static int freePort() {
		for (int i = 0; i < 100; i++) {
			try (ServerSocket socket = new ServerSocket(0)) {
				socket.setReuseAddress(true);
				if (HANDED_OUT.add(socket.getLocalPort())) {
					return socket.getLocalPort();
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		throw new IllegalStateException("no free port that was not handed out already");
	}

	/**
	 * A process with these Spring arguments (each {@code --key=value}) on its own free
	 * port.
	 */
	static KindlingProcess start(String name, List<String> springArgs) {
		return start(name, "512m", springArgs);
	}

	/** The same, with a given maximum heap ({@code -Xmx}). */
	static KindlingProcess start(String name, String maxHeap, List<String> springArgs) {
		int port = freePort();
		List<String> args = new ArrayList<>(springArgs);
		args.add("--server.port=" + port);
		try {
			Path logs = Path.of("target", "it-logs");
			Files.createDirectories(logs);
			KindlingProcess p = new KindlingProcess(name, port, maxHeap, args,
					logs.resolve(name + "-" + port + ".log"));
			p.launch();
			return p;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void launch() throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx" + this.maxHeap);
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-jar");
		command.add(jar().toAbsolutePath().toString());
		command.addAll(this.args);
		this.process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
			.start();
	}

	/** Starts the same process again (same port and arguments), e.g. after a kill. */
	void restart() throws IOException {
		launch();
	}

	/** From now on, reach it over HTTPS with this client (it serves TLS). */
	KindlingProcess https(HttpClient client) {
		this.tlsClient = client;
		return this;
	}

	String url() {
		return (this.tlsClient != null ? "https" : "http") + "://localhost:" + this.port;
	}

	int port() {
		return this.port;
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * The exit code of a process that has ended: 143 after SIGTERM, 137 after SIGKILL.
	 */
	int exitValue() {
		return this.process.exitValue();
	}

	/**
	 * Waits until readiness reports UP, failing with the log's tail when the process dies
	 * or time runs out.
	 */
	void awaitReady(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited with " + this.process.exitValue() + "\n" + tail());
			}
			try {
				HttpResponse<String> r = (this.tlsClient != null ? this.tlsClient : HTTP)
					.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness"))
						.timeout(Duration.ofSeconds(2))
						.build(), HttpResponse.BodyHandlers.ofString());
				if (r.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			pause(200);
		}
		throw new IllegalStateException(this.name + " not ready after " + timeout + "\n" + tail());
	}

	/** SIGTERM, and waits for the graceful shutdown. */
	void stop() {
		stop(Duration.ofSeconds(30));
	}

	/** SIGTERM, and waits this long for the graceful shutdown before a SIGKILL. */
	void stop(Duration grace) {
		if (this.process == null || !this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Waits for the process to end by itself; false when it still runs after the timeout.
	 */
	boolean awaitExit(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** SIGKILL: the process gets no chance to clean up. */
	void kill() {
		if (this.process == null || !this.process.isAlive()) {
			return;
		}
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The whole log of the process so far. */
	String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	String tail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	static void pause(long ms) {
		try {
			Thread.sleep(ms);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		stop();
	}

}
