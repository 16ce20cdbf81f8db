package dev.kindling.scheduler.core;

import java.time.Duration;
import java.time.Instant;

import dev.kindling.state.EventType;
import dev.kindling.state.JobStatus;
import dev.kindling.state.StageStatus;

/**
 * Speculative execution, when it is switched on: each running stage's task set names its
 * stragglers, and each gets a copy queued to run on another executor; whichever finishes
 * first wins and the other is killed ({@link DagScheduler#report}). Not thread-safe: the
 * {@link SchedulerCore}'s lock guards it.
 */
final class Speculator {

	private final DagScheduler dag;

	Speculator(DagScheduler dag) {
		this.dag = dag;
	}

	/** Launches copies of stragglers, when speculation is on. */
	void speculate() {
		if (!this.dag.settings.speculation().enabled() || this.dag.cluster.aliveCount() < 2) {
			return;
		}
		Instant now = this.dag.clock.instant();
		boolean launched = false;
		for (ActiveJob job : this.dag.active.values()) {
			if (job.status() != JobStatus.RUNNING) {
				continue;
			}
			for (StageRun stage : job.stages) {
				TaskSetManager set = stage.taskSet;
				if (set == null || stage.status() != StageStatus.RUNNING) {
					continue;
				}
				for (StageRun.Partition part : set.stragglers(now, this.dag.settings.speculation())) {
					Attempt original = part.current;
					part.copy = this.dag.queue(set, part, true, now);
					this.dag.listener.event(EventType.TASK_SPECULATED, job.id, original.executorId,
							"attempt " + original.id + " runs " + Duration.between(original.startedAt, now).toMillis()
									+ " ms (median " + set.medianMillis() + " ms); a copy runs on another executor");
					this.dag.dispatcher.offer(set);
					launched = true;
				}
			}
		}
		if (launched) {
			this.dag.dispatcher.dispatch();
		}
	}

}
