package dev.kindling.engine.expr;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import dev.kindling.engine.aggregate.AggregateFunction;
import dev.kindling.engine.aggregate.AggregateFunctions;

/**
 * A call of an aggregate function: {@code function} is the lower-case name of one of
 * {@link AggregateFunctions}; {@code arguments} are its arguments in order, none for
 * {@code count(*)}; {@code corr(x, y)} and {@code percentile_approx(x, 0.5, 100)} take
 * several. Parsed anywhere; only the aggregation and window planners accept it (the
 * {@link dev.kindling.engine.expr.eval.Binder} rejects it, and
 * {@link dev.kindling.engine.expr.eval.BoundAggregate} binds it).
 */
public record AggregateCall(String function, List<Expr> arguments, boolean distinct, int position) implements Expr {

	/** The names of the aggregate functions (those of {@link AggregateFunctions}). */
	public static final Set<String> FUNCTIONS = AggregateFunctions.names();

	public AggregateCall {
		Objects.requireNonNull(function, "function");
		arguments = List.copyOf(arguments);
		AggregateFunction f = AggregateFunctions.find(function);
		if (f == null) {
			throw new IllegalArgumentException("not an aggregate function: " + function);
		}
		if (arguments.isEmpty() && f.minArguments() > 0) {
			throw new IllegalArgumentException(function + " needs an argument");
		}
	}

	/** A call of one argument ({@code null} for {@code count(*)}). */
	public static AggregateCall of(String function, Expr argument, boolean distinct, int position) {
		return new AggregateCall(function, (argument == null) ? List.of() : List.of(argument), distinct, position);
	}

	/** Whether this is {@code count(*)}. */
	public boolean isCountStar() {
		return this.arguments.isEmpty() && this.function.equals("count");
	}

	@Override
	public String sql() {
		if (isCountStar()) {
			return "count(1)";
		}
		return this.function + "(" + (this.distinct ? "DISTINCT " : "")
				+ this.arguments.stream().map(Expr::sql).collect(Collectors.joining(", ")) + ")";
	}

}
