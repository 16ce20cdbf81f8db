package dev.kindling.engine.expr.eval;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.LongVector;
import dev.kindling.engine.vector.StringVector;

/**
 * {@code lower}, {@code upper} and {@code length} on the UTF-8 bytes: ASCII values are
 * mapped byte by byte and only other values are decoded; a length counts the bytes that
 * start a code point.
 */
final class StringKernelEval implements BoundExpr {

	enum Kind {

		LOWER, UPPER, LENGTH

	}

	private final Kind kind;

	private final BoundExpr operand;

	StringKernelEval(Kind kind, BoundExpr operand) {
		this.kind = kind;
		this.operand = operand;
	}

	@Override
	public DataType type() {
		return (this.kind == Kind.LENGTH) ? DataType.INT : DataType.STRING;
	}

	@Override
	public boolean nullable() {
		return this.operand.nullable();
	}

	@Override
	public String sql() {
		return this.kind.name().toLowerCase(Locale.ROOT) + "(" + this.operand.sql() + ")";
	}

	@Override
	public ColumnVector evaluate(Batch batch) {
		int n = batch.rowCount();
		StringVector v = (StringVector) this.operand.evaluate(batch);
		byte[] data = v.data();
		if (this.kind == Kind.LENGTH) {
			long[] out = new long[Math.max(n, 1)];
			for (int i = 0; i < n; i++) {
				int count = 0;
				for (int b = v.start(i), end = b + v.length(i); b < end; b++) {
					if ((data[b] & 0xC0) != 0x80) {
						count++;
					}
				}
				out[i] = count;
			}
			return new LongVector(DataType.INT, out, v.nulls(), n);
		}
		boolean lower = this.kind == Kind.LOWER;
		StringVector out = new StringVector(n);
		byte[] scratch = new byte[64];
		for (int i = 0; i < n; i++) {
			if (v.isNull(i)) {
				out.appendNull();
				continue;
			}
			int start = v.start(i);
			int length = v.length(i);
			if (scratch.length < length) {
				scratch = new byte[Math.max(length, scratch.length * 2)];
			}
			boolean ascii = true;
			for (int k = 0; k < length && ascii; k++) {
				byte b = data[start + k];
				if (b < 0) {
					ascii = false;
				}
				else if (lower) {
					scratch[k] = (b >= 'A' && b <= 'Z') ? (byte) (b + 32) : b;
				}
				else {
					scratch[k] = (b >= 'a' && b <= 'z') ? (byte) (b - 32) : b;
				}
			}
			if (ascii) {
				out.append(scratch, 0, length);
			}
			else {
				String s = new String(data, start, length, StandardCharsets.UTF_8);
				out.append(lower ? s.toLowerCase(Locale.ROOT) : s.toUpperCase(Locale.ROOT));
			}
		}
		return out;
	}

}
