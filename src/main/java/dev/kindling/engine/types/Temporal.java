package dev.kindling.engine.types;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Conversions between dates/timestamps and their {@code long} storage. */
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

}
