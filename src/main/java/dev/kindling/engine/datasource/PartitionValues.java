package dev.kindling.engine.datasource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.ColumnVector;

/**
 * Partition folder values as column values: the text of a folder name ({@code 2026} in
 * {@code year=2026}) read as its column's type, and columns that repeat one value for a
 * batch of rows.
 */
public final class PartitionValues {

	private PartitionValues() {
	}

	/**
	 * The value of this text in a column of this type, as a vector holds it (a
	 * {@code Long}, {@code Double}, {@code BigDecimal}, {@code LocalDate},
	 * {@code LocalDateTime} or {@code String}); null for null.
	 * @throws IllegalArgumentException when the text is not of the type
	 */
	public static Object value(DataType type, String raw) {
		if (raw == null) {
			return null;
		}
		try {
			if (type == DataType.INT || type == DataType.BIGINT) {
				return Long.parseLong(raw);
			}
			if (type == DataType.DOUBLE) {
				return Double.parseDouble(raw);
			}
			if (type.isDecimal()) {
				return new BigDecimal(raw);
			}
			if (type == DataType.BOOLEAN) {
				return Boolean.parseBoolean(raw);
			}
			if (type == DataType.DATE) {
				LocalDate d = PartitionDiscovery.date(raw);
				if (d == null) {
					throw new IllegalArgumentException("'" + raw + "' is not a date");
				}
				return d;
			}
			if (type == DataType.TIMESTAMP) {
				LocalDateTime t = PartitionDiscovery.timestamp(raw);
				if (t == null) {
					LocalDate d = PartitionDiscovery.date(raw);
					if (d == null) {
						throw new IllegalArgumentException("'" + raw + "' is not a timestamp");
					}
					t = d.atStartOfDay();
				}
				return t;
			}
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("'" + raw + "' is not a number of type " + type.sqlName());
		}
		return raw;
	}

	/** A column of {@code rows} copies of one value. */
	public static ColumnVector constant(DataType type, Object value, int rows) {
		ColumnVector v = ColumnVector.allocate(type, Math.max(1, rows));
		for (int i = 0; i < rows; i++) {
			v.appendObject(value);
		}
		return v;
	}

	/** The typed values of a file's partition folders. */
	public static Object[] values(List<DataType> types, List<String> raw) {
		Object[] out = new Object[types.size()];
		for (int i = 0; i < out.length; i++) {
			out[i] = value(types.get(i), i < raw.size() ? raw.get(i) : null);
		}
		return out;
	}

}
