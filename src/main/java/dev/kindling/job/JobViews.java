package dev.kindling.job;

import java.time.Instant;
import java.util.List;

import dev.kindling.state.EventType;
import dev.kindling.state.JobStatus;
import dev.kindling.state.StageStatus;
import dev.kindling.state.TaskStatus;

/** The JSON documents of the job API. */
public final class JobViews {

	private JobViews() {
	}

	/**
	 * Task counts, with one naming scheme for jobs and stages.
	 *
	 * @param totalTasks tasks the job's stages have (one per partition)
	 * @param pendingTasks tasks not yet running or done
	 * @param runningTasks attempts running now
	 * @param succeededTasks attempts that succeeded
	 * @param failedTasks attempts that failed or were lost with their executor
	 * @param killedTasks attempts killed by a cancel or a failed job
	 * @param completedPartitions distinct partitions done, whatever the retries
	 */
	public record Progress(int totalTasks, int pendingTasks, int runningTasks, int succeededTasks, int failedTasks,
			int killedTasks, int completedPartitions) {
	}

	/** Why a job failed, and the field of the job document at fault when there is one. */
	public record JobError(String message, String pointer) {
	}

	/** A job, with the principal that submitted it and its scheduling pool. */
	public record JobView(String id, String name, JobStatus status, Instant submittedAt, Instant startedAt,
			Instant finishedAt, Long durationMs, Progress progress, Object result, JobError error,
			List<StageView> stages, String owner, String pool) {
	}

	/**
	 * A stage of a job; {@code spills} and {@code spillBytes} sum those of all its task
	 * attempts, retries included.
	 */
	public record StageView(int id, StageStatus status, int attempt, String kind, int numTasks, List<Integer> parents,
			Progress progress, long shuffleBytesWritten, long shuffleBytesRead, long spills, long spillBytes,
			Instant submittedAt, Instant finishedAt, String plan) {
	}

	/**
	 * A task attempt; {@code slot} is the executor slot (0 to slots - 1) it ran on, once
	 * its executor reported it; {@code spills} how many times it spilled to local disk
	 * and {@code spillBytes} the bytes those spills wrote (its operators' and its shuffle
	 * writer's together, as Spark's {@code diskBytesSpilled}); {@code errorDetail} for
	 * one that failed on an exception other than a user's error.
	 */
	public record TaskView(String id, int stage, int stageAttempt, int partition, int attempt, TaskStatus status,
			String executorId, Integer slot, Instant queuedAt, Instant startedAt, Instant finishedAt, Long durationMs,
			long rowsIn, long rowsOut, long bytesIn, long shuffleBytesRead, long shuffleRemoteBytesRead,
			long shuffleBytesWritten, long spills, long spillBytes, String error, ErrorDetail errorDetail) {
	}

	/**
	 * The exception a task attempt failed with: its class, its first frame and the frames
	 * inside Kindling.
	 */
	public record ErrorDetail(String exception, List<String> frames) {
	}

	/**
	 * Lines of what a task attempt logged on its executor, as Livy's batch log.
	 *
	 * @param id the attempt
	 * @param from the index of the first line returned
	 * @param size the lines returned
	 * @param total the lines kept
	 * @param dropped older lines dropped on the executor to keep within the bound
	 * @param log the lines
	 */
	public record TaskLogView(String id, int from, int size, int total, int dropped, List<String> log) {
	}

	/** An event in a job's life. */
	public record EventView(long id, Instant at, EventType type, String executorId, String message) {
	}

}
