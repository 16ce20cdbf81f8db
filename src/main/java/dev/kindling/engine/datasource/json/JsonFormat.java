package dev.kindling.engine.datasource.json;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

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
 * JSON Lines as a {@link FileFormat} ({@code "format": "json"}): Spark's {@code json}
 * source options ({@link JsonOptions}), split by byte ranges at line starts (a
 * {@code .gz} file is read whole by one task), the schema given or inferred
 * ({@link JsonSchemaInference}).
 */
public final class JsonFormat implements FileFormat {

	public static final JsonFormat INSTANCE = new JsonFormat();

	private JsonFormat() {
	}

	@Override
	public String name() {
		return "json";
	}

	@Override
	public String extension() {
		return ".json";
	}

	@Override
	public void checkReadOptions(Map<String, Object> options) {
		JsonOptions.fromMap(options);
	}

	@Override
	public boolean splittable(Map<String, Object> options, String path) {
		return !JsonLines.compressed(path);
	}

	@Override
	public Schema schema(Storage storage, List<DataFile> files, Map<String, Object> options) throws IOException {
		JsonOptions json = JsonOptions.fromMap(options);
		if (json.schema() != null) {
			return Schema.parse(json.schema());
		}
		return JsonSchemaInference.infer(storage, files, json);
	}

	@Override
	public BatchReader reader(InputFile file, FileSplit range, Map<String, Object> options, Schema fileSchema,
			int[] projection, List<Expr> filters) {
		return new JsonReader(file, range, JsonOptions.fromMap(options), fileSchema, projection);
	}

	@Override
	public BatchWriter writer(OutputStream out, String name, Schema schema, Map<String, Object> options) {
		return new JsonWriter(out, name, schema);
	}

}
