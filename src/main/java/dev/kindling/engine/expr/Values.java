package dev.kindling.engine.expr;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Locale;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Temporal;

/**
 * Conversions between plain Java values (as {@link Literal} holds them) with Spark's
 * non-ANSI cast rules: a value that does not convert becomes {@code null}, never an
 * exception. The per-row path for the rare cases; hot casts are vectorized in
 * {@link CastExpr}.
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
			return formatTimestamp(t);
		}
		return v.toString();
	}

	static String formatTimestamp(LocalDateTime t) {
		StringBuilder sb = new StringBuilder(t.toLocalDate().toString()).append(' ');
		sb.append(String.format(Locale.ROOT, "%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond()));
		int micros = t.getNano() / 1000;
		if (micros != 0) {
			String fraction = String.format(Locale.ROOT, "%06d", micros);
			int end = fraction.length();
			while (fraction.charAt(end - 1) == '0') {
				end--;
			}
			sb.append('.').append(fraction, 0, end);
		}
		return sb.toString();
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
			return parseDate(s);
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
			LocalDateTime t = parseTimestamp(s);
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
	 * {@code yyyy-[m]m-[d]d}, optionally followed by a time that is ignored; else
	 * {@code null}.
	 */
	static LocalDate parseDate(String s) {
		String t = s.trim();
		int cut = indexOfTimeSeparator(t);
		String date = (cut >= 0) ? t.substring(0, cut) : t;
		String[] parts = date.split("-", -1);
		if (parts.length != 3 || !digits(parts[0], 4, 4) || !digits(parts[1], 1, 2) || !digits(parts[2], 1, 2)) {
			return null;
		}
		try {
			return LocalDate.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	/** {@code yyyy-mm-dd[( |T)hh:mm[:ss[.ffffff]]]}; else {@code null}. */
	static LocalDateTime parseTimestamp(String s) {
		String t = s.trim();
		int cut = indexOfTimeSeparator(t);
		LocalDate date = parseDate((cut >= 0) ? t.substring(0, cut) : t);
		if (date == null) {
			return null;
		}
		if (cut < 0) {
			return date.atStartOfDay();
		}
		String time = t.substring(cut + 1).trim();
		String fraction = "";
		int dot = time.indexOf('.');
		if (dot >= 0) {
			fraction = time.substring(dot + 1);
			time = time.substring(0, dot);
			if (fraction.isEmpty() || fraction.length() > 9 || !digits(fraction, 1, 9)) {
				return null;
			}
		}
		String[] parts = time.split(":", -1);
		if (parts.length < 2 || parts.length > 3) {
			return null;
		}
		for (String part : parts) {
			if (!digits(part, 1, 2)) {
				return null;
			}
		}
		try {
			int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "000000000").substring(0, 9));
			nanos = nanos / 1000 * 1000;
			LocalTime lt = LocalTime.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
					(parts.length == 3) ? Integer.parseInt(parts[2]) : 0, nanos);
			return date.atTime(lt);
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	private static int indexOfTimeSeparator(String t) {
		int space = t.indexOf(' ');
		int tee = t.indexOf('T');
		if (space < 0) {
			return tee;
		}
		return (tee < 0) ? space : Math.min(space, tee);
	}

	private static boolean digits(String s, int min, int max) {
		if (s.length() < min || s.length() > max) {
			return false;
		}
		for (int i = 0; i < s.length(); i++) {
			if (s.charAt(i) < '0' || s.charAt(i) > '9') {
				return false;
			}
		}
		return true;
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
		if (a < b) {
			return -1;
		}
		if (a > b) {
			return 1;
		}
		return (a == b) ? 0 : Double.compare(a, b);
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
