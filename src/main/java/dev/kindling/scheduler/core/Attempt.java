package dev.kindling.scheduler.core;

import java.time.Instant;
import java.util.List;

import dev.kindling.state.TaskStatus;

/**
 * One try of one partition in one stage attempt. Its id carries the driver's epoch, so
 * ids stay unique across driver restarts whatever was stored before.
 */
public final class Attempt {

	final ActiveJob job;

	final StageRun stage;

	final StageRun.Partition part;

	final TaskSetManager set;

	final String id;

	final int stageAttempt;

	final int number;

	/** A speculative copy racing the partition's current attempt. */
	final boolean copy;

	/** Executors it must not run on: where its partition failed, or its original runs. */
	final List<String> avoid;

	/** The live executor holding its cached input partition, if any. */
	String preferredExecutor;

	private TaskStatus status = TaskStatus.QUEUED;

	String executorId;

	Instant startedAt;

	/** Failed because a shuffle input was missing: not its executor's fault. */
	boolean fetchFailed;

	Attempt(TaskSetManager set, StageRun.Partition part, int number, boolean copy, List<String> avoid, String epoch) {
		this.set = set;
		this.job = set.job;
		this.stage = set.stage;
		this.part = part;
		this.stageAttempt = set.stageAttempt;
		this.number = number;
		this.copy = copy;
		this.avoid = avoid;
		this.id = this.job.id + ":" + this.stage.id() + "." + this.stageAttempt + ":" + part.index + "." + number + "@"
				+ epoch;
	}

	public String id() {
		return this.id;
	}

	public int partition() {
		return this.part.index;
	}

	public TaskStatus status() {
		return this.status;
	}

	/** The one place an attempt's status changes; refuses a move its machine forbids. */
	void moveTo(TaskStatus next) {
		if (!this.status.canMoveTo(next)) {
			throw new IllegalStateException("attempt " + this.id + " cannot go from " + this.status + " to " + next);
		}
		this.status = next;
	}

	boolean isRunning() {
		return this.status == TaskStatus.RUNNING;
	}

	boolean isQueued() {
		return this.status == TaskStatus.QUEUED;
	}

	@Override
	public String toString() {
		return this.id + " " + this.status;
	}

}
