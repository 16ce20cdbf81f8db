package dev.kindling.engine.physical;

import java.util.List;
import java.util.stream.Collectors;

import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.types.Schema;

/**
 * Sorts all rows of its child (one partition) by the keys; with {@code limit} &ge; 0
 * keeps only the first {@code limit} rows (a top-N, which needs memory for N rows only).
 */
public record SortExec(PhysicalPlan child, List<SortKey> keys, long limit) implements PhysicalPlan {

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
		return (this.limit >= 0 ? "TopN " + this.limit + " " : "Sort ") + this.keys.stream()
			.map(k -> k.expr().sql() + (k.ascending() ? " ASC" : " DESC")
					+ (k.nullsFirst() ? " NULLS FIRST" : " NULLS LAST"))
			.collect(Collectors.joining(", "));
	}

}
