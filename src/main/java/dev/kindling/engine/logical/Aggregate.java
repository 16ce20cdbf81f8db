package dev.kindling.engine.logical;

import java.util.List;
import java.util.stream.Collectors;

import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.types.Schema;

/**
 * Groups rows by {@code keys} and computes {@code aggregates} (each an aggregate call)
 * per group; no keys means one global group. Output: the keys, then the aggregates.
 */
public record Aggregate(LogicalPlan child, List<NamedExpr> keys, List<NamedExpr> aggregates,
		Schema schema) implements LogicalPlan {

	public Aggregate {
		keys = List.copyOf(keys);
		aggregates = List.copyOf(aggregates);
	}

	@Override
	public List<LogicalPlan> children() {
		return List.of(this.child);
	}

	@Override
	public String describe() {
		return "Aggregate keys=[" + this.keys.stream().map(Project::show).collect(Collectors.joining(", "))
				+ "] aggregates=[" + this.aggregates.stream().map(Project::show).collect(Collectors.joining(", "))
				+ "]";
	}

	@Override
	public LogicalPlan withChildren(List<LogicalPlan> children) {
		return new Aggregate(children.get(0), this.keys, this.aggregates, this.schema);
	}

}
