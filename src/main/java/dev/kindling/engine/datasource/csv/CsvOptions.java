package dev.kindling.engine.datasource.csv;

import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.kindling.engine.types.Schema;

/**
 * The options of the CSV reader and writer, with Spark's names and defaults.
 *
 * @param header whether the first line holds column names (read) or is written (write)
 * @param inferSchema whether column types are inferred from a sample of the file;
 * otherwise every column is a string
 * @param schema an explicit DDL schema ({@code "id INT, name STRING"}), or {@code null}
 * @param sep the field separator
 * @param quote the quote character; {@code '\0'} turns quoting off
 * @param escape the character that escapes a quote (or itself) inside a quoted field
 * @param nullValue the field text that reads as null (and nulls are written as)
 * @param mode what to do with malformed records
 * @param multiLine whether quoted fields may span lines; such files are read as one split
 * @param partitions a wanted number of splits, or {@code null} for the size rule
 * @param maxCharsPerColumn the longest field (counted in bytes) before a record is
 * malformed, or -1 for no limit (records are always limited to {@link #MAX_RECORD_BYTES})
 * @param dateFormat the date pattern; the default is parsed by a fast byte parser
 * @param timestampFormat the timestamp pattern; the default accepts
 * {@code yyyy-MM-dd HH:mm:ss[.f]} and {@code yyyy-MM-ddTHH:mm:ss[.f]} with up to 9
 * fraction digits (kept to microseconds)
 */
public record CsvOptions(boolean header, boolean inferSchema, String schema, char sep, char quote, char escape,
		String nullValue, Mode mode, boolean multiLine, Integer partitions, int maxCharsPerColumn, String dateFormat,
		String timestampFormat) {

	/** How malformed records are handled, as in Spark. */
	public enum Mode {

		/** Keep the record; fields that do not convert (or are missing) become null. */
		PERMISSIVE,

		/** Drop the whole record. */
		DROPMALFORMED,

		/** Fail the read with a {@link CsvException} naming the file and line. */
		FAILFAST

	}

	/** A record longer than this is malformed whatever {@code maxCharsPerColumn} says. */
	public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

	public static final String DEFAULT_DATE_FORMAT = "yyyy-MM-dd";

	public static final String DEFAULT_TIMESTAMP_FORMAT = "yyyy-MM-dd HH:mm:ss[.SSSSSS]";

	public CsvOptions {
		Objects.requireNonNull(nullValue, "nullValue");
		Objects.requireNonNull(mode, "mode");
		Objects.requireNonNull(dateFormat, "dateFormat");
		Objects.requireNonNull(timestampFormat, "timestampFormat");
		if (sep == '\n' || sep == '\r') {
			throw new IllegalArgumentException("option 'sep' must not be a line break");
		}
		if (sep >= 0x80 || quote >= 0x80 || escape >= 0x80) {
			throw new IllegalArgumentException("options 'sep', 'quote' and 'escape' must be ASCII characters");
		}
		if (quote != '\0' && quote == sep) {
			throw new IllegalArgumentException("option 'quote' must differ from 'sep', both are '" + sep + "'");
		}
		if (partitions != null && partitions < 1) {
			throw new IllegalArgumentException("option 'partitions' must be at least 1, got " + partitions);
		}
		if (maxCharsPerColumn != -1 && maxCharsPerColumn < 1) {
			throw new IllegalArgumentException(
					"option 'maxCharsPerColumn' must be -1 or positive, got " + maxCharsPerColumn);
		}
	}

	/**
	 * Spark's defaults: no header, no inference, comma, double quote, backslash,
	 * PERMISSIVE.
	 */
	public static CsvOptions defaults() {
		return new CsvOptions(false, false, null, ',', '"', '\\', "", Mode.PERMISSIVE, false, null, -1,
				DEFAULT_DATE_FORMAT, DEFAULT_TIMESTAMP_FORMAT);
	}

	/**
	 * Reads options with Spark's keys, matched case-insensitively: {@code header},
	 * {@code inferSchema}, {@code schema}, {@code sep} (alias {@code delimiter}),
	 * {@code quote}, {@code escape}, {@code
	 * nullValue}, {@code mode}, {@code multiLine}, {@code partitions},
	 * {@code maxCharsPerColumn}, {@code dateFormat}, {@code timestampFormat}. Booleans
	 * may be {@code Boolean} or {@code "true"}, numbers {@code Integer} or strings; a
	 * {@code null} value means the default. The source's own keys ({@code format},
	 * {@code path}) are not options and must be removed by the caller.
	 * @throws IllegalArgumentException naming the option that is unknown or has a bad
	 * value
	 */
	public static CsvOptions fromMap(Map<String, Object> options) {
		CsvOptions d = defaults();
		boolean header = d.header;
		boolean inferSchema = d.inferSchema;
		String schema = d.schema;
		Character sep = null;
		Character delimiter = null;
		char quote = d.quote;
		char escape = d.escape;
		String nullValue = d.nullValue;
		Mode mode = d.mode;
		boolean multiLine = d.multiLine;
		Integer partitions = d.partitions;
		int maxChars = d.maxCharsPerColumn;
		String dateFormat = d.dateFormat;
		String timestampFormat = d.timestampFormat;
		for (Map.Entry<String, Object> e : options.entrySet()) {
			String key = e.getKey();
			Object value = e.getValue();
			if (key == null) {
				throw new IllegalArgumentException("CSV option name must not be null");
			}
			if (value == null) {
				continue;
			}
			switch (key.toLowerCase(Locale.ROOT)) {
				case "header" -> header = bool(key, value);
				case "inferschema" -> inferSchema = bool(key, value);
				case "multiline" -> multiLine = bool(key, value);
				case "schema" -> {
					schema = string(key, value);
					try {
						Schema.parse(schema);
					}
					catch (IllegalArgumentException ex) {
						throw new IllegalArgumentException("option '" + key + "' is invalid: " + ex.getMessage(), ex);
					}
				}
				case "sep" -> sep = character(key, value, false);
				case "delimiter" -> delimiter = character(key, value, false);
				case "quote" -> quote = character(key, value, true);
				case "escape" -> escape = character(key, value, true);
				case "nullvalue" -> nullValue = string(key, value);
				case "mode" -> {
					String m = string(key, value).trim().toUpperCase(Locale.ROOT);
					try {
						mode = Mode.valueOf(m);
					}
					catch (IllegalArgumentException ex) {
						throw new IllegalArgumentException("option '" + key
								+ "' must be PERMISSIVE, DROPMALFORMED or FAILFAST, got '" + value + "'");
					}
				}
				case "partitions" -> {
					partitions = integer(key, value);
					if (partitions < 1) {
						throw new IllegalArgumentException("option '" + key + "' must be at least 1, got " + value);
					}
				}
				case "maxcharspercolumn" -> {
					maxChars = integer(key, value);
					if (maxChars != -1 && maxChars < 1) {
						throw new IllegalArgumentException("option '" + key + "' must be -1 or positive, got " + value);
					}
				}
				case "dateformat" -> dateFormat = pattern(key, value);
				case "timestampformat" -> timestampFormat = pattern(key, value);
				default -> throw new IllegalArgumentException("unknown CSV option '" + key + "'");
			}
		}
		if (sep != null && delimiter != null && !sep.equals(delimiter)) {
			throw new IllegalArgumentException(
					"options 'sep' and 'delimiter' disagree: '" + sep + "' and '" + delimiter + "'");
		}
		char separator = sep != null ? sep : (delimiter != null ? delimiter : d.sep);
		if (separator == '\0') {
			throw new IllegalArgumentException("option 'sep' must be a single character, got ''");
		}
		return new CsvOptions(header, inferSchema, schema, separator, quote, escape, nullValue, mode, multiLine,
				partitions, maxChars, dateFormat, timestampFormat);
	}

	/** The explicit schema, parsed, or {@code null} when there is none. */
	public Schema explicitSchema() {
		return this.schema == null ? null : Schema.parse(this.schema);
	}

	/** These options with another header setting. */
	public CsvOptions withHeader(boolean newHeader) {
		return new CsvOptions(newHeader, this.inferSchema, this.schema, this.sep, this.quote, this.escape,
				this.nullValue, this.mode, this.multiLine, this.partitions, this.maxCharsPerColumn, this.dateFormat,
				this.timestampFormat);
	}

	/** These options with schema inference on. */
	public CsvOptions withInference() {
		return new CsvOptions(this.header, true, this.schema, this.sep, this.quote, this.escape, this.nullValue,
				this.mode, this.multiLine, this.partitions, this.maxCharsPerColumn, this.dateFormat,
				this.timestampFormat);
	}

	/** These options with another mode. */
	public CsvOptions withMode(Mode newMode) {
		return new CsvOptions(this.header, this.inferSchema, this.schema, this.sep, this.quote, this.escape,
				this.nullValue, newMode, this.multiLine, this.partitions, this.maxCharsPerColumn, this.dateFormat,
				this.timestampFormat);
	}

	/** These options with another multiLine setting. */
	public CsvOptions withMultiLine(boolean newMultiLine) {
		return new CsvOptions(this.header, this.inferSchema, this.schema, this.sep, this.quote, this.escape,
				this.nullValue, this.mode, newMultiLine, this.partitions, this.maxCharsPerColumn, this.dateFormat,
				this.timestampFormat);
	}

	/** These options with another null value. */
	public CsvOptions withNullValue(String newNullValue) {
		return new CsvOptions(this.header, this.inferSchema, this.schema, this.sep, this.quote, this.escape,
				newNullValue, this.mode, this.multiLine, this.partitions, this.maxCharsPerColumn, this.dateFormat,
				this.timestampFormat);
	}

	private static boolean bool(String key, Object value) {
		if (value instanceof Boolean b) {
			return b;
		}
		if (value instanceof String s) {
			if (s.trim().equalsIgnoreCase("true")) {
				return true;
			}
			if (s.trim().equalsIgnoreCase("false")) {
				return false;
			}
		}
		throw new IllegalArgumentException("option '" + key + "' must be true or false, got '" + value + "'");
	}

	private static int integer(String key, Object value) {
		if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
			return ((Number) value).intValue();
		}
		if (value instanceof Long l && l == l.intValue()) {
			return l.intValue();
		}
		if (value instanceof String s) {
			try {
				return Integer.parseInt(s.trim());
			}
			catch (NumberFormatException ex) {
				// reported below
			}
		}
		throw new IllegalArgumentException("option '" + key + "' must be an integer, got '" + value + "'");
	}

	private static String string(String key, Object value) {
		if (value instanceof String s) {
			return s;
		}
		throw new IllegalArgumentException("option '" + key + "' must be a string, got '" + value + "'");
	}

	/**
	 * A single character; {@code "\t"} spelled with a backslash is a tab, {@code ""} is
	 * off.
	 */
	private static char character(String key, Object value, boolean emptyMeansOff) {
		String s = (value instanceof Character c) ? String.valueOf(c) : string(key, value);
		if (s.equals("\\t")) {
			return '\t';
		}
		if (s.isEmpty() && emptyMeansOff) {
			return '\0';
		}
		if (s.length() != 1) {
			throw new IllegalArgumentException("option '" + key + "' must be a single character, got '" + s + "'");
		}
		char c = s.charAt(0);
		if (c == '\n' || c == '\r') {
			throw new IllegalArgumentException("option '" + key + "' must not be a line break");
		}
		if (c >= 0x80) {
			throw new IllegalArgumentException("option '" + key + "' must be an ASCII character, got '" + s + "'");
		}
		return c;
	}

	private static String pattern(String key, Object value) {
		String s = string(key, value);
		try {
			DateTimeFormatter.ofPattern(s);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("option '" + key + "' is not a valid pattern: '" + s + "'", ex);
		}
		return s;
	}

}
