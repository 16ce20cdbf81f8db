package dev.kindling.engine.datasource.parquet;

import java.util.ArrayList;
import java.util.List;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.DecimalType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

/**
 * Parquet's types as Kindling's, as Spark maps them: {@code INT32} (and 8/16-bit ints)
 * {@code int}, {@code INT64} {@code bigint}, {@code FLOAT}/{@code DOUBLE} {@code double},
 * {@code BOOLEAN}, {@code DATE}, {@code TIMESTAMP} (millis, micros, nanos, and the legacy
 * {@code INT96}), {@code DECIMAL}, and {@code BINARY} as {@code string}. A nested or
 * repeated column has no Kindling type and is refused by name, never dropped.
 */
final class ParquetSchemas {

	private ParquetSchemas() {
	}

	static Schema toKindling(MessageType message) {
		List<Field> fields = new ArrayList<>();
		for (Type t : message.getFields()) {
			if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) {
				throw new IllegalArgumentException("column '" + t.getName()
						+ "' is a nested or repeated Parquet type, which Kindling does not read; select other columns "
						+ "with a schema");
			}
			fields.add(new Field(t.getName(), type(t.asPrimitiveType())));
		}
		return new Schema(fields);
	}

	static DataType type(PrimitiveType p) {
		LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
		if (logical instanceof DecimalLogicalTypeAnnotation dec) {
			return DataType.decimal(dec.getPrecision(), dec.getScale());
		}
		return switch (p.getPrimitiveTypeName()) {
			case BOOLEAN -> DataType.BOOLEAN;
			case INT32 -> logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation ? DataType.DATE
					: logical instanceof IntLogicalTypeAnnotation i && !i.isSigned() ? DataType.BIGINT : DataType.INT;
			case INT64 -> logical instanceof TimestampLogicalTypeAnnotation ? DataType.TIMESTAMP : DataType.BIGINT;
			case INT96 -> DataType.TIMESTAMP;
			case FLOAT, DOUBLE -> DataType.DOUBLE;
			case BINARY, FIXED_LEN_BYTE_ARRAY -> DataType.STRING;
		};
	}

	/** The factor from a timestamp column's unit to microseconds (negative: divide). */
	static long microsFactor(PrimitiveType p) {
		if (p.getLogicalTypeAnnotation() instanceof TimestampLogicalTypeAnnotation t) {
			return t.getUnit() == TimeUnit.MILLIS ? 1000 : t.getUnit() == TimeUnit.NANOS ? -1000 : 1;
		}
		return 1;
	}

	/** The Parquet schema Kindling writes for rows of this schema. */
	static MessageType toParquet(Schema schema) {
		Types.MessageTypeBuilder b = Types.buildMessage();
		for (Field f : schema.fields()) {
			switch (f.type().kind()) {
				case INT -> b.optional(PrimitiveTypeName.INT32).named(f.name());
				case BIGINT -> b.optional(PrimitiveTypeName.INT64).named(f.name());
				case DOUBLE -> b.optional(PrimitiveTypeName.DOUBLE).named(f.name());
				case BOOLEAN -> b.optional(PrimitiveTypeName.BOOLEAN).named(f.name());
				case DATE -> b.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named(f.name());
				case TIMESTAMP -> b.optional(PrimitiveTypeName.INT64)
					.as(LogicalTypeAnnotation.timestampType(false, TimeUnit.MICROS))
					.named(f.name());
				case DECIMAL -> b.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
					.length(16)
					.as(LogicalTypeAnnotation.decimalType(((DecimalType) f.type()).scale(),
							((DecimalType) f.type()).precision()))
					.named(f.name());
				default -> b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(f.name());
			}
		}
		return b.named("spark_schema");
	}

}
