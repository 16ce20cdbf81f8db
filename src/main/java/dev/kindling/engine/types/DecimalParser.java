package dev.kindling.engine.types;

import java.math.BigInteger;

/**
 * Parses decimal text ({@code -12.345}, {@code 1.5e3}, {@code .5}) into the unscaled
 * value of a {@code decimal(p,s)} type, rounded HALF_UP to its scale, in one pass over
 * the text and with no allocation for a value that fits a long. Only the first 39
 * significant digits can matter (a type holds 38, and HALF_UP looks at one more), so the
 * cost is linear in the text whatever it holds: {@code 1e10000000} and a million digits
 * are refused or rounded as cheaply as {@code 1.5}. Accepts what Spark's cast of a string
 * accepts ({@link java.math.BigDecimal}'s syntax, surrounding blanks trimmed by the
 * caller); the CSV reader may also skip grouping commas, as Spark's does.
 *
 * <p>
 * One instance serves a whole scan; it is not thread-safe.
 */
public final class DecimalParser {

	/** The outcome of {@link #parse}. */
	public enum Result {

		/** The value is in {@link #unscaled} (or {@link #wide}). */
		OK,
		/** The text is not a number. */
		MALFORMED,
		/** The number has more integer digits than the type holds. */
		OVERFLOW

	}

	private static final int KEPT = DecimalType.MAX_PRECISION + 2;

	private final byte[] digits = new byte[KEPT];

	/** The unscaled value when it fits a long and {@link #wide} is null. */
	public long unscaled;

	/** The unscaled value when it does not fit a long, else null. */
	public BigInteger wide;

	/**
	 * Parses {@code b[s .. e)} as a value of {@code type}.
	 * @param skipCommas whether {@code ,} in the integer part is ignored (Spark's CSV
	 * reader drops grouping commas)
	 */
	public Result parse(byte[] b, int s, int e, DecimalType type, boolean skipCommas) {
		this.wide = null;
		this.unscaled = 0;
		int i = s;
		if (i >= e) {
			return Result.MALFORMED;
		}
		boolean negative = false;
		if (b[i] == '-' || b[i] == '+') {
			negative = b[i] == '-';
			i++;
		}
		int kept = 0;
		long significant = 0;
		long intSignificant = 0;
		long leadingFractionZeros = 0;
		boolean anyDigit = false;
		boolean point = false;
		for (; i < e; i++) {
			byte c = b[i];
			if (c >= '0' && c <= '9') {
				anyDigit = true;
				if (significant == 0 && c == '0') {
					if (point) {
						leadingFractionZeros++;
					}
					continue;
				}
				significant++;
				if (!point) {
					intSignificant++;
				}
				if (kept < KEPT) {
					this.digits[kept++] = (byte) (c - '0');
				}
			}
			else if (c == '.' && !point) {
				point = true;
			}
			else if (c == ',' && skipCommas && !point) {
				continue;
			}
			else {
				break;
			}
		}
		if (!anyDigit) {
			return Result.MALFORMED;
		}
		long exponent = 0;
		if (i < e && (b[i] == 'e' || b[i] == 'E')) {
			i++;
			boolean negativeExponent = false;
			if (i < e && (b[i] == '-' || b[i] == '+')) {
				negativeExponent = b[i] == '-';
				i++;
			}
			if (i >= e) {
				return Result.MALFORMED;
			}
			for (; i < e; i++) {
				int d = b[i] - '0';
				if (d < 0 || d > 9) {
					return Result.MALFORMED;
				}
				// saturate: any exponent beyond a billion is out of every range
				exponent = Math.min(exponent * 10 + d, 1_000_000_000_000L);
			}
			if (negativeExponent) {
				exponent = -exponent;
			}
		}
		if (i != e) {
			return Result.MALFORMED;
		}
		if (significant == 0) {
			return Result.OK;
		}
		// the value is 0.d1d2d3... x 10^magnitude: it has `magnitude` integer digits
		long magnitude = ((intSignificant > 0) ? intSignificant : -leadingFractionZeros) + exponent;
		int scale = type.scale();
		if (magnitude > type.precision() - scale) {
			return Result.OVERFLOW;
		}
		// digits d1 .. d_keep are the unscaled value; d_(keep+1) decides HALF_UP
		long keep = magnitude + scale;
		if (keep < 0) {
			return Result.OK;
		}
		int n = (int) keep;
		boolean roundUp = n < kept && this.digits[n] >= 5;
		if (n <= DecimalType.MAX_LONG_DIGITS) {
			long v = 0;
			for (int k = 0; k < n; k++) {
				v = v * 10 + ((k < kept) ? this.digits[k] : 0);
			}
			if (roundUp) {
				v++;
			}
			if (!Decimals.fits(v, type.precision())) {
				return Result.OVERFLOW;
			}
			this.unscaled = negative ? -v : v;
			return Result.OK;
		}
		StringBuilder text = new StringBuilder(n + 1);
		if (negative) {
			text.append('-');
		}
		for (int k = 0; k < n; k++) {
			text.append((char) ('0' + ((k < kept) ? this.digits[k] : 0)));
		}
		BigInteger v = new BigInteger(text.toString());
		if (roundUp) {
			v = negative ? v.subtract(BigInteger.ONE) : v.add(BigInteger.ONE);
		}
		if (!Decimals.fits(v, type.precision())) {
			return Result.OVERFLOW;
		}
		if (Decimals.fitsLong(v)) {
			this.unscaled = v.longValue();
		}
		else {
			this.wide = v;
		}
		return Result.OK;
	}

	/** {@link #parse(byte[], int, int, DecimalType, boolean)} for a trimmed string. */
	public Result parse(String text, DecimalType type) {
		byte[] bytes = new byte[text.length()];
		for (int k = 0; k < bytes.length; k++) {
			char c = text.charAt(k);
			bytes[k] = (c < 128) ? (byte) c : (byte) '?';
		}
		return parse(bytes, 0, bytes.length, type, false);
	}

	/** The parsed value as a {@code BigDecimal} of the type's scale. */
	public java.math.BigDecimal value(DecimalType type) {
		return (this.wide != null) ? new java.math.BigDecimal(this.wide, type.scale())
				: java.math.BigDecimal.valueOf(this.unscaled, type.scale());
	}

}
