package dev.kindling.engine.aggregate;

import java.util.Arrays;
import java.util.List;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.LongVector;

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
	static final class Kernel extends Accumulator {

		private final boolean star;

		private long[] counts = new long[16];

		Kernel(boolean star) {
			this.star = star;
		}

		@Override
		public void grow(int groups) {
			if (groups > this.counts.length) {
				this.counts = Arrays.copyOf(this.counts, capacity(this.counts.length, groups));
			}
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

		@Override
		public void merge(Batch input, int firstColumn, int[] gids, int n) {
			LongVector v = (LongVector) input.column(firstColumn);
			for (int i = 0; i < n; i++) {
				if (!v.isNull(i)) {
					this.counts[gids[i]] += v.get(i);
				}
			}
		}

		@Override
		public ColumnVector[] state(int from, int to) {
			return new ColumnVector[] { result(from, to) };
		}

		@Override
		public ColumnVector result(int from, int to) {
			return new LongVector(DataType.BIGINT, Arrays.copyOfRange(this.counts, from, Math.max(to, from + 1)), null,
					to - from);
		}

	}

}
