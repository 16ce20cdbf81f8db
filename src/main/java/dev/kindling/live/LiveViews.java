package dev.kindling.live;

import java.time.Instant;
import java.util.List;

import dev.kindling.state.JobStatus;
import dev.kindling.job.JobViews.Progress;
import dev.kindling.state.StageStatus;

/**
 * The documents of the live streams that the job API has no record for. A {@code job}
 * event carries a job document (without stages while the job runs; the job stream's last
 * one is the whole document), a {@code task} event a task attempt document, as the job
 * API shows them.
 */
public final class LiveViews {

	private LiveViews() {
	}

	/**
	 * A stage's state and counts ({@code stage} events); its spills as the job API's
	 * stage document sums them.
	 */
	public record StageUpdate(String jobId, int id, StageStatus status, int attempt, String kind, int numTasks,
			List<Integer> parents, Progress progress, long shuffleBytesWritten, long shuffleBytesRead, long spills,
			long spillBytes, Instant submittedAt, Instant finishedAt) {
	}

	/**
	 * A job's counts, the same as its document's {@code progress} ({@code progress}
	 * events).
	 */
	public record ProgressUpdate(String jobId, JobStatus status, Progress progress) {
	}

	/** An event stored in the events table ({@code event} events). */
	public record EventUpdate(String jobId, String executorId, Instant at, String type, String message) {
	}

	/**
	 * The start of a snapshot: what follows, up to the event that carries
	 * {@code position} as its id, is the state as of that position, read from the
	 * database.
	 *
	 * @param position the sequence number the snapshot is as of
	 * @param reason {@code connect} (no Last-Event-ID), {@code resume-unavailable} (the
	 * events after it are no longer held, or it is from another run of the driver) or
	 * {@code behind} (the client read too slowly to be kept up to date)
	 */
	public record Snapshot(long position, String reason) {
	}

}
