package dev.kindling.scheduler;

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

import dev.kindling.job.JobStatus;
import dev.kindling.job.StageStatus;
import dev.kindling.job.TaskStatus;
import dev.kindling.live.StateChange;
import dev.kindling.live.StateListener;
import dev.kindling.platform.DriverRole;
import dev.kindling.protocol.TaskReport;

/**
 * Writes the scheduler's state changes (task attempts, stages, a job's start and end) in
 * batches from one thread: the scheduler records a change with its values captured at
 * that moment and moves on; the writer runs whatever has gathered as one transaction of
 * JDBC batches. {@link #flush()} waits until everything enqueued before it is stored,
 * which the scheduler does before it acknowledges a job's end.
 *
 * <p>
 * Instants are stored as UTC wall-clock time, the convention Hibernate follows for the
 * entities' {@code Instant}s ({@code hibernate.jdbc.time_zone: UTC}). A bare
 * {@code Timestamp} would be written in the JVM's zone on PostgreSQL and read back
 * shifted by its offset wherever the JVM does not run in UTC.
 */
@Component
@DriverRole
class StateWriter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(StateWriter.class);

	private record Write(String sql, Object[] args, CompletableFuture<Void> done, StateChange change) {
	}

	private static final String INSERT_ATTEMPT = "insert into task_attempts (id, job_id, stage_no, stage_attempt, "
			+ "partition_no, attempt, status, queued_at) values (?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String START_ATTEMPT = "update task_attempts set status = ?, executor_id = ?, started_at = ? where id = ?";

	private static final String FINISH_ATTEMPT = "update task_attempts set status = ?, finished_at = ?, error = ?, "
			+ "rows_in = ?, rows_out = ?, bytes_in = ?, shuffle_bytes_read = ?, shuffle_bytes_written = ?, "
			+ "shuffle_remote_bytes_read = ?, output = ?, slot = ? where id = ?";

	private static final String STAGE_STATUS = "update stages set status = ?, attempt = ?, "
			+ "submitted_at = coalesce(submitted_at, ?), finished_at = ? where id = ?";

	private static final String STAGE_SHUFFLE = "update stages set shuffle_bytes_written = shuffle_bytes_written + ?, "
			+ "shuffle_bytes_read = shuffle_bytes_read + ? where id = ?";

	/**
	 * A job's end, in the same transaction as its tasks' last updates (the version keeps
	 * JPA honest).
	 */
	private static final String JOB_END = "update jobs set status = ?, started_at = coalesce(started_at, ?), "
			+ "finished_at = ?, result = ?, error_message = coalesce(?, error_message), version = version + 1 "
			+ "where id = ?";

	private static final String JOB_RUNNING = "update jobs set status = 'RUNNING', started_at = ? where id = ? and status = 'QUEUED'";

	private final LinkedBlockingQueue<Write> queue = new LinkedBlockingQueue<>();

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	/** Hears of every batch once it is committed (the live feed). */
	private final StateListener listener;

	private volatile boolean running;

	private Thread thread;

	StateWriter(JdbcTemplate jdbc, TransactionTemplate tx, StateListener listener) {
		this.jdbc = jdbc;
		this.tx = tx;
		this.listener = listener;
	}

	void attemptQueued(String attemptId, String jobId, int stageNo, int stageAttempt, int partition, int attempt,
			Instant at) {
		enqueue(new StateChange.AttemptQueued(jobId, attemptId, stageNo, stageAttempt, partition, attempt, at),
				INSERT_ATTEMPT, attemptId, jobId, stageNo, stageAttempt, partition, attempt, TaskStatus.QUEUED.name(),
				at);
	}

	void attemptStarted(String attemptId, String executorId, Instant at) {
		enqueue(new StateChange.AttemptStarted(StateChange.jobOf(attemptId), attemptId, executorId, at), START_ATTEMPT,
				TaskStatus.RUNNING.name(), executorId, at, attemptId);
	}

	/** An attempt that ended without a report of its own (killed, lost, superseded). */
	void attemptEnded(String attemptId, TaskStatus status, Instant at, String why) {
		enqueue(new StateChange.AttemptEnded(StateChange.jobOf(attemptId), attemptId, status, at, why, 0, 0, 0, 0, 0, 0,
				null), FINISH_ATTEMPT, status.name(), at, why, 0, 0, 0, 0, 0, 0, null, null, attemptId);
	}

	/**
	 * An attempt's end as its executor reported it, with its counters, the executor slot
	 * it ran on (null when not reported) and, if it succeeded, its output.
	 */
	void attemptEnded(String attemptId, TaskStatus status, Instant at, String error, TaskReport.Metrics m,
			String output, Integer slot) {
		enqueue(new StateChange.AttemptEnded(StateChange.jobOf(attemptId), attemptId, status, at, error, m.rowsIn(),
				m.rowsOut(), m.bytesIn(), m.shuffleBytesRead(), m.shuffleBytesWritten(), m.shuffleRemoteBytesRead(),
				slot), FINISH_ATTEMPT, status.name(), at, error, m.rowsIn(), m.rowsOut(), m.bytesIn(),
				m.shuffleBytesRead(), m.shuffleBytesWritten(), m.shuffleRemoteBytesRead(), output, slot, attemptId);
	}

	void stage(String jobId, int stageNo, StageStatus status, int attempt, Instant at, boolean ended) {
		enqueue(new StateChange.StageStatusChanged(jobId, stageNo, status, attempt, at), STAGE_STATUS, status.name(),
				attempt, at, ended ? at : null, jobId + ":" + stageNo);
	}

	void stageShuffle(String jobId, int stageNo, long written, long read) {
		enqueue(new StateChange.StageShuffle(jobId, stageNo, written, read), STAGE_SHUFFLE, written, read,
				jobId + ":" + stageNo);
	}

	/** A queued job's first task started. */
	void jobRunning(String jobId, Instant at) {
		enqueue(new StateChange.JobStatusChanged(jobId, JobStatus.RUNNING, at), JOB_RUNNING, at, jobId);
	}

	/** A job's end; {@link #flush()} before telling anyone. */
	void jobEnded(String jobId, JobStatus status, Instant at, String resultJson, String error) {
		enqueue(new StateChange.JobStatusChanged(jobId, status, at, error), JOB_END, status.name(),
				status == JobStatus.SUCCEEDED ? at : null, at, resultJson, error, jobId);
	}

	private void enqueue(StateChange change, String sql, Object... args) {
		this.queue.add(new Write(sql, utc(args), null, change));
	}

	private static Object[] utc(Object[] args) {
		Object[] out = args.clone();
		for (int i = 0; i < out.length; i++) {
			if (out[i] instanceof Instant t) {
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
		this.queue.add(new Write(null, null, done, null));
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
		List<StateChange> changes = new ArrayList<>(batch.size());
		for (Write w : batch) {
			if (w.change() != null) {
				changes.add(w.change());
			}
		}
		try {
			this.listener.commit(changes, () -> this.tx.executeWithoutResult(status -> {
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
			}));
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
