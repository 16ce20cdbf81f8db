package dev.kindling.engine.expr;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A function over a window: {@code rank() OVER (PARTITION BY city ORDER BY salary DESC)}
 * or {@code sum(x) OVER (ORDER BY d ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)}. The
 * function is a {@link FunctionCall} of a window function ({@code row_number},
 * {@code lag}...) or an {@link AggregateCall}; the frame is null when not written (the
 * planner applies Spark's default).
 *
 * @param function the function, as written
 * @param partitionBy the partition keys
 * @param orderBy the order within each partition
 * @param frame the frame, or null
 * @param ignoreNulls whether {@code IGNORE NULLS} follows the function
 * @param position the position of the function in the source text
 */
public record WindowExpr(Expr function, List<Expr> partitionBy, List<SortKey> orderBy, WindowFrame frame,
		boolean ignoreNulls, int position) implements Expr {

	public WindowExpr {
		Objects.requireNonNull(function, "function");
		partitionBy = List.copyOf(partitionBy);
		orderBy = List.copyOf(orderBy);
		if (!(function instanceof FunctionCall) && !(function instanceof AggregateCall)) {
			throw new IllegalArgumentException("a window's function is a call: " + function.sql());
		}
	}

	/** The function's name. */
	public String name() {
		return (this.function instanceof FunctionCall f) ? f.name() : ((AggregateCall) this.function).function();
	}

	/** The window part: {@code (PARTITION BY ... ORDER BY ... frame)}. */
	public String windowSql() {
		StringBuilder sb = new StringBuilder("(");
		if (!this.partitionBy.isEmpty()) {
			sb.append("PARTITION BY ")
				.append(this.partitionBy.stream().map(Expr::sql).collect(Collectors.joining(", ")));
		}
		if (!this.orderBy.isEmpty()) {
			sb.append(this.partitionBy.isEmpty() ? "" : " ")
				.append("ORDER BY ")
				.append(this.orderBy.stream().map(SortKey::sql).collect(Collectors.joining(", ")));
		}
		if (this.frame != null) {
			sb.append((sb.length() > 1) ? " " : "").append(this.frame.sql());
		}
		return sb.append(')').toString();
	}

	@Override
	public String sql() {
		return this.function.sql() + (this.ignoreNulls ? " IGNORE NULLS" : "") + " OVER " + windowSql();
	}

	/** The same window with another function (for rewrites of its arguments). */
	public WindowExpr withFunction(Expr newFunction) {
		return new WindowExpr(newFunction, this.partitionBy, this.orderBy, this.frame, this.ignoreNulls, this.position);
	}

}
