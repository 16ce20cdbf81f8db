package dev.kindling.engine.datasource;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import dev.kindling.engine.datasource.SourceFiles.DataFile;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.storage.InputFile;
import dev.kindling.engine.storage.Storage;
import dev.kindling.engine.types.Schema;

/**
 * A file format a source reads and a write action writes ({@code csv}, {@code json},
 * {@code parquet}). Options are the source's (or the action's) reader and writer options
 * by Spark's names, without the source's own keys ({@link SourceOptions}); each refusal
 * is an {@link IllegalArgumentException} whose message starts with
 * {@code option '<name>'}, so a caller can point at the field.
 */
public interface FileFormat {

	/** The format's name, lower-case. */
	String name();

	/** The extension of the files it writes, with its dot ({@code .csv}). */
	String extension();

	/**
	 * Checks the reader options.
	 * @throws IllegalArgumentException for an option that is unknown to the format or has
	 * a bad value
	 */
	void checkReadOptions(Map<String, Object> options);

	/** Whether a file of this name may be cut into byte ranges; else it is read whole. */
	boolean splittable(Map<String, Object> options, String path);

	/**
	 * The columns of the files (without partition columns): the {@code schema} option, or
	 * what the files say (a footer) or hold (inferred from a sample).
	 * @return the schema; empty when the files hold no column
	 */
	Schema schema(Storage storage, List<DataFile> files, Map<String, Object> options) throws IOException;

	/**
	 * A reader of one byte range of a file. Only the {@code projection}'s columns are
	 * produced; {@code filters} are conditions every row the scan outputs satisfies (a
	 * format may use them to skip data, such as Parquet row groups, and must not rely on
	 * them otherwise).
	 * @param file the file, closed with the reader
	 * @param fileSchema every column of the file
	 * @param projection the file column indexes to output, in output order
	 */
	BatchReader reader(InputFile file, FileSplit range, Map<String, Object> options, Schema fileSchema,
			int[] projection, List<Expr> filters);

	/**
	 * A writer of a new file of rows of this schema on {@code out} (closed with the
	 * writer).
	 * @param name the file, for errors
	 */
	BatchWriter writer(OutputStream out, String name, Schema schema, Map<String, Object> options);

}
