package dev.kindling.engine.aggregate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;

import dev.kindling.engine.types.AnsiMode;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.DecimalType;
import dev.kindling.engine.types.Decimals;
import dev.kindling.engine.types.QueryExecutionException;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;

/**
 * {@code avg(x)} of a number, null for a group with no non-null value. As Spark's
 * {@code Average}: double for integers, doubles and an untyped {@code null}; for
 * {@code decimal(p,s)} a {@code decimal(p+4,s+4)} (at most 38 digits), the exact sum
 * divided by the count to 38 digits of scale and rounded HALF_UP to the result's scale.
 * State: [sum, bigint count], the sum a double (for decimals a {@code decimal(p+10,s)},
 * null in a group with a count when it overflowed).
 */
final class Avg implements AggregateFunction {

	@Override
	public String name() {
		return "avg";
	}

	@Override
	public Binding bind(List<DataType> argumentTypes) {
		DataType arg = argumentTypes.get(0);
		if (!arg.isNumeric() && arg != DataType.NULL) {
			throw new InvalidArgument(0, "avg expects a number, got " + arg.sqlName());
		}
		if (arg instanceof DecimalType d) {
			DecimalType sum = DecimalType.bounded(d.precision() + 10, d.scale());
			DecimalType result = DecimalType.bounded(d.precision() + 4, d.scale() + 4);
			boolean ansi = AnsiMode.current();
			return new Binding(result, List.of(new Field("sum", sum), new Field("count", DataType.BIGINT)),
					() -> new AvgDecimal(sum, result, ansi));
		}
		return new Binding(DataType.DOUBLE,
				List.of(new Field("sum", DataType.DOUBLE), new Field("count", DataType.BIGINT)), AvgDouble::new);
	}

	/** The average of ints, bigints and doubles, summed as a double. */
	static final class AvgDouble extends Accumulator {

		private double[] sums = new double[16];

		private long[] counts = new long[16];

		@Override
		public void grow(int groups) {
			if (groups > this.sums.length) {
				int cap = capacity(this.sums.length, groups);
				this.sums = Arrays.copyOf(this.sums, cap);
				this.counts = Arrays.copyOf(this.counts, cap);
			}
		}

		@Override
		public void update(ColumnVector[] arguments, int[] gids, int n) {
			ColumnVector arg = arguments[0];
			boolean[] nulls = arg.nulls();
			if (arg instanceof LongVector v) {
				long[] values = v.values();
				for (int i = 0; i < n; i++) {
					if (nulls == null || !nulls[i]) {
						this.sums[gids[i]] += values[i];
						this.counts[gids[i]]++;
					}
				}
			}
			else if (arg instanceof DoubleVector v) {
				double[] values = v.values();
				for (int i = 0; i < n; i++) {
					if (nulls == null || !nulls[i]) {
						this.sums[gids[i]] += values[i];
						this.counts[gids[i]]++;
					}
				}
			}
		}

		@Override
		public void merge(Batch input, int firstColumn, int[] gids, int n) {
			DoubleVector s = (DoubleVector) input.column(firstColumn);
			LongVector c = (LongVector) input.column(firstColumn + 1);
			for (int i = 0; i < n; i++) {
				if (!c.isNull(i) && c.get(i) > 0) {
					this.sums[gids[i]] += s.get(i);
					this.counts[gids[i]] += c.get(i);
				}
			}
		}

		@Override
		public ColumnVector[] state(int from, int to) {
			int n = Math.max(to, from + 1);
			return new ColumnVector[] { new DoubleVector(Arrays.copyOfRange(this.sums, from, n), null, to - from),
					new LongVector(DataType.BIGINT, Arrays.copyOfRange(this.counts, from, n), null, to - from) };
		}

		@Override
		public ColumnVector result(int from, int to) {
			DoubleVector out = new DoubleVector(to - from);
			for (int g = from; g < to; g++) {
				if (this.counts[g] == 0) {
					out.appendNull();
				}
				else {
					out.append(this.sums[g] / this.counts[g]);
				}
			}
			return out;
		}

	}

	/** The average of decimals: exact sums (see {@link DecimalSums}) and counts. */
	static final class AvgDecimal extends Accumulator {

		private final DecimalType sumType;

		private final DecimalType resultType;

		private final boolean ansi;

		private final DecimalSums sums = new DecimalSums();

		private boolean[] seen = new boolean[16];

		private boolean[] overflowed = new boolean[16];

		private long[] counts = new long[16];

		AvgDecimal(DecimalType sumType, DecimalType resultType, boolean ansi) {
			this.sumType = sumType;
			this.resultType = resultType;
			this.ansi = ansi;
		}

		@Override
		public void grow(int groups) {
			if (groups > this.counts.length) {
				int cap = capacity(this.counts.length, groups);
				this.counts = Arrays.copyOf(this.counts, cap);
				this.seen = Arrays.copyOf(this.seen, cap);
				this.overflowed = Arrays.copyOf(this.overflowed, cap);
				this.sums.grow(cap);
			}
		}

		@Override
		public void update(ColumnVector[] arguments, int[] gids, int n) {
			if (!(arguments[0] instanceof DecimalVector v)) {
				return;
			}
			this.sums.add(v, gids, n, this.seen);
			boolean[] nulls = v.nulls();
			for (int i = 0; i < n; i++) {
				if (nulls == null || !nulls[i]) {
					this.counts[gids[i]]++;
				}
			}
		}

		@Override
		public void merge(Batch input, int firstColumn, int[] gids, int n) {
			DecimalVector s = (DecimalVector) input.column(firstColumn);
			LongVector c = (LongVector) input.column(firstColumn + 1);
			this.sums.add(s, gids, n, this.seen);
			for (int i = 0; i < n; i++) {
				if (!c.isNull(i) && c.get(i) > 0) {
					this.counts[gids[i]] += c.get(i);
					if (s.isNull(i)) {
						this.overflowed[gids[i]] = true;
					}
				}
			}
		}

		@Override
		public ColumnVector[] state(int from, int to) {
			DecimalVector s = new DecimalVector(this.sumType, to - from);
			for (int g = from; g < to; g++) {
				if (this.counts[g] == 0 || this.overflowed[g] || !this.sums.appendTo(s, g)) {
					if (this.ansi && this.counts[g] > 0) {
						throw overflow();
					}
					s.appendNull();
				}
			}
			int n = Math.max(to, from + 1);
			return new ColumnVector[] { s,
					new LongVector(DataType.BIGINT, Arrays.copyOfRange(this.counts, from, n), null, to - from) };
		}

		@Override
		public ColumnVector result(int from, int to) {
			DecimalVector out = new DecimalVector(this.resultType, to - from);
			for (int g = from; g < to; g++) {
				BigInteger sum = this.sums.sum(g);
				if (this.counts[g] == 0 || this.overflowed[g] || !Decimals.fits(sum, this.sumType.precision())) {
					if (this.ansi && this.counts[g] > 0) {
						throw overflow();
					}
					out.appendNull();
					continue;
				}
				// Spark's Decimal division: 38 digits of scale, then the result's scale
				BigDecimal mean = new BigDecimal(sum, this.sumType.scale()).divide(BigDecimal.valueOf(this.counts[g]),
						DecimalType.MAX_PRECISION, RoundingMode.HALF_UP);
				BigDecimal rounded = Decimals.toPrecision(mean, this.resultType);
				if (rounded == null) {
					if (this.ansi) {
						throw QueryExecutionException.numericValueOutOfRange(mean, this.resultType);
					}
					out.appendNull();
				}
				else {
					out.appendUnscaled(rounded.unscaledValue());
				}
			}
			return out;
		}

		private static QueryExecutionException overflow() {
			return QueryExecutionException.arithmeticOverflow("Overflow in sum of decimals", "try_avg");
		}

	}

}
