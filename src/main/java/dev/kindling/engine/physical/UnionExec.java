package dev.kindling.engine.physical;

import java.util.List;

import dev.kindling.engine.types.Schema;

/**
 * The rows of its first child, then those of its second: the two sides of a union, read
 * from their shuffles into the same partition. Both children have the schema.
 */
public record UnionExec(PhysicalPlan left, PhysicalPlan right, Schema schema) implements PhysicalPlan {

	@Override
	public List<PhysicalPlan> children() {
		return List.of(this.left, this.right);
	}

	@Override
	public String describe() {
		return "Union";
	}

}
