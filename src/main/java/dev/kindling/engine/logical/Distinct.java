package dev.kindling.engine.logical;

import java.util.List;

import dev.kindling.engine.types.Schema;

/** Removes duplicate rows. */
public record Distinct(LogicalPlan child) implements LogicalPlan {

	@Override
	public Schema schema() {
		return this.child.schema();
	}

	@Override
	public List<LogicalPlan> children() {
		return List.of(this.child);
	}

	@Override
	public String describe() {
		return "Distinct";
	}

	@Override
	public LogicalPlan withChildren(List<LogicalPlan> children) {
		return new Distinct(children.get(0));
	}

}
