package dev.kindling.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Whether the database can be written now, from two sources: the state writer's outcomes
 * (a failed batch, a stored one) and a cheap probe ({@code select 1}) every probe
 * interval, so an idle driver notices too. A probe that has not answered within
 * {@value #PROBE_TIMEOUT_MS} ms counts as a failure.
 * <ul>
 * <li><b>reachable</b> (readiness): the last probe and the last write succeeded. While it
 * is not, submissions are answered 503 and the scheduler dispatches no new task.
 * <li><b>alive</b> (liveness): the database has not been closed under the driver (H2
 * closes itself after an {@code OutOfMemoryError} and every later call fails: only a
 * restart helps) and has not been unreachable for longer than the grace.
 * </ul>
 * Listeners hear each change of reachability, on the thread that noticed it.
 */
public class DatabaseHealth implements BatchWriter.Reachability, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DatabaseHealth.class);

	static final long PROBE_TIMEOUT_MS = 3_000;

	/** H2's "database is closed" ({@code ErrorCode.DATABASE_IS_CLOSED}). */
	private static final int H2_DATABASE_IS_CLOSED = 90098;

	private final DataSource dataSource;

	private final Clock clock;

	private final Duration grace;

	private final Duration interval;

	private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();

	private volatile boolean writeFailing;

	private volatile boolean probeFailing;

	/** When the background probe in flight started (nanoTime), or 0. */
	private volatile long probeSince;

	private volatile Instant unreachableSince;

	private volatile boolean closed;

	private volatile String problem;

	private boolean lastReachable = true;

	private ScheduledExecutorService timer;

	public DatabaseHealth(DataSource dataSource, Clock clock, Duration livenessGrace, Duration probeInterval) {
		this.dataSource = dataSource;
		this.clock = clock;
		this.grace = livenessGrace;
		this.interval = probeInterval;
	}

	/** Whether the database takes writes now (readiness). */
	public boolean isReachable() {
		long since = this.probeSince;
		boolean stuck = since != 0 && System.nanoTime() - since > TimeUnit.MILLISECONDS.toNanos(PROBE_TIMEOUT_MS);
		return !this.writeFailing && !this.probeFailing && !stuck && !this.closed;
	}

	/**
	 * Whether the driver can still recover by itself (liveness): false once the database
	 * was closed under it, or after the grace of unreachability.
	 */
	public boolean isAlive() {
		if (this.closed) {
			return false;
		}
		Instant since = this.unreachableSince;
		return since == null || Duration.between(since, this.clock.instant()).compareTo(this.grace) < 0;
	}

	/** Why the database is not reachable, for the health details; null when it is. */
	public String problem() {
		return isReachable() ? null : this.problem;
	}

	public boolean isClosed() {
		return this.closed;
	}

	/** Hears each change of reachability (true: reachable again). */
	public void onChange(Consumer<Boolean> listener) {
		this.listeners.add(listener);
	}

	@Override
	public void writeSucceeded() {
		if (this.writeFailing || this.probeFailing) {
			// A commit went through: the database answers, whatever the last probe said.
			this.writeFailing = false;
			this.probeFailing = false;
			evaluate();
		}
	}

	@Override
	public void writeFailed(Throwable cause) {
		this.writeFailing = true;
		noteFailure(cause);
		evaluate();
	}

	@Override
	public boolean probe() {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.setQueryTimeout((int) (PROBE_TIMEOUT_MS / 1000));
			statement.execute("select 1");
		}
		catch (SQLException | RuntimeException ex) {
			this.probeFailing = true;
			noteFailure(ex);
			evaluate();
			return false;
		}
		this.probeFailing = false;
		evaluate();
		return true;
	}

	private void noteFailure(Throwable cause) {
		this.problem = rootMessage(cause);
		if (isClosedDatabase(cause) && !this.closed) {
			this.closed = true;
			log.error("The database was closed under the driver ({}); only a restart helps, liveness is DOWN",
					this.problem);
		}
	}

	/** Recomputes reachability and tells the listeners when it changed. */
	synchronized void evaluate() {
		boolean reachable = isReachable();
		if (reachable) {
			this.unreachableSince = null;
		}
		else if (this.unreachableSince == null) {
			this.unreachableSince = this.clock.instant();
		}
		if (reachable == this.lastReachable) {
			return;
		}
		this.lastReachable = reachable;
		if (reachable) {
			log.info("The database is reachable again");
		}
		else {
			log.warn("The database is unreachable: {}", this.problem);
		}
		for (Consumer<Boolean> listener : this.listeners) {
			try {
				listener.accept(reachable);
			}
			catch (RuntimeException ex) {
				log.error("A database health listener failed", ex);
			}
		}
	}

	/** Starts the background probe, and a watch for a probe that does not answer. */
	@Override
	public void start() {
		this.timer = Executors.newScheduledThreadPool(2, r -> {
			Thread t = new Thread(r, "kindling-database-probe");
			t.setDaemon(true);
			return t;
		});
		this.timer.scheduleWithFixedDelay(() -> {
			this.probeSince = System.nanoTime();
			try {
				probe();
			}
			finally {
				this.probeSince = 0;
			}
		}, this.interval.toMillis(), this.interval.toMillis(), TimeUnit.MILLISECONDS);
		this.timer.scheduleWithFixedDelay(this::evaluate, 500, 500, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		if (this.timer != null) {
			this.timer.shutdownNow();
			this.timer = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.timer != null;
	}

	private static boolean isClosedDatabase(Throwable cause) {
		for (Throwable t = cause; t != null; t = t.getCause()) {
			if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_IS_CLOSED) {
				return true;
			}
		}
		return false;
	}

	private static String rootMessage(Throwable cause) {
		Throwable root = cause;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
		int nl = message.indexOf('\n');
		return nl < 0 ? message : message.substring(0, nl);
	}

}
