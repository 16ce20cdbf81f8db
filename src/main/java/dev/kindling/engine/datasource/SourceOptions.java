package dev.kindling.engine.datasource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A source's options map as the plan carries it: the reader options by Spark's names,
 * plus two keys that are the source's own, not the format's: {@code format} (absent:
 * {@code csv}) and {@code partitionColumns} (the columns the driver found in partition
 * folders when it accepted the job: the last ones of the schema).
 */
public final class SourceOptions {

	/** The key of the format. */
	public static final String FORMAT = "format";

	/** The key of the pinned partition columns. */
	public static final String PARTITION_COLUMNS = "partitionColumns";

	private SourceOptions() {
	}

	/** The format's name, lower-case ({@code csv} when none is given). */
	public static String format(Map<String, Object> options) {
		Object f = options.get(FORMAT);
		return f == null ? "csv" : f.toString().toLowerCase(Locale.ROOT);
	}

	/** The partition columns pinned into the options (none when absent). */
	@SuppressWarnings("unchecked")
	public static List<String> partitionColumns(Map<String, Object> options) {
		Object p = options.get(PARTITION_COLUMNS);
		if (p == null) {
			return List.of();
		}
		if (p instanceof List<?> list) {
			return ((List<Object>) list).stream().map(String::valueOf).toList();
		}
		throw new IllegalArgumentException("option '" + PARTITION_COLUMNS + "' must be a list of column names");
	}

	/** The format's own options: the map without the source's keys. */
	public static Map<String, Object> readerOptions(Map<String, Object> options) {
		if (!options.containsKey(FORMAT) && !options.containsKey(PARTITION_COLUMNS)) {
			return options;
		}
		Map<String, Object> out = new LinkedHashMap<>(options);
		out.remove(FORMAT);
		out.remove(PARTITION_COLUMNS);
		return out;
	}

}
