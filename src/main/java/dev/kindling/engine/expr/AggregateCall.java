package dev.kindling.engine.expr;

import java.util.Objects;
import java.util.Set;

/**
 * A call of an aggregate function: {@code function} is one of {@code count}, {@code sum},
 * {@code
 * avg}, {@code min}, {@code max} (lower-case); {@code argument} is {@code null} for
 * {@code count(*)}. Parsed anywhere; only the aggregation planner accepts it (the
 * {@link dev.kindling.engine.expr.eval.Binder} rejects it).
 */
public record AggregateCall(String function, Expr argument, boolean distinct, int position) implements Expr {

	/** The names of the aggregate functions. */
	public static final Set<String> FUNCTIONS = Set.of("count", "sum", "avg", "min", "max");

	public AggregateCall {
		Objects.requireNonNull(function, "function");
		if (!FUNCTIONS.contains(function)) {
			throw new IllegalArgumentException("not an aggregate function: " + function);
		}
		if (argument == null && !function.equals("count")) {
			throw new IllegalArgumentException(function + " needs an argument");
		}
	}

	/** Whether this is {@code count(*)}. */
	public boolean isCountStar() {
		return this.argument == null;
	}

	@Override
	public String sql() {
		if (this.argument == null) {
			return "count(1)";
		}
		return this.function + "(" + (this.distinct ? "DISTINCT " : "") + this.argument.sql() + ")";
	}

}
