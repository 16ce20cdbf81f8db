package dev.kindling.engine.physical;

import java.util.List;

import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.types.Schema;

/** Keeps the rows where the condition is true. */
public record FilterExec(PhysicalPlan child, Expr condition) implements PhysicalPlan {

	@Override
	public Schema schema() {
		return this.child.schema();
	}

	@Override
	public List<PhysicalPlan> children() {
		return List.of(this.child);
	}

	@Override
	public String describe() {
		return "Filter " + this.condition.sql();
	}

}
