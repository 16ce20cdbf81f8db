package dev.kindling.engine.aggregate;

import java.util.List;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;

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

	static final class Kernel extends Accumulator.Counts {

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

	}

}
