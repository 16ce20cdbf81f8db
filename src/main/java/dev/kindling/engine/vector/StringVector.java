package dev.kindling.engine.vector;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.kindling.engine.types.DataType;

/**
 * Strings as UTF-8 bytes in one array, Arrow style: value {@code i} is
 * {@code data[offsets[i] ..
 * offsets[i + 1])}. Comparisons and hashing work on the bytes; a {@code String} is made
 * only for output. A vector of type {@link DataType#BINARY} holds any bytes the same way
 * (an aggregate's opaque partial state) and gives them out as {@code byte[]}.
 */
public final class StringVector extends ColumnVector {

	private byte[] data;

	private int[] offsets;

	public StringVector(int capacity) {
		this(DataType.STRING, capacity);
	}

	/** An empty vector of {@code STRING} or {@code BINARY} values. */
	public StringVector(DataType type, int capacity) {
		super(type);
		if (type != DataType.STRING && type != DataType.BINARY) {
			throw new IllegalArgumentException("a string vector holds string or binary values, not " + type.sqlName());
		}
		this.data = new byte[Math.max(capacity, 1) * 8];
		this.offsets = new int[Math.max(capacity, 1) + 1];
	}

	public byte[] data() {
		return this.data;
	}

	public int[] offsets() {
		return this.offsets;
	}

	public int start(int row) {
		return this.offsets[row];
	}

	public int length(int row) {
		return this.offsets[row + 1] - this.offsets[row];
	}

	public String getString(int row) {
		return isNull(row) ? null : new String(this.data, this.offsets[row], this.offsets[row + 1] - this.offsets[row],
				StandardCharsets.UTF_8);
	}

	/** Appends the UTF-8 bytes {@code src[from .. from + length)}. */
	public void append(byte[] src, int from, int length) {
		ensureRow();
		int end = this.offsets[this.size];
		if (end + length > this.data.length) {
			this.data = Arrays.copyOf(this.data, Math.max(end + length, this.data.length * 2));
		}
		System.arraycopy(src, from, this.data, end, length);
		this.offsets[++this.size] = end + length;
	}

	public void append(String value) {
		if (value == null) {
			appendNull();
		}
		else {
			byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
			append(bytes, 0, bytes.length);
		}
	}

	@Override
	public void appendNull() {
		ensureRow();
		markNull(this.size, this.offsets.length - 1);
		this.offsets[this.size + 1] = this.offsets[this.size];
		this.size++;
	}

	@Override
	public void appendObject(Object value) {
		if (value instanceof byte[] bytes) {
			append(bytes, 0, bytes.length);
		}
		else {
			append(value == null ? null : value.toString());
		}
	}

	private void ensureRow() {
		fitNulls(this.size);
		if (this.size + 1 >= this.offsets.length) {
			this.offsets = Arrays.copyOf(this.offsets, this.offsets.length * 2);
		}
	}

	/**
	 * Whether the value at {@code row} equals {@code other[from .. from + length)} byte
	 * for byte.
	 */
	public boolean equalsBytes(int row, byte[] other, int from, int length) {
		int start = this.offsets[row];
		return this.offsets[row + 1] - start == length
				&& Arrays.equals(this.data, start, start + length, other, from, from + length);
	}

	/**
	 * Compares the value at {@code row} with bytes elsewhere, as unsigned bytes (UTF-8
	 * order).
	 */
	public int compareBytes(int row, byte[] other, int from, int length) {
		int start = this.offsets[row];
		return Arrays.compareUnsigned(this.data, start, this.offsets[row + 1], other, from, from + length);
	}

	/** A hash of the value's bytes (stable across JVMs, used for partitioning). */
	public int hash(int row) {
		int h = 1;
		for (int i = this.offsets[row], end = this.offsets[row + 1]; i < end; i++) {
			h = 31 * h + this.data[i];
		}
		return h;
	}

	/**
	 * A {@code String} for {@code STRING} values, a copy of the bytes for {@code BINARY}.
	 */
	@Override
	public Object getObject(int row) {
		if (this.type == DataType.BINARY) {
			return isNull(row) ? null : Arrays.copyOfRange(this.data, this.offsets[row], this.offsets[row + 1]);
		}
		return getString(row);
	}

	@Override
	public StringVector select(int[] rows, int count) {
		StringVector out = new StringVector(this.type, count);
		for (int i = 0; i < count; i++) {
			int r = rows[i];
			if (isNull(r)) {
				out.appendNull();
			}
			else {
				out.append(this.data, this.offsets[r], this.offsets[r + 1] - this.offsets[r]);
			}
		}
		return out;
	}

}
