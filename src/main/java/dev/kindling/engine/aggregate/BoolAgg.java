package dev.kindling.engine.aggregate;

import java.util.List;

import dev.kindling.engine.types.DataType;

/**
 * {@code bool_and(b)} (also {@code every}) and {@code bool_or(b)} (also {@code some},
 * {@code any}): whether every (some) non-null value is true; null for no non-null value.
 * State: [boolean so far].
 */
final class BoolAgg implements AggregateFunction {

	private final String name;

	private final boolean and;

	BoolAgg(String name, boolean and) {
		this.name = name;
		this.and = and;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public Binding bind(List<DataType> argumentTypes) {
		DataType t = argumentTypes.get(0);
		if (t != DataType.BOOLEAN && t != DataType.NULL) {
			throw new InvalidArgument(0, this.name + " expects a boolean, got " + t.sqlName());
		}
		// bool_and is min over booleans (false < true) and bool_or max: min and max's
		// boolean kernel.
		boolean max = !this.and;
		return Binding.ofResult(this.name, DataType.BOOLEAN, () -> new MinMax.OfBooleans(max));
	}

}
