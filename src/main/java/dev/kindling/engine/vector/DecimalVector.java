package dev.kindling.engine.vector;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

import dev.kindling.engine.types.DecimalType;
import dev.kindling.engine.types.Decimals;

/**
 * Values of one {@code decimal(p,s)} type, as unscaled integers with the type's scale
 * ({@code 12.30} in {@code decimal(4,2)} is 1230): a {@code long} per row, as Spark's
 * compact {@code Decimal}, and for a value that does not fit a long (only possible above
 * precision 18) a {@link BigInteger} in a side array that exists only once such a value
 * is written. A value is stored compact whenever it fits, so one value has one
 * representation: kernels loop over {@link #values()} and look at {@link #wide()} only
 * when it is not null.
 */
public final class DecimalVector extends ColumnVector {

	private final DecimalType decimalType;

	private long[] values;

	private BigInteger[] wide;

	public DecimalVector(DecimalType type, int capacity) {
		super(type);
		this.decimalType = type;
		this.values = new long[Math.max(capacity, 1)];
	}

	/**
	 * Wraps unscaled values (and an optional side array of wide ones, and an optional
	 * null mask) of this length.
	 */
	public DecimalVector(DecimalType type, long[] values, BigInteger[] wide, boolean[] nulls, int size) {
		super(type);
		this.decimalType = type;
		this.values = values;
		this.wide = (wide != null && wide.length < values.length) ? Arrays.copyOf(wide, values.length) : wide;
		this.nulls = nulls;
		this.size = size;
	}

	public DecimalType decimalType() {
		return this.decimalType;
	}

	public int scale() {
		return this.decimalType.scale();
	}

	/**
	 * The unscaled values; a row whose {@link #wide()} entry is set holds 0 here. Valid
	 * for indexes below {@link #size()}.
	 */
	public long[] values() {
		return this.values;
	}

	/**
	 * The unscaled values that do not fit a long, by row, or {@code null} when every
	 * value fits one.
	 */
	public BigInteger[] wide() {
		return this.wide;
	}

	/** Whether the row's unscaled value is in {@link #values()}. */
	public boolean isCompact(int row) {
		return this.wide == null || this.wide[row] == null;
	}

	/** The unscaled value of a compact row. */
	public long unscaled(int row) {
		return this.values[row];
	}

	/** The unscaled value of any row. */
	public BigInteger unscaledBig(int row) {
		return isCompact(row) ? BigInteger.valueOf(this.values[row]) : this.wide[row];
	}

	/** The value, or {@code null}. */
	public BigDecimal get(int row) {
		if (isNull(row)) {
			return null;
		}
		return isCompact(row) ? BigDecimal.valueOf(this.values[row], scale()) : new BigDecimal(this.wide[row], scale());
	}

	private void ensure() {
		fitNulls(this.size);
		if (this.size == this.values.length) {
			this.values = Arrays.copyOf(this.values, this.values.length * 2);
			if (this.wide != null) {
				this.wide = Arrays.copyOf(this.wide, this.values.length);
			}
		}
	}

	/** Appends an unscaled value at this vector's scale. */
	public void appendUnscaled(long unscaled) {
		ensure();
		this.values[this.size++] = unscaled;
	}

	/** Appends an unscaled value at this vector's scale; kept compact when it fits. */
	public void appendUnscaled(BigInteger unscaled) {
		if (Decimals.fitsLong(unscaled)) {
			appendUnscaled(unscaled.longValue());
			return;
		}
		ensure();
		if (this.wide == null) {
			this.wide = new BigInteger[this.values.length];
		}
		this.wide[this.size] = unscaled;
		this.values[this.size++] = 0;
	}

	/**
	 * Appends a value, rounded HALF_UP to this vector's scale ({@code null} appends a
	 * null).
	 * @throws IllegalArgumentException when the value has more digits than the type holds
	 * (callers check with {@link Decimals#toPrecision} first)
	 */
	public void append(BigDecimal value) {
		if (value == null) {
			appendNull();
			return;
		}
		BigDecimal v = (value.scale() == scale()) ? value : Decimals.toPrecision(value, this.decimalType);
		if (v == null || !Decimals.fits(v.unscaledValue(), this.decimalType.precision())) {
			throw new IllegalArgumentException(value + " does not fit " + this.decimalType.sqlName());
		}
		appendUnscaled(v.unscaledValue());
	}

	@Override
	public void appendNull() {
		ensure();
		markNull(this.size, this.values.length);
		this.values[this.size++] = 0;
	}

	/**
	 * Appends a {@code BigDecimal}, or an integral number, as {@link #append(BigDecimal)}
	 * does.
	 */
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
		return get(row);
	}

	@Override
	public DecimalVector select(int[] rows, int count) {
		long[] out = new long[Math.max(count, 1)];
		for (int i = 0; i < count; i++) {
			out[i] = this.values[rows[i]];
		}
		BigInteger[] outWide = null;
		if (this.wide != null) {
			for (int i = 0; i < count; i++) {
				BigInteger w = this.wide[rows[i]];
				if (w != null) {
					if (outWide == null) {
						outWide = new BigInteger[Math.max(count, 1)];
					}
					outWide[i] = w;
				}
			}
		}
		return new DecimalVector(this.decimalType, out, outWide, selectNulls(rows, count), count);
	}

	/** Appends row {@code row} of {@code src}, a vector of the same type. */
	void appendFrom(DecimalVector src, int row) {
		if (src.isCompact(row)) {
			appendUnscaled(src.values[row]);
		}
		else {
			appendUnscaled(src.wide[row]);
		}
	}

}
