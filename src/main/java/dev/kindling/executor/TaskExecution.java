package dev.kindling.executor;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.helpers.MessageFormatter;

import dev.kindling.engine.datasource.ScanPartition;
import dev.kindling.engine.datasource.SourceFiles;
import dev.kindling.engine.datasource.Storages;
import dev.kindling.engine.datasource.csv.CsvException;
import dev.kindling.engine.datasource.json.JsonException;
import dev.kindling.engine.datasource.parquet.ParquetException;
import dev.kindling.engine.exec.ResultTooLargeException;
import dev.kindling.engine.exec.TaskOutput;
import dev.kindling.engine.exec.TaskRunner;
import dev.kindling.engine.exec.WriteTarget;
import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.logical.PlanException;
import dev.kindling.engine.physical.ShuffleReadExec;
import dev.kindling.engine.cancel.TaskCancelledException;
import dev.kindling.engine.physical.TaskContext;
import dev.kindling.engine.physical.TaskMetrics;
import dev.kindling.engine.planner.JobPlanner;
import dev.kindling.engine.planner.JobPlanner.PlannedJob;
import dev.kindling.engine.planner.StagePlan;
import dev.kindling.engine.storage.LocationRefusedException;
import dev.kindling.engine.storage.Storage;
import dev.kindling.engine.types.QueryExecutionException;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.protocol.TaskDescriptor;
import dev.kindling.protocol.TaskReport;

/**
 * Runs one task attempt on an executor: plans the job as the driver did (cached per job),
 * builds the stage's operators over the task's split or shuffle inputs, and turns the
 * outcome into a report. Errors that would repeat on any executor are marked
 * deterministic.
 */
class TaskExecution {

	private static final Logger log = LoggerFactory.getLogger(TaskExecution.class);

	private final Storages storages;

	private final ShuffleFetcher fetcher;

	private final BlockManager blocks;

	private final CacheManager cache;

	private final String executorId;

	private final long sortMemory;

	/** The most lines of its own log an attempt keeps (the newest). */
	static final int LOG_LINES = 1000;

	/** The most characters of its own log an attempt keeps. */
	static final int LOG_CHARS = 256 * 1024;

	/**
	 * The unexpected exception the attempt on this thread failed with (set and cleared on
	 * the slot's thread).
	 */
	private static final ThreadLocal<Throwable> FAILURE = new ThreadLocal<>();

	private final Map<String, PlannedJob> plans = new LinkedHashMap<>(16, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, PlannedJob> eldest) {
			return size() > 64;
		}
	};

	TaskExecution(Storages storages, ShuffleFetcher fetcher, BlockManager blocks, CacheManager cache, String executorId,
			long sortMemory) {
		this.sortMemory = sortMemory;
		this.storages = storages;
		this.fetcher = fetcher;
		this.blocks = blocks;
		this.cache = cache;
		this.executorId = executorId;
	}

	/**
	 * A line every attempt says of itself (started, succeeded): always in the attempt's
	 * own log, in the executor's log only at DEBUG (two INFO lines a task made a job of
	 * 10,000 short tasks 20,000 lines of console, and formatting and writing them a tenth
	 * of each task's time). Failures stay WARN.
	 */
	private static void progress(String attemptId, String format, Object... args) {
		if (log.isDebugEnabled()) {
			// the capture appender takes it into the attempt's log
			log.debug(format, args);
		}
		else {
			TaskLogCapture.note(attemptId, "INFO", TaskExecution.class,
					MessageFormatter.arrayFormat(format, args).getMessage());
		}
	}

	/**
	 * Runs the attempt with its log captured: the lines this thread logs while it runs
	 * ride on the report, and a failure by an unexpected exception carries its class and
	 * Kindling's frames.
	 */
	TaskReport run(TaskDescriptor task, java.util.function.BooleanSupplier cancelled) {
		TaskLogCapture.open(task.attemptId(), LOG_LINES, LOG_CHARS);
		MDC.put(TaskLogCapture.MDC_KEY, task.attemptId());
		TaskReport report = null;
		try {
			progress(task.attemptId(), "attempt {} of job {}: stage {} partition {} (attempt {}) started on {}",
					task.attemptId(), task.jobId(), task.stageId(), task.partition(), task.attempt(), this.executorId);
			report = runCaptured(task, cancelled);
			if (report.state() == TaskReport.State.SUCCEEDED) {
				progress(task.attemptId(), "attempt {} succeeded: {} rows in, {} rows out, {} ms", task.attemptId(),
						report.metrics().rowsIn(), report.metrics().rowsOut(), report.metrics().durationMs());
			}
			else if (FAILURE.get() == null) {
				log.warn("attempt {} {}: {}", task.attemptId(),
						report.state() == TaskReport.State.KILLED ? "killed" : "failed", report.error());
			}
			else {
				log.warn("attempt {} failed: {}", task.attemptId(), report.error(), FAILURE.get());
			}
		}
		finally {
			MDC.remove(TaskLogCapture.MDC_KEY);
			TaskReport.Log lines = TaskLogCapture.close(task.attemptId());
			if (report != null) {
				report = report.with(FAILURE.get() == null ? null : TaskReport.ErrorDetail.of(FAILURE.get()), lines);
			}
			FAILURE.remove();
		}
		return report;
	}

	private TaskReport runCaptured(TaskDescriptor task, java.util.function.BooleanSupplier cancelled) {
		long start = System.nanoTime();
		TaskMetrics metrics = new TaskMetrics();
		List<TaskReport.CachedBlock> cachedNow = new ArrayList<>();
		try {
			StagePlan stage = plan(task).stage(task.stageId());
			TaskContext context = context(task, stage, metrics, cancelled, cachedNow);
			WriteTarget writeTarget = task.writePath() == null ? null
					: new WriteTarget(WriteTarget.staging(task.writePath(), task.jobId(), task.attemptId()),
							task.spec().action().format(), task.spec().action().partitionBy(), task.jobId(),
							task.partition());
			TaskOutput output = TaskRunner.run(stage, context, writeTarget);
			return report(task, TaskReport.State.SUCCEEDED, null, false, null, metrics, start,
					result(task, output, metrics), cachedNow);
		}
		catch (ResultTooLargeException ex) {
			// deterministic: any attempt would pass the same budget
			TaskReport r = report(task, TaskReport.State.FAILED, ex.getMessage(), true, null, metrics, start, null);
			return new TaskReport(r.attemptId(), r.jobId(), r.stageId(), r.stageAttempt(), r.partition(), r.attempt(),
					r.executorId(), r.state(), r.error(), true, null, r.metrics(), null, List.of(), ex.bytes());
		}
		catch (TaskCancelledException ex) {
			return report(task, TaskReport.State.KILLED, ex.getMessage(), false, null, metrics, start, null);
		}
		catch (FetchFailedException ex) {
			return report(task, TaskReport.State.FAILED, ex.getMessage(), false,
					new TaskReport.FetchFailure(ex.stageId, ex.mapPartition, ex.executorId), metrics, start, null);
		}
		catch (CsvException | JsonException | ParquetException | ExprException | PlanException | QueryExecutionException
				| LocationRefusedException | SourceFiles.SourceException ex) {
			return report(task, TaskReport.State.FAILED, ex.getMessage(), true, null, metrics, start, null);
		}
		catch (OutOfMemoryError ex) {
			return report(task, TaskReport.State.FAILED, "out of memory on executor " + this.executorId, false, null,
					metrics, start, null);
		}
		catch (StackOverflowError | LinkageError | AssertionError ex) {
			// Whatever happens, the driver hears of the attempt's end.
			FAILURE.set(ex);
			return report(task, TaskReport.State.FAILED, ex.toString(), false, null, metrics, start, null);
		}
		catch (RuntimeException ex) {
			if (Thread.currentThread().isInterrupted() && cancelled.getAsBoolean()) {
				return report(task, TaskReport.State.KILLED, "task killed", false, null, metrics, start, null);
			}
			String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
			FAILURE.set(ex);
			return report(task, TaskReport.State.FAILED, message, false, null, metrics, start, null);
		}
	}

	private PlannedJob plan(TaskDescriptor task) {
		synchronized (this.plans) {
			PlannedJob plan = this.plans.get(task.jobId());
			if (plan == null) {
				plan = new JobPlanner(task.maxCollectRows()).plan(task.spec(), task.shufflePartitions(), task.scans(),
						new java.util.HashSet<>(task.cachedKeys()), task.broadcastThreshold());
				this.plans.put(task.jobId(), plan);
			}
			return plan;
		}
	}

	private TaskContext context(TaskDescriptor task, StagePlan stage, TaskMetrics metrics,
			java.util.function.BooleanSupplier cancelled, List<TaskReport.CachedBlock> cachedNow) {
		Map<Integer, ShuffleReadExec> reads = new LinkedHashMap<>();
		for (ShuffleReadExec read : stage.shuffleReads()) {
			reads.put(read.stageId(), read);
		}
		ScanPartition split = task.split();
		return new TaskContext() {

			@Override
			public Storage storage() {
				return TaskExecution.this.storages;
			}

			@Override
			public ScanPartition split() {
				return split;
			}

			@Override
			public Iterator<Batch> shuffleInput(int stageId) {
				ShuffleReadExec read = reads.get(stageId);
				int reduce = read.broadcast() ? 0 : task.partition();
				return TaskExecution.this.fetcher.read(task.jobId(), stageId, reduce,
						task.shuffleInputs().getOrDefault(stageId, List.of()), read.schema(), metrics);
			}

			@Override
			public TaskMetrics metrics() {
				return metrics;
			}

			@Override
			public dev.kindling.engine.shuffle.ShuffleMemory shuffleMemory() {
				return TaskExecution.this.blocks;
			}

			@Override
			public java.nio.file.Path shuffleSpillDir() {
				java.nio.file.Path dir = TaskExecution.this.blocks.spillDir();
				return dir == null ? null : dir.resolve(task.jobId());
			}

			@Override
			public boolean cancelled() {
				return cancelled.getAsBoolean();
			}

			@Override
			public long resultBudgetBytes() {
				return task.resultBudget() == null ? Long.MAX_VALUE : task.resultBudget();
			}

			@Override
			public long sortMemoryBytes() {
				return TaskExecution.this.sortMemory;
			}

			@Override
			public boolean joinBuildsLeft() {
				return task.joinBuildsLeft();
			}

			@Override
			public int partition() {
				return task.partition();
			}

			@Override
			public List<Batch> cached(String key, int partition) {
				return TaskExecution.this.cache.get(key, partition);
			}

			@Override
			public void cache(String key, int partition, List<Batch> batches) {
				long bytes = TaskExecution.this.cache.put(key, partition, batches);
				if (bytes >= 0) {
					long rows = batches.stream().mapToLong(Batch::rowCount).sum();
					cachedNow.add(new TaskReport.CachedBlock(key, partition, bytes, rows));
				}
			}

		};
	}

	private TaskReport.Result result(TaskDescriptor task, TaskOutput output, TaskMetrics metrics) {
		if (output instanceof TaskOutput.Count c) {
			return new TaskReport.Result(c.count(), null, null, null, null);
		}
		if (output instanceof TaskOutput.Written w) {
			return new TaskReport.Result(w.rows(), null, null, w.files(), null);
		}
		if (output instanceof TaskOutput.Rows r) {
			List<List<Object>> rows = new ArrayList<>(r.rows().size());
			for (Object[] row : r.rows()) {
				for (int c = 0; c < row.length; c++) {
					if (row[c] instanceof BigDecimal d) {
						// a decimal travels as its digits: a JSON number would come back
						// a
						// double
						row[c] = d.toPlainString();
					}
				}
				rows.add(java.util.Arrays.asList(row));
			}
			return new TaskReport.Result(null, columns(r.schema()), rows, null, null);
		}
		TaskOutput.Shuffled s = (TaskOutput.Shuffled) output;
		if (metrics.shuffleSpills > 0) {
			log.info("attempt {} spilled its shuffle output {} times ({} bytes)", task.attemptId(),
					metrics.shuffleSpills, metrics.shuffleBytesSpilled);
		}
		this.blocks.put(task.jobId(), task.stageId(), task.partition(), s.output());
		List<Long> sizes = new ArrayList<>(s.output().partitions());
		for (int r = 0; r < s.output().partitions(); r++) {
			sizes.add(s.output().length(r));
		}
		return new TaskReport.Result(null, null, null, null, sizes);
	}

	private static List<TaskReport.Column> columns(Schema schema) {
		List<TaskReport.Column> out = new ArrayList<>();
		for (Field f : schema.fields()) {
			out.add(new TaskReport.Column(f.name(), f.type().sqlName()));
		}
		return out;
	}

	private TaskReport report(TaskDescriptor task, TaskReport.State state, String error, boolean deterministic,
			TaskReport.FetchFailure fetchFailure, TaskMetrics m, long startNanos, TaskReport.Result result) {
		return report(task, state, error, deterministic, fetchFailure, m, startNanos, result, List.of());
	}

	private TaskReport report(TaskDescriptor task, TaskReport.State state, String error, boolean deterministic,
			TaskReport.FetchFailure fetchFailure, TaskMetrics m, long startNanos, TaskReport.Result result,
			List<TaskReport.CachedBlock> cached) {
		long ms = (System.nanoTime() - startNanos) / 1_000_000;
		if (m.spills > 0) {
			log.info("attempt {} spilled to local disk {} times, {} bytes", task.attemptId(), m.spills, m.spillBytes);
		}
		// The report carries the operators' and the shuffle writer's spills summed, as
		// Spark's diskBytesSpilled does.
		long spills = m.spills + m.shuffleSpills;
		long spillBytes = m.spillBytes + m.shuffleBytesSpilled;
		// This executor's data root may be mounted elsewhere than the driver's: its own
		// absolute path leaves the message here.
		String message = this.storages.local().root().scrub(error);
		return new TaskReport(task.attemptId(), task.jobId(), task.stageId(), task.stageAttempt(), task.partition(),
				task.attempt(), this.executorId, state, message, deterministic, fetchFailure,
				new TaskReport.Metrics(m.rowsIn, m.rowsOut, m.bytesIn, m.shuffleBytesRead, m.shuffleBytesWritten, ms,
						m.shuffleRemoteBytesRead, null, spills, spillBytes),
				result, cached);
	}

}
