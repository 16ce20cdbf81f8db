package dev.kindling.engine.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A CSV source with the options of Spark's CSV reader.
 *
 * @param format {@code csv}
 * @param path relative to the data root
 * @param header whether the first line names the columns
 * @param inferSchema whether to infer column types from a sample
 * @param schema an explicit DDL schema, {@code "id INT, name STRING"}
 * @param sep the field separator
 * @param quote the quote character
 * @param escape the escape character inside quotes
 * @param nullValue the text that stands for null
 * @param mode PERMISSIVE, DROPMALFORMED or FAILFAST
 * @param multiLine whether quoted fields may span lines
 * @param partitions a wanted number of splits
 * @param maxCharsPerColumn the longest field accepted (-1: no limit)
 * @param dateFormat the date pattern
 * @param timestampFormat the timestamp pattern
 */
public record SourceSpec(String format, String path, Boolean header, Boolean inferSchema, String schema, String sep,
		String quote, String escape, String nullValue, String mode, Boolean multiLine, Integer partitions,
		Integer maxCharsPerColumn, String dateFormat, String timestampFormat) {

	/** The reader options that were given, by their Spark names. */
	public Map<String, Object> options() {
		Map<String, Object> options = new LinkedHashMap<>();
		put(options, "header", this.header);
		put(options, "inferSchema", this.inferSchema);
		put(options, "schema", this.schema);
		put(options, "sep", this.sep);
		put(options, "quote", this.quote);
		put(options, "escape", this.escape);
		put(options, "nullValue", this.nullValue);
		put(options, "mode", this.mode);
		put(options, "multiLine", this.multiLine);
		put(options, "partitions", this.partitions);
		put(options, "maxCharsPerColumn", this.maxCharsPerColumn);
		put(options, "dateFormat", this.dateFormat);
		put(options, "timestampFormat", this.timestampFormat);
		return options;
	}

	private static void put(Map<String, Object> options, String key, Object value) {
		if (value != null) {
			options.put(key, value);
		}
	}

	/** This source with its schema pinned, so executors never infer it again. */
	public SourceSpec withSchema(String ddl) {
		return new SourceSpec(this.format, this.path, this.header, false, ddl, this.sep, this.quote, this.escape,
				this.nullValue, this.mode, this.multiLine, this.partitions, this.maxCharsPerColumn, this.dateFormat,
				this.timestampFormat);
	}

}
