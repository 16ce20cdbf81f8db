package dev.kindling.engine.aggregate;

import java.util.Arrays;
import java.util.List;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;

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
		boolean and = this.and;
		return Binding.ofResult(this.name, DataType.BOOLEAN, () -> new Kernel(and));
	}

	static final class Kernel extends Accumulator.Nullable {

		private final boolean and;

		private boolean[] values = new boolean[16];

		Kernel(boolean and) {
			this.and = and;
		}

		@Override
		void growValues(int capacity) {
			this.values = Arrays.copyOf(this.values, capacity);
		}

		@Override
		void update(ColumnVector arg, int[] gids, int n) {
			if (!(arg instanceof BooleanVector v) || v.type() != DataType.BOOLEAN) {
				return;
			}
			for (int i = 0; i < n; i++) {
				if (v.isNull(i)) {
					continue;
				}
				int g = gids[i];
				boolean x = v.get(i);
				if (!this.seen[g]) {
					this.values[g] = x;
					this.seen[g] = true;
				}
				else {
					this.values[g] = this.and ? this.values[g] & x : this.values[g] | x;
				}
			}
		}

		@Override
		public ColumnVector result(int from, int to) {
			return new BooleanVector(Arrays.copyOfRange(this.values, from, Math.max(to, from + 1)), nullsOf(from, to),
					to - from);
		}

	}

}
