package dev.kindling.engine.physical;

import java.util.List;
import java.util.stream.Collectors;

import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.types.Schema;

/**
 * Computes the output columns from each row.
 *
 * @param exprs the expressions as written, for printing
 * @param bound the same expressions bound to the child's schema, for running
 */
public record ProjectExec(PhysicalPlan child, List<NamedExpr> exprs, List<BoundExpr> bound,
		Schema schema) implements PhysicalPlan {

	public ProjectExec {
		exprs = List.copyOf(exprs);
		bound = List.copyOf(bound);
		if (exprs.size() != bound.size() || bound.size() != schema.size()) {
			throw new IllegalArgumentException("a projection needs one bound expression per output column");
		}
	}

	/** A projection with {@code exprs} bound to the child's output. */
	public static ProjectExec of(PhysicalPlan child, List<NamedExpr> exprs, Schema schema) {
		return new ProjectExec(child, exprs, exprs.stream().map((e) -> Binder.bind(e.expr(), child.schema())).toList(),
				schema);
	}

	@Override
	public List<PhysicalPlan> children() {
		return List.of(this.child);
	}

	@Override
	public String describe() {
		return "Project " + this.exprs.stream()
			.map(e -> e.expr().sql().equals(e.outputName()) ? e.outputName() : e.expr().sql() + " AS " + e.outputName())
			.collect(Collectors.joining(", "));
	}

}
