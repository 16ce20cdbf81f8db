package dev.kindling.engine.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a job does with its rows. On the wire and in the stored spec each is its
 * lower-case name ({@code "count"}): that is its {@link #toString()}, which Jackson 3
 * reads and writes enums by, so the spec records stay free of Jackson annotations. Any
 * other value is refused while the JSON is read, with the pointer {@code /action/type}.
 */
public enum ActionType {

	/** The number of rows: {@code {"count": N}}. */
	COUNT,

	/** The rows, up to {@code maxRows}. */
	COLLECT,

	/** The first {@code n} rows (20 by default). */
	SHOW,

	/** CSV files under the data root, one per partition. */
	WRITE;

	private final String wireName = name().toLowerCase(Locale.ROOT);

	/** The lower-case name, as the job document spells it. */
	@Override
	public String toString() {
		return this.wireName;
	}

	/** Every wire name, comma-separated, for messages. */
	public static String names() {
		return Arrays.stream(values()).map(ActionType::toString).collect(Collectors.joining(", "));
	}

}
