package dev.kindling.engine.expr.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Temporal;
import dev.kindling.engine.vector.DoubleVector;

/**
 * Conversions between plain Java values (as {@link Literal} holds them) with Spark's
 * non-ANSI cast rules: a value that does not convert becomes {@code null}, never an
 * exception. The per-row path for the rare cases; hot casts are vectorized in
 * {@link CastEval}.
 */
final class Values {

	private static final long MICROS_PER_SECOND = 1_000_000L;

	private Values() {
	}

	/**
	 * {@code value} (of any supported Java type) converted to {@code to}, or
	 * {@code null}.
	 */
	static Object cast(Object value, DataType to) {
		if (value == null || to == DataType.NULL) {
			return null;
		}
		try {
			return switch (to) {
				case INT -> toLong(value, true);
				case BIGINT -> toLong(value, false);
				case DOUBLE -> toDouble(value);
				case DECIMAL -> toDecimal(value);
				case STRING -> toText(value);
				case BOOLEAN -> toBoolean(value);
				case DATE -> toDate(value);
				case TIMESTAMP -> toTimestamp(value);
				case BINARY -> (value instanceof byte[]) ? value : null;
				case NULL -> null;
			};
		}
		catch (ArithmeticException | NumberFormatException | DateTimeException ex) {
			return null;
		}
	}

	private static Object toLong(Object v, boolean toInt) {
		Long result;
		if (v instanceof Integer || v instanceof Long) {
			result = ((Number) v).longValue();
		}
		else if (v instanceof Double d) {
			if (d.isNaN()) {
				result = 0L;
			}
			else {
				result = toInt ? (long) (int) d.doubleValue() : (long) d.doubleValue();
			}
		}
		else if (v instanceof BigDecimal d) {
			result = d.longValue();
		}
		else if (v instanceof Boolean b) {
			result = b ? 1L : 0L;
		}
		else if (v instanceof String s) {
			result = parseIntegral(s.trim());
			if (result == null || (toInt && (result < Integer.MIN_VALUE || result > Integer.MAX_VALUE))) {
				return null;
			}
		}
		else if (v instanceof LocalDateTime t) {
			result = Math.floorDiv(Temporal.toMicros(t), MICROS_PER_SECOND);
		}
		else {
			return null;
		}
		return toInt ? (Object) (int) result.longValue() : result;
	}

	/**
	 * Spark's string to integral: an optional sign, digits, an optional fraction that is
	 * dropped.
	 */
	private static Long parseIntegral(String s) {
		int dot = s.indexOf('.');
		String whole = (dot >= 0) ? s.substring(0, dot) : s;
		if (dot >= 0) {
			String fraction = s.substring(dot + 1);
			for (int i = 0; i < fraction.length(); i++) {
				if (!Character.isDigit(fraction.charAt(i))) {
					return null;
				}
			}
			if (whole.isEmpty() || whole.equals("-") || whole.equals("+")) {
				if (fraction.isEmpty()) {
					return null;
				}
				return 0L;
			}
		}
		if (whole.isEmpty()) {
			return null;
		}
		for (int i = 0; i < whole.length(); i++) {
			char c = whole.charAt(i);
			if (!(c >= '0' && c <= '9') && !(i == 0 && (c == '-' || c == '+'))) {
				return null;
			}
		}
		return Long.parseLong(whole);
	}

	private static Double toDouble(Object v) {
		if (v instanceof Number n) {
			return n.doubleValue();
		}
		if (v instanceof Boolean b) {
			return b ? 1.0 : 0.0;
		}
		if (v instanceof String s) {
			String t = s.trim();
			String lower = t.toLowerCase(Locale.ROOT);
			switch (lower) {
				case "nan":
					return Double.NaN;
				case "inf", "+inf", "infinity", "+infinity":
					return Double.POSITIVE_INFINITY;
				case "-inf", "-infinity":
					return Double.NEGATIVE_INFINITY;
				default:
					break;
			}
			if (t.isEmpty() || !isPlainNumber(t)) {
				return null;
			}
			return Double.parseDouble(t);
		}
		if (v instanceof LocalDateTime t) {
			return Temporal.toMicros(t) / (double) MICROS_PER_SECOND;
		}
		return null;
	}

	/**
	 * Digits with an optional sign, point and exponent: no hex, no {@code d}/{@code f}
	 * suffix.
	 */
	private static boolean isPlainNumber(String t) {
		for (int i = 0; i < t.length(); i++) {
			char c = t.charAt(i);
			if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
				return false;
			}
		}
		return true;
	}

	private static BigDecimal toDecimal(Object v) {
		if (v instanceof BigDecimal d) {
			return d;
		}
		if (v instanceof Integer || v instanceof Long) {
			return BigDecimal.valueOf(((Number) v).longValue());
		}
		if (v instanceof Double d) {
			return (d.isNaN() || d.isInfinite()) ? null : BigDecimal.valueOf(d);
		}
		if (v instanceof Boolean b) {
			return b ? BigDecimal.ONE : BigDecimal.ZERO;
		}
		if (v instanceof String s) {
			String t = s.trim();
			return (t.isEmpty() || !isPlainNumber(t)) ? null : new BigDecimal(t);
		}
		return null;
	}

	static String toText(Object v) {
		if (v instanceof BigDecimal d) {
			return d.toPlainString();
		}
		if (v instanceof LocalDateTime t) {
			return Temporal.formatTimestamp(t);
		}
		return v.toString();
	}

	private static Boolean toBoolean(Object v) {
		if (v instanceof Boolean b) {
			return b;
		}
		if (v instanceof BigDecimal d) {
			return d.signum() != 0;
		}
		if (v instanceof Number n) {
			return n.doubleValue() != 0;
		}
		if (v instanceof String s) {
			return switch (s.trim().toLowerCase(Locale.ROOT)) {
				case "t", "true", "y", "yes", "1" -> Boolean.TRUE;
				case "f", "false", "n", "no", "0" -> Boolean.FALSE;
				default -> null;
			};
		}
		if (v instanceof LocalDateTime t) {
			return Temporal.toMicros(t) != 0;
		}
		return null;
	}

	private static LocalDate toDate(Object v) {
		if (v instanceof LocalDate d) {
			return d;
		}
		if (v instanceof LocalDateTime t) {
			return t.toLocalDate();
		}
		if (v instanceof String s) {
			return Temporal.parseDate(s);
		}
		return null;
	}

	private static LocalDateTime toTimestamp(Object v) {
		if (v instanceof LocalDateTime t) {
			return t;
		}
		if (v instanceof LocalDate d) {
			return inMicrosRange(d.atStartOfDay());
		}
		if (v instanceof String s) {
			LocalDateTime t = Temporal.parseTimestamp(s);
			return (t != null) ? inMicrosRange(t) : null;
		}
		if (v instanceof Integer || v instanceof Long) {
			return Temporal.fromMicros(Math.multiplyExact(((Number) v).longValue(), MICROS_PER_SECOND));
		}
		if (v instanceof Double d) {
			if (d.isNaN() || d.isInfinite()) {
				return null;
			}
			return Temporal.fromMicros((long) (d * MICROS_PER_SECOND));
		}
		if (v instanceof BigDecimal d) {
			return Temporal.fromMicros(d.movePointRight(6).setScale(0, RoundingMode.DOWN).longValueExact());
		}
		return null;
	}

	/**
	 * {@code t}, or {@code null} when its microseconds since the epoch do not fit a long.
	 */
	private static LocalDateTime inMicrosRange(LocalDateTime t) {
		long seconds = t.toEpochSecond(ZoneOffset.UTC);
		return (Math.abs(seconds) < Long.MAX_VALUE / MICROS_PER_SECOND - 1) ? t : null;
	}

	/**
	 * Compares two non-null values of the same type, in Spark's order: NaN is the largest
	 * double and equal to itself, strings by code point.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static int compare(Object a, Object b) {
		if (a instanceof Double x && b instanceof Double y) {
			return compareDoubles(x, y);
		}
		if (a instanceof String x && b instanceof String y) {
			return compareStrings(x, y);
		}
		return ((Comparable) a).compareTo(b);
	}

	static int compareDoubles(double a, double b) {
		return DoubleVector.compare(a, b);
	}

	private static int compareStrings(String x, String y) {
		int i = 0;
		int j = 0;
		while (i < x.length() && j < y.length()) {
			int cx = x.codePointAt(i);
			int cy = y.codePointAt(j);
			if (cx != cy) {
				return Integer.compare(cx, cy);
			}
			i += Character.charCount(cx);
			j += Character.charCount(cy);
		}
		return Boolean.compare(i < x.length(), j < y.length());
	}

}
