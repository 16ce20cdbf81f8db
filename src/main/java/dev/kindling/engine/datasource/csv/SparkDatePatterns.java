package dev.kindling.engine.datasource.csv;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;
import java.util.Set;

/**
 * Spark's datetime patterns ({@code dateFormat}, {@code timestampFormat}): Java's letters
 * less the week-based ones and a few others, {@code y} read as the proleptic year unless
 * an era {@code G} is there, a fraction {@code S...S} of one up to as many digits when
 * parsing, strict resolving, case-insensitive text in the option's locale, and missing
 * fields defaulted as Spark defaults them (year 1970, month and day 1, time 0).
 */
final class SparkDatePatterns {

	private static final Set<Character> WEEK_BASED = Set.of('Y', 'W', 'w', 'u', 'e', 'c');

	private static final Set<Character> UNSUPPORTED = Set.of('A', 'B', 'n', 'N', 'p');

	private static final Set<Character> UNSUPPORTED_FOR_PARSING = Set.of('E', 'F', 'q', 'Q');

	private static final Set<String> UNSUPPORTED_LENGTHS = Set.of("GGGGG", "MMMMM", "LLLLL", "EEEEE", "QQQQQ", "qqqqq",
			"yyyyyyy");

	private SparkDatePatterns() {
	}

	/**
	 * A formatter for a Spark datetime pattern.
	 * @param parsing whether it parses (a fraction {@code S...S} then takes 1 up to that
	 * many digits, and the letters Spark refuses when parsing are refused)
	 * @throws IllegalArgumentException for a pattern Spark refuses or Java cannot read
	 */
	static DateTimeFormatter formatter(String pattern, Locale locale, boolean parsing) {
		String converted = convert(pattern, parsing);
		DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder().parseCaseInsensitive();
		if (parsing && converted.indexOf('S') >= 0) {
			appendWithVariableFraction(builder, converted);
		}
		else {
			builder.appendPattern(converted);
		}
		return builder.toFormatter(locale)
			.withChronology(IsoChronology.INSTANCE)
			.withResolverStyle(ResolverStyle.STRICT);
	}

	/**
	 * Spark's checks and rewrite of a pattern: week-based and some other letters refused,
	 * {@code y} replaced by {@code u} (so negative years parse) unless an era {@code G}
	 * is there; quoted text is left alone.
	 */
	private static String convert(String pattern, boolean parsing) {
		String[] parts = (pattern + " ").split("'", -1);
		boolean era = false;
		for (int i = 0; i < parts.length; i += 2) {
			era |= parts[i].indexOf('G') >= 0;
		}
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < parts.length; i++) {
			String part = parts[i];
			if (i > 0) {
				out.append('\'');
			}
			if (i % 2 == 1) {
				out.append(part);
				continue;
			}
			for (int k = 0; k < part.length(); k++) {
				char c = part.charAt(k);
				if (WEEK_BASED.contains(c)) {
					throw new IllegalArgumentException("week-based pattern letter '" + c + "' is not supported");
				}
				if (UNSUPPORTED.contains(c) || (parsing && UNSUPPORTED_FOR_PARSING.contains(c))) {
					throw new IllegalArgumentException("pattern letter '" + c + "' is not supported");
				}
			}
			for (String style : UNSUPPORTED_LENGTHS) {
				if (part.contains(style)) {
					throw new IllegalArgumentException("pattern '" + style + "' is too long");
				}
			}
			out.append(era ? part : part.replace('y', 'u'));
		}
		return out.substring(0, out.length() - 1);
	}

	/** Appends a pattern whose runs of {@code S} parse 1 up to that many digits. */
	private static void appendWithVariableFraction(DateTimeFormatterBuilder builder, String pattern) {
		// split as Spark does, dropping trailing empty parts
		String[] parts = pattern.split("'");
		for (int i = 0; i < parts.length; i++) {
			String part = parts[i];
			if (i % 2 == 1) {
				builder.appendLiteral(part.isEmpty() ? "'" : part);
				continue;
			}
			if (part.isEmpty() && i != 0) {
				builder.appendLiteral("'");
				continue;
			}
			int k = 0;
			while (k < part.length()) {
				int s = part.indexOf('S', k);
				if (s < 0) {
					builder.appendPattern(part.substring(k));
					break;
				}
				if (s > k) {
					builder.appendPattern(part.substring(k, s));
				}
				int end = s;
				while (end < part.length() && part.charAt(end) == 'S') {
					end++;
				}
				if (end - s > 9) {
					throw new IllegalArgumentException("a seconds fraction has at most 9 digits");
				}
				builder.appendFraction(ChronoField.NANO_OF_SECOND, 1, end - s, false);
				k = end;
			}
		}
	}

	/**
	 * A date by pattern, as Spark's {@code Iso8601DateFormatter}.
	 * @return days since 1970-01-01, or {@link SparkDateTime#FAIL}
	 */
	static long parseDate(String text, DateTimeFormatter formatter) {
		try {
			return toLocalDate(formatter.parse(text)).toEpochDay();
		}
		catch (DateTimeException | ArithmeticException ex) {
			return SparkDateTime.FAIL;
		}
	}

	/**
	 * A timestamp by pattern, as Spark's {@code Iso8601TimestampFormatter}: the zone in
	 * the text if any, else UTC.
	 * @return microseconds since the epoch, or {@link SparkDateTime#FAIL}
	 */
	static long parseTimestamp(String text, DateTimeFormatter formatter) {
		try {
			TemporalAccessor t = formatter.parse(text);
			ZoneId zone = t.query(TemporalQueries.zone());
			return SparkDateTime
				.micros(ZonedDateTime.of(toLocalDate(t), toLocalTime(t), (zone == null) ? ZoneOffset.UTC : zone));
		}
		catch (DateTimeException | ArithmeticException ex) {
			return SparkDateTime.FAIL;
		}
	}

	private static LocalDate toLocalDate(TemporalAccessor t) {
		LocalDate date = t.query(TemporalQueries.localDate());
		if (date != null) {
			return date;
		}
		int year = t.isSupported(ChronoField.YEAR) ? t.get(ChronoField.YEAR) : 1970;
		if (t.isSupported(ChronoField.DAY_OF_YEAR)) {
			LocalDate d = LocalDate.ofYearDay(year, t.get(ChronoField.DAY_OF_YEAR));
			for (ChronoField f : new ChronoField[] { ChronoField.MONTH_OF_YEAR, ChronoField.DAY_OF_MONTH }) {
				if (t.isSupported(f) && t.get(f) != d.get(f)) {
					throw new DateTimeException(f + " differs from the day of the year");
				}
			}
			return d;
		}
		int month = t.isSupported(ChronoField.MONTH_OF_YEAR) ? t.get(ChronoField.MONTH_OF_YEAR) : 1;
		int day = t.isSupported(ChronoField.DAY_OF_MONTH) ? t.get(ChronoField.DAY_OF_MONTH) : 1;
		return LocalDate.of(year, month, day);
	}

	private static LocalTime toLocalTime(TemporalAccessor t) {
		LocalTime time = t.query(TemporalQueries.localTime());
		if (time != null) {
			return time;
		}
		int hour;
		if (t.isSupported(ChronoField.HOUR_OF_DAY)) {
			hour = t.get(ChronoField.HOUR_OF_DAY);
		}
		else if (t.isSupported(ChronoField.HOUR_OF_AMPM)) {
			hour = t.get(ChronoField.HOUR_OF_AMPM);
		}
		else if (t.isSupported(ChronoField.AMPM_OF_DAY) && t.get(ChronoField.AMPM_OF_DAY) == 1) {
			hour = 12;
		}
		else {
			hour = 0;
		}
		int minute = t.isSupported(ChronoField.MINUTE_OF_HOUR) ? t.get(ChronoField.MINUTE_OF_HOUR) : 0;
		int second = t.isSupported(ChronoField.SECOND_OF_MINUTE) ? t.get(ChronoField.SECOND_OF_MINUTE) : 0;
		int nano = t.isSupported(ChronoField.NANO_OF_SECOND) ? t.get(ChronoField.NANO_OF_SECOND) : 0;
		return LocalTime.of(hour, minute, second, nano);
	}

}
