package dev.kindling.engine.logical;

import java.util.List;

import dev.kindling.engine.types.Schema;

/** The first {@code n} rows (in the child's order, when it has one). */
public record Limit(LogicalPlan child, long n) implements LogicalPlan {

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
		return "Limit " + this.n;
	}

	@Override
	public LogicalPlan withChildren(List<LogicalPlan> children) {
		return new Limit(children.get(0), this.n);
	}

}
