package dev.kindling.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import dev.kindling.engine.datasource.DataRoot;
import dev.kindling.engine.datasource.DataRoot.PathRefusedException;
import dev.kindling.engine.datasource.csv.CsvException;
import dev.kindling.engine.datasource.csv.CsvOptions;
import dev.kindling.engine.datasource.csv.CsvSchemaInference;
import dev.kindling.engine.logical.PlanException;
import dev.kindling.engine.spec.SourceSpec;
import dev.kindling.engine.types.Schema;
import dev.kindling.platform.DriverRole;
import dev.kindling.platform.KindlingProperties;

/**
 * Resolves a source against the data root: confines its path, checks the file and its
 * reader options, and pins its schema (given, or inferred from a sample), so every later
 * plan of a job sees the same columns. Errors are {@link PlanException}s naming the field
 * under {@code at}.
 */
@Component
@DriverRole
public class Sources {

	private static final Pattern OPTION = Pattern.compile("option '(\\w+)'");

	private final DataRoot dataRoot;

	private final int maxColumns;

	Sources(DataRoot dataRoot, KindlingProperties properties) {
		this.dataRoot = dataRoot;
		this.maxColumns = properties.limits().maxColumns();
	}

	/** The source with its schema pinned. */
	public SourceSpec pin(SourceSpec source, String at) {
		return source.withSchema(schema(source, at).toDdl());
	}

	/** The schema a source reads as. */
	public Schema schema(SourceSpec source, String at) {
		if (source.format() != null && !source.format().equalsIgnoreCase("csv")) {
			throw new PlanException(at + "/format", "unsupported format '" + source.format() + "' (expected csv)");
		}
		if (source.path() == null || source.path().isBlank()) {
			throw new PlanException(at + "/path", "path is required");
		}
		Path file = file(source.path(), at + "/path");
		CsvOptions options = options(source, at);
		Schema schema;
		try {
			schema = CsvSchemaInference.resolve(file, options);
		}
		catch (IllegalArgumentException ex) {
			throw new PlanException(at + "/schema", "invalid schema: " + ex.getMessage());
		}
		catch (CsvException ex) {
			throw new PlanException(at + "/path", ex.getMessage());
		}
		if (schema.size() == 0) {
			throw new PlanException(at + "/path",
					"file '" + source.path() + "' is empty: there are no columns to read");
		}
		if (schema.size() > this.maxColumns) {
			throw new PlanException(at + "/path", "file '" + source.path() + "' has " + schema.size()
					+ " columns, more than the limit of " + this.maxColumns + " (kindling.limits.max-columns)");
		}
		return schema;
	}

	/** The existing regular file a source path names. */
	public Path file(String path, String at) {
		Path file;
		try {
			file = this.dataRoot.resolve(path);
		}
		catch (PathRefusedException ex) {
			throw new PlanException(at, ex.getMessage());
		}
		if (!Files.isRegularFile(file)) {
			throw new PlanException(at, "file '" + path + "' does not exist under the data root");
		}
		if (!Files.isReadable(file)) {
			throw new PlanException(at, "file '" + path + "' is not readable");
		}
		return file;
	}

	/** A file's size. */
	public long size(Path file, String at) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new PlanException(at, "cannot read file: " + ex.getMessage());
		}
	}

	/** The reader options of a source; a bad one is named under {@code at}. */
	public static CsvOptions options(SourceSpec source, String at) {
		try {
			return CsvOptions.fromMap(source.options());
		}
		catch (IllegalArgumentException ex) {
			Matcher m = OPTION.matcher(String.valueOf(ex.getMessage()));
			throw new PlanException(m.find() ? at + "/" + m.group(1) : at, ex.getMessage());
		}
	}

}
