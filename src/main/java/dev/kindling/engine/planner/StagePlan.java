package dev.kindling.engine.planner;

import java.util.ArrayList;
import java.util.List;

import dev.kindling.engine.physical.FileScanExec;
import dev.kindling.engine.physical.PhysicalPlan;
import dev.kindling.engine.physical.ShuffleReadExec;

/**
 * One stage: the physical plan its tasks run, where its output goes, the stages it reads
 * shuffles from, and how many tasks (partitions) it has.
 */
public record StagePlan(int id, PhysicalPlan root, StageOutput output, List<Integer> parents, int partitions) {

	public StagePlan {
		parents = List.copyOf(parents);
	}

	/** The CSV scan this stage reads splits of, or null when it reads only shuffles. */
	public FileScanExec scan() {
		return find(this.root);
	}

	private static FileScanExec find(PhysicalPlan plan) {
		if (plan instanceof FileScanExec scan) {
			return scan;
		}
		if (plan instanceof dev.kindling.engine.physical.CacheReadExec read) {
			return find(read.lineage());
		}
		for (PhysicalPlan child : plan.children()) {
			FileScanExec found = find(child);
			if (found != null) {
				return found;
			}
		}
		return null;
	}

	/** The cache this stage reads from, or null. */
	public String cacheRead() {
		return findCacheRead(this.root);
	}

	private static String findCacheRead(PhysicalPlan plan) {
		if (plan instanceof dev.kindling.engine.physical.CacheReadExec read) {
			return read.key();
		}
		for (PhysicalPlan child : plan.children()) {
			String key = findCacheRead(child);
			if (key != null) {
				return key;
			}
		}
		return null;
	}

	/** The shuffle reads of this stage. */
	public List<ShuffleReadExec> shuffleReads() {
		List<ShuffleReadExec> out = new ArrayList<>();
		collect(this.root, out);
		if (this.output instanceof StageOutput.Range range) {
			out.add(range.sample());
		}
		return out;
	}

	private static void collect(PhysicalPlan plan, List<ShuffleReadExec> out) {
		if (plan instanceof ShuffleReadExec read) {
			out.add(read);
		}
		plan.children().forEach(c -> collect(c, out));
	}

	public boolean isResult() {
		return this.output instanceof StageOutput.Result;
	}

}
