package dev.kindling.engine.aggregate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;

/**
 * {@code avg(x)} of a number, null for a group with no non-null value. As Spark's
 * {@code Average}: double for integers, doubles and an untyped {@code null}; decimal for
 * decimals, with 4 more digits of scale than the sum. State: [sum, bigint count], the sum
 * a double (decimal for decimals).
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
		DataType type = (arg == DataType.DECIMAL) ? DataType.DECIMAL : DataType.DOUBLE;
		return new Binding(type, List.of(new Field("sum", type), new Field("count", DataType.BIGINT)),
				(type == DataType.DECIMAL) ? AvgDecimal::new : AvgDouble::new);
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

	/** The average of decimals; the result has 4 more digits of scale. */
	static final class AvgDecimal extends Accumulator {

		private BigDecimal[] sums = new BigDecimal[16];

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
			if (!(arguments[0] instanceof DecimalVector v)) {
				return;
			}
			for (int i = 0; i < n; i++) {
				if (!v.isNull(i)) {
					add(gids[i], v.get(i), 1);
				}
			}
		}

		private void add(int g, BigDecimal value, long count) {
			this.sums[g] = this.sums[g] == null ? value : this.sums[g].add(value);
			this.counts[g] += count;
		}

		@Override
		public void merge(Batch input, int firstColumn, int[] gids, int n) {
			DecimalVector s = (DecimalVector) input.column(firstColumn);
			LongVector c = (LongVector) input.column(firstColumn + 1);
			for (int i = 0; i < n; i++) {
				if (!s.isNull(i) && !c.isNull(i)) {
					add(gids[i], s.get(i), c.get(i));
				}
			}
		}

		@Override
		public ColumnVector[] state(int from, int to) {
			DecimalVector s = new DecimalVector(to - from);
			for (int g = from; g < to; g++) {
				s.append(this.sums[g]);
			}
			int n = Math.max(to, from + 1);
			return new ColumnVector[] { s,
					new LongVector(DataType.BIGINT, Arrays.copyOfRange(this.counts, from, n), null, to - from) };
		}

		@Override
		public ColumnVector result(int from, int to) {
			DecimalVector out = new DecimalVector(to - from);
			for (int g = from; g < to; g++) {
				if (this.counts[g] == 0) {
					out.appendNull();
				}
				else {
					BigDecimal sum = this.sums[g];
					out.append(sum
						.divide(BigDecimal.valueOf(this.counts[g]), Math.max(sum.scale(), 0) + 4, RoundingMode.HALF_UP)
						.round(MathContext.DECIMAL128));
				}
			}
			return out;
		}

	}

}
