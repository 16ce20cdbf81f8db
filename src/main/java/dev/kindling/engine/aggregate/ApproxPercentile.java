package dev.kindling.engine.aggregate;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;
import dev.kindling.engine.vector.StringVector;

/**
 * {@code percentile_approx(x, percentage[, accuracy])} (also {@code approx_percentile}),
 * as Spark's {@code ApproximatePercentile}: the value at {@code percentage} (a constant
 * from 0 to 1) of the non-null values of a number, date or timestamp, within a rank error
 * of {@code count / accuracy} (accuracy a constant from 1, 10,000 by default); of the
 * argument's type (integers truncated, as Spark converts the summary's double back).
 * Small inputs come out exact: the value of rank {@code ceil(percentage * count)}. Null
 * for no value. State: [binary summary] ({@link QuantileDigest}), merged across
 * partitions.
 */
final class ApproxPercentile extends WithConstantArguments {

	static final int DEFAULT_ACCURACY = 10_000;

	private final String name;

	ApproxPercentile(String name) {
		this.name = name;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public int minArguments() {
		return 2;
	}

	@Override
	public int maxArguments() {
		return 3;
	}

	@Override
	public Binding bind(List<DataType> argumentTypes, List<Argument> arguments) {
		DataType type = argumentTypes.get(0);
		if (!type.isNumeric() && type != DataType.DATE && type != DataType.TIMESTAMP && type != DataType.NULL) {
			throw new InvalidArgument(0, this.name + " expects a number, date or timestamp, got " + type.sqlName());
		}
		Argument p = arguments.get(1);
		if (!p.constant() || !(p.value() instanceof Number percentage)) {
			throw new InvalidArgument(1, this.name + " expects a constant percentage between 0.0 and 1.0"
					+ " (an array of percentages is not supported yet)");
		}
		double q = percentage.doubleValue();
		if (!(q >= 0.0 && q <= 1.0)) {
			throw new InvalidArgument(1, this.name + " expects a percentage between 0.0 and 1.0, got " + percentage);
		}
		int accuracy = DEFAULT_ACCURACY;
		if (arguments.size() == 3) {
			Argument a = arguments.get(2);
			if (!a.constant() || !(a.value() instanceof Number n) || n instanceof Double || n instanceof BigDecimal) {
				throw new InvalidArgument(2, this.name + " expects a constant integer accuracy");
			}
			long value = n.longValue();
			if (value <= 0 || value > Integer.MAX_VALUE) {
				throw new InvalidArgument(2,
						this.name + " expects an accuracy between 1 and " + Integer.MAX_VALUE + ", got " + value);
			}
			accuracy = (int) value;
		}
		DataType result = (type == DataType.NULL) ? DataType.DOUBLE : type;
		double relativeError = 1.0 / accuracy;
		return new Binding(result, List.of(new Field("digest", DataType.BINARY)),
				() -> new Kernel(result, q, relativeError));
	}

	static final class Kernel extends Accumulator {

		private final DataType type;

		private final double percentage;

		private final double relativeError;

		private QuantileDigest[] digests = new QuantileDigest[16];

		Kernel(DataType type, double percentage, double relativeError) {
			this.type = type;
			this.percentage = percentage;
			this.relativeError = relativeError;
		}

		@Override
		public void grow(int groups) {
			if (groups > this.digests.length) {
				this.digests = Arrays.copyOf(this.digests, capacity(this.digests.length, groups));
			}
		}

		private QuantileDigest of(int g) {
			QuantileDigest d = this.digests[g];
			if (d == null) {
				d = new QuantileDigest(this.relativeError);
				this.digests[g] = d;
			}
			return d;
		}

		@Override
		public void update(ColumnVector[] arguments, int[] gids, int n) {
			ColumnVector v = arguments[0];
			double[] x = (v instanceof LongVector || v instanceof DoubleVector || v.type().isNumeric())
					? Doubles.of(v, n) : null;
			if (x == null) {
				return;
			}
			for (int i = 0; i < n; i++) {
				if (!v.isNull(i)) {
					of(gids[i]).insert(x[i]);
				}
			}
		}

		@Override
		public void merge(Batch input, int firstColumn, int[] gids, int n) {
			StringVector states = (StringVector) input.column(firstColumn);
			for (int i = 0; i < n; i++) {
				if (!states.isNull(i)) {
					of(gids[i]).merge(QuantileDigest.fromBytes(states.data(), states.start(i), states.length(i)));
				}
			}
		}

		@Override
		public ColumnVector[] state(int from, int to) {
			StringVector out = new StringVector(DataType.BINARY, to - from);
			for (int g = from; g < to; g++) {
				byte[] bytes = of(g).toBytes();
				out.append(bytes, 0, bytes.length);
			}
			return new ColumnVector[] { out };
		}

		@Override
		public ColumnVector result(int from, int to) {
			ColumnVector out = ColumnVector.allocate(this.type, to - from);
			for (int g = from; g < to; g++) {
				QuantileDigest d = this.digests[g];
				double value = (d == null) ? Double.NaN : d.query(this.percentage);
				if (d == null || d.count() == 0) {
					out.appendNull();
				}
				else if (this.type == DataType.DOUBLE) {
					((DoubleVector) out).append(value);
				}
				else if (this.type.isLongBacked()) {
					long l = (long) value;
					((LongVector) out).append((this.type == DataType.INT || this.type == DataType.DATE) ? (int) l : l);
				}
				else {
					out.appendObject(BigDecimal.valueOf(value));
				}
			}
			return out;
		}

	}

}
