package dev.kindling.engine.aggregate;

import java.util.Arrays;
import java.util.List;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DoubleVector;

/**
 * The co-moments of two numbers, as Spark's {@code Covariance} and
 * {@code PearsonCorrelation}: only rows where both are not null count; both are read as
 * doubles and folded in with the two-variable Welford update, partial states merged with
 * Chan's formulas. A double, null for no pair; the sample covariance and the correlation
 * are null for a single pair, and a correlation with a constant side is NaN, as in Spark.
 * <ul>
 * <li>{@code covar_pop(x, y)}: ck / n
 * <li>{@code covar_samp(x, y)}: ck / (n - 1)
 * <li>{@code corr(x, y)}: ck / sqrt(xMk * yMk)
 * </ul>
 * State: [double n, double xAvg, double yAvg, double ck] and for corr [double xMk, double
 * yMk].
 */
final class Covariance implements AggregateFunction {

	enum Statistic {

		COVAR_POP, COVAR_SAMP, CORR

	}

	private final String name;

	private final Statistic statistic;

	Covariance(String name, Statistic statistic) {
		this.name = name;
		this.statistic = statistic;
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
		return 2;
	}

	@Override
	public Binding bind(List<DataType> argumentTypes) {
		for (int i = 0; i < 2; i++) {
			if (!Doubles.accepts(argumentTypes.get(i))) {
				throw new InvalidArgument(i, this.name + " expects numbers, got " + argumentTypes.get(i).sqlName());
			}
		}
		boolean corr = this.statistic == Statistic.CORR;
		List<Field> state = List.of(new Field("n", DataType.DOUBLE), new Field("xavg", DataType.DOUBLE),
				new Field("yavg", DataType.DOUBLE), new Field("ck", DataType.DOUBLE), new Field("xmk", DataType.DOUBLE),
				new Field("ymk", DataType.DOUBLE));
		Statistic statistic = this.statistic;
		return new Binding(DataType.DOUBLE, state.subList(0, corr ? 6 : 4), () -> new Kernel(statistic));
	}

	static final class Kernel extends Accumulator {

		private final Statistic statistic;

		private final boolean corr;

		private double[] n = new double[16];

		private double[] xAvg = new double[16];

		private double[] yAvg = new double[16];

		private double[] ck = new double[16];

		private double[] xMk = new double[16];

		private double[] yMk = new double[16];

		Kernel(Statistic statistic) {
			this.statistic = statistic;
			this.corr = statistic == Statistic.CORR;
		}

		@Override
		public void grow(int groups) {
			if (groups > this.n.length) {
				int cap = capacity(this.n.length, groups);
				this.n = Arrays.copyOf(this.n, cap);
				this.xAvg = Arrays.copyOf(this.xAvg, cap);
				this.yAvg = Arrays.copyOf(this.yAvg, cap);
				this.ck = Arrays.copyOf(this.ck, cap);
				this.xMk = Arrays.copyOf(this.xMk, cap);
				this.yMk = Arrays.copyOf(this.yMk, cap);
			}
		}

		@Override
		public void update(ColumnVector[] arguments, int[] gids, int rows) {
			double[] x = Doubles.of(arguments[0], rows);
			double[] y = Doubles.of(arguments[1], rows);
			if (x == null || y == null) {
				return;
			}
			for (int i = 0; i < rows; i++) {
				if (arguments[0].isNull(i) || arguments[1].isNull(i)) {
					continue;
				}
				int g = gids[i];
				double newN = this.n[g] + 1.0;
				double dx = x[i] - this.xAvg[g];
				double dxN = dx / newN;
				double dy = y[i] - this.yAvg[g];
				double dyN = dy / newN;
				double newXAvg = this.xAvg[g] + dxN;
				double newYAvg = this.yAvg[g] + dyN;
				this.ck[g] += dx * (y[i] - newYAvg);
				if (this.corr) {
					this.xMk[g] += dx * (x[i] - newXAvg);
					this.yMk[g] += dy * (y[i] - newYAvg);
				}
				this.xAvg[g] = newXAvg;
				this.yAvg[g] = newYAvg;
				this.n[g] = newN;
			}
		}

		@Override
		public void merge(Batch input, int firstColumn, int[] gids, int rows) {
			DoubleVector n2 = (DoubleVector) input.column(firstColumn);
			DoubleVector xAvg2 = (DoubleVector) input.column(firstColumn + 1);
			DoubleVector yAvg2 = (DoubleVector) input.column(firstColumn + 2);
			DoubleVector ck2 = (DoubleVector) input.column(firstColumn + 3);
			DoubleVector xMk2 = this.corr ? (DoubleVector) input.column(firstColumn + 4) : null;
			DoubleVector yMk2 = this.corr ? (DoubleVector) input.column(firstColumn + 5) : null;
			for (int i = 0; i < rows; i++) {
				if (n2.isNull(i) || n2.get(i) == 0) {
					continue;
				}
				int g = gids[i];
				double n1 = this.n[g];
				double m = n2.get(i);
				double newN = n1 + m;
				double dx = xAvg2.get(i) - this.xAvg[g];
				double dxN = (newN == 0.0) ? 0.0 : dx / newN;
				double dy = yAvg2.get(i) - this.yAvg[g];
				double dyN = (newN == 0.0) ? 0.0 : dy / newN;
				this.ck[g] = this.ck[g] + ck2.get(i) + dx * dyN * n1 * m;
				if (this.corr) {
					this.xMk[g] = this.xMk[g] + xMk2.get(i) + dx * dxN * n1 * m;
					this.yMk[g] = this.yMk[g] + yMk2.get(i) + dy * dyN * n1 * m;
				}
				this.xAvg[g] += dxN * m;
				this.yAvg[g] += dyN * m;
				this.n[g] = newN;
			}
		}

		@Override
		public ColumnVector[] state(int from, int to) {
			return this.corr ? Doubles.state(from, to, this.n, this.xAvg, this.yAvg, this.ck, this.xMk, this.yMk)
					: Doubles.state(from, to, this.n, this.xAvg, this.yAvg, this.ck);
		}

		@Override
		public ColumnVector result(int from, int to) {
			DoubleVector out = new DoubleVector(to - from);
			for (int g = from; g < to; g++) {
				double count = this.n[g];
				Double r = switch (this.statistic) {
					case COVAR_POP -> (count == 0.0) ? null : this.ck[g] / count;
					case COVAR_SAMP -> (count <= 1.0) ? null : this.ck[g] / (count - 1.0);
					case CORR -> (count <= 1.0) ? null : this.ck[g] / Math.sqrt(this.xMk[g] * this.yMk[g]);
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
