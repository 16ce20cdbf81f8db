package dev.kindling.engine.expr;

import java.util.Objects;

/**
 * One key of an ordering. Spark's defaults: ascending puts nulls first, descending puts
 * them last.
 */
public record SortKey(Expr expr, boolean ascending, boolean nullsFirst) {

	public SortKey {
		Objects.requireNonNull(expr, "expr");
	}

	/** A key with Spark's default null placement for this direction. */
	public static SortKey of(Expr expr, boolean ascending) {
		return new SortKey(expr, ascending, ascending);
	}

	public String sql() {
		return this.expr.sql() + (this.ascending ? " ASC" : " DESC")
				+ (this.nullsFirst ? " NULLS FIRST" : " NULLS LAST");
	}

}
