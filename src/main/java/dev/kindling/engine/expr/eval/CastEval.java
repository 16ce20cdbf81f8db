package dev.kindling.engine.expr.eval;

import java.util.Locale;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;

/**
 * A conversion to {@code target}, explicit ({@code CAST}) or added by the binder. Numeric
 * widening and date/timestamp conversions run over the arrays; the rest go row by row
 * through {@link Values#cast}, where a value that does not convert becomes null.
 */
final class CastEval implements BoundExpr {

	private static final long MICROS_PER_DAY = 86_400_000_000L;

	private static final long MAX_TIMESTAMP_DAY = Long.MAX_VALUE / MICROS_PER_DAY - 1;

	private final BoundExpr operand;

	private final DataType target;

	CastEval(BoundExpr operand, DataType target) {
		this.operand = operand;
		this.target = target;
	}

	@Override
	public DataType type() {
		return this.target;
	}

	@Override
	public String sql() {
		return "CAST(" + this.operand.sql() + " AS " + this.target.sqlName().toUpperCase(Locale.ROOT) + ")";
	}

	@Override
	public ColumnVector evaluate(Batch batch) {
		int n = batch.rowCount();
		ColumnVector v = this.operand.evaluate(batch);
		DataType from = v.type();
		if (from == this.target) {
			return v;
		}
		if (v instanceof LongVector l) {
			long[] a = l.values();
			if (from == DataType.INT && this.target == DataType.BIGINT) {
				return new LongVector(DataType.BIGINT, a, l.nulls(), n);
			}
			if (from.isIntegral() && this.target == DataType.DOUBLE) {
				double[] out = new double[Math.max(n, 1)];
				for (int i = 0; i < n; i++) {
					out[i] = a[i];
				}
				return new DoubleVector(out, l.nulls(), n);
			}
			if (from == DataType.BIGINT && this.target == DataType.INT) {
				long[] out = new long[Math.max(n, 1)];
				for (int i = 0; i < n; i++) {
					out[i] = (int) a[i];
				}
				return new LongVector(DataType.INT, out, l.nulls(), n);
			}
			if (from == DataType.DATE && this.target == DataType.TIMESTAMP) {
				long[] out = new long[Math.max(n, 1)];
				boolean[] nulls = Vectors.copyNulls(l.nulls(), n);
				for (int i = 0; i < n; i++) {
					if (Math.abs(a[i]) > MAX_TIMESTAMP_DAY) {
						// beyond the range of microseconds in a long
						nulls[i] = true;
					}
					else {
						out[i] = a[i] * MICROS_PER_DAY;
					}
				}
				return new LongVector(DataType.TIMESTAMP, out, Vectors.trim(nulls, n), n);
			}
			if (from == DataType.TIMESTAMP && this.target == DataType.DATE) {
				long[] out = new long[Math.max(n, 1)];
				for (int i = 0; i < n; i++) {
					out[i] = Math.floorDiv(a[i], MICROS_PER_DAY);
				}
				return new LongVector(DataType.DATE, out, l.nulls(), n);
			}
		}
		ColumnVector out = ColumnVector.allocate(this.target, n);
		for (int i = 0; i < n; i++) {
			out.appendObject(Values.cast(v.getObject(i), this.target));
		}
		return out;
	}

}
