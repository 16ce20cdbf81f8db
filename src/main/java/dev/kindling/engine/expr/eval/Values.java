package dev.kindling.engine.expr.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.DecimalParser;
import dev.kindling.engine.types.DecimalType;
import dev.kindling.engine.types.Decimals;
import dev.kindling.engine.types.QueryExecutionException;
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
	 * {@code null}: Spark's cast without ANSI mode.
	 */
	static Object cast(Object value, DataType to) {
		return cast(value, null, to, false);
	}

	/**
	 * {@code value}, of type {@code from} (null when unknown), converted to {@code to}.
	 * Without ANSI mode a value that does not convert becomes {@code null} (and a number
	 * out of an integer type's range wraps, as in Spark 3); in ANSI mode it is an error
	 * with Spark's error class: {@code CAST_INVALID_INPUT} for a string that does not
	 * parse, {@code CAST_OVERFLOW} for a number out of an integer type's range,
	 * {@code NUMERIC_VALUE_OUT_OF_RANGE} for one out of a decimal type's. A NaN or an
	 * infinity cast to a decimal is null in both modes, as in Spark.
	 */
	static Object cast(Object value, DataType from, DataType to, boolean ansi) {
		if (value == null || to == DataType.NULL) {
			return null;
		}
		Object result;
		try {
			result = switch (to.kind()) {
				case INT -> toLong(value, true, ansi);
				case BIGINT -> toLong(value, false, ansi);
				case DOUBLE -> toDouble(value);
				case DECIMAL -> toDecimal(value, (DecimalType) to, ansi);
				case STRING -> toText(value);
				case BOOLEAN -> toBoolean(value);
				case DATE -> toDate(value);
				case TIMESTAMP -> toTimestamp(value);
				case BINARY -> (value instanceof byte[]) ? value : null;
				case NULL -> null;
			};
		}
		catch (ArithmeticException | NumberFormatException | DateTimeException ex) {
			result = null;
		}
		if (result == null && ansi && !(value instanceof Double d && (d.isNaN() || d.isInfinite()) && to.isDecimal())
				&& !(value instanceof LocalDate && to.isNumeric())) {
			throw castFailure(value, (from != null) ? from : typeOf(value), to);
		}
		return result;
	}

	private static QueryExecutionException castFailure(Object value, DataType from, DataType to) {
		if (value instanceof String s) {
			return QueryExecutionException.castInvalidInput(s, DataType.STRING, to);
		}
		if (to.isDecimal()) {
			return QueryExecutionException.numericValueOutOfRange(value, (DecimalType) to);
		}
		return QueryExecutionException.castOverflow(sqlValue(value), from, to);
	}

	/**
	 * Spark's text of a constant in messages: {@code 5L}, {@code 1.0E10D}, {@code 1.5BD}.
	 */
	private static String sqlValue(Object v) {
		if (v instanceof Long) {
			return v + "L";
		}
		if (v instanceof Double) {
			return v + "D";
		}
		if (v instanceof BigDecimal d) {
			return d.toPlainString() + "BD";
		}
		return toText(v);
	}

	private static DataType typeOf(Object v) {
		if (v instanceof Integer) {
			return DataType.INT;
		}
		if (v instanceof Long) {
			return DataType.BIGINT;
		}
		if (v instanceof Double) {
			return DataType.DOUBLE;
		}
		if (v instanceof BigDecimal d) {
			return DecimalType.bounded(Math.max(d.precision(), d.scale()), d.scale());
		}
		if (v instanceof Boolean) {
			return DataType.BOOLEAN;
		}
		if (v instanceof LocalDateTime) {
			return DataType.TIMESTAMP;
		}
		return DataType.STRING;
	}

	private static Object toLong(Object v, boolean toInt, boolean ansi) {
		Long result;
		if (v instanceof Integer || v instanceof Long) {
			result = ((Number) v).longValue();
		}
		else if (v instanceof Double d) {
			double x = d;
			if (ansi) {
				double min = toInt ? Integer.MIN_VALUE : Long.MIN_VALUE;
				double max = toInt ? Integer.MAX_VALUE : Long.MAX_VALUE;
				// NaN fails both tests; 2^63 as a double is just beyond a long
				if (!(Math.floor(x) <= max && Math.ceil(x) >= min) || (!toInt && Math.floor(x) >= 0x1p63)) {
					return null;
				}
			}
			if (d.isNaN()) {
				result = 0L;
			}
			else {
				result = toInt ? (long) (int) x : (long) x;
			}
		}
		else if (v instanceof BigDecimal d) {
			BigDecimal whole = d.setScale(0, RoundingMode.DOWN);
			if (ansi && (whole.compareTo(BigDecimal.valueOf(toInt ? Integer.MIN_VALUE : Long.MIN_VALUE)) < 0
					|| whole.compareTo(BigDecimal.valueOf(toInt ? Integer.MAX_VALUE : Long.MAX_VALUE)) > 0)) {
				return null;
			}
			result = whole.longValue();
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
		if (ansi && toInt && (result < Integer.MIN_VALUE || result > Integer.MAX_VALUE)) {
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

	/**
	 * {@code v} as a value of {@code type} (rounded HALF_UP to its scale), or null when
	 * it does not parse or has too many digits. Text is parsed in one pass whatever its
	 * length or exponent.
	 */
	private static BigDecimal toDecimal(Object v, DecimalType type, boolean ansi) {
		BigDecimal exact;
		if (v instanceof BigDecimal d) {
			exact = d;
		}
		else if (v instanceof Integer || v instanceof Long) {
			exact = BigDecimal.valueOf(((Number) v).longValue());
		}
		else if (v instanceof Double d) {
			if (d.isNaN() || d.isInfinite()) {
				return null;
			}
			exact = BigDecimal.valueOf(d);
		}
		else if (v instanceof Boolean b) {
			exact = b ? BigDecimal.ONE : BigDecimal.ZERO;
		}
		else if (v instanceof String s) {
			DecimalParser parser = new DecimalParser();
			DecimalParser.Result r = parser.parse(s.trim(), type);
			if (r == DecimalParser.Result.OVERFLOW && ansi) {
				throw QueryExecutionException.numericValueOutOfRange(s.trim(), type);
			}
			return (r == DecimalParser.Result.OK) ? parser.value(type) : null;
		}
		else if (v instanceof LocalDateTime t) {
			// seconds as a double first, as Spark casts a timestamp
			exact = BigDecimal.valueOf(Temporal.toMicros(t) / (double) MICROS_PER_SECOND);
		}
		else {
			return null;
		}
		return Decimals.toPrecision(exact, type);
	}

	static String toText(Object v) {
		if (v instanceof BigDecimal d) {
			return Decimals.toText(d);
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

	/**
	 * Text with no time part: {@code yyyy}, {@code yyyy-[m]m}, {@code yyyy-[m]m-[d]d}.
	 */
	private static boolean isDateAlone(String t) {
		return t.indexOf(' ') < 0 && t.indexOf('T') < 0 && t.indexOf(':') < 0;
	}

	private static LocalDate toDate(Object v) {
		if (v instanceof LocalDate d) {
			return d;
		}
		if (v instanceof LocalDateTime t) {
			return t.toLocalDate();
		}
		if (v instanceof String s) {
			// as Spark casts text: yyyy, yyyy-[m]m or yyyy-[m]m-[d]d, and anything after
			// a space or a T ignored
			Long day = DateTimeText.parseDate(s);
			return (day != null) ? LocalDate.ofEpochDay(day) : null;
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
			if (t == null && isDateAlone(s.trim())) {
				// a date alone, written as leniently as a date cast takes it: midnight
				LocalDate d = toDate(s);
				t = (d != null) ? d.atStartOfDay() : null;
			}
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
