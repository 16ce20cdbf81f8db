package dev.kindling.engine.datasource.formats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.kindling.engine.datasource.FileFormat;
import dev.kindling.engine.datasource.csv.CsvFormat;
import dev.kindling.engine.datasource.json.JsonFormat;
import dev.kindling.engine.datasource.parquet.ParquetFormat;

/** The file formats by name. */
public final class Formats {

	private static final Map<String, FileFormat> FORMATS = new LinkedHashMap<>();

	static {
		for (FileFormat f : List.<FileFormat>of(CsvFormat.INSTANCE, JsonFormat.INSTANCE, ParquetFormat.INSTANCE)) {
			FORMATS.put(f.name(), f);
		}
	}

	private Formats() {
	}

	/**
	 * The format of this name (case-insensitive; {@code null} is {@code csv}).
	 * @throws IllegalArgumentException for a name that is not a format
	 */
	public static FileFormat of(String name) {
		FileFormat f = FORMATS.get(name == null ? "csv" : name.toLowerCase(Locale.ROOT));
		if (f == null) {
			throw new IllegalArgumentException("unsupported format '" + name + "' (expected " + names() + ")");
		}
		return f;
	}

	/** The names, comma-separated, for messages. */
	public static String names() {
		return String.join(", ", FORMATS.keySet());
	}

}
