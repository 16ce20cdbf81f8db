package dev.kindling.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kindling.state.StateChange;
import dev.kindling.state.StateListener;
import dev.kindling.platform.DriverRole;
import dev.kindling.state.BatchWriter.Write;

/**
 * The one write path of every table the driver keeps ({@code jobs}, {@code stages},
 * {@code task_attempts}, {@code events}, {@code executors}, {@code expired_jobs}):
 * callers record a change with its values captured at that moment and move on; one thread
 * writes whatever has gathered as one transaction of JDBC batches, in the order it was
 * recorded ({@link BatchWriter} retries a failed batch and never drops it).
 *
 * <p>
 * Why SQL here and JPA only for reading: the scheduler records several changes per task
 * under its lock and must never wait for the database there; a queue of fixed statements
 * written from one thread keeps the order (a job's end is committed after its tasks'
 * updates), batches thousands of rows per commit, needs no optimistic version (there is
 * no second writer to race), and leaves H2 a single writing session. The entities are
 * {@code @Immutable} and their repositories have no {@code save}.
 *
 * <p>
 * Changes that someone is told about return a future that completes once they are
 * committed (a job's acceptance, its cancellation, its end). Every change to a job, a
 * stage, a task attempt or the events goes to the {@link StateListener} (the live feed)
 * with the transaction that stores it.
 */
@Component
@DriverRole
public class StateWriter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(StateWriter.class);

	private static final String INSERT_JOB = "insert into jobs (id, name, status, spec, pinned_spec, scans, "
			+ "shuffle_partitions, broadcast_threshold, cached_keys, idempotency_key, submitted_at, owner, pool) "
			+ "values (?, ?, 'QUEUED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String INSERT_STAGE = "insert into stages (id, job_id, stage_no, attempt, status, kind, "
			+ "num_tasks, parents, description) values (?, ?, ?, 0, 'WAITING', ?, ?, ?, ?)";

	private static final String JOB_RUNNING = "update jobs set status = 'RUNNING', started_at = ? where id = ? and status = 'QUEUED'";

	private static final String JOB_CANCELLING = "update jobs set status = 'CANCELLING' where id = ?";

	private static final String JOB_END = "update jobs set status = ?, started_at = coalesce(started_at, ?), "
			+ "finished_at = ?, result = ?, error_message = coalesce(?, error_message) where id = ?";

	private static final String DROP_OUTPUTS = "update task_attempts set output = null where job_id = ? and output is not null";

	private static final String INSERT_RESULT_CHUNK = "insert into job_results (job_id, chunk, data) values (?, ?, ?)";

	/**
	 * The most characters of a result one row of {@code job_results} holds (its column's
	 * size).
	 */
	static final int RESULT_CHUNK_CHARS = 500_000;

	private static final String INSERT_ATTEMPT = "insert into task_attempts (id, job_id, stage_no, stage_attempt, "
			+ "partition_no, attempt, status, queued_at) values (?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String START_ATTEMPT = "update task_attempts set status = ?, executor_id = ?, started_at = ? where id = ?";

	private static final String FINISH_ATTEMPT = "update task_attempts set status = ?, finished_at = ?, error = ?, "
			+ "rows_in = ?, rows_out = ?, bytes_in = ?, shuffle_bytes_read = ?, shuffle_bytes_written = ?, "
			+ "shuffle_remote_bytes_read = ?, spills = ?, spill_bytes = ?, output = ?, slot = ?, log_lines = ?, "
			+ "log_line_count = ?, log_dropped = ?, error_type = ?, error_frames = ? where id = ?";

	private static final String STAGE_STATUS = "update stages set status = ?, attempt = ?, "
			+ "submitted_at = coalesce(submitted_at, ?), finished_at = ? where id = ?";

	private static final String STAGE_SHUFFLE = "update stages set shuffle_bytes_written = shuffle_bytes_written + ?, "
			+ "shuffle_bytes_read = shuffle_bytes_read + ? where id = ?";

	private static final String STAGE_ADAPTED = "update stages set num_tasks = ?, adaptive_slices = ?, "
			+ "adaptive_changes = ? where id = ?";

	private static final String INSERT_EVENT = "insert into events (at, type, job_id, executor_id, message) values (?, ?, ?, ?, ?)";

	private static final String INSERT_EXECUTOR = "insert into executors (id, name, url, slots, max_memory, state, "
			+ "registered_at, last_heartbeat, running_tasks, cache_bytes, shuffle_bytes) "
			+ "values (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0)";

	private static final String UPDATE_EXECUTOR = "update executors set state = ?, last_heartbeat = ?, "
			+ "running_tasks = ?, cache_bytes = ?, shuffle_bytes = ? where id = ?";

	private static final String TOMBSTONE = "insert into expired_jobs (id, owner, finished_at, expired_at) "
			+ "select id, owner, finished_at, ? from jobs where id = ?";

	private static final String DELETE_EVENTS = "delete from events where job_id = ?";

	private static final String DELETE_ATTEMPTS = "delete from task_attempts where job_id = ?";

	private static final String DELETE_STAGES = "delete from stages where job_id = ?";

	private static final String DELETE_JOB = "delete from jobs where id = ?";

	private static final String RELEASE_KEY = "update jobs set idempotency_key = null where id = ?";

	private static final String FORGET_TOMBSTONES = "delete from expired_jobs where expired_at < ?";

	private static final String FORGET_EXECUTORS = "update executors set state = 'LOST' where state = 'ALIVE'";

	/**
	 * A new job's row and the fields of its stages' rows, with the principal that owns it
	 * and its scheduling pool.
	 */
	public record NewJob(String id, String name, String spec, String pinnedSpec, String scans, int shufflePartitions,
			long broadcastThreshold, String cachedKeys, String idempotencyKey, Instant submittedAt,
			List<NewStage> stages, String owner, String pool) {

		/** A job of the anonymous caller in the default pool. */
		public NewJob(String id, String name, String spec, String pinnedSpec, String scans, int shufflePartitions,
				long broadcastThreshold, String cachedKeys, String idempotencyKey, Instant submittedAt,
				List<NewStage> stages) {
			this(id, name, spec, pinnedSpec, scans, shufflePartitions, broadcastThreshold, cachedKeys, idempotencyKey,
					submittedAt, stages, "anonymous", "default");
		}

	}

	/** A new stage's row. */
	public record NewStage(int stageNo, String kind, int numTasks, String parents, String description) {
	}

	/** A job's acceptance, on its way to the database. */
	public static final class Acceptance {

		private final Write write;

		private Acceptance(Write write) {
			this.write = write;
		}

		/** Completes once the job and its stages are committed. */
		public CompletableFuture<Void> stored() {
			return this.write.done;
		}

		/**
		 * Takes the job back if its transaction has not started: true when it will never
		 * be stored.
		 */
		public boolean withdraw() {
			return this.write.withdraw();
		}

	}

	private final BatchWriter writer;

	private volatile boolean running;

	private Thread thread;

	public StateWriter(JdbcTemplate jdbc, TransactionTemplate tx, DatabaseHealth health) {
		this(jdbc, tx, health, StateListener.NONE);
	}

	/**
	 * A writer whose commits go through {@code listener}, looked up at the first one. Its
	 * transactions are plain JDBC ones on the data source: it writes no entity, and JPA's
	 * transaction manager opened and flushed a Hibernate session around each batch (a
	 * tenth of the writer's time when tasks are short).
	 */
	@org.springframework.beans.factory.annotation.Autowired
	public StateWriter(JdbcTemplate jdbc, DatabaseHealth health, ObjectProvider<StateListener> listener) {
		this(jdbc, new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource())), health,
				new StateListener() {

					private volatile StateListener resolved;

					@Override
					public void commit(List<? extends StateChange> changes, Runnable commit) {
						StateListener l = this.resolved;
						if (l == null) {
							l = listener.getIfAvailable(() -> StateListener.NONE);
							this.resolved = l;
						}
						l.commit(changes, commit);
					}

				});
	}

	public StateWriter(JdbcTemplate jdbc, TransactionTemplate tx, DatabaseHealth health, StateListener listener) {
		this.writer = new BatchWriter(jdbc, tx, health, listener);
	}

	/** A job and its stages, in one transaction; withdrawable until it starts. */
	/**
	 * Forgets the idempotency key of a job whose key has expired, so that a new job may
	 * take it (recorded before that job, so written before it).
	 */
	public void releaseIdempotencyKey(String jobId) {
		this.writer.add(BatchWriter.write(RELEASE_KEY, jobId));
	}

	public Acceptance jobAccepted(NewJob job) {
		List<Write> stages = new ArrayList<>();
		for (NewStage s : job.stages()) {
			stages.add(BatchWriter.write(INSERT_STAGE, job.id() + ":" + s.stageNo(), job.id(), s.stageNo(), s.kind(),
					s.numTasks(), s.parents(), s.description()));
		}
		List<StateChange.NewStage> newStages = job.stages()
			.stream()
			.map(s -> new StateChange.NewStage(s.stageNo(), s.kind(), s.numTasks(), parents(s.parents())))
			.toList();
		Write write = new Write(INSERT_JOB,
				BatchWriter.utc(new Object[] { job.id(), job.name(), job.spec(), job.pinnedSpec(), job.scans(),
						job.shufflePartitions(), job.broadcastThreshold(), job.cachedKeys(), job.idempotencyKey(),
						job.submittedAt(), job.owner(), job.pool() }),
				stages, new CompletableFuture<>(), true, new StateChange.JobAccepted(job.id(), job.name(),
						job.submittedAt(), newStages, job.owner(), job.pool()));
		this.writer.add(write);
		return new Acceptance(write);
	}

	private static List<Integer> parents(String parents) {
		if (parents == null || parents.isBlank()) {
			return List.of();
		}
		return java.util.Arrays.stream(parents.split(",")).map(String::trim).map(Integer::valueOf).toList();
	}

	/** A queued job's first task started. */
	public void jobRunning(String jobId, Instant at) {
		this.writer.add(BatchWriter.write(new StateChange.JobStatusChanged(jobId, JobStatus.RUNNING, at), JOB_RUNNING,
				at, jobId));
	}

	public CompletableFuture<Void> jobCancelling(String jobId) {
		return acknowledged(new StateChange.JobStatusChanged(jobId, JobStatus.CANCELLING, null), JOB_CANCELLING, jobId);
	}

	/** A job's end, with its attempts' partial outputs dropped. */
	public CompletableFuture<Void> jobEnded(String jobId, JobStatus status, Instant at, String resultJson,
			String error) {
		return jobEnded(jobId, status, at, resultJson, error, true);
	}

	/**
	 * A job's end, committed after every change recorded before it: its result in chunks
	 * of {@link #RESULT_CHUNK_CHARS} ({@code jobs.result} stays null), and with
	 * {@code dropOutputs} its attempts' partial outputs dropped, all in one transaction.
	 * Those outputs are kept only so a restarted driver can finish a running job; once it
	 * ended they are dead weight, and for a job refused for its result's size nothing of
	 * that result stays behind. The scheduler keeps small ones (a count's), whose removal
	 * would rewrite every attempt row of the job.
	 */
	public CompletableFuture<Void> jobEnded(String jobId, JobStatus status, Instant at, String resultJson, String error,
			boolean dropOutputs) {
		List<Write> more = new ArrayList<>();
		if (dropOutputs) {
			more.add(BatchWriter.write(DROP_OUTPUTS, jobId));
		}
		List<String> chunks = chunks(resultJson, RESULT_CHUNK_CHARS);
		for (int i = 0; i < chunks.size(); i++) {
			more.add(BatchWriter.write(INSERT_RESULT_CHUNK, jobId, i, chunks.get(i)));
		}
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.writer.add(new Write(JOB_END, BatchWriter
			.utc(new Object[] { status.name(), status == JobStatus.SUCCEEDED ? at : null, at, null, error, jobId }),
				more, done, false, new StateChange.JobStatusChanged(jobId, status, at, error)));
		return done;
	}

	/**
	 * Cuts a text into pieces of at most {@code size} characters, never between the two
	 * halves of a surrogate pair.
	 */
	static List<String> chunks(String text, int size) {
		List<String> out = new ArrayList<>();
		if (text == null) {
			return out;
		}
		int from = 0;
		while (from < text.length()) {
			int to = Math.min(text.length(), from + size);
			if (to < text.length() && Character.isHighSurrogate(text.charAt(to - 1))) {
				to--;
			}
			out.add(text.substring(from, to));
			from = to;
		}
		return out;
	}

	public void attemptQueued(String attemptId, String jobId, int stageNo, int stageAttempt, int partition, int attempt,
			Instant at) {
		this.writer.add(BatchWriter.write(
				new StateChange.AttemptQueued(jobId, attemptId, stageNo, stageAttempt, partition, attempt, at),
				INSERT_ATTEMPT, attemptId, jobId, stageNo, stageAttempt, partition, attempt, TaskStatus.QUEUED.name(),
				at));
	}

	public void attemptStarted(String attemptId, String executorId, Instant at) {
		this.writer.add(BatchWriter.write(
				new StateChange.AttemptStarted(StateChange.jobOf(attemptId), attemptId, executorId, at), START_ATTEMPT,
				TaskStatus.RUNNING.name(), executorId, at, attemptId));
	}

	/**
	 * What a reported attempt logged (its newest lines as a JSON array, how many there
	 * are and how many older ones it dropped) and the exception it failed with (class,
	 * frames as a JSON array); stored with the attempt's end.
	 */
	public record AttemptLog(String linesJson, int lineCount, int dropped, String errorType, String framesJson) {

		/** Nothing logged, no exception. */
		public static final AttemptLog NONE = new AttemptLog(null, 0, 0, null, null);

	}

	/**
	 * What an attempt counted: its rows and bytes, its spills to local disk and the bytes
	 * they wrote among them, and the executor slot it ran on (null when not reported).
	 */
	public record AttemptCounters(long rowsIn, long rowsOut, long bytesIn, long shuffleBytesRead,
			long shuffleBytesWritten, long shuffleRemoteBytesRead, long spills, long spillBytes, Integer slot) {

		/** An attempt that ended without a report: killed, lost, superseded. */
		public static final AttemptCounters NONE = new AttemptCounters(0, 0, 0, 0, 0, 0, 0, 0, null);

	}

	/**
	 * An attempt's end, with its counters, if it succeeded its output, and what it logged
	 * ({@link AttemptCounters#NONE} and {@link AttemptLog#NONE} for one that ended
	 * without a report). One statement: the scheduler stores only an attempt's first
	 * report, and a new driver gives its attempts new ids.
	 */
	public void attemptEnded(String attemptId, TaskStatus status, Instant at, String error, AttemptCounters counters,
			String output, AttemptLog log) {
		this.writer.add(BatchWriter.write(
				new StateChange.AttemptEnded(StateChange.jobOf(attemptId), attemptId, status, at, error, counters),
				FINISH_ATTEMPT, status.name(), at, error, counters.rowsIn(), counters.rowsOut(), counters.bytesIn(),
				counters.shuffleBytesRead(), counters.shuffleBytesWritten(), counters.shuffleRemoteBytesRead(),
				counters.spills(), counters.spillBytes(), output, counters.slot(), log.linesJson(), log.lineCount(),
				log.dropped(), log.errorType(), log.framesJson(), attemptId));
	}

	public void stage(String jobId, int stageNo, StageStatus status, int attempt, Instant at) {
		boolean ended = status == StageStatus.SUCCEEDED || status == StageStatus.FAILED
				|| status == StageStatus.CANCELLED;
		this.writer.add(BatchWriter.write(new StateChange.StageStatusChanged(jobId, stageNo, status, attempt, at),
				STAGE_STATUS, status.name(), attempt, at, ended ? at : null, jobId + ":" + stageNo));
	}

	public void stageShuffle(String jobId, int stageNo, long written, long read) {
		this.writer.add(BatchWriter.write(new StateChange.StageShuffle(jobId, stageNo, written, read), STAGE_SHUFFLE,
				written, read, jobId + ":" + stageNo));
	}

	/** Adaptive execution changed a stage's tasks before its first one (V16). */
	public void stageAdapted(String jobId, int stageNo, int numTasks, String slices, String changes) {
		this.writer.add(BatchWriter.write(new StateChange.StageAdapted(jobId, stageNo, numTasks), STAGE_ADAPTED,
				numTasks, slices, changes, jobId + ":" + stageNo));
	}

	public void event(Instant at, EventType type, String jobId, String executorId, String message) {
		this.writer.add(BatchWriter.write(new StateChange.EventStored(jobId, executorId, at, type.name(), message),
				INSERT_EVENT, at, type.name(), jobId, executorId, message));
	}

	public void executorRegistered(String id, String name, String url, int slots, long maxMemory, String state,
			Instant at) {
		this.writer.add(BatchWriter.write(INSERT_EXECUTOR, id, name, url, slots, maxMemory, state, at, at));
	}

	public void executorUpdated(String id, String state, Instant lastHeartbeat, int runningTasks, long cacheBytes,
			long shuffleBytes) {
		this.writer
			.add(BatchWriter.write(UPDATE_EXECUTOR, state, lastHeartbeat, runningTasks, cacheBytes, shuffleBytes, id));
	}

	/**
	 * Finished jobs the retention policy removes: each leaves a tombstone and loses its
	 * events, attempts, stages and row (result included), in one transaction with
	 * everything recorded before. Only finished jobs may be given: a finished job never
	 * changes again, so no later write of the scheduler can meet a deleted row.
	 * @return completes once they are gone
	 */
	public CompletableFuture<Void> jobsExpired(List<String> jobIds, Instant at) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		List<Write> more = new ArrayList<>();
		// Statement by statement, so each runs as one JDBC batch for all the jobs.
		for (String id : jobIds.subList(1, jobIds.size())) {
			more.add(BatchWriter.write(TOMBSTONE, at, id));
		}
		for (String sql : List.of(DELETE_EVENTS, DELETE_ATTEMPTS, DELETE_STAGES, DELETE_JOB)) {
			for (String id : jobIds) {
				more.add(BatchWriter.write(sql, id));
			}
		}
		this.writer.add(new Write(TOMBSTONE, BatchWriter.utc(new Object[] { at, jobIds.get(0) }), more, done, false));
		return done;
	}

	/** Tombstones older than {@code before} are dropped: their ids answer 404 again. */
	public void tombstonesForgotten(Instant before) {
		this.writer.add(BatchWriter.write(FORGET_TOMBSTONES, before));
	}

	/** Executors a previous driver knew must register again: none is alive any more. */
	public void forgetExecutors() {
		this.writer.add(BatchWriter.write(FORGET_EXECUTORS));
	}

	/**
	 * Completes once everything recorded before it is committed; exceptionally if the
	 * database refused one of those writes. When the writer is not started, writes them
	 * on the calling thread first.
	 */
	public CompletableFuture<Void> flush() {
		CompletableFuture<Void> done = this.writer.flush();
		if (!this.running) {
			this.writer.drain();
		}
		return done;
	}

	/** Changes recorded and not yet committed. */
	public int backlog() {
		return this.writer.backlog();
	}

	private CompletableFuture<Void> acknowledged(StateChange change, String sql, Object... args) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.writer.add(new Write(sql, BatchWriter.utc(args), null, done, false, change));
		return done;
	}

	private void loop() {
		while (this.running || this.writer.backlog() > 0) {
			try {
				this.writer.writeNext(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (java.util.concurrent.CancellationException ex) {
				log.error("The state writer stopped: {}", ex.getMessage());
				return;
			}
			catch (RuntimeException ex) {
				log.error("The state writer failed on a batch", ex);
			}
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
		if (this.thread == null) {
			return;
		}
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
