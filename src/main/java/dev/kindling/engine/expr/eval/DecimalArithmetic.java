package dev.kindling.engine.expr.eval;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

import dev.kindling.engine.expr.Binary;
import dev.kindling.engine.types.DecimalType;
import dev.kindling.engine.types.Decimals;
import dev.kindling.engine.types.QueryExecutionException;
import dev.kindling.engine.vector.DecimalVector;

/**
 * {@code + - * / %} of two decimal vectors, each of its own type, into the result type
 * the binder chose by Spark's rules ({@link TypeCoercion#decimalResult}), computed as
 * Spark's {@code Decimal} computes: the exact result (a product or remainder first cut to
 * 38 significant digits, a quotient to 38 digits of scale), rounded HALF_UP to the
 * result's scale, and null (or in ANSI mode {@code NUMERIC_VALUE_OUT_OF_RANGE}) when it
 * has more digits than the result type holds.
 *
 * <p>
 * Rows whose operands fit longs are computed on the unscaled longs, with exact overflow
 * checks ({@link Math#multiplyHigh}, sign tests); a row falls back to {@link BigDecimal}
 * only when a value or an intermediate result does not fit a long.
 */
final class DecimalArithmetic {

	/** Spark's {@code Decimal.MATH_CONTEXT}: 38 significant digits, HALF_UP. */
	private static final MathContext MATH_CONTEXT = new MathContext(DecimalType.MAX_PRECISION, RoundingMode.HALF_UP);

	private DecimalArithmetic() {
	}

	static DecimalVector evaluate(Binary.Op op, DecimalVector l, DecimalVector r, DecimalType type, boolean ansi,
			int n) {
		Out out = new Out(type, ansi, n);
		switch (op) {
			case ADD, SUBTRACT -> addOrSubtract(op == Binary.Op.SUBTRACT, l, r, out, n);
			case MULTIPLY -> multiply(l, r, out, n);
			case DIVIDE -> divide(l, r, out, n);
			case MODULO -> remainder(l, r, out, n);
			default -> throw new IllegalStateException("not a decimal operator: " + op);
		}
		return out.vector(n);
	}

	private static void addOrSubtract(boolean subtract, DecimalVector l, DecimalVector r, Out out, int n) {
		int common = Math.max(l.scale(), r.scale());
		int upLeft = common - l.scale();
		int upRight = common - r.scale();
		int drop = common - out.type.scale();
		long limitLeft = limit(upLeft);
		long limitRight = limit(upRight);
		long powLeft = pow(upLeft);
		long powRight = pow(upRight);
		long[] a = l.values();
		long[] b = r.values();
		boolean compact = l.wide() == null && r.wide() == null;
		for (int i = 0; i < n; i++) {
			if (l.isNull(i) || r.isNull(i)) {
				out.setNull(i);
				continue;
			}
			if (compact || (l.isCompact(i) && r.isCompact(i))) {
				long x = a[i];
				long y = b[i];
				if (x >= -limitLeft && x <= limitLeft && y >= -limitRight && y <= limitRight) {
					x *= powLeft;
					y *= powRight;
					long s = subtract ? x - y : x + y;
					boolean overflow = subtract ? ((x ^ y) & (x ^ s)) < 0 : ((x ^ s) & (y ^ s)) < 0;
					if (!overflow && out.setCompact(i, Decimals.roundDown(s, drop))) {
						continue;
					}
				}
			}
			BigDecimal x = l.get(i);
			BigDecimal y = r.get(i);
			out.setRounded(i, subtract ? x.subtract(y) : x.add(y));
		}
	}

	private static void multiply(DecimalVector l, DecimalVector r, Out out, int n) {
		int drop = l.scale() + r.scale() - out.type.scale();
		long[] a = l.values();
		long[] b = r.values();
		boolean compact = l.wide() == null && r.wide() == null;
		for (int i = 0; i < n; i++) {
			if (l.isNull(i) || r.isNull(i)) {
				out.setNull(i);
				continue;
			}
			if (compact || (l.isCompact(i) && r.isCompact(i))) {
				long x = a[i];
				long y = b[i];
				long lo = x * y;
				if (Math.multiplyHigh(x, y) == (lo >> 63) && out.setCompact(i, Decimals.roundDown(lo, drop))) {
					continue;
				}
			}
			out.setRounded(i, l.get(i).multiply(r.get(i), MATH_CONTEXT));
		}
	}

	private static void divide(DecimalVector l, DecimalVector r, Out out, int n) {
		for (int i = 0; i < n; i++) {
			if (l.isNull(i) || r.isNull(i)) {
				out.setNull(i);
				continue;
			}
			BigDecimal y = r.get(i);
			if (y.signum() == 0) {
				out.divisionByZero(i);
				continue;
			}
			out.setRounded(i, l.get(i).divide(y, DecimalType.MAX_PRECISION, RoundingMode.HALF_UP));
		}
	}

	private static void remainder(DecimalVector l, DecimalVector r, Out out, int n) {
		int common = Math.max(l.scale(), r.scale());
		int upLeft = common - l.scale();
		int upRight = common - r.scale();
		int drop = common - out.type.scale();
		long limitLeft = limit(upLeft);
		long limitRight = limit(upRight);
		long powLeft = pow(upLeft);
		long powRight = pow(upRight);
		long[] a = l.values();
		long[] b = r.values();
		for (int i = 0; i < n; i++) {
			if (l.isNull(i) || r.isNull(i)) {
				out.setNull(i);
				continue;
			}
			if (l.isCompact(i) && r.isCompact(i)) {
				long x = a[i];
				long y = b[i];
				if (y == 0) {
					out.divisionByZero(i);
					continue;
				}
				if (x >= -limitLeft && x <= limitLeft && y >= -limitRight && y <= limitRight
						&& out.setCompact(i, Decimals.roundDown((x * powLeft) % (y * powRight), drop))) {
					continue;
				}
			}
			BigDecimal y = r.get(i);
			if (y.signum() == 0) {
				out.divisionByZero(i);
				continue;
			}
			out.setRounded(i, l.get(i).remainder(y, MATH_CONTEXT));
		}
	}

	/** The largest magnitude that can be scaled up by {@code up} digits in a long. */
	private static long limit(int up) {
		return (up > DecimalType.MAX_LONG_DIGITS) ? 0 : Long.MAX_VALUE / Decimals.POW10[up];
	}

	private static long pow(int up) {
		return (up > DecimalType.MAX_LONG_DIGITS) ? 0 : Decimals.POW10[up];
	}

	/** The result vector, filled by row. */
	private static final class Out {

		final DecimalType type;

		private final boolean ansi;

		private final long[] values;

		private BigInteger[] wide;

		private boolean[] nulls;

		Out(DecimalType type, boolean ansi, int n) {
			this.type = type;
			this.ansi = ansi;
			this.values = new long[Math.max(n, 1)];
		}

		void setNull(int i) {
			if (this.nulls == null) {
				this.nulls = new boolean[this.values.length];
			}
			this.nulls[i] = true;
		}

		/** Sets an unscaled value if it fits the type's precision; else false. */
		boolean setCompact(int i, long unscaled) {
			if (!Decimals.fits(unscaled, this.type.precision())) {
				return false;
			}
			this.values[i] = unscaled;
			return true;
		}

		/** Rounds an exact result to the type; null or an error when it does not fit. */
		void setRounded(int i, BigDecimal exact) {
			BigDecimal v = Decimals.toPrecision(exact, this.type);
			if (v == null) {
				if (this.ansi) {
					throw QueryExecutionException.numericValueOutOfRange(exact, this.type);
				}
				setNull(i);
				return;
			}
			BigInteger u = v.unscaledValue();
			if (Decimals.fitsLong(u)) {
				this.values[i] = u.longValue();
			}
			else {
				if (this.wide == null) {
					this.wide = new BigInteger[this.values.length];
				}
				this.wide[i] = u;
			}
		}

		void divisionByZero(int i) {
			if (this.ansi) {
				throw QueryExecutionException.divideByZero();
			}
			setNull(i);
		}

		DecimalVector vector(int n) {
			return new DecimalVector(this.type, this.values, this.wide, this.nulls, n);
		}

	}

}
