package dev.kindling.engine.datasource.json;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.kindling.engine.datasource.SourceFiles.DataFile;
import dev.kindling.engine.datasource.json.JsonLine.Kind;
import dev.kindling.engine.storage.InputFile;
import dev.kindling.engine.storage.Storage;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.DecimalType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

/**
 * A JSON Lines schema as Spark's {@code json} source infers it, over every line of the
 * files (or {@code samplingRatio} of them): an integer is a {@code bigint} (a
 * {@code decimal} past its range), a number with a fraction or exponent a {@code double}
 * ({@code decimal} with {@code prefersDecimal}), {@code true}/{@code false} a
 * {@code boolean}, a string a {@code string} (never a date: Spark infers none by
 * default), an array a {@code string} holding its JSON text; {@code bigint} and
 * {@code double} widen to {@code double}, {@code bigint} and {@code decimal} to
 * {@code decimal}, any other mix to {@code string}; a field that is only ever null is a
 * {@code string}. Columns are sorted by name, as Spark sorts them. A nested object's
 * fields are columns {@code parent.child}; a field that is an object in one line and a
 * value in another is refused, since its columns would be ambiguous.
 */
final class JsonSchemaInference {

	private JsonSchemaInference() {
	}

	static Schema infer(Storage storage, List<DataFile> files, JsonOptions options) throws IOException {
		Map<String, DataType> types = new LinkedHashMap<>();
		Map<String, Boolean> objects = new LinkedHashMap<>();
		JsonLine line = new JsonLine();
		long seen = 0;
		long step = Math.max(1, Math.round(1 / options.samplingRatio()));
		for (DataFile f : files) {
			InputFile file = storage.open(f.path(), f.size());
			try (JsonLines lines = new JsonLines(file, null)) {
				while (lines.next()) {
					if (seen++ % step != 0) {
						continue;
					}
					if (line.parse(lines.buffer(), lines.lineStart, lines.lineEnd) != JsonLine.Outcome.RECORD) {
						continue;
					}
					for (int leaf = 0; leaf < line.count; leaf++) {
						String path = line.path(leaf);
						Kind kind = line.kind(leaf);
						boolean object = kind == Kind.OBJECT;
						Boolean was = objects.putIfAbsent(path, object);
						if (was != null && was != object) {
							throw new JsonException("field '" + path
									+ "' is an object in some lines and a value in others; give a schema "
									+ "(its fields are read as columns '" + path + ".<name>')");
						}
						if (!object) {
							types.merge(path, type(line, leaf, kind, options), JsonSchemaInference::widen);
						}
					}
				}
			}
		}
		TreeMap<String, DataType> sorted = new TreeMap<>(types);
		List<Field> fields = new ArrayList<>();
		sorted.forEach((name, type) -> fields.add(new Field(name, type == DataType.NULL ? DataType.STRING : type)));
		return new Schema(fields);
	}

	private static DataType type(JsonLine line, int leaf, Kind kind, JsonOptions options) {
		if (kind == Kind.NULL) {
			return DataType.NULL;
		}
		if (options.primitivesAsString()) {
			return DataType.STRING;
		}
		return switch (kind) {
			case INTEGER -> JsonReader.parseLong(line.values, line.valueStart[leaf], line.valueLength[leaf]) != null
					? DataType.BIGINT : decimalOf(line.text(leaf));
			case FLOAT -> options.prefersDecimal() ? decimalOf(line.text(leaf)) : DataType.DOUBLE;
			case NONFINITE -> DataType.DOUBLE;
			case TRUE, FALSE -> DataType.BOOLEAN;
			default -> DataType.STRING;
		};
	}

	/**
	 * The decimal type of a number's digits, as Spark infers it; double past 38 digits.
	 */
	private static DataType decimalOf(String text) {
		BigDecimal d = new BigDecimal(text);
		int scale = Math.max(d.scale(), 0);
		int precision = Math.max(d.precision() - d.scale(), 1) + scale;
		return precision > DecimalType.MAX_PRECISION ? DataType.DOUBLE : DataType.decimal(precision, scale);
	}

	static DataType widen(DataType a, DataType b) {
		if (a == b || b == DataType.NULL) {
			return a;
		}
		if (a == DataType.NULL) {
			return b;
		}
		if (a.isNumeric() && b.isNumeric()) {
			if (a == DataType.DOUBLE || b == DataType.DOUBLE) {
				return DataType.DOUBLE;
			}
			DecimalType x = a.isDecimal() ? (DecimalType) a : DecimalType.BIGINT_DECIMAL;
			DecimalType y = b.isDecimal() ? (DecimalType) b : DecimalType.BIGINT_DECIMAL;
			int scale = Math.max(x.scale(), y.scale());
			int digits = Math.max(x.precision() - x.scale(), y.precision() - y.scale());
			return DecimalType.bounded(digits + scale, scale);
		}
		return DataType.STRING;
	}

}
