package dev.kindling.engine.spec;

/**
 * What the job does with its rows.
 *
 * @param type count, collect, show or write (lower-case in JSON)
 * @param maxRows collect's row cap
 * @param n show's row count (default 20)
 * @param format write's format ({@code csv})
 * @param path write's output folder under the data root
 * @param mode write's mode: {@code error} (default) or {@code overwrite}
 */
public record ActionSpec(ActionType type, Integer maxRows, Integer n, String format, String path, String mode) {

	public static ActionSpec count() {
		return new ActionSpec(ActionType.COUNT, null, null, null, null, null);
	}

	public static ActionSpec collect() {
		return new ActionSpec(ActionType.COLLECT, null, null, null, null, null);
	}

}
