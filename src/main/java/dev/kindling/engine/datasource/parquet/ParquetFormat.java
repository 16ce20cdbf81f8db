package dev.kindling.engine.datasource.parquet;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;

import dev.kindling.engine.datasource.BatchReader;
import dev.kindling.engine.datasource.BatchWriter;
import dev.kindling.engine.datasource.FileFormat;
import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.datasource.SourceFiles.DataFile;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.storage.InputFile;
import dev.kindling.engine.storage.Storage;
import dev.kindling.engine.types.Schema;

/**
 * Parquet as a {@link FileFormat} ({@code "format": "parquet"}): the schema from the
 * first file's footer (as Spark reads it without {@code mergeSchema}) or given, splits by
 * byte range where each row group goes to the split holding its middle, only the columns
 * a job reads, row groups skipped by their statistics.
 */
public final class ParquetFormat implements FileFormat {

	public static final ParquetFormat INSTANCE = new ParquetFormat();

	private static final Set<String> KNOWN = Set.of("schema", "partitions");

	private ParquetFormat() {
	}

	@Override
	public String name() {
		return "parquet";
	}

	@Override
	public String extension() {
		return ".parquet";
	}

	@Override
	public void checkReadOptions(Map<String, Object> options) {
		for (String key : options.keySet()) {
			if (!KNOWN.contains(key)) {
				throw new IllegalArgumentException(
						"option '" + key + "' is not an option of the parquet format (it has partitions, schema)");
			}
		}
		if (options.get("schema") != null) {
			Schema.parse(options.get("schema").toString());
		}
	}

	@Override
	public boolean splittable(Map<String, Object> options, String path) {
		return true;
	}

	@Override
	public Schema schema(Storage storage, List<DataFile> files, Map<String, Object> options) throws IOException {
		if (options.get("schema") != null) {
			return Schema.parse(options.get("schema").toString());
		}
		if (files.isEmpty()) {
			return new Schema(List.of());
		}
		DataFile first = files.get(0);
		try (InputFile file = storage.open(first.path(), first.size());
				ParquetFileReader reader = ParquetFileReader.open(StorageFiles.input(file),
						ParquetReadOptions.builder(new PlainParquetConfiguration())
							.withCodecFactory(ParquetCodecs.INSTANCE)
							.build())) {
			return ParquetSchemas.toKindling(reader.getFooter().getFileMetaData().getSchema());
		}
		catch (IllegalArgumentException ex) {
			throw new ParquetException(first.path() + ": " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			throw new ParquetException(first.path() + " is not a Parquet file Kindling can read: " + ex.getMessage(),
					ex);
		}
	}

	@Override
	public BatchReader reader(InputFile file, FileSplit range, Map<String, Object> options, Schema fileSchema,
			int[] projection, List<Expr> filters) {
		return new ParquetBatchReader(file, range, fileSchema, projection, filters);
	}

	@Override
	public BatchWriter writer(OutputStream out, String name, Schema schema, Map<String, Object> options) {
		return new ParquetBatchWriter(out, name, schema);
	}

}
