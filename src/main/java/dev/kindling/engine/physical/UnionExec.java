package dev.kindling.engine.physical;

import java.util.List;

import dev.kindling.engine.types.Schema;

/** The rows of every input, one input after the other; the inputs share the schema. */
public record UnionExec(List<PhysicalPlan> inputs, Schema schema) implements PhysicalPlan {

	public UnionExec {
		inputs = List.copyOf(inputs);
	}

	@Override
	public List<PhysicalPlan> children() {
		return this.inputs;
	}

	@Override
	public String describe() {
		return "Union";
	}

}
