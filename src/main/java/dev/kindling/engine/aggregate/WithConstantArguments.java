package dev.kindling.engine.aggregate;

import java.util.List;

import dev.kindling.engine.types.DataType;

/**
 * Base of the functions some of whose arguments must be constants (the percentage and
 * accuracy of {@code percentile_approx}, the relativeSD of {@code approx_count_distinct},
 * the ignoreNulls of {@code first} and {@code last}): they are bound from their
 * arguments, a binding from types alone reads every argument as not constant, and a
 * DISTINCT call is refused.
 */
abstract class WithConstantArguments implements AggregateFunction {

	@Override
	public boolean supportsDistinct() {
		return false;
	}

	@Override
	public final Binding bind(List<DataType> argumentTypes) {
		return bind(argumentTypes, argumentTypes.stream().map((t) -> new Argument(t, false, null)).toList());
	}

	@Override
	public abstract Binding bind(List<DataType> argumentTypes, List<Argument> arguments);

}
