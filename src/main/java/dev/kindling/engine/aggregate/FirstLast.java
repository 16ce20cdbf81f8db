package dev.kindling.engine.aggregate;

import java.util.Arrays;
import java.util.List;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;

/**
 * {@code first(x[, ignoreNulls])} (also {@code first_value}, {@code any_value}) and
 * {@code last(x[, ignoreNulls])} (also {@code last_value}), as Spark's {@code First} and
 * {@code Last}: the value of the first (last) row a group sees, null included unless
 * {@code ignoreNulls} (a constant boolean) is true; of any type, which the result keeps.
 * Without an order the rows arrive as the partitions hold them, so, as in Spark, the
 * answer is one of the group's values but not a fixed one; over an ordered window it is
 * exact. State: [the value, boolean valueSet].
 */
final class FirstLast extends WithConstantArguments {

	private final String name;

	private final boolean last;

	FirstLast(String name, boolean last) {
		this.name = name;
		this.last = last;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public int maxArguments() {
		return 2;
	}

	@Override
	public Binding bind(List<DataType> argumentTypes, List<Argument> arguments) {
		boolean ignoreNulls = false;
		if (arguments.size() == 2) {
			Argument flag = arguments.get(1);
			if (!flag.constant() || !(flag.value() instanceof Boolean b)) {
				throw new InvalidArgument(1, this.name + " expects a constant true or false as ignoreNulls");
			}
			ignoreNulls = b;
		}
		DataType type = argumentTypes.get(0);
		boolean last = this.last;
		boolean ignore = ignoreNulls;
		return new Binding(type, List.of(new Field(this.name, type), new Field("set", DataType.BOOLEAN)),
				() -> new Kernel(type, last, ignore));
	}

	static final class Kernel extends Accumulator {

		private final DataType type;

		private final boolean last;

		private final boolean ignoreNulls;

		private Object[] values = new Object[16];

		private boolean[] set = new boolean[16];

		private int[] mark = new int[16];

		private int batch;

		Kernel(DataType type, boolean last, boolean ignoreNulls) {
			this.type = type;
			this.last = last;
			this.ignoreNulls = ignoreNulls;
		}

		@Override
		public void grow(int groups) {
			if (groups > this.values.length) {
				int cap = capacity(this.values.length, groups);
				this.values = Arrays.copyOf(this.values, cap);
				this.set = Arrays.copyOf(this.set, cap);
				this.mark = Arrays.copyOf(this.mark, cap);
			}
		}

		@Override
		public void update(ColumnVector[] arguments, int[] gids, int n) {
			fold(arguments[0], null, gids, n);
		}

		/**
		 * Folds rows in: their values from {@code values}, and whether each row carries a
		 * value from {@code present} (a partial state's valueSet), or every row when
		 * null.
		 */
		private void fold(ColumnVector values, BooleanVector present, int[] gids, int n) {
			if (this.last) {
				// the last row of each group in this batch is the one that counts: walk
				// backwards and box only that one
				this.batch++;
				for (int i = n - 1; i >= 0; i--) {
					int g = gids[i];
					if (this.mark[g] == this.batch || !counts(values, present, i)) {
						continue;
					}
					this.mark[g] = this.batch;
					this.values[g] = values.getObject(i);
					this.set[g] = true;
				}
				return;
			}
			for (int i = 0; i < n; i++) {
				int g = gids[i];
				if (!this.set[g] && counts(values, present, i)) {
					this.values[g] = values.getObject(i);
					this.set[g] = true;
				}
			}
		}

		private boolean counts(ColumnVector values, BooleanVector present, int i) {
			if (present != null) {
				return present.isTrue(i);
			}
			return !this.ignoreNulls || !values.isNull(i);
		}

		@Override
		public void merge(Batch input, int firstColumn, int[] gids, int n) {
			fold(input.column(firstColumn), (BooleanVector) input.column(firstColumn + 1), gids, n);
		}

		@Override
		public ColumnVector[] state(int from, int to) {
			boolean[] flags = Arrays.copyOfRange(this.set, from, Math.max(to, from + 1));
			return new ColumnVector[] { result(from, to), new BooleanVector(flags, null, to - from) };
		}

		@Override
		public ColumnVector result(int from, int to) {
			ColumnVector out = ColumnVector.allocate(this.type, to - from);
			for (int g = from; g < to; g++) {
				out.appendObject(this.values[g]);
			}
			return out;
		}

	}

}
