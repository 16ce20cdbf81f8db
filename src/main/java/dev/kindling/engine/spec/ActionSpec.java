package dev.kindling.engine.spec;

/**
 * What the job does with its rows.
 *
 * @param type count, collect, show or write
 * @param maxRows collect's row cap
 * @param n show's row count (default 20)
 * @param format write's format ({@code csv})
 * @param path write's output folder under the data root
 * @param mode write's mode: {@code error} (default) or {@code overwrite}
 */
public record ActionSpec(String type, Integer maxRows, Integer n, String format, String path, String mode) {

	public static ActionSpec count() {
		return new ActionSpec("count", null, null, null, null, null);
	}

	public static ActionSpec collect() {
		return new ActionSpec("collect", null, null, null, null, null);
	}

}
