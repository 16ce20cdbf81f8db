package dev.kindling.engine.expr.eval;

import java.math.BigInteger;

import dev.kindling.engine.types.AnsiMode;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.QueryExecutionException;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;

/**
 * Unary minus, keeping the operand's type as Spark's {@code UnaryMinus} does (a decimal
 * keeps its precision and scale). The negation of the smallest int or bigint wraps to
 * itself without ANSI mode and is {@code ARITHMETIC_OVERFLOW} with it.
 */
final class NegateEval implements BoundExpr {

	private final BoundExpr operand;

	private final boolean ansi;

	NegateEval(BoundExpr operand) {
		this.operand = operand;
		this.ansi = AnsiMode.current();
	}

	@Override
	public DataType type() {
		return this.operand.type();
	}

	@Override
	public String sql() {
		return "(- " + this.operand.sql() + ")";
	}

	@Override
	public ColumnVector evaluate(Batch batch) {
		int n = batch.rowCount();
		ColumnVector v = this.operand.evaluate(batch);
		if (v instanceof DoubleVector d) {
			double[] a = d.values();
			double[] out = new double[Math.max(n, 1)];
			for (int i = 0; i < n; i++) {
				out[i] = -a[i];
			}
			return new DoubleVector(out, copy(d.nulls(), n), n);
		}
		if (v instanceof DecimalVector d) {
			long[] a = d.values();
			long[] out = new long[Math.max(n, 1)];
			BigInteger[] wide = null;
			for (int i = 0; i < n; i++) {
				if (!d.isCompact(i) || a[i] == Long.MIN_VALUE) {
					if (wide == null) {
						wide = new BigInteger[out.length];
					}
					BigInteger negated = d.unscaledBig(i).negate();
					if (negated.bitLength() < 64) {
						out[i] = negated.longValue();
					}
					else {
						wide[i] = negated;
					}
				}
				else {
					out[i] = -a[i];
				}
			}
			return new DecimalVector(d.decimalType(), out, wide, copy(d.nulls(), n), n);
		}
		LongVector l = (LongVector) v;
		long[] a = l.values();
		long[] out = new long[Math.max(n, 1)];
		boolean isInt = l.type() == DataType.INT;
		long min = isInt ? Integer.MIN_VALUE : Long.MIN_VALUE;
		for (int i = 0; i < n; i++) {
			if (a[i] == min && !l.isNull(i)) {
				if (this.ansi) {
					throw QueryExecutionException.arithmeticOverflow(isInt ? "integer overflow" : "long overflow",
							null);
				}
				out[i] = min;
			}
			else {
				out[i] = -a[i];
			}
		}
		return new LongVector(l.type(), out, copy(l.nulls(), n), n);
	}

	private static boolean[] copy(boolean[] nulls, int n) {
		return (nulls == null) ? null : Vectors.copyNulls(nulls, n);
	}

}
