package dev.kindling.engine.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Arithmetic on unscaled decimal values, shared by the evaluators, the accumulators and
 * the CSV reader: powers of ten, digit counts, precision checks and Spark's HALF_UP
 * rounding, on {@code long}s where a value fits one and on {@link BigDecimal}s where it
 * does not.
 *
 * <p>
 * Every method here costs at most a few operations on numbers of at most a few dozen
 * digits: a value whose magnitude lies beyond a type (such as {@code 1e10000000}) is
 * found out from its precision and scale before any digit of it is computed.
 */
public final class Decimals {

	/** {@code POW10[i] = 10^i} for i in 0..18. */
	public static final long[] POW10 = new long[DecimalType.MAX_LONG_DIGITS + 1];

	private static final BigInteger[] BIG_POW10 = new BigInteger[2 * DecimalType.MAX_PRECISION + 2];

	static {
		long p = 1;
		for (int i = 0; i < POW10.length; i++) {
			POW10[i] = p;
			p *= 10;
		}
		BigInteger b = BigInteger.ONE;
		for (int i = 0; i < BIG_POW10.length; i++) {
			BIG_POW10[i] = b;
			b = b.multiply(BigInteger.TEN);
		}
	}

	private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);

	private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

	private Decimals() {
	}

	/** {@code 10^n} for n in 0..77. */
	public static BigInteger bigPow10(int n) {
		return BIG_POW10[n];
	}

	/** The number of decimal digits of {@code |v|}; 1 for 0. */
	public static int digits(long v) {
		if (v == Long.MIN_VALUE) {
			return 19;
		}
		long a = Math.abs(v);
		int d = 1;
		while (d < POW10.length && a >= POW10[d]) {
			d++;
		}
		return d;
	}

	/**
	 * Whether an unscaled value has at most {@code precision} digits: it fits a decimal
	 * of that precision whatever the scale.
	 */
	public static boolean fits(long unscaled, int precision) {
		if (precision > DecimalType.MAX_LONG_DIGITS) {
			return true;
		}
		long bound = POW10[precision];
		return unscaled > -bound && unscaled < bound;
	}

	/** Whether an unscaled value has at most {@code precision} digits. */
	public static boolean fits(BigInteger unscaled, int precision) {
		if (unscaled.bitLength() < 63) {
			return fits(unscaled.longValue(), precision);
		}
		return unscaled.abs().compareTo(BIG_POW10[precision]) < 0;
	}

	/** Whether a value fits a long (so a vector keeps it compact). */
	public static boolean fitsLong(BigInteger v) {
		return v.bitLength() < 64;
	}

	/**
	 * {@code unscaled} with {@code drop} fewer digits of scale, rounded HALF_UP (half
	 * away from zero), as Spark's {@code changePrecision}.
	 */
	public static long roundDown(long unscaled, int drop) {
		if (drop <= 0) {
			return unscaled;
		}
		if (drop > DecimalType.MAX_LONG_DIGITS) {
			// |unscaled| < 9.3e18: at 19 dropped digits only the first one can round up
			boolean up = drop == DecimalType.MAX_LONG_DIGITS + 1
					&& (unscaled >= 5_000_000_000_000_000_000L || unscaled <= -5_000_000_000_000_000_000L);
			return up ? Long.signum(unscaled) : 0;
		}
		long p = POW10[drop];
		long q = unscaled / p;
		long r = unscaled % p;
		if (Math.abs(r) * 2 >= p) {
			q += (unscaled < 0) ? -1 : 1;
		}
		return q;
	}

	/**
	 * {@code unscaled * 10^more}, or {@link Long#MIN_VALUE} standing for "does not fit a
	 * long" (a product can never be Long.MIN_VALUE itself: it is divisible by 10).
	 */
	public static long scaleUp(long unscaled, int more) {
		if (more == 0) {
			return unscaled;
		}
		if (more > DecimalType.MAX_LONG_DIGITS) {
			return unscaled == 0 ? 0 : Long.MIN_VALUE;
		}
		long p = POW10[more];
		long hi = Math.multiplyHigh(unscaled, p);
		long lo = unscaled * p;
		return (hi == (lo >> 63) && lo != Long.MIN_VALUE) ? lo : Long.MIN_VALUE;
	}

	/**
	 * {@code value} rounded HALF_UP to {@code scale} digits after the point, or
	 * {@code null} when it has more than {@code precision} digits then (Spark's
	 * {@code toPrecision} with null on overflow). Never computes more digits than the
	 * type holds: a value whose integer part is too long is refused from its precision
	 * and scale alone, and one too small to show at this scale is zero.
	 */
	public static BigDecimal toPrecision(BigDecimal value, int precision, int scale) {
		if (value.signum() == 0) {
			return BigDecimal.valueOf(0, scale);
		}
		// |value| < 10^magnitude
		long magnitude = (long) value.precision() - value.scale();
		if (magnitude > precision - scale) {
			return null;
		}
		if (magnitude < -scale - 1) {
			// below half of the last digit kept: HALF_UP gives zero
			return BigDecimal.valueOf(0, scale);
		}
		BigDecimal rounded = value.setScale(scale, RoundingMode.HALF_UP);
		return (rounded.precision() > precision && rounded.signum() != 0) ? null : rounded;
	}

	/** {@link #toPrecision(BigDecimal, int, int)} for a decimal type. */
	public static BigDecimal toPrecision(BigDecimal value, DecimalType type) {
		return toPrecision(value, type.precision(), type.scale());
	}

	/** The long of an unscaled value that fits one (see {@link #fitsLong}). */
	public static long longValue(BigInteger v) {
		return v.longValue();
	}

	/** Whether {@code v} is within the range of a long. */
	public static boolean inLongRange(BigInteger v) {
		return v.compareTo(LONG_MIN) >= 0 && v.compareTo(LONG_MAX) <= 0;
	}

	/**
	 * Spark's text of a decimal in results and files: every digit of the scale, never an
	 * exponent ({@code 12.30} for 12.3 in {@code decimal(4,2)}).
	 */
	public static String toText(BigDecimal value) {
		return value.toPlainString();
	}

}
