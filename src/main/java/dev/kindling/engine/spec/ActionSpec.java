package dev.kindling.engine.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the job does with its rows.
 *
 * @param type count, collect, show or write (lower-case in JSON)
 * @param maxRows collect's row cap
 * @param n show's row count (default 20)
 * @param format write's format: {@code csv} (default), {@code json} or {@code parquet}
 * @param path write's output folder, under the data root or an {@code s3://} URL
 * @param mode write's mode: {@code error} (default), {@code overwrite}, {@code append} or
 * {@code ignore}
 * @param partitionBy write's partition columns: each row goes to the folder
 * {@code name=value/} of its values, and the files hold the other columns
 */
public record ActionSpec(ActionType type, Integer maxRows, Integer n, String format, String path, String mode,
		List<String> partitionBy) {

	public ActionSpec {
		partitionBy = partitionBy == null ? null : Collections.unmodifiableList(new ArrayList<>(partitionBy));
	}

	public ActionSpec(ActionType type, Integer maxRows, Integer n, String format, String path, String mode) {
		this(type, maxRows, n, format, path, mode, null);
	}

	public static ActionSpec count() {
		return new ActionSpec(ActionType.COUNT, null, null, null, null, null);
	}

	public static ActionSpec collect() {
		return new ActionSpec(ActionType.COLLECT, null, null, null, null, null);
	}

	/** A write of this format to this folder, with this mode. */
	public static ActionSpec write(String format, String path, String mode, List<String> partitionBy) {
		return new ActionSpec(ActionType.WRITE, null, null, format, path, mode, partitionBy);
	}

}
