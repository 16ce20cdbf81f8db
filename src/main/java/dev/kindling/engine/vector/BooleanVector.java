package dev.kindling.engine.vector;

import java.util.Arrays;

import dev.kindling.engine.types.DataType;

/** Values of type boolean; also the result of every predicate. */
public final class BooleanVector extends ColumnVector {

	private boolean[] values;

	public BooleanVector(int capacity) {
		super(DataType.BOOLEAN);
		this.values = new boolean[Math.max(capacity, 1)];
	}

	public BooleanVector(boolean[] values, boolean[] nulls, int size) {
		super(DataType.BOOLEAN);
		this.values = values;
		this.nulls = nulls;
		this.size = size;
	}

	public boolean[] values() {
		return this.values;
	}

	public boolean get(int row) {
		return this.values[row];
	}

	/** Whether the row is true and not null: the rows a filter keeps. */
	public boolean isTrue(int row) {
		return this.values[row] && !isNull(row);
	}

	public void append(boolean value) {
		fitNulls(this.size);
		if (this.size == this.values.length) {
			this.values = Arrays.copyOf(this.values, this.values.length * 2);
		}
		this.values[this.size++] = value;
	}

	@Override
	public void appendNull() {
		append(false);
		markNull(this.size - 1, this.values.length);
	}

	@Override
	public void appendObject(Object value) {
		if (value == null) {
			appendNull();
		}
		else {
			append((Boolean) value);
		}
	}

	@Override
	public Object getObject(int row) {
		return isNull(row) ? null : this.values[row];
	}

	@Override
	public BooleanVector select(int[] rows, int count) {
		boolean[] out = new boolean[Math.max(count, 1)];
		for (int i = 0; i < count; i++) {
			out[i] = this.values[rows[i]];
		}
		return new BooleanVector(out, selectNulls(rows, count), count);
	}

}
