package dev.kindling.engine.types;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Conversions of dates and timestamps: to and from their {@code long} storage, and to and
 * from Spark's text forms (shared by the parser's typed literals and the evaluators'
 * casts).
 */
public final class Temporal {

	private Temporal() {
	}

	public static long toMicros(LocalDateTime t) {
		return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1_000;
	}

	public static LocalDateTime fromMicros(long micros) {
		long seconds = Math.floorDiv(micros, 1_000_000L);
		int nanos = (int) Math.floorMod(micros, 1_000_000L) * 1_000;
		return LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
	}

	/**
	 * Spark's text of a timestamp: {@code yyyy-mm-dd hh:mm:ss} and the fraction of a
	 * second without trailing zeros.
	 */
	public static String formatTimestamp(LocalDateTime t) {
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

	/**
	 * {@code yyyy-[m]m-[d]d}, optionally followed by a time that is ignored; else
	 * {@code null}.
	 */
	public static LocalDate parseDate(String s) {
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
	public static LocalDateTime parseTimestamp(String s) {
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

}
