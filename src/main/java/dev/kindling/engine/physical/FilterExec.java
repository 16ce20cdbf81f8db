package dev.kindling.engine.physical;

import java.util.List;
import java.util.Objects;

import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.types.Schema;

/**
 * Keeps the rows where the condition is true.
 *
 * @param condition the condition as written, for printing
 * @param predicate the condition bound to the child's schema, for running
 */
public record FilterExec(PhysicalPlan child, Expr condition, BoundExpr predicate) implements PhysicalPlan {

	public FilterExec {
		Objects.requireNonNull(predicate, "predicate");
	}

	/** A filter with {@code condition} bound to the child's output. */
	public static FilterExec of(PhysicalPlan child, Expr condition) {
		return new FilterExec(child, condition, Binder.bind(condition, child.schema()));
	}

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
