package dev.kindling.engine.expr.eval;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Dates and timestamps read from text without a pattern, as Spark's {@code stringToDate}
 * and {@code stringToTimestamp} read them (what {@code to_date(s)},
 * {@code to_timestamp(s)} and a cast accept): surrounding white space ignored; a date is
 * {@code [+-]yyyy[y..]}, {@code yyyy-[m]m} or {@code yyyy-[m]m-[d]d}, followed by
 * anything after a space or {@code T}; a timestamp is such a date, then
 * {@code [h]h:[m]m[:[s]s[.fraction]]} after a space or {@code T}, then a zone ({@code Z},
 * {@code +01:00}, {@code UTC}, {@code Europe/Oslo}) after the seconds. Missing parts are
 * the start of their unit; a fraction past microseconds is cut.
 */
final class DateTimeText {

	private DateTimeText() {
	}

	/** The day (since 1970-01-01) a text names, or {@code null}. */
	static Long parseDate(String s) {
		int j = trimStart(s);
		int end = trimEnd(s, j);
		if (j == end) {
			return null;
		}
		int[] segments = { 1, 1, 1 };
		int sign = 1;
		if (s.charAt(j) == '-' || s.charAt(j) == '+') {
			sign = (s.charAt(j) == '-') ? -1 : 1;
			j++;
		}
		int i = 0;
		int value = 0;
		int digits = 0;
		while (j < end && i < 3 && s.charAt(j) != ' ' && s.charAt(j) != 'T') {
			char b = s.charAt(j);
			if (i < 2 && b == '-') {
				if (!validDateDigits(i, digits)) {
					return null;
				}
				segments[i] = value;
				value = 0;
				digits = 0;
				i++;
			}
			else {
				int d = b - '0';
				if (d < 0 || d > 9) {
					return null;
				}
				value = value * 10 + d;
				digits++;
				if (digits > 9) {
					return null;
				}
			}
			j++;
		}
		if (!validDateDigits(i, digits)) {
			return null;
		}
		if (i < 2 && j < end) {
			return null;
		}
		segments[i] = value;
		try {
			return LocalDate.of(sign * segments[0], segments[1], segments[2]).toEpochDay();
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	private static boolean validDateDigits(int segment, int digits) {
		return (segment == 0 && digits >= 4 && digits <= 7) || (segment != 0 && digits > 0 && digits <= 2);
	}

	/**
	 * The instant a text names, in the zone it gives or else {@code zone}, or
	 * {@code null}.
	 */
	static ZonedDateTime parseTimestamp(String s, ZoneId zone) {
		int j = trimStart(s);
		int end = trimEnd(s, j);
		if (j == end) {
			return null;
		}
		int[] segments = { 1, 1, 1, 0, 0, 0, 0 };
		String tz = null;
		int i = 0;
		int value = 0;
		int digits = 0;
		int fractionDigits = 0;
		int yearSign = 0;
		if (s.charAt(j) == '-' || s.charAt(j) == '+') {
			yearSign = (s.charAt(j) == '-') ? -1 : 1;
			j++;
		}
		while (j < end) {
			char b = s.charAt(j);
			int d = b - '0';
			if (d < 0 || d > 9) {
				if (i < 2) {
					if (b != '-' || !validTimestampDigits(i, digits)) {
						return null;
					}
				}
				else if (i == 2) {
					if ((b != ' ' && b != 'T') || !validTimestampDigits(i, digits)) {
						return null;
					}
				}
				else if (i == 3 || i == 4) {
					if (b != ':' || !validTimestampDigits(i, digits)) {
						return null;
					}
				}
				else if (i == 5 || i == 6) {
					if (!validTimestampDigits(i, digits)) {
						return null;
					}
					if (!(b == '.' && i == 5)) {
						segments[i] = value;
						tz = s.substring(j, end).trim();
						break;
					}
				}
				else {
					return null;
				}
				segments[i] = value;
				value = 0;
				digits = 0;
				i++;
			}
			else {
				if (i == 6) {
					fractionDigits++;
				}
				if (i != 6 || digits < 6) {
					value = value * 10 + d;
				}
				digits++;
				if (i != 6 && digits > 9) {
					return null;
				}
			}
			j++;
		}
		if (tz == null) {
			if (!validTimestampDigits(i, digits)) {
				return null;
			}
			segments[i] = value;
		}
		for (int k = Math.min(fractionDigits, 6); k < 6; k++) {
			segments[6] *= 10;
		}
		try {
			ZoneId z = zone;
			if (tz != null) {
				z = tz.isEmpty() ? ZoneOffset.UTC : Session.zone(tz);
			}
			LocalDate date = LocalDate.of(((yearSign == 0) ? 1 : yearSign) * segments[0], segments[1], segments[2]);
			LocalTime time = LocalTime.of(segments[3], segments[4], segments[5], segments[6] * 1000);
			return ZonedDateTime.of(date, time, z);
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	private static boolean validTimestampDigits(int segment, int digits) {
		return segment == 6 || (segment == 0 && digits >= 4 && digits <= 6)
				|| (segment != 0 && segment != 6 && digits > 0 && digits <= 2);
	}

	/** The wall-clock reading in {@code zone} of the instant a text names, or null. */
	static Long parseWall(String s, ZoneId zone) {
		ZonedDateTime t = parseTimestamp(s, zone);
		if (t == null) {
			return null;
		}
		try {
			return DateTimes.toWall(t.toInstant(), zone);
		}
		catch (ArithmeticException ex) {
			return null;
		}
	}

	private static int trimStart(String s) {
		int j = 0;
		while (j < s.length() && (s.charAt(j) <= ' ' || Character.isWhitespace(s.charAt(j)))) {
			j++;
		}
		return j;
	}

	private static int trimEnd(String s, int start) {
		int end = s.length();
		while (end > start && (s.charAt(end - 1) <= ' ' || Character.isWhitespace(s.charAt(end - 1)))) {
			end--;
		}
		return end;
	}

}
