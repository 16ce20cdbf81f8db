package dev.kindling.engine.aggregate;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;
import dev.kindling.engine.vector.StringVector;

/**
 * {@code approx_count_distinct(x[, relativeSD])}: the number of distinct non-null values,
 * estimated with a HyperLogLog sketch as Spark's {@code HyperLogLogPlusPlus} sizes it:
 * {@code 2^p} registers with {@code p = ceil(2 log2(1.106 / relativeSD))} (p = 9, 512
 * registers, for Spark's default relative standard deviation of 0.05), each value hashed
 * with XXH64 (seed 42), the register of its top p bits keeping the longest run of leading
 * zeros after them. The estimate is linear counting while registers are still empty and
 * the count is small (below Spark's threshold for p, or 2.5 times the registers), else
 * the harmonic-mean estimate. Spark also subtracts an empirical bias between those and 5
 * times the registers, which this sketch does not: estimates there differ from Spark's by
 * about the relative standard deviation. A bigint, 0 for no value. State: [binary
 * sketch], one byte per register; merging keeps each register's maximum.
 */
final class ApproxCountDistinct extends WithConstantArguments {

	/**
	 * Spark's (and the HyperLogLog++ paper's) linear counting thresholds for p = 4 .. 18.
	 */
	private static final double[] THRESHOLDS = { 10, 20, 40, 80, 220, 400, 900, 1800, 3100, 6500, 11500, 20000, 50000,
			120000, 350000 };

	private static final long SEED = 42L;

	@Override
	public String name() {
		return "approx_count_distinct";
	}

	@Override
	public int maxArguments() {
		return 2;
	}

	@Override
	public Binding bind(List<DataType> argumentTypes, List<Argument> arguments) {
		double relativeSD = 0.05;
		if (arguments.size() == 2) {
			Argument sd = arguments.get(1);
			if (!sd.constant() || !(sd.value() instanceof Number n)) {
				throw new InvalidArgument(1, "approx_count_distinct expects a constant relativeSD such as 0.05");
			}
			relativeSD = n.doubleValue();
		}
		int p = precision(relativeSD);
		if (p < 4) {
			throw new InvalidArgument(1,
					"approx_count_distinct needs a relativeSD of at most 0.39 (HyperLogLog needs at least 4 bits "
							+ "of addressing), got " + relativeSD);
		}
		if (p > 18) {
			throw new InvalidArgument(1,
					"approx_count_distinct needs a relativeSD of at least 0.0008, got " + relativeSD);
		}
		return new Binding(DataType.BIGINT, List.of(new Field("sketch", DataType.BINARY)), () -> new Kernel(p));
	}

	/** Spark's precision for a relative standard deviation. */
	static int precision(double relativeSD) {
		return (int) Math.ceil(2.0 * Math.log(1.106 / relativeSD) / Math.log(2.0));
	}

	/** One register array per group. */
	static final class Kernel extends Accumulator {

		private final int p;

		private final int m;

		private byte[][] registers = new byte[16][];

		Kernel(int p) {
			this.p = p;
			this.m = 1 << p;
		}

		@Override
		public void grow(int groups) {
			if (groups > this.registers.length) {
				this.registers = Arrays.copyOf(this.registers, capacity(this.registers.length, groups));
			}
		}

		private byte[] of(int g) {
			byte[] r = this.registers[g];
			if (r == null) {
				r = new byte[this.m];
				this.registers[g] = r;
			}
			return r;
		}

		@Override
		public void update(ColumnVector[] arguments, int[] gids, int n) {
			ColumnVector v = arguments[0];
			for (int i = 0; i < n; i++) {
				if (!v.isNull(i)) {
					add(of(gids[i]), hash(v, i));
				}
			}
		}

		private void add(byte[] r, long hash) {
			int index = (int) (hash >>> (64 - this.p));
			long w = (hash << this.p) | (1L << (this.p - 1));
			int rank = Long.numberOfLeadingZeros(w) + 1;
			if (rank > r[index]) {
				r[index] = (byte) rank;
			}
		}

		@Override
		public void merge(Batch input, int firstColumn, int[] gids, int n) {
			StringVector sketches = (StringVector) input.column(firstColumn);
			byte[] data = sketches.data();
			for (int i = 0; i < n; i++) {
				if (sketches.isNull(i) || sketches.length(i) != this.m) {
					continue;
				}
				byte[] r = of(gids[i]);
				int start = sketches.start(i);
				for (int k = 0; k < this.m; k++) {
					if (data[start + k] > r[k]) {
						r[k] = data[start + k];
					}
				}
			}
		}

		@Override
		public ColumnVector[] state(int from, int to) {
			StringVector out = new StringVector(DataType.BINARY, to - from);
			for (int g = from; g < to; g++) {
				byte[] r = of(g);
				out.append(r, 0, r.length);
			}
			return new ColumnVector[] { out };
		}

		@Override
		public ColumnVector result(int from, int to) {
			LongVector out = new LongVector(DataType.BIGINT, to - from);
			for (int g = from; g < to; g++) {
				out.append((this.registers[g] == null) ? 0 : estimate(this.registers[g]));
			}
			return out;
		}

		long estimate(byte[] r) {
			double zInverse = 0;
			double zeros = 0;
			for (byte register : r) {
				zInverse += 1.0 / (1L << register);
				if (register == 0) {
					zeros++;
				}
			}
			double alpha = switch (this.p) {
				case 4 -> 0.673;
				case 5 -> 0.697;
				case 6 -> 0.709;
				default -> 0.7213 / (1 + 1.079 / this.m);
			};
			double raw = alpha * this.m * this.m / zInverse;
			double estimate = raw;
			if (zeros > 0) {
				double linear = this.m * Math.log(this.m / zeros);
				if (linear <= THRESHOLDS[this.p - 4] || raw <= 2.5 * this.m) {
					estimate = linear;
				}
			}
			return Math.round(estimate);
		}

	}

	/** The hash of a value: equal values of any type hash equal, as their bytes do. */
	static long hash(ColumnVector v, int i) {
		if (v instanceof LongVector l) {
			return XxHash64.hashLong(l.get(i), SEED);
		}
		if (v instanceof DoubleVector d) {
			double x = d.get(i);
			if (x == 0.0) {
				x = 0.0;
			}
			return XxHash64.hashLong(Double.doubleToLongBits(x), SEED);
		}
		if (v instanceof StringVector s) {
			return XxHash64.hashBytes(s.data(), s.start(i), s.length(i), SEED);
		}
		if (v instanceof BooleanVector b) {
			return XxHash64.hashLong(b.get(i) ? 1 : 0, SEED);
		}
		BigDecimal d = ((BigDecimal) v.getObject(i)).stripTrailingZeros();
		byte[] bytes = d.toString().getBytes(StandardCharsets.US_ASCII);
		return XxHash64.hashBytes(bytes, 0, bytes.length, SEED);
	}

}
