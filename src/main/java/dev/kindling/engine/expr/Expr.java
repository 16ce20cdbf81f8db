package dev.kindling.engine.expr;

/**
 * A node of a parsed expression, as written: names are not resolved and types are not
 * checked (see {@link dev.kindling.engine.expr.eval.Binder}). Every node is an immutable
 * record that carries the 0-based character offset of its source text, used in error
 * messages.
 */
public sealed interface Expr permits Literal, ColumnRef, AggregateCall, Unary, Binary, IsNull, In, Between, Like, Case,
		Cast, FunctionCall, WindowExpr, Subquery {

	/**
	 * The 0-based character offset of this node in the source text (-1 when built in
	 * code).
	 */
	int position();

	/**
	 * A canonical, Spark-like text of this expression, used as the default output column
	 * name: {@code (salary * 1.1)}, {@code avg(salary)}, {@code count(1)} for
	 * {@code count(*)}.
	 */
	String sql();

}
