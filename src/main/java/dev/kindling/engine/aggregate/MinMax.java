package dev.kindling.engine.aggregate;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.DecimalType;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;
import dev.kindling.engine.vector.StringVector;

/**
 * {@code min(x)} and {@code max(x)} of any ordered type, keeping the argument's type;
 * null for a group with no non-null value. Spark's orders: NaN above every double,
 * strings in UTF-8 byte order, {@code false < true}. As in Spark, an untyped {@code null}
 * argument is not cast: {@code min(NULL)} has the null type ({@code void}). State: [the
 * extreme so far].
 */
final class MinMax implements AggregateFunction {

	static final MinMax MIN = new MinMax(false);

	static final MinMax MAX = new MinMax(true);

	private final boolean max;

	private MinMax(boolean max) {
		this.max = max;
	}

	@Override
	public String name() {
		return this.max ? "max" : "min";
	}

	@Override
	public Binding bind(List<DataType> argumentTypes) {
		DataType type = argumentTypes.get(0);
		boolean max = this.max;
		return Binding.ofResult(name(), type, switch (type.kind()) {
			case INT, BIGINT, DATE, TIMESTAMP -> () -> new OfLongs(type, max);
			case DOUBLE -> () -> new OfDoubles(max);
			case BOOLEAN -> () -> new OfBooleans(max);
			case STRING, BINARY -> () -> new OfStrings(type, max);
			case DECIMAL -> () -> new OfDecimals((DecimalType) type, max);
			case NULL -> OfNothing::new;
		});
	}

	static final class OfLongs extends Accumulator.Nullable {

		private final DataType type;

		private final boolean max;

		private long[] values = new long[16];

		OfLongs(DataType type, boolean max) {
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
		public ColumnVector result(int from, int to) {
			return new LongVector(this.type, Arrays.copyOfRange(this.values, from, Math.max(to, from + 1)),
					nullsOf(from, to), to - from);
		}

	}

	static final class OfDoubles extends Accumulator.Nullable {

		private final boolean max;

		private double[] values = new double[16];

		OfDoubles(boolean max) {
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
						int c = DoubleVector.compare(x, this.values[g]);
						if (this.max ? c > 0 : c < 0) {
							this.values[g] = x;
						}
					}
				}
			}
		}

		@Override
		public ColumnVector result(int from, int to) {
			return new DoubleVector(Arrays.copyOfRange(this.values, from, Math.max(to, from + 1)), nullsOf(from, to),
					to - from);
		}

	}

	static final class OfBooleans extends Accumulator.Nullable {

		private final boolean max;

		private boolean[] values = new boolean[16];

		OfBooleans(boolean max) {
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
		public ColumnVector result(int from, int to) {
			return new BooleanVector(Arrays.copyOfRange(this.values, from, Math.max(to, from + 1)), nullsOf(from, to),
					to - from);
		}

	}

	/**
	 * Strings in UTF-8 byte order (binaries in unsigned byte order); a group's bytes are
	 * copied only when they change.
	 */
	static final class OfStrings extends Accumulator.OfOne {

		private final DataType type;

		private final boolean max;

		private byte[][] values = new byte[16][];

		OfStrings(DataType type, boolean max) {
			this.type = type;
			this.max = max;
		}

		@Override
		public void grow(int groups) {
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
		public ColumnVector result(int from, int to) {
			StringVector out = new StringVector(this.type, to - from);
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

	/**
	 * Decimals of one type, compared as their unscaled values (one scale): longs, and a
	 * BigInteger for a group whose extreme does not fit one.
	 */
	static final class OfDecimals extends Accumulator.Nullable {

		private final DecimalType type;

		private final boolean max;

		private long[] values = new long[16];

		private BigInteger[] wide;

		OfDecimals(DecimalType type, boolean max) {
			this.type = type;
			this.max = max;
		}

		@Override
		void growValues(int capacity) {
			this.values = Arrays.copyOf(this.values, capacity);
			if (this.wide != null) {
				this.wide = Arrays.copyOf(this.wide, capacity);
			}
		}

		@Override
		void update(ColumnVector arg, int[] gids, int n) {
			if (!(arg instanceof DecimalVector v)) {
				return;
			}
			long[] in = v.values();
			boolean[] nulls = v.nulls();
			for (int i = 0; i < n; i++) {
				if (nulls != null && nulls[i]) {
					continue;
				}
				int g = gids[i];
				boolean groupWide = this.wide != null && this.wide[g] != null;
				if (v.isCompact(i) && !groupWide) {
					long x = in[i];
					if (!this.seen[g] || (this.max ? x > this.values[g] : x < this.values[g])) {
						this.values[g] = x;
						this.seen[g] = true;
					}
					continue;
				}
				BigInteger x = v.unscaledBig(i);
				BigInteger cur = groupWide ? this.wide[g] : BigInteger.valueOf(this.values[g]);
				int c = x.compareTo(cur);
				if (!this.seen[g] || (this.max ? c > 0 : c < 0)) {
					this.seen[g] = true;
					if (x.bitLength() < 64) {
						this.values[g] = x.longValue();
						if (groupWide) {
							this.wide[g] = null;
						}
					}
					else {
						if (this.wide == null) {
							this.wide = new BigInteger[this.values.length];
						}
						this.wide[g] = x;
					}
				}
			}
		}

		@Override
		public ColumnVector result(int from, int to) {
			DecimalVector out = new DecimalVector(this.type, to - from);
			for (int g = from; g < to; g++) {
				if (!this.seen[g]) {
					out.appendNull();
				}
				else if (this.wide != null && this.wide[g] != null) {
					out.appendUnscaled(this.wide[g]);
				}
				else {
					out.appendUnscaled(this.values[g]);
				}
			}
			return out;
		}

	}

	/** The extreme of untyped nulls: null for every group. */
	static final class OfNothing extends Accumulator.OfOne {

		@Override
		public void grow(int groups) {
		}

		@Override
		void update(ColumnVector arg, int[] gids, int n) {
		}

		@Override
		public ColumnVector result(int from, int to) {
			return ColumnVector.nulls(DataType.NULL, to - from);
		}

	}

}
