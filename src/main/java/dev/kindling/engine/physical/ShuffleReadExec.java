package dev.kindling.engine.physical;

import java.util.List;

import dev.kindling.engine.types.Schema;

/**
 * Reads this task's partition of the shuffle written by stage {@code stageId}: one block
 * from every map task of that stage, fetched from the executors that hold them. A
 * {@code broadcast} read takes the whole (single-partition) output of that stage in every
 * task, for a broadcast join.
 */
public record ShuffleReadExec(int stageId, Schema schema, boolean broadcast) implements PhysicalPlan {

	public ShuffleReadExec(int stageId, Schema schema) {
		this(stageId, schema, false);
	}

	@Override
	public List<PhysicalPlan> children() {
		return List.of();
	}

	@Override
	public String describe() {
		return (this.broadcast ? "BroadcastRead stage " : "ShuffleRead stage ") + this.stageId;
	}

}
