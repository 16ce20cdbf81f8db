package dev.kindling.engine.logical;

import java.util.List;

import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.types.Schema;

/** Keeps the rows for which {@code condition} is true. */
public record Filter(LogicalPlan child, Expr condition) implements LogicalPlan {

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
		return "Filter " + this.condition.sql();
	}

	@Override
	public LogicalPlan withChildren(List<LogicalPlan> children) {
		return new Filter(children.get(0), this.condition);
	}

}
