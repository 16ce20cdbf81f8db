package dev.kindling.engine.datasource.csv;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Dates and timestamps read the way Spark 4 reads them from CSV, with the session time
 * zone UTC (a Kindling timestamp is microseconds since the epoch in UTC).
 *
 * <ul>
 * <li>Without a pattern, Spark casts the text: {@link #stringToDate} takes
 * {@code [+-]yyyy*[-[m]m[-[d]d]]} with anything after a space or {@code T} once the day
 * is read; {@link #stringToTimestamp} takes a date, optionally followed by a space or
 * {@code T} and {@code [h]h:[m]m:[s]s.[fraction][zone]}, or a time alone (on today's
 * date), with a zone such as {@code Z}, {@code +01:00}, {@code UTC+1} or
 * {@code Europe/Paris}. Both trim whitespace first.
 * <li>With a pattern, {@link SparkDatePatterns}.
 * </ul>
 * Failures return {@link #FAIL}.
 */
final class SparkDateTime {

	/** A value that is never a valid day or microsecond: the text did not parse. */
	static final long FAIL = Long.MIN_VALUE;

	private static final long MICROS_PER_DAY = 86_400_000_000L;

	private static final long DAYS_0000_TO_1970 = (146097L * 5L) - (30L * 365L + 7L);

	private SparkDateTime() {
	}

	/**
	 * Spark's {@code stringToDate}.
	 * @return days since 1970-01-01, or {@link #FAIL}
	 */
	static long stringToDate(byte[] b, int s, int e) {
		while (s < e && (b[s] & 0xFF) <= ' ') {
			s++;
		}
		while (e > s && (b[e - 1] & 0xFF) <= ' ') {
			e--;
		}
		if (s == e) {
			return FAIL;
		}
		int sign = 1;
		if (b[s] == '-' || b[s] == '+') {
			sign = (b[s] == '-') ? -1 : 1;
			s++;
		}
		int[] segments = { 1, 1, 1 };
		int i = 0;
		int value = 0;
		int digits = 0;
		int j = s;
		while (j < e && i < 3 && !(b[j] == ' ' || b[j] == 'T')) {
			byte c = b[j];
			if (i < 2 && c == '-') {
				if (!validDateDigits(i, digits)) {
					return FAIL;
				}
				segments[i++] = value;
				value = 0;
				digits = 0;
			}
			else {
				int d = c - '0';
				if (d < 0 || d > 9) {
					return FAIL;
				}
				value = value * 10 + d;
				digits++;
			}
			j++;
		}
		if (!validDateDigits(i, digits)) {
			return FAIL;
		}
		if (i < 2 && j < e) {
			return FAIL;
		}
		segments[i] = value;
		return epochDay(sign * segments[0], segments[1], segments[2]);
	}

	private static boolean validDateDigits(int segment, int digits) {
		return (segment == 0 && digits >= 4 && digits <= 7) || (segment != 0 && digits > 0 && digits <= 2);
	}

	/**
	 * Spark's default date pattern {@code yyyy-MM-dd} read strictly: four digits, two,
	 * two, nothing else.
	 * @return days since 1970-01-01, or {@link #FAIL}
	 */
	static long strictIsoDate(byte[] b, int s, int e) {
		if (e - s != 10 || b[s + 4] != '-' || b[s + 7] != '-') {
			return FAIL;
		}
		int year = digits(b, s, 4);
		int month = digits(b, s + 5, 2);
		int day = digits(b, s + 8, 2);
		if (year < 0 || month < 0 || day < 0) {
			return FAIL;
		}
		return epochDay(year, month, day);
	}

	private static int digits(byte[] b, int s, int n) {
		int v = 0;
		for (int i = s; i < s + n; i++) {
			int d = b[i] - '0';
			if (d < 0 || d > 9) {
				return -1;
			}
			v = v * 10 + d;
		}
		return v;
	}

	/**
	 * The common shape {@code yyyy-MM-dd[( |T)HH:mm:ss[.fraction]]}, read without
	 * allocating; anything else (which {@link #stringToTimestamp} may still read) fails.
	 * @return microseconds since 1970-01-01T00:00Z, or {@link #FAIL}
	 */
	static long isoTimestamp(byte[] b, int s, int e) {
		int n = e - s;
		if (n < 10) {
			return FAIL;
		}
		long day = strictIsoDate(b, s, s + 10);
		if (day == FAIL) {
			return FAIL;
		}
		if (n == 10) {
			return day * MICROS_PER_DAY;
		}
		if (n < 19 || (b[s + 10] != ' ' && b[s + 10] != 'T') || b[s + 13] != ':' || b[s + 16] != ':') {
			return FAIL;
		}
		int hour = digits(b, s + 11, 2);
		int minute = digits(b, s + 14, 2);
		int second = digits(b, s + 17, 2);
		if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
			return FAIL;
		}
		long fraction = 0;
		if (n > 19) {
			if (b[s + 19] != '.' || n == 20 || n > 29) {
				return FAIL;
			}
			int k = 0;
			for (int i = s + 20; i < e; i++, k++) {
				int d = b[i] - '0';
				if (d < 0 || d > 9) {
					return FAIL;
				}
				if (k < 6) {
					fraction = fraction * 10 + d;
				}
			}
			for (; k < 6; k++) {
				fraction *= 10;
			}
		}
		return day * MICROS_PER_DAY + ((hour * 60L + minute) * 60L + second) * 1_000_000L + fraction;
	}

	/**
	 * Spark's {@code stringToTimestamp} with the session zone UTC.
	 * @return microseconds since 1970-01-01T00:00Z, or {@link #FAIL}
	 */
	static long stringToTimestamp(byte[] b, int s, int e) {
		while (s < e && (b[s] & 0xFF) <= ' ') {
			s++;
		}
		while (e > s && (b[e - 1] & 0xFF) <= ' ') {
			e--;
		}
		if (s == e) {
			return FAIL;
		}
		int[] seg = { 1, 1, 1, 0, 0, 0, 0, 0, 0 };
		int i = 0;
		int value = 0;
		int digits = 0;
		int fractionDigits = 0;
		int nanosBeyondMicros = 0;
		boolean justTime = false;
		int yearSign = 0;
		String zone = null;
		int j = s;
		if (b[j] == '-' || b[j] == '+') {
			yearSign = (b[j] == '-') ? -1 : 1;
			j++;
		}
		for (; j < e; j++) {
			byte c = b[j];
			int d = c - '0';
			if (d >= 0 && d <= 9) {
				if (i == 6) {
					fractionDigits++;
				}
				if (i != 6 || digits < 6) {
					value = value * 10 + d;
				}
				else if (digits < 9) {
					nanosBeyondMicros = nanosBeyondMicros * 10 + d;
				}
				digits++;
				continue;
			}
			if (j == s && c == 'T') {
				justTime = true;
				i += 3;
			}
			else if (i < 2) {
				if (c == '-') {
					if (!validTimestampDigits(i, digits)) {
						return FAIL;
					}
					seg[i++] = value;
					value = 0;
					digits = 0;
				}
				else if (i == 0 && c == ':' && yearSign == 0) {
					justTime = true;
					if (!validTimestampDigits(3, digits)) {
						return FAIL;
					}
					seg[3] = value;
					value = 0;
					digits = 0;
					i = 4;
				}
				else {
					return FAIL;
				}
			}
			else if (i == 2) {
				if (c != ' ' && c != 'T') {
					return FAIL;
				}
				if (!validTimestampDigits(i, digits)) {
					return FAIL;
				}
				seg[i++] = value;
				value = 0;
				digits = 0;
			}
			else if (i == 3 || i == 4) {
				if (c != ':') {
					return FAIL;
				}
				if (!validTimestampDigits(i, digits)) {
					return FAIL;
				}
				seg[i++] = value;
				value = 0;
				digits = 0;
			}
			else if (i == 5 || i == 6) {
				if (!validTimestampDigits(i, digits)) {
					return FAIL;
				}
				seg[i++] = value;
				value = 0;
				digits = 0;
				if (!(c == '.' && i == 6)) {
					zone = new String(b, j, e - j, java.nio.charset.StandardCharsets.UTF_8);
					j = e - 1;
					if (i == 6) {
						i++;
					}
				}
			}
			else {
				if (i < 9 && (c == ':' || c == ' ')) {
					if (!validTimestampDigits(i, digits)) {
						return FAIL;
					}
					seg[i++] = value;
					value = 0;
					digits = 0;
				}
				else {
					return FAIL;
				}
			}
		}
		if (!validTimestampDigits(i, digits)) {
			return FAIL;
		}
		seg[i] = value;
		for (int k = Math.min(fractionDigits, 6); k < 6; k++) {
			seg[6] *= 10;
		}
		try {
			ZoneId zoneId = (zone == null) ? ZoneOffset.UTC : zoneId(zone.trim());
			LocalTime time = LocalTime.of(seg[3], seg[4], seg[5], seg[6] * 1000);
			int year = (yearSign == 0) ? seg[0] : yearSign * seg[0];
			if (zone == null && !justTime) {
				long day = epochDay(year, seg[1], seg[2]);
				if (day == FAIL) {
					return FAIL;
				}
				return Math.addExact(Math.multiplyExact(day, MICROS_PER_DAY), time.toNanoOfDay() / 1000);
			}
			LocalDate date = justTime ? LocalDate.now(zoneId) : LocalDate.of(year, seg[1], seg[2]);
			return micros(ZonedDateTime.of(date, time, zoneId));
		}
		catch (DateTimeException | ArithmeticException ex) {
			return FAIL;
		}
	}

	static long micros(ZonedDateTime t) {
		return Math.addExact(Math.multiplyExact(t.toEpochSecond(), 1_000_000L), t.getNano() / 1000);
	}

	private static boolean validTimestampDigits(int segment, int digits) {
		return segment == 6 || (segment == 0 && digits >= 4 && digits <= 6) || (segment == 7 && digits <= 2)
				|| (segment != 0 && segment != 6 && segment != 7 && digits > 0 && digits <= 2);
	}

	/**
	 * Spark's zone ids: {@code +h:mm} and {@code +hh:m} are padded, short ids such as
	 * {@code EST} are allowed.
	 */
	private static ZoneId zoneId(String id) {
		String z = id.replaceFirst("(\\+|\\-)(\\d):", "$10$2:").replaceFirst("(\\+|\\-)(\\d\\d):(\\d)$", "$1$2:0$3");
		return ZoneId.of(z, ZoneId.SHORT_IDS);
	}

	/**
	 * Removes every {@code GMT} from the text, as Spark does before its fallback parsing
	 * ({@code cleanLegacyTimestampStr}).
	 * @return the cleaned bytes, or {@code null} when the text holds no {@code GMT}
	 */
	static byte[] withoutGmt(byte[] b, int s, int e) {
		int at = indexOfGmt(b, s, e);
		if (at < 0) {
			return null;
		}
		byte[] out = new byte[e - s];
		int n = 0;
		int p = s;
		while (at >= 0) {
			System.arraycopy(b, p, out, n, at - p);
			n += at - p;
			p = at + 3;
			at = indexOfGmt(b, p, e);
		}
		System.arraycopy(b, p, out, n, e - p);
		n += e - p;
		return java.util.Arrays.copyOf(out, n);
	}

	private static int indexOfGmt(byte[] b, int s, int e) {
		for (int i = s; i + 2 < e; i++) {
			if (b[i] == 'G' && b[i + 1] == 'M' && b[i + 2] == 'T') {
				return i;
			}
		}
		return -1;
	}

	/** Days since 1970-01-01 of a valid date, or {@link #FAIL}. */
	static long epochDay(int year, int month, int day) {
		if (month < 1 || month > 12 || day < 1) {
			return FAIL;
		}
		if (year < 0 || year > 9999) {
			try {
				return LocalDate.of(year, month, day).toEpochDay();
			}
			catch (DateTimeException ex) {
				return FAIL;
			}
		}
		if (day > monthLength(year, month)) {
			return FAIL;
		}
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

}
