package dev.kindling.engine.physical;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;
import dev.kindling.engine.vector.StringVector;

/**
 * The state of one aggregate function for every group, in primitive arrays indexed by
 * group id. {@code update} folds raw argument values in, {@code merge} folds partial
 * states in (the layout of {@link HashAggregateExec}), {@code state} and {@code result}
 * read groups out. An argument vector of another class than expected is the all-null
 * vector of an untyped {@code null}: it is skipped.
 */
abstract class Accumulator {

	/** Makes room for group ids below {@code groups}. */
	abstract void grow(int groups);

	/** Folds the argument's rows {@code 0 .. n)} into the groups {@code gids}. */
	abstract void update(ColumnVector arg, int[] gids, int n);

	/**
	 * Folds partial states (columns {@code col ..} of the batch) into the groups
	 * {@code gids}.
	 */
	void merge(Batch batch, int col, int[] gids, int n) {
		update(batch.column(col), gids, n);
	}

	/** The number of partial state columns. */
	int stateWidth() {
		return 1;
	}

	/** The partial state columns of the groups {@code from .. to)}. */
	ColumnVector[] state(int from, int to) {
		return new ColumnVector[] { result(from, to) };
	}

	/** The final values of the groups {@code from .. to)}. */
	abstract ColumnVector result(int from, int to);

	static int capacity(int current, int groups) {
		return Math.max(groups, current * 2);
	}

	/** An accumulator for {@code function} over arguments of {@code argType}. */
	static Accumulator create(String function, DataType argType, DataType resultType, boolean countStar) {
		return switch (function) {
			case "count" -> new Count(countStar);
			case "sum" -> switch (resultType) {
				case BIGINT -> new SumLong();
				case DECIMAL -> new SumDecimal();
				default -> new SumDouble();
			};
			case "avg" -> resultType == DataType.DECIMAL ? new AvgDecimal() : new AvgDouble();
			case "min", "max" -> {
				boolean max = function.equals("max");
				yield switch (resultType) {
					case INT, BIGINT, DATE, TIMESTAMP -> new MinMaxLong(resultType, max);
					case DOUBLE -> new MinMaxDouble(max);
					case BOOLEAN -> new MinMaxBoolean(max);
					case STRING -> new MinMaxString(max);
					case DECIMAL -> new MinMaxDecimal(max);
					case NULL -> throw new IllegalStateException("min/max of null has type string");
				};
			}
			default -> throw new IllegalStateException("unknown aggregate function " + function);
		};
	}

	/**
	 * Spark's order of doubles: NaN above everything, {@code -0.0} equal to {@code 0.0}.
	 */
	static int compareDoubles(double a, double b) {
		if (a < b) {
			return -1;
		}
		if (a > b) {
			return 1;
		}
		if (a == b) {
			return 0;
		}
		return Boolean.compare(Double.isNaN(a), Double.isNaN(b));
	}

	/** count(*) and count(x): a bigint that is never null. */
	static final class Count extends Accumulator {

		private final boolean star;

		private long[] counts = new long[16];

		Count(boolean star) {
			this.star = star;
		}

		@Override
		void grow(int groups) {
			if (groups > this.counts.length) {
				this.counts = Arrays.copyOf(this.counts, capacity(this.counts.length, groups));
			}
		}

		@Override
		void update(ColumnVector arg, int[] gids, int n) {
			long[] c = this.counts;
			if (this.star || !arg.hasNulls()) {
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
		void merge(Batch batch, int col, int[] gids, int n) {
			LongVector v = (LongVector) batch.column(col);
			for (int i = 0; i < n; i++) {
				if (!v.isNull(i)) {
					this.counts[gids[i]] += v.get(i);
				}
			}
		}

		@Override
		ColumnVector result(int from, int to) {
			return new LongVector(DataType.BIGINT, Arrays.copyOfRange(this.counts, from, Math.max(to, from + 1)), null,
					to - from);
		}

	}

	/** Base of accumulators whose groups may have no value yet (a null result). */
	abstract static class Nullable extends Accumulator {

		protected boolean[] seen = new boolean[16];

		@Override
		void grow(int groups) {
			if (groups > this.seen.length) {
				int cap = capacity(this.seen.length, groups);
				this.seen = Arrays.copyOf(this.seen, cap);
				growValues(cap);
			}
		}

		abstract void growValues(int capacity);

		protected boolean[] nullsOf(int from, int to) {
			boolean[] nulls = null;
			for (int g = from; g < to; g++) {
				if (!this.seen[g]) {
					if (nulls == null) {
						nulls = new boolean[to - from];
					}
					nulls[g - from] = true;
				}
			}
			return nulls;
		}

	}

	/**
	 * sum of ints and bigints, as bigint (wrapping on overflow, as Spark without ANSI
	 * mode).
	 */
	static final class SumLong extends Nullable {

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
		ColumnVector result(int from, int to) {
			return new LongVector(DataType.BIGINT, Arrays.copyOfRange(this.sums, from, Math.max(to, from + 1)),
					nullsOf(from, to), to - from);
		}

	}

	static final class SumDouble extends Nullable {

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
		ColumnVector result(int from, int to) {
			return new DoubleVector(Arrays.copyOfRange(this.sums, from, Math.max(to, from + 1)), nullsOf(from, to),
					to - from);
		}

	}

	static final class SumDecimal extends Accumulator {

		private BigDecimal[] sums = new BigDecimal[16];

		@Override
		void grow(int groups) {
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
		ColumnVector result(int from, int to) {
			DecimalVector out = new DecimalVector(to - from);
			for (int g = from; g < to; g++) {
				out.append(this.sums[g]);
			}
			return out;
		}

	}

	/** avg of ints, bigints and doubles: state [double sum, bigint count]. */
	static final class AvgDouble extends Accumulator {

		private double[] sums = new double[16];

		private long[] counts = new long[16];

		@Override
		void grow(int groups) {
			if (groups > this.sums.length) {
				int cap = capacity(this.sums.length, groups);
				this.sums = Arrays.copyOf(this.sums, cap);
				this.counts = Arrays.copyOf(this.counts, cap);
			}
		}

		@Override
		void update(ColumnVector arg, int[] gids, int n) {
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
		void merge(Batch batch, int col, int[] gids, int n) {
			DoubleVector s = (DoubleVector) batch.column(col);
			LongVector c = (LongVector) batch.column(col + 1);
			for (int i = 0; i < n; i++) {
				if (!c.isNull(i) && c.get(i) > 0) {
					this.sums[gids[i]] += s.get(i);
					this.counts[gids[i]] += c.get(i);
				}
			}
		}

		@Override
		int stateWidth() {
			return 2;
		}

		@Override
		ColumnVector[] state(int from, int to) {
			int n = Math.max(to, from + 1);
			return new ColumnVector[] { new DoubleVector(Arrays.copyOfRange(this.sums, from, n), null, to - from),
					new LongVector(DataType.BIGINT, Arrays.copyOfRange(this.counts, from, n), null, to - from) };
		}

		@Override
		ColumnVector result(int from, int to) {
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

	/**
	 * avg of decimals: state [decimal sum, bigint count]; the result has 4 more digits of
	 * scale.
	 */
	static final class AvgDecimal extends Accumulator {

		private BigDecimal[] sums = new BigDecimal[16];

		private long[] counts = new long[16];

		@Override
		void grow(int groups) {
			if (groups > this.sums.length) {
				int cap = capacity(this.sums.length, groups);
				this.sums = Arrays.copyOf(this.sums, cap);
				this.counts = Arrays.copyOf(this.counts, cap);
			}
		}

		@Override
		void update(ColumnVector arg, int[] gids, int n) {
			if (!(arg instanceof DecimalVector v)) {
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
		void merge(Batch batch, int col, int[] gids, int n) {
			DecimalVector s = (DecimalVector) batch.column(col);
			LongVector c = (LongVector) batch.column(col + 1);
			for (int i = 0; i < n; i++) {
				if (!s.isNull(i) && !c.isNull(i)) {
					add(gids[i], s.get(i), c.get(i));
				}
			}
		}

		@Override
		int stateWidth() {
			return 2;
		}

		@Override
		ColumnVector[] state(int from, int to) {
			DecimalVector s = new DecimalVector(to - from);
			for (int g = from; g < to; g++) {
				s.append(this.sums[g]);
			}
			int n = Math.max(to, from + 1);
			return new ColumnVector[] { s,
					new LongVector(DataType.BIGINT, Arrays.copyOfRange(this.counts, from, n), null, to - from) };
		}

		@Override
		ColumnVector result(int from, int to) {
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

	static final class MinMaxLong extends Nullable {

		private final DataType type;

		private final boolean max;

		private long[] values = new long[16];

		MinMaxLong(DataType type, boolean max) {
			this.type = type;
			this.max = max;
		}

		@Override
		void growValues(int capacity) {
			this.values = Arrays.copyOf(this.values, capacity);
		}

		@Override
		void update(ColumnVector arg, int[] gids, int n) {
			if (!(arg instanceof LongVector v)) {
				return;
			}
			long[] in = v.values();
			boolean[] nulls = v.nulls();
			for (int i = 0; i < n; i++) {
				if (nulls == null || !nulls[i]) {
					int g = gids[i];
					long x = in[i];
					if (!this.seen[g] || (this.max ? x > this.values[g] : x < this.values[g])) {
						this.values[g] = x;
						this.seen[g] = true;
					}
				}
			}
		}

		@Override
		ColumnVector result(int from, int to) {
			return new LongVector(this.type, Arrays.copyOfRange(this.values, from, Math.max(to, from + 1)),
					nullsOf(from, to), to - from);
		}

	}

	static final class MinMaxDouble extends Nullable {

		private final boolean max;

		private double[] values = new double[16];

		MinMaxDouble(boolean max) {
			this.max = max;
		}

		@Override
		void growValues(int capacity) {
			this.values = Arrays.copyOf(this.values, capacity);
		}

		@Override
		void update(ColumnVector arg, int[] gids, int n) {
			if (!(arg instanceof DoubleVector v)) {
				return;
			}
			double[] in = v.values();
			boolean[] nulls = v.nulls();
			for (int i = 0; i < n; i++) {
				if (nulls == null || !nulls[i]) {
					int g = gids[i];
					double x = in[i];
					if (!this.seen[g]) {
						this.values[g] = x;
						this.seen[g] = true;
					}
					else {
						int c = compareDoubles(x, this.values[g]);
						if (this.max ? c > 0 : c < 0) {
							this.values[g] = x;
						}
					}
				}
			}
		}

		@Override
		ColumnVector result(int from, int to) {
			return new DoubleVector(Arrays.copyOfRange(this.values, from, Math.max(to, from + 1)), nullsOf(from, to),
					to - from);
		}

	}

	static final class MinMaxBoolean extends Nullable {

		private final boolean max;

		private boolean[] values = new boolean[16];

		MinMaxBoolean(boolean max) {
			this.max = max;
		}

		@Override
		void growValues(int capacity) {
			this.values = Arrays.copyOf(this.values, capacity);
		}

		@Override
		void update(ColumnVector arg, int[] gids, int n) {
			if (!(arg instanceof BooleanVector v)) {
				return;
			}
			for (int i = 0; i < n; i++) {
				if (!v.isNull(i)) {
					int g = gids[i];
					boolean x = v.get(i);
					if (!this.seen[g]) {
						this.values[g] = x;
						this.seen[g] = true;
					}
					else {
						this.values[g] = this.max ? this.values[g] | x : this.values[g] & x;
					}
				}
			}
		}

		@Override
		ColumnVector result(int from, int to) {
			return new BooleanVector(Arrays.copyOfRange(this.values, from, Math.max(to, from + 1)), nullsOf(from, to),
					to - from);
		}

	}

	/**
	 * min/max of strings in UTF-8 byte order; a group's bytes are copied only when they
	 * change.
	 */
	static final class MinMaxString extends Accumulator {

		private final boolean max;

		private byte[][] values = new byte[16][];

		MinMaxString(boolean max) {
			this.max = max;
		}

		@Override
		void grow(int groups) {
			if (groups > this.values.length) {
				this.values = Arrays.copyOf(this.values, capacity(this.values.length, groups));
			}
		}

		@Override
		void update(ColumnVector arg, int[] gids, int n) {
			if (!(arg instanceof StringVector v)) {
				return;
			}
			for (int i = 0; i < n; i++) {
				if (v.isNull(i)) {
					continue;
				}
				int g = gids[i];
				byte[] cur = this.values[g];
				int start = v.start(i);
				int length = v.length(i);
				if (cur != null) {
					int c = v.compareBytes(i, cur, 0, cur.length);
					if (this.max ? c <= 0 : c >= 0) {
						continue;
					}
				}
				this.values[g] = Arrays.copyOfRange(v.data(), start, start + length);
			}
		}

		@Override
		ColumnVector result(int from, int to) {
			StringVector out = new StringVector(to - from);
			for (int g = from; g < to; g++) {
				byte[] v = this.values[g];
				if (v == null) {
					out.appendNull();
				}
				else {
					out.append(v, 0, v.length);
				}
			}
			return out;
		}

	}

	static final class MinMaxDecimal extends Accumulator {

		private final boolean max;

		private BigDecimal[] values = new BigDecimal[16];

		MinMaxDecimal(boolean max) {
			this.max = max;
		}

		@Override
		void grow(int groups) {
			if (groups > this.values.length) {
				this.values = Arrays.copyOf(this.values, capacity(this.values.length, groups));
			}
		}

		@Override
		void update(ColumnVector arg, int[] gids, int n) {
			if (!(arg instanceof DecimalVector v)) {
				return;
			}
			for (int i = 0; i < n; i++) {
				if (!v.isNull(i)) {
					BigDecimal cur = this.values[gids[i]];
					BigDecimal x = v.get(i);
					if (cur == null || (this.max ? x.compareTo(cur) > 0 : x.compareTo(cur) < 0)) {
						this.values[gids[i]] = x;
					}
				}
			}
		}

		@Override
		ColumnVector result(int from, int to) {
			DecimalVector out = new DecimalVector(to - from);
			for (int g = from; g < to; g++) {
				out.append(this.values[g]);
			}
			return out;
		}

	}

}
