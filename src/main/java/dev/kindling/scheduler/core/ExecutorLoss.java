package dev.kindling.scheduler.core;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.kindling.state.EventType;
import dev.kindling.state.JobStatus;

/**
 * What the loss of an executor, or of one attempt on a live one, means for the jobs: its
 * running attempts are lost (run again elsewhere, not counted as failures), its queued
 * attempts that waited for its cached partitions may run anywhere, and the shuffle output
 * it held that a later stage still needs is recomputed from lineage. Not thread-safe: the
 * {@link SchedulerCore}'s lock guards it.
 */
final class ExecutorLoss {

	private final DagScheduler dag;

	ExecutorLoss(DagScheduler dag) {
		this.dag = dag;
	}

	void executorLost(String executorId, String reason) {
		boolean decommissioned = this.dag.cluster.isDecommissioning(executorId);
		this.dag.cluster.forget(executorId);
		Set<ActiveJob> touched = new LinkedHashSet<>();
		for (Attempt a : List.copyOf(this.dag.running)) {
			if (executorId.equals(a.executorId)) {
				this.dag.lose(a, "executor " + executorId + " lost: " + reason);
				touched.add(a.job);
			}
		}
		for (ActiveJob job : this.dag.active.values()) {
			for (StageRun stage : job.stages) {
				if (stage.taskSet != null) {
					stage.taskSet.executorLost(executorId);
				}
				if (stage.plan.isResult() || !job.isLive() || !DagScheduler.stillNeeded(job, stage)) {
					continue;
				}
				int left = 0;
				for (StageRun.Partition part : stage.parts) {
					if (part.done && executorId.equals(part.outputExecutor)) {
						this.dag.lostMapOutput(job, stage.id(), part.index, executorId, !decommissioned);
						touched.add(job);
						left++;
					}
				}
				if (decommissioned && left > 0) {
					this.dag.listener.event(EventType.SHUFFLE_RECOMPUTED, job.id, executorId,
							left + " shuffle output" + (left == 1 ? "" : "s") + " of stage " + stage.id()
									+ " left with decommissioned executor " + executorId + ": recomputed from lineage");
				}
			}
		}
		reschedule(touched);
	}

	/**
	 * Declares lost the attempts an executor no longer runs: one running for longer than
	 * the grace that is missing from a heartbeat its executor sent after that grace (it
	 * was lost there without a report, or the answer that carried it never arrived), and
	 * one still marked running on an executor that is gone.
	 */
	void reconcile() {
		Instant now = this.dag.clock.instant();
		Duration grace = this.dag.settings.lostAttemptGrace();
		Set<ActiveJob> touched = new LinkedHashSet<>();
		for (Attempt a : List.copyOf(this.dag.running)) {
			if (a.startedAt == null || Duration.between(a.startedAt, now).compareTo(grace) < 0) {
				continue;
			}
			boolean gone = !this.dag.cluster.isAlive(a.executorId);
			Instant beat = this.dag.cluster.lastHeartbeat(a.executorId);
			if (!gone && (beat == null || beat.isBefore(a.startedAt.plus(grace))
					|| this.dag.cluster.runs(a.executorId, a.id))) {
				continue;
			}
			this.dag.lose(a, "executor " + a.executorId + (gone ? " is gone" : " no longer runs this attempt"));
			this.dag.listener.event(EventType.TASK_LOST, a.job.id, a.executorId,
					"attempt " + a.id + " vanished from its executor");
			touched.add(a.job);
		}
		reschedule(touched);
	}

	private void reschedule(Set<ActiveJob> jobs) {
		for (ActiveJob job : jobs) {
			if (job.status() == JobStatus.CANCELLING) {
				this.dag.ends.checkCancelled(job);
			}
			else {
				this.dag.schedule(job);
			}
		}
	}

}
