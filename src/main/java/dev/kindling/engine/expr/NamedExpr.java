package dev.kindling.engine.expr;

import java.util.Objects;

/** An expression with an optional output name ({@code salary * 1.1 AS raised}). */
public record NamedExpr(Expr expr, String alias) {

	public NamedExpr {
		Objects.requireNonNull(expr, "expr");
	}

	/**
	 * The output column name: the alias if there is one, else the name of a bare column,
	 * else the expression's {@link Expr#sql() canonical text}, as Spark names columns.
	 */
	public String outputName() {
		if (this.alias != null) {
			return this.alias;
		}
		if (this.expr instanceof ColumnRef ref) {
			return ref.name();
		}
		return this.expr.sql();
	}

}
