package dev.kindling.engine.physical;

import java.util.List;
import java.util.stream.Collectors;

import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.types.Schema;

/** Computes the output columns from each row. */
public record ProjectExec(PhysicalPlan child, List<NamedExpr> exprs, Schema schema) implements PhysicalPlan {

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
