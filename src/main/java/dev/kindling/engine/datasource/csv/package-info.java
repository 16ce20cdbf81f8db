/**
 * The CSV data source, reading as Spark 4's CSV source reads: {@link CsvOptions} with
 * Spark's option names and defaults, {@link CsvSplitter} cutting a file into byte-range
 * splits, {@link CsvSchemaInference} working out its schema (with Spark's type rules and
 * sampling), and {@link CsvReader} turning one split into column batches straight from
 * the bytes (only projected columns are converted); {@link CsvWriter} serves the write
 * action. Inside: the lexer and its dialect (Spark's univocity rules for quotes, escapes,
 * line ends, blank and comment lines), Spark's value conversions and its datetime cast
 * and patterns, and the source of bytes (the file, or the file decoded to UTF-8).
 * Everything is plain JDK code; malformed input surfaces only as {@link CsvException}.
 */
package dev.kindling.engine.datasource.csv;
