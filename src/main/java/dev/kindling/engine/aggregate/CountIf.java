package dev.kindling.engine.aggregate;

import java.util.Arrays;
import java.util.List;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.LongVector;

/**
 * {@code count_if(condition)}: the rows where the condition is true (not false, not
 * null); a bigint, 0 for no rows. State: [bigint count].
 */
final class CountIf implements AggregateFunction {

	@Override
	public String name() {
		return "count_if";
	}

	@Override
	public Binding bind(List<DataType> argumentTypes) {
		DataType t = argumentTypes.get(0);
		if (t != DataType.BOOLEAN && t != DataType.NULL) {
			throw new InvalidArgument(0, "count_if expects a boolean, got " + t.sqlName());
		}
		return Binding.ofResult("count", DataType.BIGINT, Kernel::new);
	}

	static final class Kernel extends Accumulator {

		private long[] counts = new long[16];

		@Override
		public void grow(int groups) {
			if (groups > this.counts.length) {
				this.counts = Arrays.copyOf(this.counts, capacity(this.counts.length, groups));
			}
		}

		@Override
		public void update(ColumnVector[] arguments, int[] gids, int n) {
			if (!(arguments[0] instanceof BooleanVector v) || v.type() != DataType.BOOLEAN) {
				return;
			}
			for (int i = 0; i < n; i++) {
				if (v.isTrue(i)) {
					this.counts[gids[i]]++;
				}
			}
		}

		@Override
		public void merge(Batch input, int firstColumn, int[] gids, int n) {
			LongVector v = (LongVector) input.column(firstColumn);
			for (int i = 0; i < n; i++) {
				this.counts[gids[i]] += v.get(i);
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
