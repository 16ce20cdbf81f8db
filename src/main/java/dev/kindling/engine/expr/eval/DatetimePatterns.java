package dev.kindling.engine.expr.eval;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;

/**
 * Spark's datetime patterns ({@code yyyy-MM-dd HH:mm:ss.SSS}), built into
 * {@code java.time} formatters exactly as Spark 3 and 4 build them
 * ({@code DateTimeFormatterHelper}): case-insensitive, ISO chronology, strict resolution,
 * US locale; {@code y} read as {@code u} so negative years work; the letters Spark
 * refuses refused ({@code u}, {@code A c n N p}, and for parsing the week-based and text
 * fields {@code Y W w E e F q Q}), five-letter text styles and eleven-letter years
 * refused; a fraction of {@code S}s parsed with any number of digits up to its length.
 * Parsing fills missing fields as Spark does: year 1970, month and day 1, time 00:00
 * (noon-based with a PM marker and no hour).
 */
final class DatetimePatterns {

	private static final Set<Character> UNSUPPORTED = Set.of('A', 'c', 'n', 'N', 'p');

	private static final Set<Character> UNSUPPORTED_FOR_PARSING = Set.of('Y', 'W', 'w', 'E', 'e', 'F', 'q', 'Q');

	private static final String[] TOO_LONG = { "GGGGG", "MMMMM", "LLLLL", "EEEEE", "eeeee", "QQQQQ", "qqqqq",
			"yyyyyyyyyyy", "YYYYYYYYYYY" };

	private static final java.util.regex.Pattern EXTRACTOR = java.util.regex.Pattern.compile("^([^S]*)(S*)(.*)$",
			java.util.regex.Pattern.DOTALL);

	private static final Map<String, DateTimeFormatter> CACHE = new ConcurrentHashMap<>();

	private DatetimePatterns() {
	}

	/**
	 * The formatter of a Spark pattern.
	 * @throws IllegalArgumentException with Spark's reason when the pattern is invalid
	 */
	static DateTimeFormatter formatter(String pattern, boolean parsing) {
		String key = (parsing ? "p:" : "f:") + pattern;
		DateTimeFormatter f = CACHE.get(key);
		if (f == null) {
			f = build(pattern, parsing);
			if (CACHE.size() < 1024) {
				CACHE.put(key, f);
			}
		}
		return f;
	}

	private static DateTimeFormatter build(String pattern, boolean parsing) {
		String converted = convert(pattern, parsing);
		DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder().parseCaseInsensitive();
		if (parsing && converted.contains("S")) {
			varLengthFraction(builder, converted, pattern);
		}
		else {
			builder.appendPattern(converted);
		}
		return builder.toFormatter(Locale.US)
			.withChronology(IsoChronology.INSTANCE)
			.withResolverStyle(ResolverStyle.STRICT);
	}

	/** Spark's {@code convertIncompatiblePattern}. */
	static String convert(String pattern, boolean parsing) {
		String[] parts = (pattern + " ").split("'", -1);
		boolean era = false;
		for (int i = 0; i < parts.length; i += 2) {
			era |= parts[i].contains("G");
		}
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < parts.length; i++) {
			String part = parts[i];
			if (i % 2 == 0) {
				if (part.contains("u")) {
					throw new IllegalArgumentException("Pattern letter 'u'(Day number of week) is not supported "
							+ "since Spark 3.0. Please use 'e' or 'E'(day-of-week) instead.");
				}
				for (char c : part.toCharArray()) {
					if (UNSUPPORTED.contains(c) || (parsing && UNSUPPORTED_FOR_PARSING.contains(c))) {
						throw new IllegalArgumentException("Illegal pattern character: " + c);
					}
				}
				for (String style : TOO_LONG) {
					if (part.contains(style)) {
						throw new IllegalArgumentException("Too many pattern letters: " + style.charAt(0));
					}
				}
				part = era ? part : part.replace('y', 'u');
			}
			if (i > 0) {
				out.append('\'');
			}
			out.append(part);
		}
		return out.substring(0, out.length() - 1);
	}

	private static void varLengthFraction(DateTimeFormatterBuilder builder, String pattern, String original) {
		String[] parts = pattern.split("'");
		for (int idx = 0; idx < parts.length; idx++) {
			String part = parts[idx];
			if (part.isEmpty() && idx != 0) {
				builder.appendLiteral("'");
			}
			else if (idx % 2 == 0) {
				String rest = part;
				while (!rest.isEmpty()) {
					Matcher m = EXTRACTOR.matcher(rest);
					if (!m.matches()) {
						throw new IllegalArgumentException("Unrecognized datetime pattern: " + original);
					}
					builder.appendPattern(m.group(1));
					if (!m.group(2).isEmpty()) {
						builder.appendFraction(ChronoField.NANO_OF_SECOND, 1, m.group(2).length(), false);
					}
					rest = m.group(3);
				}
			}
			else {
				builder.appendLiteral(part);
			}
		}
	}

	/**
	 * Parses {@code text} with a parsing formatter into the instant it names, as Spark's
	 * {@code Iso8601TimestampFormatter.parse}: in the zone the text gives, else in
	 * {@code zone}; missing fields take Spark's defaults.
	 * @throws DateTimeException when the text does not match
	 */
	static ZonedDateTime parse(DateTimeFormatter formatter, String text, ZoneId zone) {
		TemporalAccessor parsed = formatter.parse(text);
		ZoneId parsedZone = parsed.query(TemporalQueries.zone());
		return ZonedDateTime.of(toLocalDate(parsed), toLocalTime(parsed), (parsedZone != null) ? parsedZone : zone);
	}

	private static LocalDate toLocalDate(TemporalAccessor accessor) {
		LocalDate date = accessor.query(TemporalQueries.localDate());
		if (date != null) {
			return date;
		}
		int year = field(accessor, ChronoField.YEAR, 1970);
		int month = field(accessor, ChronoField.MONTH_OF_YEAR, 1);
		int day = field(accessor, ChronoField.DAY_OF_MONTH, 1);
		return LocalDate.of(year, month, day);
	}

	private static LocalTime toLocalTime(TemporalAccessor accessor) {
		LocalTime time = accessor.query(TemporalQueries.localTime());
		if (time != null) {
			return time;
		}
		int hour;
		if (accessor.isSupported(ChronoField.HOUR_OF_DAY)) {
			hour = accessor.get(ChronoField.HOUR_OF_DAY);
		}
		else if (accessor.isSupported(ChronoField.HOUR_OF_AMPM)) {
			hour = accessor.get(ChronoField.HOUR_OF_AMPM);
		}
		else if (accessor.isSupported(ChronoField.AMPM_OF_DAY) && accessor.get(ChronoField.AMPM_OF_DAY) == 1) {
			hour = 12;
		}
		else {
			hour = 0;
		}
		return LocalTime.of(hour, field(accessor, ChronoField.MINUTE_OF_HOUR, 0),
				field(accessor, ChronoField.SECOND_OF_MINUTE, 0), field(accessor, ChronoField.NANO_OF_SECOND, 0));
	}

	private static int field(TemporalAccessor accessor, ChronoField field, int otherwise) {
		return accessor.isSupported(field) ? accessor.get(field) : otherwise;
	}

	/** A wall-clock reading in {@code zone} formatted with a formatting formatter. */
	static String format(DateTimeFormatter formatter, long wallMicros, ZoneId zone) {
		LocalDateTime local = DateTimes.local(wallMicros);
		return formatter.format(ZonedDateTime.of(local, zone));
	}

}
