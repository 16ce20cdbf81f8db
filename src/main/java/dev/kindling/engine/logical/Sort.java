package dev.kindling.engine.logical;

import java.util.List;
import java.util.stream.Collectors;

import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.types.Schema;

/** Orders all rows globally by {@code keys}. */
public record Sort(LogicalPlan child, List<SortKey> keys) implements LogicalPlan {

	public Sort {
		keys = List.copyOf(keys);
	}

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
		return "Sort " + this.keys.stream()
			.map(k -> k.expr().sql() + (k.ascending() ? " ASC" : " DESC")
					+ (k.nullsFirst() ? " NULLS FIRST" : " NULLS LAST"))
			.collect(Collectors.joining(", "));
	}

	@Override
	public LogicalPlan withChildren(List<LogicalPlan> children) {
		return new Sort(children.get(0), this.keys);
	}

}
