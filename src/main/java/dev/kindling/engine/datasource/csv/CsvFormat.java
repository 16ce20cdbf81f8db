package dev.kindling.engine.datasource.csv;

import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import dev.kindling.engine.datasource.BatchReader;
import dev.kindling.engine.datasource.BatchWriter;
import dev.kindling.engine.datasource.FileFormat;
import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.datasource.SourceFiles.DataFile;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.storage.FileEntry;
import dev.kindling.engine.storage.InputFile;
import dev.kindling.engine.storage.Storage;
import dev.kindling.engine.types.Schema;

/**
 * CSV as a {@link FileFormat}: Spark's CSV source options ({@link CsvOptions}),
 * byte-range splits unless {@code multiLine}, UTF-16/32 or gzip, the schema inferred by
 * {@link CsvSchemaInference}. Files are written with a header line.
 */
public final class CsvFormat implements FileFormat {

	public static final CsvFormat INSTANCE = new CsvFormat();

	private CsvFormat() {
	}

	@Override
	public String name() {
		return "csv";
	}

	@Override
	public String extension() {
		return ".csv";
	}

	@Override
	public void checkReadOptions(Map<String, Object> options) {
		CsvOptions.fromMap(options);
	}

	@Override
	public boolean splittable(Map<String, Object> options, String path) {
		return CsvOptions.fromMap(options).splittable() && !CsvSource.compressed(path);
	}

	@Override
	public Schema schema(Storage storage, List<DataFile> files, Map<String, Object> options) {
		List<FileEntry> entries = files.stream()
			.map(f -> new FileEntry(f.path(), f.size(), f.modifiedMillis(), false))
			.toList();
		return CsvSchemaInference.resolve(storage, entries, CsvOptions.fromMap(options));
	}

	@Override
	public BatchReader reader(InputFile file, FileSplit range, Map<String, Object> options, Schema fileSchema,
			int[] projection, List<Expr> filters) {
		return new CsvReader(file, range, CsvOptions.fromMap(options), fileSchema, projection);
	}

	@Override
	public BatchWriter writer(OutputStream out, String name, Schema schema, Map<String, Object> options) {
		return new CsvWriter(out, name, schema, CsvOptions.fromMap(Map.of("header", true)));
	}

}
