package dev.kindling.scheduler.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kindling.engine.logical.Join.JoinType;
import dev.kindling.engine.physical.HashJoinExec;
import dev.kindling.engine.physical.PhysicalPlan;
import dev.kindling.engine.physical.ShuffleReadExec;
import dev.kindling.engine.planner.StageOutput;
import dev.kindling.state.EventType;

/**
 * Which reduce stages adaptive execution may change, and what it sees of them: a stage
 * that reads only hash shuffles of the planned number of partitions (no file splits, no
 * cached input; a broadcast side is read whole whatever happens), none of which the job
 * asked for by number ({@code repartition(n)}, which Spark keeps too). A stage whose
 * reads are the two sides of a join may also have a skewed partition split, on the sides
 * its join type allows (as Spark's {@code OptimizeSkewedJoin}: left of inner, left outer,
 * semi and anti joins; right of inner and right outer ones), or be turned into a
 * broadcast join when a side its join type lets be built turned out small (then its tasks
 * prefer the executor holding the big side's map outputs they read).
 */
final class AdaptiveStages {

	private AdaptiveStages() {
	}

	/**
	 * Adaptive execution, once per stage, before its first task: its tasks as the sizes
	 * its map stages reported make them, stored before any of them is (so a restarted
	 * driver runs the same tasks), one event per change.
	 */
	static void adapt(DagScheduler dag, ActiveJob job, StageRun stage) {
		int slots = 0;
		for (String executor : dag.cluster.aliveIds()) {
			slots += Math.max(0, dag.cluster.slots(executor));
		}
		AdaptiveRules.Decision decision = decide(job, stage, Math.max(1, slots), dag.settings.adaptive());
		if (decision == null || !decision.changed()) {
			stage.adapt(null, List.of());
			return;
		}
		stage.adapt(decision.slices(), decision.changes(), decision.broadcast());
		dag.store.stageAdapted(job.id, stage.id(), stage.parts.length,
				ReduceSlice.encode(decision.slices(), decision.broadcast()), String.join("\n", decision.changes()));
		for (String change : decision.changes()) {
			EventType type = decision.broadcast() != null ? EventType.JOIN_CONVERTED_TO_BROADCAST
					: change.contains(" split into ") ? EventType.SKEWED_PARTITION_SPLIT
							: EventType.PARTITIONS_COALESCED;
			dag.listener.event(type, job.id, null, change);
		}
	}

	/**
	 * What adaptive execution decides for a stage whose parents are complete, or null
	 * when it may not change it.
	 */
	static AdaptiveRules.Decision decide(ActiveJob job, StageRun stage, int parallelism,
			AdaptiveRules.Settings settings) {
		int partitions = stage.plan.partitions();
		if (!settings.enabled() || partitions < 2 || stage.plan.scan() != null || stage.cacheKey != null) {
			return null;
		}
		Map<Integer, ShuffleReadExec> reads = new LinkedHashMap<>();
		for (ShuffleReadExec read : stage.plan.shuffleReads()) {
			if (!read.broadcast()) {
				reads.put(read.stageId(), read);
			}
		}
		if (reads.isEmpty()) {
			return null;
		}
		for (int parent : reads.keySet()) {
			StageRun p = job.stages[parent];
			if (!(p.plan.output() instanceof StageOutput.Shuffle shuffle) || shuffle.fixed()
					|| shuffle.partitions() != partitions) {
				return null;
			}
			for (StageRun.Partition map : p.parts) {
				if (map.blockBytes == null) {
					return null;
				}
			}
		}
		HashJoinExec join = join(stage.plan.root());
		List<AdaptiveRules.Side> sides = new ArrayList<>();
		boolean isJoin = join != null && reads.size() == 2;
		if (isJoin) {
			JoinType type = join.type();
			// a side may be split where the other may be built: both keep each row of
			// the split (streamed) side whole with every row of the other
			boolean buildRight = AdaptiveRules.canBuildRight(type);
			boolean buildLeft = AdaptiveRules.canBuildLeft(type);
			sides.add(side(job, ((ShuffleReadExec) join.left()).stageId(), buildRight, buildLeft));
			sides.add(side(job, ((ShuffleReadExec) join.right()).stageId(), buildLeft, buildRight));
		}
		else {
			for (int parent : reads.keySet()) {
				sides.add(side(job, parent, false, false));
			}
		}
		return AdaptiveRules.plan(stage.id(), partitions, sides, isJoin, parallelism, settings);
	}

	private static AdaptiveRules.Side side(ActiveJob job, int stageId, boolean splittable, boolean buildable) {
		StageRun.Partition[] maps = job.stages[stageId].parts;
		long[][] bytes = new long[maps.length][];
		for (int m = 0; m < maps.length; m++) {
			bytes[m] = maps[m].blockBytes;
		}
		return new AdaptiveRules.Side(stageId, bytes, splittable, buildable);
	}

	/**
	 * For a task of a join turned into a broadcast join, the executor holding the most
	 * bytes of the big side's map outputs it reads (Spark's local shuffle read prefers
	 * it); null for any other task.
	 */
	static String mapOutputHolder(ActiveJob job, StageRun stage, int task) {
		if (stage.broadcastBuild == null || stage.slices == null || task >= stage.slices.size()
				|| stage.slices.get(task).ranges().isEmpty()) {
			return null;
		}
		ReduceSlice.MapRange range = stage.slices.get(task).ranges().get(0);
		StageRun.Partition[] maps = job.stages[range.stageId()].parts;
		Map<String, Long> held = new LinkedHashMap<>();
		for (int m = range.start(); m < range.end() && m < maps.length; m++) {
			StageRun.Partition map = maps[m];
			if (map.outputExecutor != null) {
				long bytes = 1;
				for (long b : map.blockBytes == null ? new long[0] : map.blockBytes) {
					bytes += b;
				}
				held.merge(map.outputExecutor, bytes, Long::sum);
			}
		}
		String holder = null;
		for (Map.Entry<String, Long> e : held.entrySet()) {
			if (holder == null || e.getValue() > held.get(holder)) {
				holder = e.getKey();
			}
		}
		return holder;
	}

	/** The shuffled join (both inputs read from shuffles) of a stage's plan, or null. */
	private static HashJoinExec join(PhysicalPlan plan) {
		if (plan instanceof HashJoinExec j && !j.broadcast() && j.left() instanceof ShuffleReadExec l
				&& j.right() instanceof ShuffleReadExec r && !l.broadcast() && !r.broadcast()
				&& l.stageId() != r.stageId()) {
			return j;
		}
		for (PhysicalPlan child : plan.children()) {
			HashJoinExec found = join(child);
			if (found != null) {
				return found;
			}
		}
		return null;
	}

}
