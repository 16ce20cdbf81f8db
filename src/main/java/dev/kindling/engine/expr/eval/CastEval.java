package dev.kindling.engine.expr.eval;

import java.math.BigDecimal;
import java.util.Locale;

import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.types.AnsiMode;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.DecimalType;
import dev.kindling.engine.types.Decimals;
import dev.kindling.engine.types.QueryExecutionException;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;

/**
 * A conversion to {@code target}, explicit ({@code CAST}) or added by the binder. Numeric
 * widening, date/timestamp conversions and conversions between integers, decimals and
 * doubles run over the arrays (decimals on their unscaled longs); the rest go row by row
 * through {@link Values#cast}. A value that does not convert is null, or in ANSI mode
 * (taken from {@link AnsiMode} when the cast is bound) an error with Spark's error class.
 * {@code TRY_CAST} converts as the ANSI cast does, with null where that cast fails.
 */
final class CastEval implements BoundExpr {

	private static final long MICROS_PER_DAY = 86_400_000_000L;

	private static final long MAX_TIMESTAMP_DAY = Long.MAX_VALUE / MICROS_PER_DAY - 1;

	private final BoundExpr operand;

	private final DataType target;

	private final boolean ansi;

	private final boolean tryCast;

	CastEval(BoundExpr operand, DataType target) {
		this(operand, target, false);
	}

	CastEval(BoundExpr operand, DataType target, boolean tryCast) {
		this.operand = operand;
		this.target = target;
		this.ansi = tryCast || AnsiMode.current();
		this.tryCast = tryCast;
	}

	@Override
	public DataType type() {
		return this.target;
	}

	@Override
	public String sql() {
		return (this.tryCast ? "TRY_CAST(" : "CAST(") + this.operand.sql() + " AS "
				+ this.target.sqlName().toUpperCase(Locale.ROOT) + ")";
	}

	/** One value converted as this cast converts it (for constants, at bind time). */
	Object castValue(Object value) {
		if (!this.tryCast) {
			return Values.cast(value, this.operand.type(), this.target, this.ansi);
		}
		try {
			return Values.cast(value, this.operand.type(), this.target, true);
		}
		catch (QueryExecutionException | ExprException | ArithmeticException ex) {
			return null;
		}
	}

	@Override
	public ColumnVector evaluate(Batch batch) {
		int n = batch.rowCount();
		ColumnVector v = this.operand.evaluate(batch);
		if (!this.tryCast) {
			return convert(v, n);
		}
		try {
			return convert(v, n);
		}
		catch (QueryExecutionException | ExprException | ArithmeticException ex) {
			// a value in the batch does not convert: convert row by row, null for it
			ColumnVector out = ColumnVector.allocate(this.target, n);
			for (int i = 0; i < n; i++) {
				out.appendObject(castValue(v.getObject(i)));
			}
			return out;
		}
	}

	private ColumnVector convert(ColumnVector v, int n) {
		DataType from = v.type();
		if (from == this.target) {
			return v;
		}
		if (v instanceof LongVector l) {
			ColumnVector out = fromLongs(l, from, n);
			if (out != null) {
				return out;
			}
		}
		if (v instanceof DecimalVector d) {
			ColumnVector out = fromDecimals(d, n);
			if (out != null) {
				return out;
			}
		}
		ColumnVector out = ColumnVector.allocate(this.target, n);
		for (int i = 0; i < n; i++) {
			out.appendObject(castValue(v.getObject(i)));
		}
		return out;
	}

	private ColumnVector fromLongs(LongVector l, DataType from, int n) {
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
				if (this.ansi && a[i] != (int) a[i] && !l.isNull(i)) {
					throw QueryExecutionException.castOverflow(a[i] + "L", from, this.target);
				}
				out[i] = (int) a[i];
			}
			return new LongVector(DataType.INT, out, l.nulls(), n);
		}
		if (from.isIntegral() && this.target instanceof DecimalType t) {
			return integersToDecimals(l, t, n);
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
		return null;
	}

	/** Integers scaled to the target's scale, checked against its precision. */
	private ColumnVector integersToDecimals(LongVector l, DecimalType t, int n) {
		long[] a = l.values();
		DecimalVector out = new DecimalVector(t, n);
		for (int i = 0; i < n; i++) {
			if (l.isNull(i)) {
				out.appendNull();
				continue;
			}
			long u = Decimals.scaleUp(a[i], t.scale());
			if (u != Long.MIN_VALUE && Decimals.fits(u, t.precision())) {
				out.appendUnscaled(u);
			}
			else {
				appendRounded(out, BigDecimal.valueOf(a[i]), t);
			}
		}
		return out;
	}

	private ColumnVector fromDecimals(DecimalVector d, int n) {
		if (this.target instanceof DecimalType t) {
			return rescale(d, t, n);
		}
		if (this.target == DataType.DOUBLE) {
			double[] out = new double[Math.max(n, 1)];
			long[] a = d.values();
			int scale = d.scale();
			for (int i = 0; i < n; i++) {
				if (d.isCompact(i) && Math.abs(a[i]) < (1L << 53) && scale <= 22) {
					// two exact doubles: one correctly rounded division, as BigDecimal
					// gives
					out[i] = a[i] / POWERS[scale];
				}
				else if (!d.isNull(i)) {
					out[i] = d.get(i).doubleValue();
				}
			}
			return new DoubleVector(out, copy(d.nulls(), n), n);
		}
		if (this.target == DataType.BIGINT && d.wide() == null && !this.ansi) {
			// truncation toward zero, as Spark's Decimal.toLong
			long[] out = new long[Math.max(n, 1)];
			long[] a = d.values();
			long p = Decimals.POW10[Math.min(d.scale(), DecimalType.MAX_LONG_DIGITS)];
			for (int i = 0; i < n; i++) {
				out[i] = (d.scale() > DecimalType.MAX_LONG_DIGITS) ? 0 : a[i] / p;
			}
			return new LongVector(DataType.BIGINT, out, copy(d.nulls(), n), n);
		}
		return null;
	}

	private static final double[] POWERS = new double[23];

	static {
		double p = 1;
		for (int i = 0; i < POWERS.length; i++) {
			POWERS[i] = p;
			p *= 10;
		}
	}

	/** Decimals of one type as another: more scale multiplies, less rounds HALF_UP. */
	private ColumnVector rescale(DecimalVector d, DecimalType t, int n) {
		DecimalVector out = new DecimalVector(t, n);
		long[] a = d.values();
		int diff = t.scale() - d.scale();
		for (int i = 0; i < n; i++) {
			if (d.isNull(i)) {
				out.appendNull();
				continue;
			}
			if (d.isCompact(i)) {
				long u = (diff >= 0) ? Decimals.scaleUp(a[i], diff) : Decimals.roundDown(a[i], -diff);
				if (u != Long.MIN_VALUE && Decimals.fits(u, t.precision())) {
					out.appendUnscaled(u);
					continue;
				}
			}
			appendRounded(out, d.get(i), t);
		}
		return out;
	}

	/**
	 * The slow path: a value rounded to the type, or null / an error when it does not
	 * fit.
	 */
	private void appendRounded(DecimalVector out, BigDecimal value, DecimalType t) {
		BigDecimal rounded = Decimals.toPrecision(value, t);
		if (rounded == null) {
			if (this.ansi) {
				throw QueryExecutionException.numericValueOutOfRange(value, t);
			}
			out.appendNull();
		}
		else {
			out.appendUnscaled(rounded.unscaledValue());
		}
	}

	private static boolean[] copy(boolean[] nulls, int n) {
		return (nulls == null) ? null : Vectors.copyNulls(nulls, n);
	}

}
