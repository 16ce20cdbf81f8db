package dev.kindling.engine.aggregate;

import java.util.List;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.ColumnVector;

/**
 * {@code count(*)} counts rows, {@code count(x)} the rows where {@code x} is not null: a
 * bigint that is never null (0 for no rows), any argument type. State: [bigint count].
 */
final class Count implements AggregateFunction {

	@Override
	public String name() {
		return "count";
	}

	@Override
	public int minArguments() {
		return 0;
	}

	@Override
	public Binding bind(List<DataType> argumentTypes) {
		boolean star = argumentTypes.isEmpty();
		return Binding.ofResult("count", DataType.BIGINT, () -> new Kernel(star));
	}

	/** Counts per group in a {@code long[]}. */
	static final class Kernel extends Accumulator.Counts {

		private final boolean star;

		Kernel(boolean star) {
			this.star = star;
		}

		@Override
		public void update(ColumnVector[] arguments, int[] gids, int n) {
			long[] c = this.counts;
			ColumnVector arg = this.star ? null : arguments[0];
			if (arg == null || !arg.hasNulls()) {
				for (int i = 0; i < n; i++) {
					c[gids[i]]++;
				}
			}
			else {
				boolean[] nulls = arg.nulls();
				for (int i = 0; i < n; i++) {
					if (!nulls[i]) {
						c[gids[i]]++;
					}
				}
			}
		}

	}

}
