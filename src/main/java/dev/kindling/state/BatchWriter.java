package dev.kindling.state;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kindling.state.StateChange;
import dev.kindling.state.StateListener;

/**
 * Runs queued SQL writes in the order they were queued, from one thread, gathering
 * whatever has queued up into one transaction of JDBC batches. A write is never dropped
 * to let the next one pass:
 * <ul>
 * <li>a batch that fails while the database is unreachable is retried, whole and in
 * order, with a backoff up to {@value #MAX_BACKOFF_MS} ms, until the database is back;
 * <li>a batch that fails twice while the database answers holds a write the database
 * refuses (a constraint, a value it cannot store): its writes are then run one by one,
 * and the one refused completes its future exceptionally and is logged as an error;
 * </ul>
 * A write's future (when it has one) completes only once it is committed. Only a write
 * queued as withdrawable may be taken back, and only until its transaction starts. Each
 * transaction runs through the {@link StateListener}, which publishes the changes its
 * writes describe once it has committed.
 */
final class BatchWriter {

	private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

	static final long MAX_BACKOFF_MS = 5_000;

	private static final int MAX_BATCH = 5_000;

	/** What the writer tells about the database, and asks when a batch fails. */
	interface Reachability {

		void writeSucceeded();

		void writeFailed(Throwable cause);

		/** Whether the database answers now (a probe, allowed to block briefly). */
		boolean probe();

	}

	private static final int PENDING = 0;

	private static final int IN_FLIGHT = 1;

	private static final int DONE = 2;

	private static final int WITHDRAWN = 3;

	/** One unit of writing: one statement, or several that commit together. */
	static final class Write {

		private static final AtomicIntegerFieldUpdater<Write> STATE = AtomicIntegerFieldUpdater.newUpdater(Write.class,
				"state");

		final String sql;

		final Object[] args;

		/** Statements that commit with this one (after it), or null. */
		final List<Write> more;

		final CompletableFuture<Void> done;

		final boolean withdrawable;

		/** What this write changes, for the live feed; null when nobody follows it. */
		final StateChange change;

		private volatile int state;

		Write(String sql, Object[] args, List<Write> more, CompletableFuture<Void> done, boolean withdrawable) {
			this(sql, args, more, done, withdrawable, null);
		}

		Write(String sql, Object[] args, List<Write> more, CompletableFuture<Void> done, boolean withdrawable,
				StateChange change) {
			this.sql = sql;
			this.args = args;
			this.more = more;
			this.done = done;
			this.withdrawable = withdrawable;
			this.change = change;
		}

		boolean isMarker() {
			return this.sql == null;
		}

		/** Takes it into a transaction; false if it was withdrawn. */
		boolean claim() {
			return !this.withdrawable || STATE.compareAndSet(this, PENDING, IN_FLIGHT);
		}

		void release() {
			if (this.withdrawable) {
				STATE.compareAndSet(this, IN_FLIGHT, PENDING);
			}
		}

		boolean withdraw() {
			if (this.withdrawable && STATE.compareAndSet(this, PENDING, WITHDRAWN)) {
				if (this.done != null) {
					this.done.completeExceptionally(new CancellationException("withdrawn before it was stored"));
				}
				return true;
			}
			return false;
		}

		void stored() {
			this.state = DONE;
			if (this.done != null) {
				this.done.complete(null);
			}
		}

		boolean isWithdrawn() {
			return this.state == WITHDRAWN;
		}

	}

	private final LinkedBlockingQueue<Write> queue = new LinkedBlockingQueue<>();

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	private final Reachability reachability;

	private final StateListener listener;

	/** A write was refused since the last flush marker (writer thread only). */
	private String refusedSinceFlush;

	BatchWriter(JdbcTemplate jdbc, TransactionTemplate tx, Reachability reachability) {
		this(jdbc, tx, reachability, StateListener.NONE);
	}

	BatchWriter(JdbcTemplate jdbc, TransactionTemplate tx, Reachability reachability, StateListener listener) {
		this.jdbc = jdbc;
		this.tx = tx;
		this.reachability = reachability;
		this.listener = listener;
	}

	static Write write(String sql, Object... args) {
		return new Write(sql, utc(args), null, null, false);
	}

	/** A write that makes {@code change}. */
	static Write write(StateChange change, String sql, Object... args) {
		return new Write(sql, utc(args), null, null, false, change);
	}

	void add(Write write) {
		this.queue.add(write);
	}

	/**
	 * A future that completes once every write queued before it is committed, and
	 * exceptionally if the database refused one of them.
	 */
	CompletableFuture<Void> flush() {
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.queue.add(new Write(null, null, null, done, false));
		return done;
	}

	int backlog() {
		return this.queue.size();
	}

	/**
	 * Takes what has queued (waiting up to {@code waitMs} for the first) and writes it;
	 * false when nothing came.
	 */
	boolean writeNext(long waitMs) throws InterruptedException {
		Write first = this.queue.poll(waitMs, TimeUnit.MILLISECONDS);
		if (first == null) {
			return false;
		}
		List<Write> batch = new ArrayList<>();
		batch.add(first);
		this.queue.drainTo(batch, MAX_BATCH);
		write(batch);
		return true;
	}

	/** Writes what is queued now on the calling thread (nobody else may be writing). */
	void drain() {
		List<Write> batch = new ArrayList<>();
		this.queue.drainTo(batch);
		if (!batch.isEmpty()) {
			write(batch);
		}
	}

	private void write(List<Write> batch) {
		long backoff = 50;
		boolean failedWhileReachable = false;
		while (true) {
			List<Write> claimed = new ArrayList<>(batch.size());
			for (Write w : batch) {
				if (w.claim()) {
					claimed.add(w);
				}
			}
			try {
				List<StateChange> changes = new ArrayList<>();
				for (Write w : claimed) {
					if (w.change != null) {
						changes.add(w.change);
					}
				}
				this.listener.commit(changes, () -> execute(claimed));
			}
			catch (RuntimeException ex) {
				claimed.forEach(Write::release);
				batch.removeIf(Write::isWithdrawn);
				if (this.reachability.probe()) {
					if (failedWhileReachable) {
						refused(batch, ex);
						return;
					}
					failedWhileReachable = true;
					continue;
				}
				this.reachability.writeFailed(ex);
				log.warn("The database is unreachable; {} writes wait and are retried in order: {}", batch.size(),
						ex.getMessage());
				if (!pause(backoff)) {
					throw new CancellationException("interrupted with " + batch.size() + " writes not stored");
				}
				backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
				continue;
			}
			this.reachability.writeSucceeded();
			for (Write w : claimed) {
				if (w.isMarker()) {
					if (this.refusedSinceFlush != null) {
						w.done.completeExceptionally(new IllegalStateException(
								"the database refused a write queued before this flush: " + this.refusedSinceFlush));
						this.refusedSinceFlush = null;
					}
					else {
						w.done.complete(null);
					}
				}
				else {
					w.stored();
				}
			}
			return;
		}
	}

	/**
	 * The database answers but refuses the batch: runs its writes one by one, so the one
	 * at fault is found and the others are stored.
	 */
	private void refused(List<Write> batch, RuntimeException cause) {
		if (batch.size() == 1 && !batch.get(0).isMarker()) {
			Write w = batch.get(0);
			this.refusedSinceFlush = cause.getMessage();
			log.error("The database refused a write; it is not stored: {} ({})", w.sql, cause.getMessage(), cause);
			if (w.done != null) {
				w.done.completeExceptionally(cause);
			}
			return;
		}
		for (Write w : batch) {
			write(new ArrayList<>(List.of(w)));
		}
	}

	private void execute(List<Write> writes) {
		if (writes.stream().allMatch(Write::isMarker)) {
			return;
		}
		this.tx.executeWithoutResult(status -> {
			String sql = null;
			List<Object[]> rows = new ArrayList<>();
			for (Write w : writes) {
				if (w.isMarker()) {
					continue;
				}
				for (int i = -1; i < (w.more == null ? 0 : w.more.size()); i++) {
					Write s = i < 0 ? w : w.more.get(i);
					if (!s.sql.equals(sql)) {
						run(sql, rows);
						sql = s.sql;
						rows = new ArrayList<>();
					}
					rows.add(s.args);
				}
			}
			run(sql, rows);
		});
	}

	private void run(String sql, List<Object[]> rows) {
		if (sql == null || rows.isEmpty()) {
			return;
		}
		if (rows.size() == 1) {
			this.jdbc.update(sql, rows.get(0));
		}
		else {
			this.jdbc.batchUpdate(sql, rows);
		}
	}

	private static boolean pause(long ms) {
		try {
			Thread.sleep(ms);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Instants as UTC wall-clock time, the convention Hibernate follows for the entities'
	 * {@code Instant}s ({@code hibernate.jdbc.time_zone: UTC}). A bare {@code Timestamp}
	 * would be written in the JVM's zone on PostgreSQL and read back shifted by its
	 * offset wherever the JVM does not run in UTC.
	 */
	static Object[] utc(Object[] args) {
		for (int i = 0; i < args.length; i++) {
			if (args[i] instanceof Instant t) {
				args[i] = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
			}
		}
		return args;
	}

}
