package dev.kindling.engine.spec;

import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A file source with the options of Spark's reader of its format, under Spark's names; an
 * option left out (or {@code null}) has Spark's default. An option that does not apply to
 * the format is refused.
 *
 * @param format {@code csv} (the default), {@code json} or {@code parquet}
 * @param path a file, a folder or a glob, relative to the data root or an
 * {@code s3://bucket/key} URL
 * @param header whether the first line names the columns
 * @param inferSchema whether to infer column types
 * @param schema an explicit DDL schema, {@code "id INT, name STRING"}
 * @param sep the field separator, one or more characters
 * @param delimiter another name of {@code sep}
 * @param quote the quote character ({@code ""} for none)
 * @param escape the escape character inside quotes ({@code ""} for none)
 * @param comment the character that starts a comment line
 * @param nullValue the text that stands for null
 * @param emptyValue what a quoted empty field reads as
 * @param nanValue the text of a double NaN
 * @param positiveInf the text of a double positive infinity
 * @param negativeInf the text of a double negative infinity
 * @param mode PERMISSIVE, DROPMALFORMED or FAILFAST
 * @param multiLine whether quoted fields may span lines
 * @param partitions a wanted number of splits
 * @param maxCharsPerColumn the longest field accepted (-1: no limit)
 * @param dateFormat the date pattern
 * @param timestampFormat the timestamp pattern
 * @param locale the locale of patterns and decimals, a BCP 47 tag
 * @param lineSep the line separator
 * @param encoding the file's character set
 * @param charset another name of {@code encoding}
 * @param samplingRatio the fraction of records schema inference reads
 * @param ignoreLeadingWhiteSpace whether whitespace before a value is dropped
 * @param ignoreTrailingWhiteSpace whether whitespace after a value is dropped
 * @param unescapedQuoteHandling what an unescaped quote inside a quoted value means
 * @param primitivesAsString JSON: whether every value is read as a string
 * @param prefersDecimal JSON: whether a number with a fraction is inferred as a decimal
 * (when it fits one) rather than a double
 * @param partitionColumns not an option: the columns of the source's partition folders,
 * pinned by the driver when it accepts the job (the last columns of {@code schema})
 */
public record SourceSpec(String format, String path, Boolean header, Boolean inferSchema, String schema, String sep,
		String delimiter, String quote, String escape, String comment, String nullValue, String emptyValue,
		String nanValue, String positiveInf, String negativeInf, String mode, Boolean multiLine, Integer partitions,
		Integer maxCharsPerColumn, String dateFormat, String timestampFormat, String locale, String lineSep,
		String encoding, String charset, Double samplingRatio, Boolean ignoreLeadingWhiteSpace,
		Boolean ignoreTrailingWhiteSpace, String unescapedQuoteHandling, Boolean primitivesAsString,
		Boolean prefersDecimal, List<String> partitionColumns) {

	public SourceSpec {
		partitionColumns = partitionColumns == null ? null
				: Collections.unmodifiableList(new ArrayList<>(partitionColumns));
	}

	/** A source with only these fields set, the options at their defaults. */
	public static SourceSpec of(String format, String path, Boolean header, Boolean inferSchema, String schema) {
		return new SourceSpec(format, path, header, inferSchema, schema, null, null, null, null, null, null, null, null,
				null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
				null, null);
	}

	/**
	 * The reader options that were given, by their Spark names, with the format (when
	 * given) and the pinned partition columns.
	 */
	public Map<String, Object> options() {
		Map<String, Object> options = new LinkedHashMap<>();
		put(options, "format", this.format);
		put(options, "header", this.header);
		put(options, "inferSchema", this.inferSchema);
		put(options, "schema", this.schema);
		put(options, "sep", this.sep);
		put(options, "delimiter", this.delimiter);
		put(options, "quote", this.quote);
		put(options, "escape", this.escape);
		put(options, "comment", this.comment);
		put(options, "nullValue", this.nullValue);
		put(options, "emptyValue", this.emptyValue);
		put(options, "nanValue", this.nanValue);
		put(options, "positiveInf", this.positiveInf);
		put(options, "negativeInf", this.negativeInf);
		put(options, "mode", this.mode);
		put(options, "multiLine", this.multiLine);
		put(options, "partitions", this.partitions);
		put(options, "maxCharsPerColumn", this.maxCharsPerColumn);
		put(options, "dateFormat", this.dateFormat);
		put(options, "timestampFormat", this.timestampFormat);
		put(options, "locale", this.locale);
		put(options, "lineSep", this.lineSep);
		put(options, "encoding", this.encoding);
		put(options, "charset", this.charset);
		put(options, "samplingRatio", this.samplingRatio);
		put(options, "ignoreLeadingWhiteSpace", this.ignoreLeadingWhiteSpace);
		put(options, "ignoreTrailingWhiteSpace", this.ignoreTrailingWhiteSpace);
		put(options, "unescapedQuoteHandling", this.unescapedQuoteHandling);
		put(options, "primitivesAsString", this.primitivesAsString);
		put(options, "prefersDecimal", this.prefersDecimal);
		put(options, "partitionColumns", this.partitionColumns);
		return options;
	}

	private static void put(Map<String, Object> options, String key, Object value) {
		if (value != null) {
			options.put(key, value);
		}
	}

	/** This source with its schema pinned, so executors never infer it again. */
	public SourceSpec withSchema(String ddl) {
		return withSchema(ddl, this.partitionColumns);
	}

	/**
	 * This source with its schema and partition columns pinned (the partition columns are
	 * the last of the schema).
	 */
	public SourceSpec withSchema(String ddl, List<String> partitions) {
		Boolean infer = this.inferSchema == null ? null : false;
		return new SourceSpec(this.format, this.path, this.header, infer, ddl, this.sep, this.delimiter, this.quote,
				this.escape, this.comment, this.nullValue, this.emptyValue, this.nanValue, this.positiveInf,
				this.negativeInf, this.mode, this.multiLine, this.partitions, this.maxCharsPerColumn, this.dateFormat,
				this.timestampFormat, this.locale, this.lineSep, this.encoding, this.charset, this.samplingRatio,
				this.ignoreLeadingWhiteSpace, this.ignoreTrailingWhiteSpace, this.unescapedQuoteHandling,
				this.primitivesAsString, this.prefersDecimal,
				(partitions == null || partitions.isEmpty()) ? null : partitions);
	}

}
