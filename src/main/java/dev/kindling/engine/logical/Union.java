package dev.kindling.engine.logical;

import java.util.List;

import dev.kindling.engine.types.Schema;

/**
 * All rows of every child ({@code UNION ALL}); the children have the same columns (names
 * and types), which are the output's.
 */
public record Union(List<LogicalPlan> inputs, Schema schema) implements LogicalPlan {

	public Union {
		inputs = List.copyOf(inputs);
		if (inputs.size() < 2) {
			throw new IllegalArgumentException("a union needs two or more inputs");
		}
		for (LogicalPlan input : inputs) {
			if (!input.schema().equals(schema)) {
				throw new IllegalArgumentException("union inputs must have the union's columns");
			}
		}
	}

	@Override
	public List<LogicalPlan> children() {
		return this.inputs;
	}

	@Override
	public String describe() {
		return "Union";
	}

	@Override
	public LogicalPlan withChildren(List<LogicalPlan> children) {
		return new Union(children, children.get(0).schema());
	}

}
