package dev.kindling.engine.datasource.json;

import java.time.LocalDate;
import java.time.LocalDateTime;

import dev.kindling.engine.types.Temporal;

/**
 * Dates and timestamps in JSON strings, as Spark's defaults read and write them: a date
 * {@code yyyy-MM-dd}; a timestamp ISO 8601 with {@code T} or a space before the time, a
 * fraction of up to nine digits (kept to the microsecond), and an optional offset
 * ({@code Z}, {@code +01:00}) by which it is moved to UTC (Kindling's timestamps have no
 * zone: they are UTC).
 */
final class JsonTemporal {

	private JsonTemporal() {
	}

	/** Days since 1970-01-01, or null when the text is not a date. */
	static Long date(String text) {
		LocalDate d = Temporal.parseDate(text);
		return d == null ? null : d.toEpochDay();
	}

	/** Microseconds since 1970-01-01T00:00 UTC, or null when the text is not one. */
	static Long timestamp(String text) {
		String t = text.trim();
		long offsetSeconds = 0;
		if (t.endsWith("Z") || t.endsWith("z")) {
			t = t.substring(0, t.length() - 1);
		}
		else if (t.length() > 16) {
			int sign = Math.max(t.lastIndexOf('+'), t.lastIndexOf('-'));
			if (sign > 10) {
				String zone = t.substring(sign + 1);
				String[] hm = zone.contains(":") ? zone.split(":", -1) : zone.length() == 4
						? new String[] { zone.substring(0, 2), zone.substring(2) } : new String[] { zone, "0" };
				try {
					int hours = Integer.parseInt(hm[0]);
					int minutes = Integer.parseInt(hm[1]);
					if (hours > 18 || minutes > 59) {
						return null;
					}
					offsetSeconds = (hours * 3600L + minutes * 60L) * (t.charAt(sign) == '-' ? -1 : 1);
				}
				catch (NumberFormatException | ArrayIndexOutOfBoundsException ex) {
					return null;
				}
				t = t.substring(0, sign);
			}
		}
		LocalDateTime local = Temporal.parseTimestamp(t);
		return local == null ? null : Temporal.toMicros(local) - offsetSeconds * 1_000_000L;
	}

	/** A timestamp as Spark's JSON writer writes one in UTC. */
	static String format(long micros) {
		LocalDateTime t = Temporal.fromMicros(micros);
		StringBuilder sb = new StringBuilder(32);
		sb.append(t.toLocalDate()).append('T');
		two(sb, t.getHour()).append(':');
		two(sb, t.getMinute()).append(':');
		two(sb, t.getSecond());
		int fraction = t.getNano() / 1000;
		sb.append('.');
		String f = Integer.toString(fraction + 1_000_000).substring(1);
		sb.append(fraction % 1000 == 0 ? f.substring(0, 3) : f);
		return sb.append('Z').toString();
	}

	private static StringBuilder two(StringBuilder sb, int v) {
		return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
	}

}
