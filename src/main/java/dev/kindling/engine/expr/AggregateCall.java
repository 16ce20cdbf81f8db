package dev.kindling.engine.expr;

import java.util.Objects;
import java.util.Set;

import dev.kindling.engine.aggregate.AggregateFunction;
import dev.kindling.engine.aggregate.AggregateFunctions;

/**
 * A call of an aggregate function: {@code function} is the lower-case name of one of
 * {@link AggregateFunctions}; {@code argument} is {@code null} for {@code count(*)}.
 * Parsed anywhere; only the aggregation planner accepts it (the
 * {@link dev.kindling.engine.expr.eval.Binder} rejects it, and
 * {@link dev.kindling.engine.expr.eval.BoundAggregate} binds it).
 */
public record AggregateCall(String function, Expr argument, boolean distinct, int position) implements Expr {

	/** The names of the aggregate functions (those of {@link AggregateFunctions}). */
	public static final Set<String> FUNCTIONS = AggregateFunctions.names();

	public AggregateCall {
		Objects.requireNonNull(function, "function");
		AggregateFunction f = AggregateFunctions.find(function);
		if (f == null) {
			throw new IllegalArgumentException("not an aggregate function: " + function);
		}
		if (argument == null && f.minArguments() > 0) {
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
