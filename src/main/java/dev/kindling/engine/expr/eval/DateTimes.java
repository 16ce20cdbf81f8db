package dev.kindling.engine.expr.eval;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Calendar arithmetic on the engine's storage of dates (days since 1970-01-01) and
 * timestamps (microseconds of a wall-clock reading in the session time zone), as Spark's
 * {@code DateTimeUtils}: fields of a day without making a {@code LocalDate} (Howard
 * Hinnant's civil-from-days), conversions between a wall-clock reading and an instant in
 * a zone, and the day-of-week and truncation words Spark accepts.
 */
final class DateTimes {

	static final long MICROS_PER_SECOND = 1_000_000L;

	static final long MICROS_PER_DAY = 86_400_000_000L;

	/** Spark's truncation levels, finest first. */
	static final int TRUNC_MICROSECOND = 0;

	static final int TRUNC_MILLISECOND = 1;

	static final int TRUNC_SECOND = 2;

	static final int TRUNC_MINUTE = 3;

	static final int TRUNC_HOUR = 4;

	static final int TRUNC_DAY = 5;

	static final int TRUNC_WEEK = 6;

	static final int TRUNC_MONTH = 7;

	static final int TRUNC_QUARTER = 8;

	static final int TRUNC_YEAR = 9;

	static final int TRUNC_INVALID = -1;

	private DateTimes() {
	}

	/** The year of a day. */
	static int year(long days) {
		return (int) (civil(days) >> 16);
	}

	/** The month (1-12) of a day. */
	static int month(long days) {
		return (int) ((civil(days) >> 8) & 0xFF);
	}

	/** The day of the month (1-31) of a day. */
	static int dayOfMonth(long days) {
		return (int) (civil(days) & 0xFF);
	}

	/**
	 * Year, month and day packed as {@code year << 16 | month << 8 | day}: Howard
	 * Hinnant's {@code civil_from_days}, exact for the proleptic Gregorian calendar.
	 */
	static long civil(long days) {
		long z = days + 719468;
		long era = Math.floorDiv(z, 146097);
		long doe = z - era * 146097;
		long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
		long y = yoe + era * 400;
		long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
		long mp = (5 * doy + 2) / 153;
		long d = doy - (153 * mp + 2) / 5 + 1;
		long m = (mp < 10) ? mp + 3 : mp - 9;
		if (m <= 2) {
			y++;
		}
		return (y << 16) | (m << 8) | d;
	}

	/** The day of the year (1-366). */
	static int dayOfYear(long days) {
		int y = year(days);
		return (int) (days - LocalDate.of(y, 1, 1).toEpochDay()) + 1;
	}

	/** Spark's {@code dayofweek}: 1 = Sunday ... 7 = Saturday. */
	static int dayOfWeek(long days) {
		// 1970-01-01 was a Thursday (5)
		return (int) Math.floorMod(days + 4, 7L) + 1;
	}

	/** Spark's {@code weekday}: 0 = Monday ... 6 = Sunday. */
	static int weekday(long days) {
		return (int) Math.floorMod(days + 3, 7L);
	}

	/** The wall-clock reading of an instant in a zone, in microseconds. */
	static long toWall(Instant instant, ZoneId zone) {
		ZoneOffset offset = fixedOffset(zone);
		if (offset != null) {
			return Math.addExact(instantMicros(instant), offset.getTotalSeconds() * MICROS_PER_SECOND);
		}
		LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
		return wallMicros(local);
	}

	/** The wall-clock reading of an instant (microseconds since the epoch) in a zone. */
	static long toWall(long instantMicros, ZoneId zone) {
		ZoneOffset offset = fixedOffset(zone);
		if (offset != null) {
			return instantMicros + offset.getTotalSeconds() * MICROS_PER_SECOND;
		}
		return toWall(instant(instantMicros), zone);
	}

	/**
	 * The instant (microseconds since the epoch) of a wall-clock reading in a zone; a
	 * reading in a gap moves forward by the gap, as {@code ZonedDateTime.of} does.
	 */
	static long toInstant(long wallMicros, ZoneId zone) {
		ZoneOffset offset = fixedOffset(zone);
		if (offset != null) {
			return wallMicros - offset.getTotalSeconds() * MICROS_PER_SECOND;
		}
		return instantMicros(local(wallMicros).atZone(zone).toInstant());
	}

	/** The offset of a zone that has only one (UTC, +01:00), else null. */
	static ZoneOffset fixedOffset(ZoneId zone) {
		if (zone instanceof ZoneOffset offset) {
			return offset;
		}
		java.time.zone.ZoneRules rules = zone.getRules();
		return rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH) : null;
	}

	static long instantMicros(Instant i) {
		return Math.addExact(Math.multiplyExact(i.getEpochSecond(), MICROS_PER_SECOND), i.getNano() / 1000);
	}

	static Instant instant(long micros) {
		return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
				Math.floorMod(micros, MICROS_PER_SECOND) * 1000L);
	}

	static long wallMicros(LocalDateTime t) {
		return Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), MICROS_PER_SECOND),
				t.getNano() / 1000);
	}

	static LocalDateTime local(long wallMicros) {
		return LocalDateTime.ofEpochSecond(Math.floorDiv(wallMicros, MICROS_PER_SECOND),
				(int) Math.floorMod(wallMicros, MICROS_PER_SECOND) * 1000, ZoneOffset.UTC);
	}

	/**
	 * Spark's {@code getDayOfWeekFromString}: 1 = Sunday ... 7 = Saturday for SU, SUN,
	 * SUNDAY, MO ... (any case), else -1.
	 */
	static int dayOfWeekFromString(String s) {
		return switch (s.toUpperCase(Locale.ROOT)) {
			case "SU", "SUN", "SUNDAY" -> 1;
			case "MO", "MON", "MONDAY" -> 2;
			case "TU", "TUE", "TUESDAY" -> 3;
			case "WE", "WED", "WEDNESDAY" -> 4;
			case "TH", "THU", "THURSDAY" -> 5;
			case "FR", "FRI", "FRIDAY" -> 6;
			case "SA", "SAT", "SATURDAY" -> 7;
			default -> -1;
		};
	}

	/** Spark's {@code parseTruncLevel}, or {@link #TRUNC_INVALID}. */
	static int truncLevel(String format) {
		if (format == null) {
			return TRUNC_INVALID;
		}
		return switch (format.toUpperCase(Locale.ROOT)) {
			case "MICROSECOND" -> TRUNC_MICROSECOND;
			case "MILLISECOND" -> TRUNC_MILLISECOND;
			case "SECOND" -> TRUNC_SECOND;
			case "MINUTE" -> TRUNC_MINUTE;
			case "HOUR" -> TRUNC_HOUR;
			case "DAY", "DD" -> TRUNC_DAY;
			case "WEEK" -> TRUNC_WEEK;
			case "MON", "MONTH", "MM" -> TRUNC_MONTH;
			case "QUARTER" -> TRUNC_QUARTER;
			case "YEAR", "YYYY", "YY" -> TRUNC_YEAR;
			default -> TRUNC_INVALID;
		};
	}

	/** A day truncated to a level of WEEK or coarser. */
	static long truncDate(long days, int level) {
		return switch (level) {
			case TRUNC_WEEK -> days - weekday(days);
			case TRUNC_MONTH -> days - dayOfMonth(days) + 1;
			case TRUNC_QUARTER -> {
				int y = year(days);
				int m = month(days);
				yield LocalDate.of(y, ((m - 1) / 3) * 3 + 1, 1).toEpochDay();
			}
			case TRUNC_YEAR -> LocalDate.of(year(days), 1, 1).toEpochDay();
			default -> days;
		};
	}

	/** A wall-clock timestamp truncated to a level. */
	static long truncTimestamp(long micros, int level) {
		return switch (level) {
			case TRUNC_MICROSECOND -> micros;
			case TRUNC_MILLISECOND -> micros - Math.floorMod(micros, 1000L);
			case TRUNC_SECOND -> micros - Math.floorMod(micros, MICROS_PER_SECOND);
			case TRUNC_MINUTE -> micros - Math.floorMod(micros, 60 * MICROS_PER_SECOND);
			case TRUNC_HOUR -> micros - Math.floorMod(micros, 3600 * MICROS_PER_SECOND);
			case TRUNC_DAY -> micros - Math.floorMod(micros, MICROS_PER_DAY);
			default -> truncDate(Math.floorDiv(micros, MICROS_PER_DAY), level) * MICROS_PER_DAY;
		};
	}

	/**
	 * Spark's {@code monthsBetween} of two wall-clock timestamps: whole months when the
	 * days of month agree or both are month ends, else the difference over 31-day months,
	 * rounded to 8 digits when asked.
	 */
	static double monthsBetween(long micros1, long micros2, boolean roundOff) {
		long date1 = Math.floorDiv(micros1, MICROS_PER_DAY);
		long date2 = Math.floorDiv(micros2, MICROS_PER_DAY);
		long c1 = civil(date1);
		long c2 = civil(date2);
		int y1 = (int) (c1 >> 16);
		int m1 = (int) ((c1 >> 8) & 0xFF);
		int d1 = (int) (c1 & 0xFF);
		int y2 = (int) (c2 >> 16);
		int m2 = (int) ((c2 >> 8) & 0xFF);
		int d2 = (int) (c2 & 0xFF);
		double monthDiff = (y1 * 12L + m1) - (y2 * 12L + m2);
		boolean end1 = d1 == LocalDate.of(y1, m1, 1).lengthOfMonth();
		boolean end2 = d2 == LocalDate.of(y2, m2, 1).lengthOfMonth();
		if (d1 == d2 || (end1 && end2)) {
			return monthDiff;
		}
		long seconds1 = (micros1 - date1 * MICROS_PER_DAY) / MICROS_PER_SECOND;
		long seconds2 = (micros2 - date2 * MICROS_PER_DAY) / MICROS_PER_SECOND;
		long secondsDiff = (d1 - d2) * 86_400L + seconds1 - seconds2;
		double diff = monthDiff + secondsDiff / (31 * 86_400.0);
		return roundOff ? Math.round(diff * 1e8) / 1e8 : diff;
	}

}
