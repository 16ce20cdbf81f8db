package dev.kindling.engine.vector;

import java.util.Arrays;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.DecimalType;

/**
 * One column of a batch: values in a primitive array (or UTF-8 bytes), with a null mask
 * that is only allocated once a null is written.
 */
public abstract sealed class ColumnVector permits LongVector, DoubleVector, BooleanVector, StringVector, DecimalVector {

	/** The default number of rows per batch. */
	public static final int BATCH_SIZE = 4096;

	protected final DataType type;

	protected int size;

	protected boolean[] nulls;

	protected ColumnVector(DataType type) {
		this.type = type;
	}

	public final DataType type() {
		return this.type;
	}

	public final int size() {
		return this.size;
	}

	public final boolean isNull(int row) {
		return this.nulls != null && this.nulls[row];
	}

	public final boolean hasNulls() {
		return this.nulls != null;
	}

	/** The null mask, or {@code null} when no value is null. Read-only for callers. */
	public final boolean[] nulls() {
		return this.nulls;
	}

	protected final void markNull(int row, int capacity) {
		if (this.nulls == null) {
			this.nulls = new boolean[Math.max(capacity, row + 1)];
		}
		else if (row >= this.nulls.length) {
			this.nulls = Arrays.copyOf(this.nulls, Math.max(row + 1, this.nulls.length * 2));
		}
		this.nulls[row] = true;
	}

	/**
	 * Keeps the null mask as long as the values: called before row {@code row} is
	 * appended, since a mask made at the first null (or wrapped at exactly the size) does
	 * not grow with the values.
	 */
	protected final void fitNulls(int row) {
		if (this.nulls != null && row >= this.nulls.length) {
			this.nulls = Arrays.copyOf(this.nulls, Math.max(row + 1, this.nulls.length * 2));
		}
	}

	protected final boolean[] selectNulls(int[] rows, int count) {
		if (this.nulls == null) {
			return null;
		}
		boolean[] out = null;
		for (int i = 0; i < count; i++) {
			if (this.nulls[rows[i]]) {
				if (out == null) {
					out = new boolean[count];
				}
				out[i] = true;
			}
		}
		return out;
	}

	/**
	 * The value as a plain Java object for output: {@code Integer} (int), {@code Long}
	 * (bigint), {@code Double}, {@code BigDecimal} (at the type's scale),
	 * {@code Boolean}, {@code String}, {@code LocalDate} (date), {@code LocalDateTime}
	 * (timestamp), or {@code null}.
	 */
	public abstract Object getObject(int row);

	/** A new vector of the rows at these indexes, in this order. */
	public abstract ColumnVector select(int[] rows, int count);

	/** A new, empty vector of this type with room for {@code capacity} rows. */
	public static ColumnVector allocate(DataType type, int capacity) {
		return switch (type.kind()) {
			case INT, BIGINT, DATE, TIMESTAMP -> new LongVector(type, capacity);
			case DOUBLE -> new DoubleVector(capacity);
			case BOOLEAN -> new BooleanVector(capacity);
			case STRING, BINARY -> new StringVector(type, capacity);
			case DECIMAL -> new DecimalVector((DecimalType) type, capacity);
			case NULL -> {
				BooleanVector v = new BooleanVector(capacity);
				yield v;
			}
		};
	}

	/** A vector of {@code size} nulls of this type. */
	public static ColumnVector nulls(DataType type, int size) {
		ColumnVector v = allocate(type == DataType.NULL ? DataType.BOOLEAN : type, size);
		for (int i = 0; i < size; i++) {
			v.appendNull();
		}
		return v;
	}

	/** Appends a null at the end. */
	public abstract void appendNull();

	/**
	 * Appends a value given as {@link #getObject(int)} returns it (or a compatible
	 * number).
	 */
	public abstract void appendObject(Object value);

}
