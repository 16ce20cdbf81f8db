package dev.kindling.engine.aggregate;

import java.util.Arrays;
import java.util.List;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DoubleVector;

/**
 * The moment statistics of a number, as Spark's {@code CentralMomentAgg}: the input is
 * read as a double and folded in with Welford's update (count, mean, and the sums of
 * squared, cubed and fourth-power deviations), partial states merged with Chan's
 * formulas, so the result is the same however the rows were split. A double, null for no
 * value; the sample statistics are null for a single value (Spark's default, without
 * {@code spark.sql.legacy.statisticalAggregate}).
 * <ul>
 * <li>{@code stddev}, {@code std}, {@code stddev_samp}: the sample standard deviation
 * <li>{@code stddev_pop}: the population standard deviation
 * <li>{@code variance}, {@code var_samp}, {@code var_pop}: the variances
 * <li>{@code skewness}, {@code kurtosis} (excess)
 * </ul>
 * State: [double n, double avg, double m2, double m3, double m4], the higher moments kept
 * only when the statistic needs them.
 */
final class CentralMoments implements AggregateFunction {

	enum Statistic {

		STDDEV_SAMP, STDDEV_POP, VAR_SAMP, VAR_POP, SKEWNESS, KURTOSIS

	}

	private final String name;

	private final Statistic statistic;

	CentralMoments(String name, Statistic statistic) {
		this.name = name;
		this.statistic = statistic;
	}

	@Override
	public String name() {
		return this.name;
	}

	private int order() {
		return switch (this.statistic) {
			case SKEWNESS -> 3;
			case KURTOSIS -> 4;
			default -> 2;
		};
	}

	@Override
	public Binding bind(List<DataType> argumentTypes) {
		DataType arg = argumentTypes.get(0);
		if (!Doubles.accepts(arg)) {
			throw new InvalidArgument(0, this.name + " expects a number, got " + arg.sqlName());
		}
		int order = order();
		List<Field> state = List.of(new Field("n", DataType.DOUBLE), new Field("avg", DataType.DOUBLE),
				new Field("m2", DataType.DOUBLE), new Field("m3", DataType.DOUBLE), new Field("m4", DataType.DOUBLE));
		Statistic statistic = this.statistic;
		return new Binding(DataType.DOUBLE, state.subList(0, order + 1), () -> new Kernel(statistic, order));
	}

	/** The moments of every group in double arrays. */
	static final class Kernel extends Accumulator {

		private final Statistic statistic;

		private final int order;

		private double[] n = new double[16];

		private double[] avg = new double[16];

		private double[] m2 = new double[16];

		private double[] m3;

		private double[] m4;

		Kernel(Statistic statistic, int order) {
			this.statistic = statistic;
			this.order = order;
			if (order >= 3) {
				this.m3 = new double[16];
			}
			if (order >= 4) {
				this.m4 = new double[16];
			}
		}

		@Override
		public void grow(int groups) {
			if (groups > this.n.length) {
				int cap = capacity(this.n.length, groups);
				this.n = Arrays.copyOf(this.n, cap);
				this.avg = Arrays.copyOf(this.avg, cap);
				this.m2 = Arrays.copyOf(this.m2, cap);
				if (this.m3 != null) {
					this.m3 = Arrays.copyOf(this.m3, cap);
				}
				if (this.m4 != null) {
					this.m4 = Arrays.copyOf(this.m4, cap);
				}
			}
		}

		@Override
		public void update(ColumnVector[] arguments, int[] gids, int rows) {
			ColumnVector arg = arguments[0];
			double[] x = Doubles.of(arg, rows);
			if (x == null) {
				return;
			}
			boolean[] nulls = arg.nulls();
			for (int i = 0; i < rows; i++) {
				if (nulls == null || !nulls[i]) {
					add(gids[i], x[i]);
				}
			}
		}

		/**
		 * Spark's update: Welford's, extended to the third and fourth moments (each
		 * higher moment from the new lower ones, in Spark's order of operations).
		 */
		private void add(int g, double value) {
			double newN = this.n[g] + 1.0;
			double delta = value - this.avg[g];
			double deltaN = delta / newN;
			double newM2 = this.m2[g] + delta * (delta - deltaN);
			if (this.order >= 3) {
				double delta2 = delta * delta;
				double deltaN2 = deltaN * deltaN;
				double newM3 = this.m3[g] - 3.0 * deltaN * newM2 + delta * (delta2 - deltaN2);
				if (this.order >= 4) {
					this.m4[g] = this.m4[g] - 4.0 * deltaN * newM3 - 6.0 * deltaN2 * newM2
							+ delta * (delta * delta2 - deltaN * deltaN2);
				}
				this.m3[g] = newM3;
			}
			this.avg[g] += deltaN;
			this.m2[g] = newM2;
			this.n[g] = newN;
		}

		@Override
		public void merge(Batch input, int firstColumn, int[] gids, int rows) {
			DoubleVector[] cols = new DoubleVector[this.order + 1];
			for (int k = 0; k <= this.order; k++) {
				cols[k] = (DoubleVector) input.column(firstColumn + k);
			}
			for (int i = 0; i < rows; i++) {
				if (cols[0].isNull(i) || cols[0].get(i) == 0) {
					continue;
				}
				int g = gids[i];
				double n1 = this.n[g];
				double n2 = cols[0].get(i);
				double avg2 = cols[1].get(i);
				double m22 = cols[2].get(i);
				double newN = n1 + n2;
				double delta = avg2 - this.avg[g];
				double deltaN = (newN == 0.0) ? 0.0 : delta / newN;
				double m2a = this.m2[g];
				double newM2 = m2a + m22 + delta * deltaN * n1 * n2;
				if (this.order >= 3) {
					double m3a = this.m3[g];
					double m32 = cols[3].get(i);
					double newM3 = m3a + m32 + deltaN * deltaN * delta * n1 * n2 * (n1 - n2)
							+ 3.0 * deltaN * (n1 * m22 - n2 * m2a);
					if (this.order >= 4) {
						double m42 = cols[4].get(i);
						this.m4[g] = this.m4[g] + m42
								+ deltaN * deltaN * deltaN * delta * n1 * n2 * (n1 * n1 - n1 * n2 + n2 * n2)
								+ 6.0 * deltaN * deltaN * (n1 * n1 * m22 + n2 * n2 * m2a)
								+ 4.0 * deltaN * (n1 * m32 - n2 * m3a);
					}
					this.m3[g] = newM3;
				}
				this.avg[g] += deltaN * n2;
				this.m2[g] = newM2;
				this.n[g] = newN;
			}
		}

		@Override
		public ColumnVector[] state(int from, int to) {
			return switch (this.order) {
				case 2 -> Doubles.state(from, to, this.n, this.avg, this.m2);
				case 3 -> Doubles.state(from, to, this.n, this.avg, this.m2, this.m3);
				default -> Doubles.state(from, to, this.n, this.avg, this.m2, this.m3, this.m4);
			};
		}

		@Override
		public ColumnVector result(int from, int to) {
			DoubleVector out = new DoubleVector(to - from);
			for (int g = from; g < to; g++) {
				double count = this.n[g];
				double m2 = this.m2[g];
				Double r = switch (this.statistic) {
					case STDDEV_SAMP -> (count <= 1.0) ? null : Math.sqrt(m2 / (count - 1.0));
					case STDDEV_POP -> (count == 0.0) ? null : Math.sqrt(m2 / count);
					case VAR_SAMP -> (count <= 1.0) ? null : m2 / (count - 1.0);
					case VAR_POP -> (count == 0.0) ? null : m2 / count;
					case SKEWNESS -> (count == 0.0) ? null
							: (m2 == 0.0) ? null : Math.sqrt(count) * this.m3[g] / Math.sqrt(m2 * m2 * m2);
					case KURTOSIS -> (count == 0.0) ? null : (m2 == 0.0) ? null : count * this.m4[g] / (m2 * m2) - 3.0;
				};
				if (r == null) {
					out.appendNull();
				}
				else {
					out.append(r);
				}
			}
			return out;
		}

	}

}
