package dev.kindling.engine.vector;

import java.math.BigDecimal;
import java.util.Arrays;

import dev.kindling.engine.types.DataType;

/** Values of type decimal. Rare on the hot path, so kept as objects. */
public final class DecimalVector extends ColumnVector {

	private BigDecimal[] values;

	public DecimalVector(int capacity) {
		super(DataType.DECIMAL);
		this.values = new BigDecimal[Math.max(capacity, 1)];
	}

	public BigDecimal get(int row) {
		return this.values[row];
	}

	public void append(BigDecimal value) {
		fitNulls(this.size);
		if (this.size == this.values.length) {
			this.values = Arrays.copyOf(this.values, this.values.length * 2);
		}
		if (value == null) {
			markNull(this.size, this.values.length);
		}
		this.values[this.size++] = value;
	}

	@Override
	public void appendNull() {
		append(null);
	}

	@Override
	public void appendObject(Object value) {
		if (value == null || value instanceof BigDecimal) {
			append((BigDecimal) value);
		}
		else if (value instanceof Double || value instanceof Float) {
			append(BigDecimal.valueOf(((Number) value).doubleValue()));
		}
		else {
			append(BigDecimal.valueOf(((Number) value).longValue()));
		}
	}

	@Override
	public Object getObject(int row) {
		return isNull(row) ? null : this.values[row];
	}

	@Override
	public DecimalVector select(int[] rows, int count) {
		DecimalVector out = new DecimalVector(count);
		for (int i = 0; i < count; i++) {
			out.append(isNull(rows[i]) ? null : this.values[rows[i]]);
		}
		return out;
	}

}
