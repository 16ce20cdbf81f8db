package dev.kindling.engine.expr.eval;

import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

import dev.kindling.engine.expr.FunctionCall;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DoubleVector;

import static dev.kindling.engine.expr.eval.FunctionArguments.arity;
import static dev.kindling.engine.expr.eval.FunctionArguments.real;

/**
 * Functions of doubles, as Spark computes them: the argument is cast to double and the
 * result is a double; {@code StrictMath} where Spark uses it (logarithms, {@code exp},
 * {@code pow}), so the last digit agrees. The logarithms are null at and below their
 * asymptote ({@code ln(0)} and {@code ln(-1)} are null, not NaN), {@code sqrt(-1)} is
 * NaN. Each runs as one loop over the double array.
 */
final class MathFunctions {

	private MathFunctions() {
	}

	/** A function of one double whose domain is everything (NaN in, NaN out). */
	static ScalarFunction of(DoubleUnaryOperator f) {
		return (call, args) -> {
			arity(call, args, 1, 1);
			return new UnaryEval(call.name(), real(call, args, 0), f, Double.NEGATIVE_INFINITY, false);
		};
	}

	/**
	 * A logarithm-like function: null for an argument at or below {@code asymptote}, as
	 * Spark's {@code UnaryLogExpression}.
	 */
	static ScalarFunction log(DoubleUnaryOperator f, double asymptote) {
		return (call, args) -> {
			arity(call, args, 1, 1);
			return new UnaryEval(call.name(), real(call, args, 0), f, asymptote, true);
		};
	}

	/** {@code log(x)} (natural) or {@code log(base, x)}: null when either is &le; 0. */
	static BoundExpr logarithm(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 2);
		if (args.size() == 1) {
			return new UnaryEval(call.name(), real(call, args, 0), StrictMath::log, 0.0, true);
		}
		return VectorFunctionEval.of(call.name(), List.of(real(call, args, 0), real(call, args, 1)), DataType.DOUBLE,
				(a, row, out, s) -> {
					double base = ((DoubleVector) a[0]).get(row);
					double x = ((DoubleVector) a[1]).get(row);
					if (base <= 0.0 || x <= 0.0) {
						out.appendNull();
					}
					else {
						((DoubleVector) out).append(StrictMath.log(x) / StrictMath.log(base));
					}
				});
	}

	/** A function of two doubles ({@code pow}, {@code atan2}, {@code hypot}). */
	static ScalarFunction of(DoubleBinaryOperator f) {
		return (call, args) -> {
			arity(call, args, 2, 2);
			return VectorFunctionEval.of(call.name(), List.of(real(call, args, 0), real(call, args, 1)),
					DataType.DOUBLE, (a, row, out, s) -> ((DoubleVector) out)
						.append(f.applyAsDouble(((DoubleVector) a[0]).get(row), ((DoubleVector) a[1]).get(row))));
		};
	}

	/** A constant of no arguments ({@code pi()}, {@code e()}). */
	static ScalarFunction constant(double value) {
		return (call, args) -> {
			arity(call, args, 0, 0);
			return new LiteralEval(value, DataType.DOUBLE);
		};
	}

	/** {@code f(x)} over a double vector, null where {@code x <= asymptote} if asked. */
	static final class UnaryEval implements BoundExpr {

		private final String name;

		private final BoundExpr operand;

		private final DoubleUnaryOperator f;

		private final double asymptote;

		private final boolean nullBelow;

		UnaryEval(String name, BoundExpr operand, DoubleUnaryOperator f, double asymptote, boolean nullBelow) {
			this.name = name;
			this.operand = operand;
			this.f = f;
			this.asymptote = asymptote;
			this.nullBelow = nullBelow;
		}

		@Override
		public DataType type() {
			return DataType.DOUBLE;
		}

		@Override
		public String sql() {
			return this.name + "(" + this.operand.sql() + ")";
		}

		@Override
		public ColumnVector evaluate(Batch batch) {
			int n = batch.rowCount();
			DoubleVector in = (DoubleVector) this.operand.evaluate(batch);
			double[] x = in.values();
			double[] out = new double[Math.max(n, 1)];
			boolean[] nulls = in.nulls();
			boolean[] outNulls = null;
			for (int i = 0; i < n; i++) {
				if (nulls != null && nulls[i]) {
					continue;
				}
				if (this.nullBelow && x[i] <= this.asymptote) {
					if (outNulls == null) {
						outNulls = Vectors.copyNulls(nulls, n);
					}
					outNulls[i] = true;
					continue;
				}
				out[i] = this.f.applyAsDouble(x[i]);
			}
			return new DoubleVector(out, (outNulls != null) ? outNulls : nulls, n);
		}

	}

}
