package dev.kindling.engine.datasource.csv;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;

import dev.kindling.engine.types.DecimalParser;
import dev.kindling.engine.types.DecimalType;
import dev.kindling.engine.types.Temporal;

/**
 * Converts field bytes to values without making a {@code String} on the common path. Each
 * method answers whether the bytes parse and leaves the value in a field
 * ({@link #longValue}, ...), so one instance serves a whole scan with no allocation.
 * Custom date and timestamp patterns, exponents and numbers of more than 15 digits take a
 * slower path through the JDK parsers.
 */
final class FieldParser {

	private static final double[] POW10 = new double[23];

	static {
		double p = 1;
		for (int i = 0; i < POW10.length; i++) {
			POW10[i] = p;
			p *= 10;
		}
	}

	private static final long DAYS_0000_TO_1970 = (146097L * 5L) - (30L * 365L + 7L);

	private final DateTimeFormatter dateFormatter;

	private final DateTimeFormatter timestampFormatter;

	long longValue;

	double doubleValue;

	boolean booleanValue;

	/** The unscaled value of a decimal too wide for {@link #longValue}, else null. */
	BigInteger decimalWide;

	/** Why the last {@link #parseDecimal} failed, or OK. */
	DecimalParser.Result decimalResult;

	private final DecimalParser decimals = new DecimalParser();

	FieldParser(CsvOptions options) {
		this.dateFormatter = options.dateFormat().equals(CsvOptions.DEFAULT_DATE_FORMAT) ? null
				: DateTimeFormatter.ofPattern(options.dateFormat());
		this.timestampFormatter = options.timestampFormat().equals(CsvOptions.DEFAULT_TIMESTAMP_FORMAT) ? null
				: DateTimeFormatter.ofPattern(options.timestampFormat());
	}

	/** A signed decimal integer within {@code long} range. */
	boolean parseLong(byte[] b, int s, int e) {
		if (s >= e) {
			return false;
		}
		boolean negative = false;
		byte first = b[s];
		if (first == '-' || first == '+') {
			negative = first == '-';
			if (++s == e) {
				return false;
			}
		}
		long r = 0;
		for (int i = s; i < e; i++) {
			int d = b[i] - '0';
			if (d < 0 || d > 9) {
				return false;
			}
			if (r < Long.MIN_VALUE / 10) {
				return false;
			}
			r *= 10;
			if (r < Long.MIN_VALUE + d) {
				return false;
			}
			r -= d;
		}
		if (!negative) {
			if (r == Long.MIN_VALUE) {
				return false;
			}
			r = -r;
		}
		this.longValue = r;
		return true;
	}

	/** A signed decimal integer within {@code int} range. */
	boolean parseInt(byte[] b, int s, int e) {
		return parseLong(b, s, e) && this.longValue == (int) this.longValue;
	}

	/**
	 * A decimal number with optional fraction and exponent, or {@code NaN}, {@code Inf},
	 * {@code
	 * Infinity} with an optional sign. Plain numbers of up to 15 digits are computed from
	 * the bytes, which is exact (one correctly rounded division of two exact doubles).
	 */
	boolean parseDouble(byte[] b, int s, int e) {
		if (s >= e) {
			return false;
		}
		int i = s;
		boolean negative = false;
		if (b[i] == '-' || b[i] == '+') {
			negative = b[i] == '-';
			i++;
		}
		long mantissa = 0;
		int digits = 0;
		int fraction = 0;
		boolean dot = false;
		boolean simple = true;
		int start = i;
		for (; i < e; i++) {
			byte c = b[i];
			if (c >= '0' && c <= '9') {
				if (digits < 18) {
					mantissa = mantissa * 10 + (c - '0');
					if (mantissa != 0) {
						digits++;
					}
				}
				else {
					simple = false;
				}
				if (dot) {
					fraction++;
				}
			}
			else if (c == '.' && !dot) {
				dot = true;
			}
			else {
				break;
			}
		}
		int mantissaChars = i - start - (dot ? 1 : 0);
		if (i == e) {
			if (mantissaChars == 0) {
				return false;
			}
			if (simple && mantissa < (1L << 53) && fraction < POW10.length) {
				double v = (fraction == 0) ? mantissa : mantissa / POW10[fraction];
				this.doubleValue = negative ? -v : v;
				return true;
			}
			return slowDouble(b, s, e);
		}
		if (mantissaChars > 0 && (b[i] == 'e' || b[i] == 'E')) {
			i++;
			if (i < e && (b[i] == '-' || b[i] == '+')) {
				i++;
			}
			if (i == e) {
				return false;
			}
			for (; i < e; i++) {
				if (b[i] < '0' || b[i] > '9') {
					return false;
				}
			}
			return slowDouble(b, s, e);
		}
		if (mantissaChars == 0 && !dot) {
			return special(b, i, e, negative);
		}
		return false;
	}

	private boolean special(byte[] b, int i, int e, boolean negative) {
		int n = e - i;
		if (n == 3 && b[i] == 'N' && b[i + 1] == 'a' && b[i + 2] == 'N') {
			this.doubleValue = Double.NaN;
			return true;
		}
		if ((n == 3 && matches(b, i, "Inf")) || (n == 8 && matches(b, i, "Infinity"))) {
			this.doubleValue = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
			return true;
		}
		return false;
	}

	private static boolean matches(byte[] b, int i, String ascii) {
		for (int k = 0; k < ascii.length(); k++) {
			if (b[i + k] != ascii.charAt(k)) {
				return false;
			}
		}
		return true;
	}

	private boolean slowDouble(byte[] b, int s, int e) {
		try {
			this.doubleValue = Double.parseDouble(new String(b, s, e - s, StandardCharsets.ISO_8859_1));
			return true;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	/** {@code true} or {@code false}, in any case. */
	boolean parseBoolean(byte[] b, int s, int e) {
		int n = e - s;
		if (n == 4 && (b[s] | 0x20) == 't' && (b[s + 1] | 0x20) == 'r' && (b[s + 2] | 0x20) == 'u'
				&& (b[s + 3] | 0x20) == 'e') {
			this.booleanValue = true;
			return true;
		}
		if (n == 5 && (b[s] | 0x20) == 'f' && (b[s + 1] | 0x20) == 'a' && (b[s + 2] | 0x20) == 'l'
				&& (b[s + 3] | 0x20) == 's' && (b[s + 4] | 0x20) == 'e') {
			this.booleanValue = false;
			return true;
		}
		return false;
	}

	/**
	 * A decimal of {@code type}: the unscaled value, rounded HALF_UP to the type's scale,
	 * in {@link #longValue} (or {@link #decimalWide} when it does not fit a long).
	 * Grouping commas are skipped, as Spark's CSV reader does; a value with more digits
	 * than the type holds does not parse (Spark: null in PERMISSIVE, an error in
	 * FAILFAST). Linear in the field whatever its digits or exponent.
	 */
	boolean parseDecimal(byte[] b, int s, int e, DecimalType type) {
		this.decimalResult = this.decimals.parse(b, s, e, type, true);
		if (this.decimalResult != DecimalParser.Result.OK) {
			return false;
		}
		this.longValue = this.decimals.unscaled;
		this.decimalWide = this.decimals.wide;
		return true;
	}

	/**
	 * A date as epoch days in {@link #longValue}: {@code yyyy-[M]M-[d]d}, or the custom
	 * pattern.
	 */
	boolean parseDate(byte[] b, int s, int e) {
		if (this.dateFormatter != null) {
			try {
				this.longValue = LocalDate.parse(string(b, s, e), this.dateFormatter).toEpochDay();
				return true;
			}
			catch (RuntimeException ex) {
				return false;
			}
		}
		return parseIsoDate(b, s, e) == e;
	}

	/**
	 * Parses {@code yyyy-[M]M-[d]d} at {@code s} into {@link #longValue}.
	 * @return where the date ends, or -1
	 */
	private int parseIsoDate(byte[] b, int s, int e) {
		if (e - s < 8) {
			return -1;
		}
		int year = 0;
		for (int i = s; i < s + 4; i++) {
			int d = b[i] - '0';
			if (d < 0 || d > 9) {
				return -1;
			}
			year = year * 10 + d;
		}
		int i = s + 4;
		if (b[i++] != '-') {
			return -1;
		}
		int month = 0;
		int n = 0;
		while (i < e && n < 2 && b[i] >= '0' && b[i] <= '9') {
			month = month * 10 + (b[i++] - '0');
			n++;
		}
		if (n == 0 || i >= e || b[i++] != '-') {
			return -1;
		}
		int day = 0;
		n = 0;
		while (i < e && n < 2 && b[i] >= '0' && b[i] <= '9') {
			day = day * 10 + (b[i++] - '0');
			n++;
		}
		if (n == 0 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month)) {
			return -1;
		}
		this.longValue = epochDay(year, month, day);
		return i;
	}

	/**
	 * A timestamp as epoch microseconds (UTC) in {@link #longValue}: by default a date,
	 * optionally followed by {@code ' '} or {@code 'T'}, {@code HH:mm[:ss[.fraction]]}
	 * and an optional {@code Z}; or the custom pattern.
	 */
	boolean parseTimestamp(byte[] b, int s, int e) {
		if (this.timestampFormatter != null) {
			try {
				TemporalAccessor t = this.timestampFormatter.parseBest(string(b, s, e), LocalDateTime::from,
						LocalDate::from);
				this.longValue = (t instanceof LocalDateTime ldt) ? Temporal.toMicros(ldt)
						: ((LocalDate) t).toEpochDay() * 86_400_000_000L;
				return true;
			}
			catch (RuntimeException ex) {
				return false;
			}
		}
		int i = parseIsoDate(b, s, e);
		if (i < 0) {
			return false;
		}
		long micros = this.longValue * 86_400_000_000L;
		if (i == e) {
			this.longValue = micros;
			return true;
		}
		if ((b[i] != ' ' && b[i] != 'T') || e - i < 6) {
			return false;
		}
		i++;
		int hour = twoDigits(b, i);
		if (hour < 0 || hour > 23 || b[i + 2] != ':') {
			return false;
		}
		int minute = twoDigits(b, i + 3);
		if (minute < 0 || minute > 59) {
			return false;
		}
		i += 5;
		int second = 0;
		long fraction = 0;
		if (i < e && b[i] == ':') {
			if (e - i < 3) {
				return false;
			}
			second = twoDigits(b, i + 1);
			if (second < 0 || second > 59) {
				return false;
			}
			i += 3;
			if (i < e && b[i] == '.') {
				i++;
				int n = 0;
				while (i < e && b[i] >= '0' && b[i] <= '9') {
					if (n < 6) {
						fraction = fraction * 10 + (b[i] - '0');
					}
					n++;
					i++;
				}
				if (n == 0 || n > 9) {
					return false;
				}
				for (int k = n; k < 6; k++) {
					fraction *= 10;
				}
			}
		}
		if (i < e && b[i] == 'Z') {
			i++;
		}
		if (i != e) {
			return false;
		}
		this.longValue = micros + ((hour * 60L + minute) * 60L + second) * 1_000_000L + fraction;
		return true;
	}

	private static int twoDigits(byte[] b, int i) {
		int h = b[i] - '0';
		int l = b[i + 1] - '0';
		if (h < 0 || h > 9 || l < 0 || l > 9) {
			return -1;
		}
		return h * 10 + l;
	}

	private static String string(byte[] b, int s, int e) {
		return new String(b, s, e - s, StandardCharsets.UTF_8);
	}

	private static boolean leap(int year) {
		return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
	}

	private static int monthLength(int year, int month) {
		return switch (month) {
			case 2 -> leap(year) ? 29 : 28;
			case 4, 6, 9, 11 -> 30;
			default -> 31;
		};
	}

	/**
	 * Days since 1970-01-01 of a valid date with a year of 0 to 9999 (as
	 * {@code LocalDate}).
	 */
	static long epochDay(int year, int month, int day) {
		long y = year;
		long total = 365 * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
		total += (367 * month - 362) / 12;
		total += day - 1;
		if (month > 2) {
			total--;
			if (!leap(year)) {
				total--;
			}
		}
		return total - DAYS_0000_TO_1970;
	}

}
