/**
 * The CSV data source with Spark's options and semantics: {@link CsvOptions} parsed from
 * a job's source, {@link CsvSplitter} cutting a file into byte-range splits,
 * {@link CsvSchemaInference} sampling a file for its schema, {@link CsvReader} turning
 * one split into column batches straight from the bytes (only projected columns are
 * converted), and {@link CsvWriter} for the write action. Everything is plain JDK code;
 * malformed input surfaces only as {@link CsvException}.
 */
package dev.kindling.engine.datasource.csv;
