package dev.kindling.engine.aggregate;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;

/**
 * An aggregate function ({@code count}, {@code sum}, ...): everything the engine needs to
 * know of it, in one place. Instances are stateless and listed once in
 * {@link AggregateFunctions}; the per-group state lives in the {@link Accumulator}s they
 * make.
 *
 * <p>
 * A call is bound once per stage: the binder resolves the argument expressions and asks
 * {@link #bind} with their types, which checks them and fixes the result type, the
 * columns of the partial state and the accumulator for them. A split aggregation then
 * runs {@code update} on the map side, ships {@link Accumulator#state state} rows through
 * the shuffle, {@code merge}s them on the reduce side and {@code result}s the groups; a
 * single-stage aggregation runs {@code update} and {@code result} only.
 *
 * <p>
 * The state may be several columns (avg keeps a sum and a count; a variance would keep n,
 * mean and m2) of any {@link DataType} the shuffle encodes, an opaque sketch included as
 * long as it has a column type.
 */
public interface AggregateFunction {

	/** The name, lower-case, as written in expressions and shown in errors. */
	String name();

	/**
	 * The fewest arguments a call takes; 0 only for {@code count}, whose {@code count(*)}
	 * has none.
	 */
	default int minArguments() {
		return 1;
	}

	/** The most arguments a call takes. */
	default int maxArguments() {
		return 1;
	}

	/**
	 * Whether {@code f(DISTINCT x)} is allowed. A DISTINCT call sees each (group, value)
	 * once, with rows whose arguments are all non-null, and never runs split (the raw
	 * rows are shuffled by the keys instead).
	 */
	default boolean supportsDistinct() {
		return true;
	}

	/**
	 * This function applied to arguments of these types (one per argument, none for
	 * {@code count(*)}; an untyped {@code null} argument is {@link DataType#NULL}).
	 * @throws InvalidArgument when an argument has a type the function does not take
	 */
	Binding bind(List<DataType> argumentTypes);

	/**
	 * This function applied to these arguments: their types, and the values of those that
	 * are constants ({@code percentile_approx(x, 0.5, 100)} needs its percentage and
	 * accuracy when it is bound). By default only the types count.
	 * @throws InvalidArgument when an argument has a type or value the function does not
	 * take
	 */
	default Binding bind(List<DataType> argumentTypes, List<Argument> arguments) {
		return bind(argumentTypes);
	}

	/**
	 * An argument of a call as the function sees it when it is bound.
	 *
	 * @param type its type
	 * @param constant whether it is a constant (a literal, or an expression of literals)
	 * @param value its value when it is a constant ({@code null} for NULL), else
	 * {@code null}
	 */
	record Argument(DataType type, boolean constant, Object value) {
	}

	/**
	 * A function applied to argument types.
	 *
	 * @param resultType the type of the final value
	 * @param state the columns of the partial state, in order; their names are short
	 * suffixes ({@code sum}, {@code count}) the operator makes unique per call
	 * @param accumulators makes a fresh, empty accumulator for these argument types
	 */
	record Binding(DataType resultType, List<Field> state, Supplier<Accumulator> accumulators) {

		public Binding {
			Objects.requireNonNull(resultType, "resultType");
			state = List.copyOf(state);
			Objects.requireNonNull(accumulators, "accumulators");
			if (state.isEmpty()) {
				throw new IllegalArgumentException("an aggregate's partial state needs at least one column");
			}
		}

		/** A binding whose partial state is one column holding the result so far. */
		public static Binding ofResult(String stateName, DataType resultType, Supplier<Accumulator> accumulators) {
			return new Binding(resultType, List.of(new Field(stateName, resultType)), accumulators);
		}

		public Accumulator newAccumulator() {
			return this.accumulators.get();
		}

	}

	/**
	 * An argument of a type the function does not take; the binder reports it at that
	 * argument's position.
	 */
	final class InvalidArgument extends IllegalArgumentException {

		private final int argument;

		/**
		 * @param argument the 0-based index of the offending argument
		 * @param message what is wrong, for the person who wrote the call
		 */
		public InvalidArgument(int argument, String message) {
			super(message);
			this.argument = argument;
		}

		public int argument() {
			return this.argument;
		}

	}

}
