package dev.kindling.scheduler.core;

import java.util.Locale;

import dev.kindling.engine.planner.StageOutput;
import dev.kindling.engine.spec.ActionType;
import dev.kindling.protocol.TaskReport;
import dev.kindling.state.JobStatus;

/**
 * A job's result budget ({@code kindling.driver.max-result-size}, Spark's
 * {@code spark.driver.maxResultSize}): what each task of a collect or show is given, what
 * a report counts against it, what of a partial result is stored, and Spark's words for a
 * job past it. The running total lives in {@link ActiveJob}.
 */
final class ResultBudget {

	/**
	 * The largest partial result stored with its attempt (for a restarted driver to
	 * finish the job without recomputing it): a larger one is kept in memory only, and a
	 * restart computes its partition again, so no row of {@code task_attempts} holds
	 * more.
	 */
	static final int MAX_STORED_OUTPUT_CHARS = 500_000;

	/**
	 * The most characters of partial output, on average per result task, that a succeeded
	 * job's attempts keep stored once it ended: a count's or an aggregate's, a few dozen
	 * per task, stay, since taking them out again rewrites every one of the job's attempt
	 * rows (most of a job's database work when its tasks are many and short); rows
	 * collected are dropped with the job's end.
	 */
	static final int KEPT_OUTPUT_CHARS_PER_TASK = 256;

	private ResultBudget() {
	}

	/**
	 * Whether a job's end drops its attempts' stored partial outputs: always when it did
	 * not succeed (a job refused for its result's size leaves nothing of it behind), and
	 * when they are more than {@link #KEPT_OUTPUT_CHARS_PER_TASK} a task.
	 */
	static boolean dropOutputs(ActiveJob job, JobStatus status) {
		return status != JobStatus.SUCCEEDED || job.resultBytes > (long) KEPT_OUTPUT_CHARS_PER_TASK * job.resultTasks;
	}

	/**
	 * What a task may return, in bytes of JSON: what is left of its job's budget for a
	 * task of a collect or show, null (no bound) for any other.
	 */
	static Long forTask(ActiveJob job, StageRun stage, long maxResultBytes) {
		boolean rows = stage.plan.output() instanceof StageOutput.Result r
				&& (r.action() == ActionType.COLLECT || r.action() == ActionType.SHOW);
		return rows ? Math.max(0, maxResultBytes - job.resultBytes) : null;
	}

	/**
	 * The size a report's result counts against its job's budget: the JSON it brought for
	 * a result-stage task that finished first, or the size a task that stopped at its
	 * budget had reached; -1 when it counts for nothing.
	 */
	static long size(ActiveJob job, StageRun stage, StageRun.Partition part, TaskReport report, String output) {
		if (!stage.plan.isResult() || !job.isLive() || part.done) {
			return -1;
		}
		if (report.state() == TaskReport.State.FAILED && report.resultTooLarge() != null) {
			return report.resultTooLarge();
		}
		return report.state() == TaskReport.State.SUCCEEDED && output != null ? output.length() : -1;
	}

	/** The output stored with a succeeded attempt: itself, or null when it is too big. */
	static String storable(String output) {
		return output != null && output.length() <= MAX_STORED_OUTPUT_CHARS ? output : null;
	}

	/**
	 * Spark's words for a result past {@code spark.driver.maxResultSize}, with Kindling's
	 * setting and a way out.
	 */
	static String tooLarge(int tasks, long bytes, long limit) {
		return "Total size of serialized results of " + tasks + " tasks (" + bytesToString(bytes)
				+ ") is bigger than kindling.driver.max-result-size (" + bytesToString(limit)
				+ "); write the rows out with a write action, or collect fewer of them (maxRows)";
	}

	/** A size as Spark's {@code Utils.bytesToString} prints it ({@code 64.0 MiB}). */
	static String bytesToString(long bytes) {
		String[] units = { "EiB", "PiB", "TiB", "GiB", "MiB", "KiB" };
		for (int i = 0; i < units.length; i++) {
			long unit = 1L << (10 * (6 - i));
			if (bytes >= 2 * unit) {
				return String.format(Locale.ROOT, "%.1f %s", (double) bytes / unit, units[i]);
			}
		}
		return String.format(Locale.ROOT, "%.1f B", (double) bytes);
	}

}
