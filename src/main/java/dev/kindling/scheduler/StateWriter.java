package dev.kindling.scheduler;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kindling.platform.DriverRole;

/**
 * Writes task attempt changes in batches from one thread: the scheduler enqueues a statement with
 * its arguments captured at that moment and moves on; the writer runs whatever has gathered as one
 * transaction of JDBC batches. {@link #flush()} waits until everything enqueued before it is
 * stored, which the scheduler does before it acknowledges a job's end.
 *
 * <p>Timestamps ({@link Timestamp} or {@link Instant} arguments) are stored as UTC wall-clock time,
 * the convention Hibernate follows for the entities' {@code Instant}s ({@code hibernate.jdbc.time_zone:
 * UTC}). A bare {@code Timestamp} would be written in the JVM's zone on PostgreSQL and read back
 * shifted by its offset wherever the JVM does not run in UTC.
 */
@Component
@DriverRole
class StateWriter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(StateWriter.class);

	private record Write(String sql, Object[] args, CompletableFuture<Void> done) {
	}

	private final LinkedBlockingQueue<Write> queue = new LinkedBlockingQueue<>();

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	private volatile boolean running;

	private Thread thread;

	StateWriter(JdbcTemplate jdbc, TransactionTemplate tx) {
		this.jdbc = jdbc;
		this.tx = tx;
	}

	void enqueue(String sql, Object... args) {
		this.queue.add(new Write(sql, utc(args), null));
	}

	private static Object[] utc(Object[] args) {
		Object[] out = args.clone();
		for (int i = 0; i < out.length; i++) {
			if (out[i] instanceof Timestamp t) {
				out[i] = LocalDateTime.ofInstant(t.toInstant(), ZoneOffset.UTC);
			}
			else if (out[i] instanceof Instant t) {
				out[i] = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
			}
		}
		return out;
	}

	/** Blocks until every write enqueued so far is committed. */
	void flush() {
		if (!this.running) {
			drainOnce();
			return;
		}
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.queue.add(new Write(null, null, done));
		try {
			done.get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("state writer did not flush: " + ex.getMessage(), ex);
		}
	}

	private void loop() {
		while (this.running || !this.queue.isEmpty()) {
			try {
				Write first = this.queue.poll(200, TimeUnit.MILLISECONDS);
				if (first != null) {
					List<Write> batch = new ArrayList<>();
					batch.add(first);
					this.queue.drainTo(batch, 5000);
					write(batch);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.error("Writing task state failed", ex);
			}
		}
	}

	private synchronized void drainOnce() {
		List<Write> batch = new ArrayList<>();
		this.queue.drainTo(batch);
		if (!batch.isEmpty()) {
			write(batch);
		}
	}

	private void write(List<Write> batch) {
		List<CompletableFuture<Void>> flushes = new ArrayList<>();
		try {
			this.tx.executeWithoutResult(status -> {
				int i = 0;
				while (i < batch.size()) {
					Write w = batch.get(i);
					if (w.sql() == null) {
						flushes.add(w.done());
						i++;
						continue;
					}
					List<Object[]> args = new ArrayList<>();
					int j = i;
					while (j < batch.size() && w.sql().equals(batch.get(j).sql())) {
						args.add(batch.get(j).args());
						j++;
					}
					this.jdbc.batchUpdate(w.sql(), args);
					i = j;
				}
			});
		}
		finally {
			flushes.forEach(f -> f.complete(null));
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.thread = new Thread(this::loop, "kindling-state-writer");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public void stop() {
		this.running = false;
		try {
			this.thread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops after the web server and the scheduler, so their last writes are stored. */
	@Override
	public int getPhase() {
		return Integer.MIN_VALUE + 1000;
	}

}
