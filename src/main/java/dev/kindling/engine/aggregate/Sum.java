package dev.kindling.engine.aggregate;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;

/**
 * {@code sum(x)} of a number, null for a group with no non-null value. As Spark's
 * {@code Sum}: integers sum to bigint (wrapping on overflow, without ANSI mode), doubles
 * to double, decimals to decimal; an untyped {@code null} is cast to double (the default
 * of Spark's numeric input type), so {@code sum(NULL)} is a double null. State: [sum].
 */
final class Sum implements AggregateFunction {

	@Override
	public String name() {
		return "sum";
	}

	@Override
	public Binding bind(List<DataType> argumentTypes) {
		DataType type = switch (argumentTypes.get(0)) {
			case INT, BIGINT -> DataType.BIGINT;
			case DOUBLE, NULL -> DataType.DOUBLE;
			case DECIMAL -> DataType.DECIMAL;
			default -> throw new InvalidArgument(0, "sum expects a number, got " + argumentTypes.get(0).sqlName());
		};
		return Binding.ofResult("sum", type, switch (type) {
			case BIGINT -> SumLong::new;
			case DECIMAL -> SumDecimal::new;
			default -> SumDouble::new;
		});
	}

	/** Sums ints and bigints as bigint. */
	static final class SumLong extends Accumulator.Nullable {

		private long[] sums = new long[16];

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
					this.sums[g] += values[i];
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

	static final class SumDecimal extends Accumulator.OfOne {

		private BigDecimal[] sums = new BigDecimal[16];

		@Override
		public void grow(int groups) {
			if (groups > this.sums.length) {
				this.sums = Arrays.copyOf(this.sums, capacity(this.sums.length, groups));
			}
		}

		@Override
		void update(ColumnVector arg, int[] gids, int n) {
			if (!(arg instanceof DecimalVector v)) {
				return;
			}
			for (int i = 0; i < n; i++) {
				if (!v.isNull(i)) {
					BigDecimal s = this.sums[gids[i]];
					this.sums[gids[i]] = s == null ? v.get(i) : s.add(v.get(i));
				}
			}
		}

		@Override
		public ColumnVector result(int from, int to) {
			DecimalVector out = new DecimalVector(to - from);
			for (int g = from; g < to; g++) {
				out.append(this.sums[g]);
			}
			return out;
		}

	}

}
