package dev.kindling.scheduler.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.kindling.protocol.MigrationReport;
import dev.kindling.protocol.TaskDescriptor.MapOutputLocation;
import dev.kindling.state.EventType;

/**
 * Executors leaving on purpose, as Spark 3.1+ decommissions them (on SIGTERM, a
 * scale-down, or an operator's drain): a decommissioned executor takes no new task, its
 * parked polls are answered empty, and the attempts that waited for its cached partitions
 * may run anywhere; its running attempts finish (or come back lost when it leaves). The
 * shuffle output it hands to live executors is recorded at its new place, so later reduce
 * tasks read it there, and a running one that misses it asks where it went
 * ({@link #location}); what it could not hand on is recomputed from lineage when it
 * leaves ({@link ExecutorLoss}). Not thread-safe: the {@link SchedulerCore}'s lock guards
 * it.
 */
final class Decommissioning {

	private final DagScheduler dag;

	Decommissioning(DagScheduler dag) {
		this.dag = dag;
	}

	/**
	 * Takes the executor out of scheduling; false when it was already, or is not alive.
	 */
	boolean decommission(String executorId, String reason) {
		if (!this.dag.cluster.decommission(executorId)) {
			return false;
		}
		this.dag.dispatcher.release(executorId);
		for (ActiveJob job : this.dag.active.values()) {
			for (StageRun stage : job.stages) {
				if (stage.taskSet != null) {
					stage.taskSet.executorLost(executorId);
					this.dag.dispatcher.offer(stage.taskSet);
				}
			}
		}
		this.dag.listener.event(EventType.EXECUTOR_DECOMMISSIONING, null, executorId, "executor " + executorId
				+ " is decommissioned (" + reason + "): it takes no new task and hands its blocks on");
		this.dag.dispatcher.dispatch();
		return true;
	}

	/**
	 * Records shuffle output an executor handed on; a move to an executor that does not
	 * take blocks (lost, or leaving too) is ignored, so the output stays where it was and
	 * is recomputed if that one leaves. One event per job.
	 * @return how many moves were recorded
	 */
	int outputsMoved(String fromExecutor, List<MigrationReport.ShuffleOutput> moved) {
		Map<ActiveJob, Moves> byJob = new LinkedHashMap<>();
		for (MigrationReport.ShuffleOutput m : moved) {
			ActiveJob job = this.dag.active.get(m.jobId());
			if (job == null || !job.isLive() || m.stageId() < 0 || m.stageId() >= job.stages.length
					|| !this.dag.cluster.takesTasks(m.executorId())) {
				continue;
			}
			StageRun stage = job.stages[m.stageId()];
			if (stage.plan.isResult() || m.mapPartition() < 0 || m.mapPartition() >= stage.parts.length) {
				continue;
			}
			StageRun.Partition part = stage.parts[m.mapPartition()];
			if (!part.done || !fromExecutor.equals(part.outputExecutor)) {
				continue;
			}
			part.outputExecutor = m.executorId();
			part.outputUrl = this.dag.cluster.url(m.executorId());
			Moves moves = byJob.computeIfAbsent(job, (j) -> new Moves());
			moves.count++;
			moves.stages.add(stage.id());
			moves.targets.add(m.executorId());
		}
		int total = 0;
		for (Map.Entry<ActiveJob, Moves> e : byJob.entrySet()) {
			Moves moves = e.getValue();
			total += moves.count;
			this.dag.listener.event(EventType.SHUFFLE_MIGRATED, e.getKey().id, fromExecutor,
					moves.count + " shuffle output" + (moves.count == 1 ? "" : "s") + " of stage"
							+ (moves.stages.size() == 1 ? " " : "s ") + join(moves.stages) + " moved from "
							+ fromExecutor + " to " + join(moves.targets) + ": reduce tasks read them there");
		}
		return total;
	}

	/**
	 * Where a map output is now, or null when it is not available (not done, not running
	 * here, or on an executor that is gone): a reduce task that could not fetch it from
	 * where it was told asks here before it reports a fetch failure.
	 */
	MapOutputLocation location(String jobId, int stageId, int mapPartition) {
		ActiveJob job = this.dag.active.get(jobId);
		if (job == null || stageId < 0 || stageId >= job.stages.length) {
			return null;
		}
		StageRun stage = job.stages[stageId];
		if (mapPartition < 0 || mapPartition >= stage.parts.length) {
			return null;
		}
		StageRun.Partition part = stage.parts[mapPartition];
		if (!part.done || part.outputExecutor == null || !this.dag.cluster.isAlive(part.outputExecutor)) {
			return null;
		}
		return new MapOutputLocation(mapPartition, part.outputExecutor, part.outputUrl, 0);
	}

	private static String join(Set<?> values) {
		return String.join(", ", values.stream().map(String::valueOf).toList());
	}

	private static final class Moves {

		int count;

		final Set<Integer> stages = new TreeSet<>();

		final Set<String> targets = new TreeSet<>();

	}

}
