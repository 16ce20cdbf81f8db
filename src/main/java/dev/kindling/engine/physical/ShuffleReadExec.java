package dev.kindling.engine.physical;

import java.util.List;

import dev.kindling.engine.types.Schema;

/**
 * Reads this task's partition of the shuffle written by stage {@code stageId}: one block from every
 * map task of that stage, fetched from the executors that hold them.
 */
public record ShuffleReadExec(int stageId, Schema schema) implements PhysicalPlan {

	@Override
	public List<PhysicalPlan> children() {
		return List.of();
	}

	@Override
	public String describe() {
		return "ShuffleRead stage " + this.stageId;
	}

}
