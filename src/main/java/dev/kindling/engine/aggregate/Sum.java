package dev.kindling.engine.aggregate;

import java.util.Arrays;
import java.util.List;

import dev.kindling.engine.types.AnsiMode;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.DecimalType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.QueryExecutionException;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;

/**
 * {@code sum(x)} of a number, null for a group with no non-null value. As Spark's
 * {@code Sum}: integers sum to bigint, doubles to double, {@code decimal(p,s)} to
 * {@code decimal(p+10,s)} (at most 38 digits); an untyped {@code null} is cast to double
 * (the default of Spark's numeric input type), so {@code sum(NULL)} is a double null. A
 * bigint sum that overflows wraps without ANSI mode and is {@code ARITHMETIC_OVERFLOW}
 * with it; a decimal sum is computed exactly and is null (ANSI: an error) when it has
 * more digits than its type. State: [sum], and for decimals [sum, empty], whose null sum
 * in a group that is not empty is an overflow, as in Spark.
 */
final class Sum implements AggregateFunction {

	@Override
	public String name() {
		return "sum";
	}

	@Override
	public Binding bind(List<DataType> argumentTypes) {
		DataType arg = argumentTypes.get(0);
		boolean ansi = AnsiMode.current();
		if (arg instanceof DecimalType d) {
			DecimalType type = DecimalType.bounded(d.precision() + 10, d.scale());
			return new Binding(type, List.of(new Field("sum", type), new Field("empty", DataType.BOOLEAN)),
					() -> new SumDecimal(type, ansi));
		}
		return switch (arg.kind()) {
			case INT, BIGINT -> Binding.ofResult("sum", DataType.BIGINT, () -> new SumLong(ansi));
			case DOUBLE, NULL -> Binding.ofResult("sum", DataType.DOUBLE, SumDouble::new);
			default -> throw new InvalidArgument(0, "sum expects a number, got " + arg.sqlName());
		};
	}

	/** Sums ints and bigints as bigint. */
	static final class SumLong extends Accumulator.Nullable {

		private final boolean ansi;

		private long[] sums = new long[16];

		SumLong(boolean ansi) {
			this.ansi = ansi;
		}

		@Override
		void growValues(int capacity) {
			this.sums = Arrays.copyOf(this.sums, capacity);
		}

		@Override
		void update(ColumnVector arg, int[] gids, int n) {
			if (!(arg instanceof LongVector v)) {
				return;
			}
			long[] values = v.values();
			boolean[] nulls = v.nulls();
			for (int i = 0; i < n; i++) {
				if (nulls == null || !nulls[i]) {
					int g = gids[i];
					long s = this.sums[g];
					long x = values[i];
					long r = s + x;
					if (this.ansi && ((s ^ r) & (x ^ r)) < 0) {
						throw QueryExecutionException.arithmeticOverflow("long overflow", "try_sum");
					}
					this.sums[g] = r;
					this.seen[g] = true;
				}
			}
		}

		@Override
		public ColumnVector result(int from, int to) {
			return new LongVector(DataType.BIGINT, Arrays.copyOfRange(this.sums, from, Math.max(to, from + 1)),
					nullsOf(from, to), to - from);
		}

	}

	static final class SumDouble extends Accumulator.Nullable {

		private double[] sums = new double[16];

		@Override
		void growValues(int capacity) {
			this.sums = Arrays.copyOf(this.sums, capacity);
		}

		@Override
		void update(ColumnVector arg, int[] gids, int n) {
			if (!(arg instanceof DoubleVector v)) {
				return;
			}
			double[] values = v.values();
			boolean[] nulls = v.nulls();
			for (int i = 0; i < n; i++) {
				if (nulls == null || !nulls[i]) {
					int g = gids[i];
					this.sums[g] += values[i];
					this.seen[g] = true;
				}
			}
		}

		@Override
		public ColumnVector result(int from, int to) {
			return new DoubleVector(Arrays.copyOfRange(this.sums, from, Math.max(to, from + 1)), nullsOf(from, to),
					to - from);
		}

	}

	/** Exact sums of decimals (see {@link DecimalSums}). */
	static final class SumDecimal extends Accumulator {

		private final DecimalType type;

		private final boolean ansi;

		private final DecimalSums sums = new DecimalSums();

		private boolean[] seen = new boolean[16];

		/** Groups a partial state reported as overflowed. */
		private boolean[] overflowed = new boolean[16];

		SumDecimal(DecimalType type, boolean ansi) {
			this.type = type;
			this.ansi = ansi;
		}

		@Override
		public void grow(int groups) {
			if (groups > this.seen.length) {
				int cap = capacity(this.seen.length, groups);
				this.seen = Arrays.copyOf(this.seen, cap);
				this.overflowed = Arrays.copyOf(this.overflowed, cap);
				this.sums.grow(cap);
			}
		}

		@Override
		public void update(ColumnVector[] arguments, int[] gids, int n) {
			if (arguments[0] instanceof DecimalVector v) {
				this.sums.add(v, gids, n, this.seen);
			}
		}

		@Override
		public void merge(Batch input, int firstColumn, int[] gids, int n) {
			DecimalVector s = (DecimalVector) input.column(firstColumn);
			BooleanVector empty = (BooleanVector) input.column(firstColumn + 1);
			this.sums.add(s, gids, n, this.seen);
			for (int i = 0; i < n; i++) {
				if (s.isNull(i) && !empty.isNull(i) && !empty.get(i)) {
					this.overflowed[gids[i]] = true;
				}
			}
		}

		@Override
		public ColumnVector[] state(int from, int to) {
			DecimalVector out = new DecimalVector(this.type, to - from);
			boolean[] empty = new boolean[Math.max(to - from, 1)];
			for (int g = from; g < to; g++) {
				empty[g - from] = !this.seen[g] && !this.overflowed[g];
				append(out, g);
			}
			return new ColumnVector[] { out, new BooleanVector(empty, null, to - from) };
		}

		@Override
		public ColumnVector result(int from, int to) {
			DecimalVector out = new DecimalVector(this.type, to - from);
			for (int g = from; g < to; g++) {
				append(out, g);
			}
			return out;
		}

		private void append(DecimalVector out, int g) {
			if (!this.seen[g] || this.overflowed[g] || !this.sums.appendTo(out, g)) {
				if (this.ansi && (this.overflowed[g] || this.seen[g])) {
					throw QueryExecutionException.arithmeticOverflow("Overflow in sum of decimals", "try_sum");
				}
				out.appendNull();
			}
		}

	}

}
