/**
 * What every file data source shares: a {@link dev.kindling.engine.datasource.FileSplit}
 * is one byte range of one file, the unit of a scan task. Formats live in sub-packages
 * ({@code csv}); a format reads a split into column batches, parsing only the columns the
 * plan asks for.
 */
package dev.kindling.engine.datasource;
