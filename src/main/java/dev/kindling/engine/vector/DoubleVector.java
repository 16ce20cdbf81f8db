package dev.kindling.engine.vector;

import java.util.Arrays;

import dev.kindling.engine.types.DataType;

/** Values of type double. */
public final class DoubleVector extends ColumnVector {

	private double[] values;

	public DoubleVector(int capacity) {
		super(DataType.DOUBLE);
		this.values = new double[Math.max(capacity, 1)];
	}

	public DoubleVector(double[] values, boolean[] nulls, int size) {
		super(DataType.DOUBLE);
		this.values = values;
		this.nulls = nulls;
		this.size = size;
	}

	/**
	 * Spark's order of doubles: NaN above everything and equal to itself, {@code -0.0}
	 * equal to {@code 0.0}.
	 */
	public static int compare(double a, double b) {
		if (a < b) {
			return -1;
		}
		if (a > b) {
			return 1;
		}
		return (a == b) ? 0 : Boolean.compare(Double.isNaN(a), Double.isNaN(b));
	}

	public double[] values() {
		return this.values;
	}

	public double get(int row) {
		return this.values[row];
	}

	public void append(double value) {
		fitNulls(this.size);
		if (this.size == this.values.length) {
			this.values = Arrays.copyOf(this.values, this.values.length * 2);
		}
		this.values[this.size++] = value;
	}

	@Override
	public void appendNull() {
		append(0);
		markNull(this.size - 1, this.values.length);
	}

	@Override
	public void appendObject(Object value) {
		if (value == null) {
			appendNull();
		}
		else {
			append(((Number) value).doubleValue());
		}
	}

	@Override
	public Object getObject(int row) {
		return isNull(row) ? null : this.values[row];
	}

	@Override
	public DoubleVector select(int[] rows, int count) {
		double[] out = new double[Math.max(count, 1)];
		for (int i = 0; i < count; i++) {
			out[i] = this.values[rows[i]];
		}
		return new DoubleVector(out, selectNulls(rows, count), count);
	}

}
