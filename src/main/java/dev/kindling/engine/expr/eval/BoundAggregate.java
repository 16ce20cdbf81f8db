package dev.kindling.engine.expr.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.kindling.engine.aggregate.Accumulator;
import dev.kindling.engine.aggregate.AggregateFunction;
import dev.kindling.engine.aggregate.AggregateFunctions;
import dev.kindling.engine.expr.AggregateCall;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.expr.Expressions;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

/**
 * An aggregate call bound to an input schema: its function, its argument expressions
 * bound for evaluation, and the function's {@link AggregateFunction.Binding binding} to
 * their types (result type, partial state, accumulators). Immutable; the tasks of a stage
 * share it and each makes its own accumulators.
 *
 * @param call the call as written
 * @param function the aggregate function it calls
 * @param arguments the argument expressions, bound (none for {@code count(*)})
 * @param binding the function applied to the arguments' types
 */
public record BoundAggregate(AggregateCall call, AggregateFunction function, List<BoundExpr> arguments,
		AggregateFunction.Binding binding) {

	public BoundAggregate {
		Objects.requireNonNull(call, "call");
		Objects.requireNonNull(function, "function");
		arguments = List.copyOf(arguments);
		Objects.requireNonNull(binding, "binding");
	}

	/**
	 * Binds an aggregate call's arguments to {@code input} and checks them against its
	 * function.
	 * @throws ExprException for an unknown column, a nested aggregate, a wrong number of
	 * arguments, an argument type the function does not take, or DISTINCT where the
	 * function refuses it
	 */
	public static BoundAggregate bind(AggregateCall call, Schema input) {
		AggregateFunction function = AggregateFunctions.find(call.function());
		if (function == null) {
			throw ExprException.at(call.position(), "unknown aggregate function '" + call.function() + "'");
		}
		List<Expr> written = call.arguments();
		int n = written.size();
		if (n < function.minArguments() || n > function.maxArguments()) {
			throw ExprException.at(call.position(),
					"aggregate function '" + function.name() + "' takes " + arity(function) + ", got " + n);
		}
		if (call.distinct() && !function.supportsDistinct()) {
			throw ExprException.at(call.position(), function.name() + " does not take DISTINCT");
		}
		List<BoundExpr> arguments = new ArrayList<>();
		List<DataType> types = new ArrayList<>();
		List<AggregateFunction.Argument> described = new ArrayList<>();
		for (Expr arg : written) {
			if (Expressions.containsAggregate(arg)) {
				throw ExprException.at(call.position(), "aggregate function calls cannot be nested: " + call.sql());
			}
			BoundExpr bound = Binder.bind(arg, input);
			arguments.add(bound);
			types.add(bound.type());
			boolean constant = bound instanceof LiteralEval;
			described.add(new AggregateFunction.Argument(bound.type(), constant,
					constant ? ((LiteralEval) bound).value() : null));
		}
		AggregateFunction.Binding binding;
		try {
			binding = function.bind(types, described);
		}
		catch (AggregateFunction.InvalidArgument ex) {
			throw ExprException.at(written.get(ex.argument()).position(), ex.getMessage());
		}
		return new BoundAggregate(call, function, arguments, binding);
	}

	private static String arity(AggregateFunction f) {
		int min = f.minArguments();
		int max = f.maxArguments();
		if (min == max) {
			return min + " argument" + ((min == 1) ? "" : "s");
		}
		return min + " to " + max + " arguments";
	}

	public DataType resultType() {
		return this.binding.resultType();
	}

	/** The columns of the partial state, named by the function. */
	public List<Field> state() {
		return this.binding.state();
	}

	public boolean distinct() {
		return this.call.distinct();
	}

	/** A fresh accumulator for one operator. */
	public Accumulator newAccumulator() {
		return this.binding.newAccumulator();
	}

	/** The call as written, for plans. */
	public String sql() {
		return this.call.sql();
	}

}
