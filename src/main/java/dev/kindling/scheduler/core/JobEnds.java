package dev.kindling.scheduler.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kindling.engine.exec.OutputCommit;
import dev.kindling.state.JobStatus;
import dev.kindling.state.StageStatus;
import dev.kindling.state.TaskStatus;

/**
 * How a job ends: its result combined (or refused past the result-size cap), a failure, a
 * cancel that waits for its running attempts to stop. The end is recorded with the store;
 * the job is forgotten and its waiters released only when the store says the end is
 * stored, on the store's thread and then under the scheduler's lock. Not thread-safe: the
 * {@link SchedulerCore}'s lock guards it.
 */
final class JobEnds {

	private static final Logger log = LoggerFactory.getLogger(JobEnds.class);

	private final DagScheduler dag;

	private final ResultEncoder encoder;

	/** Runs an acknowledgement under the scheduler's lock (stores complete elsewhere). */
	private final Executor locked;

	JobEnds(DagScheduler dag, ResultEncoder encoder, Executor locked) {
		this.dag = dag;
		this.encoder = encoder;
		this.locked = locked;
	}

	void finish(ActiveJob job) {
		String output = job.inputs.writePath();
		if (output != null && !job.writeIgnored()) {
			if (job.committing) {
				return;
			}
			job.committing = true;
			List<OutputCommit.AttemptFiles> files = new ArrayList<>();
			for (StageRun.Partition p : job.resultStage().parts) {
				if (p.result != null && p.resultAttempt != null) {
					files.add(new OutputCommit.AttemptFiles(p.resultAttempt, p.result.files()));
				}
			}
			boolean overwrite = "overwrite".equals(job.inputs.pinned().action().mode());
			CompletableFuture<Void> commit;
			try {
				commit = this.dag.committer.commit(job.id, output, overwrite, files);
			}
			catch (RuntimeException ex) {
				commit = CompletableFuture.failedFuture(ex);
			}
			commit.whenComplete((ok, failure) -> this.locked.execute(() -> committed(job, failure)));
			return;
		}
		succeed(job);
	}

	/** A write job's commit ended. */
	private void committed(ActiveJob job, Throwable failure) {
		job.committing = false;
		if (!job.isLive()) {
			return;
		}
		if (failure != null) {
			Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
					? failure.getCause() : failure;
			fail(job, "the output could not be committed: " + cause.getMessage());
			return;
		}
		succeed(job);
	}

	private void succeed(ActiveJob job) {
		String json = this.encoder.encode(job.result());
		if (json.length() > this.dag.settings.maxResultBytes()) {
			fail(job, ResultBudget.tooLarge(job.resultStage().parts.length, json.length(),
					this.dag.settings.maxResultBytes()));
			return;
		}
		end(job, JobStatus.SUCCEEDED, json, null);
	}

	void fail(ActiveJob job, String error) {
		if (!job.isLive()) {
			return;
		}
		killRunning(job);
		end(job, JobStatus.FAILED, null, error);
	}

	/** Drops the job's queued attempts and asks executors to kill its running ones. */
	private void killRunning(ActiveJob job) {
		for (StageRun stage : job.stages) {
			if (stage.taskSet != null) {
				this.dag.abort(stage.taskSet);
			}
		}
		for (Attempt a : List.copyOf(this.dag.running)) {
			if (a.job == job) {
				this.dag.cluster.kill(a.executorId, a.id);
			}
		}
	}

	/** Cancels a job; the future completes with its status once that is stored. */
	CompletableFuture<JobStatus> cancel(ActiveJob job) {
		if (job.settled != null) {
			return job.settled;
		}
		if (job.committing) {
			// Every task has succeeded and the output is being committed: the job ends as
			// the commit does.
			return job.finished.thenApply(v -> job.status());
		}
		if (this.dag.admission.isWaiting(job)) {
			end(job, JobStatus.CANCELLED, null, null);
			return job.settled;
		}
		job.moveTo(JobStatus.CANCELLING);
		job.settled = this.dag.store.jobCancelling(job.id, this.dag.clock.instant())
			.thenApply(v -> JobStatus.CANCELLING);
		killRunning(job);
		checkCancelled(job);
		return job.settled;
	}

	/** Ends a cancelling job once none of its attempts runs any more. */
	void checkCancelled(ActiveJob job) {
		if (job.status() == JobStatus.CANCELLING && job.running == 0) {
			end(job, JobStatus.CANCELLED, null, null);
		}
	}

	/**
	 * Records the job's end and frees what it held; tells whoever waits only once the
	 * store has it.
	 */
	void end(ActiveJob job, JobStatus status, String resultJson, String error) {
		Instant now = this.dag.clock.instant();
		job.moveTo(status);
		for (StageRun stage : job.stages) {
			if (status != JobStatus.SUCCEEDED && !stage.complete()
					&& (stage.status() == StageStatus.WAITING || stage.status() == StageStatus.RUNNING)) {
				this.dag.moveStage(job, stage,
						status == JobStatus.CANCELLED ? StageStatus.CANCELLED : StageStatus.FAILED, now);
			}
			if (stage.taskSet != null) {
				this.dag.abort(stage.taskSet);
			}
		}
		for (Attempt a : List.copyOf(this.dag.running)) {
			if (a.job == job) {
				this.dag.ended(a, TaskStatus.KILLED, "the job ended", null, null);
			}
		}
		this.dag.cluster.dropJob(job.id);
		if (status != JobStatus.SUCCEEDED && job.inputs.writePath() != null && !job.writeIgnored()) {
			this.dag.committer.abort(job.id, job.inputs.writePath());
		}
		if (error != null) {
			log.info("Job {} {}: {}", job.id, status, error);
		}
		CompletableFuture<Void> stored = this.dag.store.jobEnded(job.id, status, now, resultJson, error,
				ResultBudget.dropOutputs(job, status));
		job.settled = stored.thenApply(v -> status);
		stored.whenComplete((ok, refused) -> this.locked.execute(() -> acknowledge(job, status, now, refused)));
		for (ActiveJob next : this.dag.admission.release(job)) {
			this.dag.schedule(next);
		}
	}

	/** The job's end is stored: forget the job and release whoever waits for it. */
	private void acknowledge(ActiveJob job, JobStatus status, Instant at, Throwable refused) {
		if (refused != null) {
			// The database refused the end itself (a result it cannot store): record the
			// failure instead, so the job does not run again after a restart.
			log.error("Job {}'s end ({}) could not be stored: {}", job.id, status, refused.toString());
			if (status != JobStatus.FAILED) {
				this.dag.store
					.jobEnded(job.id, JobStatus.FAILED, at, null, "the job's result could not be stored", true)
					.whenComplete(
							(ok, again) -> this.locked.execute(() -> acknowledge(job, JobStatus.FAILED, at, again)));
				return;
			}
		}
		this.dag.active.remove(job.id);
		this.dag.listener.jobEnded(job.id, status, Duration.between(job.submittedAt, at));
		job.finished.complete(null);
	}

}
