package dev.kindling.engine.vector;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Temporal;

/** Values of int, bigint, date (days) and timestamp (microseconds) as {@code long}. */
public final class LongVector extends ColumnVector {

	private long[] values;

	public LongVector(DataType type, int capacity) {
		super(type);
		if (!type.isLongBacked()) {
			throw new IllegalArgumentException(type + " is not stored as long");
		}
		this.values = new long[Math.max(capacity, 1)];
	}

	/** Wraps an array of values (and an optional null mask) of this length. */
	public LongVector(DataType type, long[] values, boolean[] nulls, int size) {
		super(type);
		this.values = values;
		this.nulls = nulls;
		this.size = size;
	}

	/** The backing array; valid for indexes below {@link #size()}. */
	public long[] values() {
		return this.values;
	}

	public long get(int row) {
		return this.values[row];
	}

	public void append(long value) {
		ensure();
		this.values[this.size++] = value;
	}

	@Override
	public void appendNull() {
		ensure();
		markNull(this.size, this.values.length);
		this.values[this.size++] = 0;
	}

	@Override
	public void appendObject(Object value) {
		if (value == null) {
			appendNull();
		}
		else if (value instanceof LocalDate d) {
			append(d.toEpochDay());
		}
		else if (value instanceof LocalDateTime t) {
			append(Temporal.toMicros(t));
		}
		else {
			append(((Number) value).longValue());
		}
	}

	private void ensure() {
		fitNulls(this.size);
		if (this.size == this.values.length) {
			this.values = Arrays.copyOf(this.values, this.values.length * 2);
		}
	}

	@Override
	public Object getObject(int row) {
		if (isNull(row)) {
			return null;
		}
		long v = this.values[row];
		return switch (this.type.kind()) {
			case INT -> (int) v;
			case DATE -> LocalDate.ofEpochDay(v);
			case TIMESTAMP -> Temporal.fromMicros(v);
			default -> v;
		};
	}

	@Override
	public LongVector select(int[] rows, int count) {
		long[] out = new long[Math.max(count, 1)];
		for (int i = 0; i < count; i++) {
			out[i] = this.values[rows[i]];
		}
		return new LongVector(this.type, out, selectNulls(rows, count), count);
	}

}
