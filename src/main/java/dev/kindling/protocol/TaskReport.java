package dev.kindling.protocol;

import java.util.List;

/**
 * The end of a task attempt. Carries the full task identity so the driver ignores a
 * report from an attempt that is no longer current.
 *
 * @param attemptId the attempt
 * @param jobId its job
 * @param stageId its stage
 * @param stageAttempt its stage attempt
 * @param partition its partition
 * @param attempt its attempt number
 * @param executorId the executor that ran it
 * @param state how the attempt ended; a value outside {@link State} is a protocol error
 * (400), never read as a failure
 * @param error for FAILED: what went wrong
 * @param deterministic for FAILED: the error will repeat on any retry (bad input, user
 * error)
 * @param fetchFailure for FAILED: the shuffle block that could not be fetched
 * @param metrics counters
 * @param result for SUCCEEDED: the partial result, or the map output block sizes
 * @param cached partitions this attempt put in the executor's cache
 * @param resultTooLarge for FAILED: the task stopped because its rows passed its result
 * budget; the size (bytes, as JSON) they had reached
 * @param errorDetail for FAILED by an exception other than a user's error: its class and
 * the frames inside Kindling
 * @param log what the attempt logged on its executor (newest lines), or null
 */
public record TaskReport(String attemptId, String jobId, int stageId, int stageAttempt, int partition, int attempt,
		String executorId, State state, String error, boolean deterministic, FetchFailure fetchFailure, Metrics metrics,
		Result result, List<CachedBlock> cached, Long resultTooLarge, ErrorDetail errorDetail, Log log) {

	/** A report without error detail or log. */
	public TaskReport(String attemptId, String jobId, int stageId, int stageAttempt, int partition, int attempt,
			String executorId, State state, String error, boolean deterministic, FetchFailure fetchFailure,
			Metrics metrics, Result result, List<CachedBlock> cached, Long resultTooLarge) {
		this(attemptId, jobId, stageId, stageAttempt, partition, attempt, executorId, state, error, deterministic,
				fetchFailure, metrics, result, cached, resultTooLarge, null, null);
	}

	/** A report without error detail, log or result budget. */
	public TaskReport(String attemptId, String jobId, int stageId, int stageAttempt, int partition, int attempt,
			String executorId, State state, String error, boolean deterministic, FetchFailure fetchFailure,
			Metrics metrics, Result result, List<CachedBlock> cached) {
		this(attemptId, jobId, stageId, stageAttempt, partition, attempt, executorId, state, error, deterministic,
				fetchFailure, metrics, result, cached, null, null, null);
	}

	/** The same report with this error detail and log. */
	public TaskReport with(ErrorDetail detail, Log lines) {
		return new TaskReport(this.attemptId, this.jobId, this.stageId, this.stageAttempt, this.partition, this.attempt,
				this.executorId, this.state, this.error, this.deterministic, this.fetchFailure, this.metrics,
				this.result, this.cached, this.resultTooLarge, detail, lines);
	}

	/**
	 * Why an attempt failed, for a bug report: the exception's class, its first frame
	 * (wherever it is) and the frames inside Kindling ({@code dev.kindling.*}), never the
	 * JDK's or a library's beyond the first; causes follow as {@code Caused by:} lines.
	 *
	 * @param exception the exception's class name
	 * @param frames the frames, innermost first
	 */
	public record ErrorDetail(String exception, List<String> frames) {

		public static ErrorDetail of(Throwable error) {
			List<String> frames = new java.util.ArrayList<>();
			Throwable t = error;
			for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause()) {
				if (depth > 0) {
					frames.add("Caused by: " + t.getClass().getName());
				}
				StackTraceElement[] trace = t.getStackTrace();
				for (int i = 0; i < trace.length && frames.size() < 100; i++) {
					if (i == 0 || trace[i].getClassName().startsWith("dev.kindling.")) {
						frames.add(frame(trace[i]));
					}
				}
				if (t.getCause() == t) {
					break;
				}
			}
			return new ErrorDetail(error.getClass().getName(), List.copyOf(frames));
		}

		/**
		 * A frame as {@code class.method(File.java:line)}, without the module or class
		 * loader prefix.
		 */
		public static String frame(StackTraceElement frame) {
			String at = frame.getClassName() + "." + frame.getMethodName();
			if (frame.isNativeMethod()) {
				return at + "(Native Method)";
			}
			if (frame.getFileName() == null) {
				return at + "(Unknown Source)";
			}
			return at + "(" + frame.getFileName() + (frame.getLineNumber() >= 0 ? ":" + frame.getLineNumber() : "")
					+ ")";
		}

	}

	/**
	 * What an attempt logged on its executor.
	 *
	 * @param lines its newest lines, oldest first
	 * @param dropped the older lines dropped to keep within the bound
	 */
	public record Log(List<String> lines, int dropped) {
	}

	public TaskReport {
		if (state == null) {
			throw new IllegalArgumentException("state is required (SUCCEEDED, FAILED or KILLED)");
		}
		if (attemptId == null || jobId == null) {
			throw new IllegalArgumentException("attemptId and jobId are required");
		}
	}

	/** How a task attempt ended. */
	public enum State {

		/** It ran to the end; {@code result} holds its output. */
		SUCCEEDED,
		/** It failed; {@code error} says why. */
		FAILED,
		/** It was stopped on the driver's request. */
		KILLED

	}

	/**
	 * @param rowsIn rows read
	 * @param rowsOut rows produced
	 * @param bytesIn bytes read from files
	 * @param shuffleBytesRead bytes fetched from shuffles
	 * @param shuffleBytesWritten bytes written to the shuffle
	 * @param durationMs time spent running
	 * @param shuffleRemoteBytesRead the shuffle bytes fetched from other executor
	 * processes
	 * @param slot the executor slot (0 to slots - 1) the attempt ran on, or null when the
	 * executor did not say (the stage page draws its timeline per slot from it)
	 * @param spills how many times the attempt spilled to local disk: its operators (a
	 * sort's run, an aggregation's or a join's partitions cut into files) and its shuffle
	 * writer together (0 when absent, from a sender before protocol 5)
	 * @param spillBytes the bytes those spills wrote to local disk, operators and shuffle
	 * writer together (Spark's {@code diskBytesSpilled}; 0 when absent)
	 */
	public record Metrics(long rowsIn, long rowsOut, long bytesIn, long shuffleBytesRead, long shuffleBytesWritten,
			long durationMs, long shuffleRemoteBytesRead, Integer slot, Long spills, Long spillBytes) {

		/**
		 * Boxed so that a report without them (JSON that lacks the fields) reads as no
		 * spill rather than failing; never null once made.
		 */
		public Metrics {
			spills = (spills != null) ? spills : 0L;
			spillBytes = (spillBytes != null) ? spillBytes : 0L;
		}

		/** Counters without spills. */
		public Metrics(long rowsIn, long rowsOut, long bytesIn, long shuffleBytesRead, long shuffleBytesWritten,
				long durationMs, long shuffleRemoteBytesRead, Integer slot) {
			this(rowsIn, rowsOut, bytesIn, shuffleBytesRead, shuffleBytesWritten, durationMs, shuffleRemoteBytesRead,
					slot, 0L, 0L);
		}

		/** Counters that do not say which slot ran the attempt, nor any spill. */
		public Metrics(long rowsIn, long rowsOut, long bytesIn, long shuffleBytesRead, long shuffleBytesWritten,
				long durationMs, long shuffleRemoteBytesRead) {
			this(rowsIn, rowsOut, bytesIn, shuffleBytesRead, shuffleBytesWritten, durationMs, shuffleRemoteBytesRead,
					null, 0L, 0L);
		}

		Metrics onSlot(int slotIndex) {
			return new Metrics(this.rowsIn, this.rowsOut, this.bytesIn, this.shuffleBytesRead, this.shuffleBytesWritten,
					this.durationMs, this.shuffleRemoteBytesRead, slotIndex, this.spills, this.spillBytes);
		}

	}

	/**
	 * The same report, made on the given executor slot (carried in its metrics). Every
	 * other component is kept, {@code resultTooLarge} included: without it the driver
	 * reads a task stopped at its result budget as an ordinary failure.
	 */
	public TaskReport onSlot(int slotIndex) {
		Metrics m = this.metrics == null ? new Metrics(0, 0, 0, 0, 0, 0, 0) : this.metrics;
		return new TaskReport(this.attemptId, this.jobId, this.stageId, this.stageAttempt, this.partition, this.attempt,
				this.executorId, this.state, this.error, this.deterministic, this.fetchFailure, m.onSlot(slotIndex),
				this.result, this.cached, this.resultTooLarge, this.errorDetail, this.log);
	}

	/**
	 * @param count a partial count
	 * @param schema column names and types of {@code rows}
	 * @param rows rows as arrays in schema order
	 * @param files a write attempt's files, relative to its staging folder
	 * @param blockBytes map output: bytes per reduce partition
	 */
	public record Result(Long count, List<Column> schema, List<List<Object>> rows, List<String> files,
			List<Long> blockBytes) {
	}

	/** A column of a result. */
	public record Column(String name, String type) {
	}

	/**
	 * A cached partition.
	 *
	 * @param key the cached dataset
	 * @param partition the partition
	 * @param bytes its size in memory
	 * @param rows its rows
	 */
	public record CachedBlock(String key, int partition, long bytes, long rows) {
	}

	/**
	 * @param stageId the stage whose output was missing
	 * @param mapPartition the map partition
	 * @param executorId the executor that should have had it
	 */
	public record FetchFailure(int stageId, int mapPartition, String executorId) {
	}

}
