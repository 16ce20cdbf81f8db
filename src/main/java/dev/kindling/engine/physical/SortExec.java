package dev.kindling.engine.physical;

import java.util.List;
import java.util.stream.Collectors;

import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.types.Schema;

/**
 * Sorts all rows of its child (one partition) by the keys; with {@code limit} &ge; 0
 * keeps only the first {@code limit} rows (a top-N, which needs memory for N rows only).
 *
 * @param keys the keys as written, with their directions
 * @param bound each key's expression bound to the child's schema
 */
public record SortExec(PhysicalPlan child, List<SortKey> keys, List<BoundExpr> bound,
		long limit) implements PhysicalPlan {

	public SortExec {
		keys = List.copyOf(keys);
		bound = List.copyOf(bound);
		if (keys.size() != bound.size()) {
			throw new IllegalArgumentException("a sort needs one bound expression per key");
		}
	}

	/** A sort with its keys bound to the child's output. */
	public static SortExec of(PhysicalPlan child, List<SortKey> keys, long limit) {
		return new SortExec(child, keys, keys.stream().map((k) -> Binder.bind(k.expr(), child.schema())).toList(),
				limit);
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
		return (this.limit >= 0 ? "TopN " + this.limit + " " : "Sort ") + this.keys.stream()
			.map(k -> k.expr().sql() + (k.ascending() ? " ASC" : " DESC")
					+ (k.nullsFirst() ? " NULLS FIRST" : " NULLS LAST"))
			.collect(Collectors.joining(", "));
	}

}
