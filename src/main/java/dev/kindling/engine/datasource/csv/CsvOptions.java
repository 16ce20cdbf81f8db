package dev.kindling.engine.datasource.csv;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.kindling.engine.types.Schema;

/**
 * The options of the CSV reader (and the few the writer uses), with Spark 4's names,
 * meanings and defaults. {@link #fromMap} reads them from a job's source, refusing an
 * unknown option or a bad value with a message that names the option.
 *
 * @param header whether the first line holds column names (read) or is written (write)
 * @param inferSchema whether column types are inferred from the file; otherwise every
 * column is a string
 * @param schema an explicit DDL schema ({@code "id INT, name STRING"}), or {@code null}
 * @param sep the field separator, one or more characters (Spark's escapes {@code \t},
 * {@code \\} ... already resolved)
 * @param quote the quote character; {@code '\0'} turns quoting off
 * @param escape the character that escapes a quote (or itself) inside a quoted field;
 * {@code '\0'} for none
 * @param comment the character that starts a comment line, or {@code null} for none
 * @param nullValue the text that reads as null
 * @param emptyValue what a quoted empty field {@code ""} reads as (before the null check)
 * @param nanValue the text of a double NaN
 * @param positiveInf the text of a double positive infinity
 * @param negativeInf the text of a double negative infinity
 * @param mode what to do with malformed records
 * @param multiLine whether quoted fields may span lines; such files are read as one split
 * @param partitions a wanted number of splits, or {@code null} for the size rule
 * @param maxCharsPerColumn the longest value (counted in bytes) before a record is
 * malformed, or -1 for no limit
 * @param dateFormat a Spark datetime pattern for dates, or {@code null} for Spark's
 * default parsing
 * @param timestampFormat a Spark datetime pattern for timestamps, or {@code null} for
 * Spark's default parsing
 * @param locale the locale of datetime patterns and of decimal numbers
 * @param lineSep the line separator (one or two characters), or {@code null} for
 * {@code \n}, {@code \r\n} and {@code \r}
 * @param encoding the file's character set
 * @param samplingRatio the fraction of records schema inference reads, or {@code null}
 * for Kindling's bounded sample
 * @param ignoreLeadingWhiteSpace whether whitespace before a value is dropped
 * @param ignoreTrailingWhiteSpace whether whitespace after an unquoted value is dropped
 * @param unescapedQuoteHandling what a quote inside a quoted value that does not close it
 * means
 */
public record CsvOptions(boolean header, boolean inferSchema, String schema, String sep, char quote, char escape,
		Character comment, String nullValue, String emptyValue, String nanValue, String positiveInf, String negativeInf,
		Mode mode, boolean multiLine, Integer partitions, int maxCharsPerColumn, String dateFormat,
		String timestampFormat, Locale locale, String lineSep, Charset encoding, Double samplingRatio,
		boolean ignoreLeadingWhiteSpace, boolean ignoreTrailingWhiteSpace,
		UnescapedQuoteHandling unescapedQuoteHandling) {

	/** How malformed records are handled, as in Spark. */
	public enum Mode {

		/** Keep the record; fields that do not convert (or are missing) become null. */
		PERMISSIVE,

		/** Drop the whole record. */
		DROPMALFORMED,

		/** Fail the read with a {@link CsvException} naming the file and line. */
		FAILFAST

	}

	/**
	 * What a quote inside a quoted value means when it is not followed by the separator,
	 * a line end or whitespace (Spark's {@code unescapedQuoteHandling}, univocity's
	 * names).
	 */
	public enum UnescapedQuoteHandling {

		/** Keep the quote and read on as a quoted value, up to a closing quote. */
		STOP_AT_CLOSING_QUOTE,

		/** Read the value again as unquoted text from after its opening quote. */
		BACK_TO_DELIMITER,

		/**
		 * Keep the value's text as it is, quotes included, up to the next separator or
		 * line end (Spark's default).
		 */
		STOP_AT_DELIMITER,

		/** The value is null. */
		SKIP_VALUE,

		/** The record is malformed. */
		RAISE_ERROR

	}

	/**
	 * The longest record read by default; a record longer than this and than
	 * {@code maxCharsPerColumn} is malformed.
	 */
	public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

	/** The ceiling of the record limit, however large {@code maxCharsPerColumn} is. */
	static final int MAX_RECORD_CEILING = 1 << 30;

	/** The date pattern the writer uses by default. */
	public static final String DEFAULT_DATE_FORMAT = "yyyy-MM-dd";

	public CsvOptions {
		Objects.requireNonNull(sep, "sep");
		Objects.requireNonNull(nullValue, "nullValue");
		Objects.requireNonNull(emptyValue, "emptyValue");
		Objects.requireNonNull(nanValue, "nanValue");
		Objects.requireNonNull(positiveInf, "positiveInf");
		Objects.requireNonNull(negativeInf, "negativeInf");
		Objects.requireNonNull(mode, "mode");
		Objects.requireNonNull(locale, "locale");
		Objects.requireNonNull(encoding, "encoding");
		Objects.requireNonNull(unescapedQuoteHandling, "unescapedQuoteHandling");
		CsvOptionsParser.validate(sep, quote, escape, comment, lineSep, encoding, partitions, maxCharsPerColumn,
				samplingRatio);
	}

	/**
	 * Spark's defaults: no header, no inference, comma, double quote, backslash, no
	 * comment, {@code ""} for null, PERMISSIVE, UTF-8, {@code en-US}.
	 */
	public static CsvOptions defaults() {
		return new CsvOptions(false, false, null, ",", '"', '\\', null, "", "", "NaN", "Inf", "-Inf", Mode.PERMISSIVE,
				false, null, -1, null, null, Locale.US, null, StandardCharsets.UTF_8, null, false, false,
				UnescapedQuoteHandling.STOP_AT_DELIMITER);
	}

	/**
	 * Reads options with Spark's keys, matched case-insensitively: {@code header},
	 * {@code inferSchema}, {@code schema}, {@code sep} (alias {@code delimiter}),
	 * {@code quote}, {@code escape}, {@code comment}, {@code nullValue},
	 * {@code emptyValue}, {@code nanValue}, {@code positiveInf}, {@code negativeInf},
	 * {@code mode}, {@code multiLine}, {@code partitions}, {@code maxCharsPerColumn},
	 * {@code dateFormat}, {@code timestampFormat}, {@code locale}, {@code lineSep},
	 * {@code encoding} (alias {@code charset}), {@code samplingRatio},
	 * {@code ignoreLeadingWhiteSpace}, {@code ignoreTrailingWhiteSpace},
	 * {@code unescapedQuoteHandling}. Booleans may be {@code Boolean} or {@code "true"},
	 * numbers numbers or strings; a {@code null} value means the default. The source's
	 * own keys ({@code format}, {@code path}) are not options and must be removed by the
	 * caller.
	 * @throws IllegalArgumentException naming the option that is unknown or has a bad
	 * value ({@code "option 'sep' ..."})
	 */
	public static CsvOptions fromMap(Map<String, Object> options) {
		return CsvOptionsParser.parse(options);
	}

	/** The explicit schema, parsed, or {@code null} when there is none. */
	public Schema explicitSchema() {
		return (this.schema == null) ? null : Schema.parse(this.schema);
	}

	/**
	 * Whether a file can be cut into byte-range splits: not under {@code multiLine},
	 * where a line start may be inside a quoted value, nor in an encoding read through a
	 * transcoder (UTF-16 and UTF-32), where a byte offset may fall inside a character.
	 */
	public boolean splittable() {
		return !this.multiLine && !transcoded();
	}

	/**
	 * Whether the file is decoded to UTF-8 before it is cut into records (UTF-16 and
	 * UTF-32); the other encodings are cut as bytes.
	 */
	boolean transcoded() {
		return !this.encoding.equals(StandardCharsets.UTF_8) && !this.encoding.equals(StandardCharsets.US_ASCII)
				&& !this.encoding.equals(StandardCharsets.ISO_8859_1);
	}

	/**
	 * The character set of the bytes the lexer sees: UTF-8 for a transcoded file, else
	 * the file's own.
	 */
	Charset lexedCharset() {
		return transcoded() ? StandardCharsets.UTF_8 : this.encoding;
	}

	/**
	 * The longest record: {@value #MAX_RECORD_BYTES} bytes, or {@code maxCharsPerColumn}
	 * when that is larger (at most 1 GiB).
	 */
	public int maxRecordBytes() {
		return Math.min(MAX_RECORD_CEILING, Math.max(MAX_RECORD_BYTES, this.maxCharsPerColumn));
	}

	/** A builder holding these options. */
	Builder toBuilder() {
		return new Builder(this);
	}

	/** These options with another header setting. */
	public CsvOptions withHeader(boolean newHeader) {
		return toBuilder().header(newHeader).build();
	}

	/** These options with schema inference on. */
	public CsvOptions withInference() {
		return toBuilder().inferSchema(true).build();
	}

	/** These options with another mode. */
	public CsvOptions withMode(Mode newMode) {
		return toBuilder().mode(newMode).build();
	}

	/** These options with another multiLine setting. */
	public CsvOptions withMultiLine(boolean newMultiLine) {
		return toBuilder().multiLine(newMultiLine).build();
	}

	/** These options with another null value. */
	public CsvOptions withNullValue(String newNullValue) {
		return toBuilder().nullValue(newNullValue).build();
	}

	/** A mutable copy of options, so one can be changed without naming all the others. */
	static final class Builder {

		boolean header;

		boolean inferSchema;

		String schema;

		String sep;

		char quote;

		char escape;

		Character comment;

		String nullValue;

		String emptyValue;

		String nanValue;

		String positiveInf;

		String negativeInf;

		Mode mode;

		boolean multiLine;

		Integer partitions;

		int maxCharsPerColumn;

		String dateFormat;

		String timestampFormat;

		Locale locale;

		String lineSep;

		Charset encoding;

		Double samplingRatio;

		boolean ignoreLeadingWhiteSpace;

		boolean ignoreTrailingWhiteSpace;

		UnescapedQuoteHandling unescapedQuoteHandling;

		Builder(CsvOptions o) {
			this.header = o.header;
			this.inferSchema = o.inferSchema;
			this.schema = o.schema;
			this.sep = o.sep;
			this.quote = o.quote;
			this.escape = o.escape;
			this.comment = o.comment;
			this.nullValue = o.nullValue;
			this.emptyValue = o.emptyValue;
			this.nanValue = o.nanValue;
			this.positiveInf = o.positiveInf;
			this.negativeInf = o.negativeInf;
			this.mode = o.mode;
			this.multiLine = o.multiLine;
			this.partitions = o.partitions;
			this.maxCharsPerColumn = o.maxCharsPerColumn;
			this.dateFormat = o.dateFormat;
			this.timestampFormat = o.timestampFormat;
			this.locale = o.locale;
			this.lineSep = o.lineSep;
			this.encoding = o.encoding;
			this.samplingRatio = o.samplingRatio;
			this.ignoreLeadingWhiteSpace = o.ignoreLeadingWhiteSpace;
			this.ignoreTrailingWhiteSpace = o.ignoreTrailingWhiteSpace;
			this.unescapedQuoteHandling = o.unescapedQuoteHandling;
		}

		Builder header(boolean value) {
			this.header = value;
			return this;
		}

		Builder inferSchema(boolean value) {
			this.inferSchema = value;
			return this;
		}

		Builder mode(Mode value) {
			this.mode = value;
			return this;
		}

		Builder multiLine(boolean value) {
			this.multiLine = value;
			return this;
		}

		Builder nullValue(String value) {
			this.nullValue = value;
			return this;
		}

		CsvOptions build() {
			return new CsvOptions(this.header, this.inferSchema, this.schema, this.sep, this.quote, this.escape,
					this.comment, this.nullValue, this.emptyValue, this.nanValue, this.positiveInf, this.negativeInf,
					this.mode, this.multiLine, this.partitions, this.maxCharsPerColumn, this.dateFormat,
					this.timestampFormat, this.locale, this.lineSep, this.encoding, this.samplingRatio,
					this.ignoreLeadingWhiteSpace, this.ignoreTrailingWhiteSpace, this.unescapedQuoteHandling);
		}

	}

}
