package dev.kindling.engine.datasource.csv;

import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * The value of a field of the lexer's current record, found Spark's way: an unquoted
 * empty field is null; a quoted empty field is {@code emptyValue}; then a value equal to
 * {@code nullValue} is null. After {@link #read} answers true the value is
 * {@code b[s..e)}: a range of the lexer's buffer, of a scratch array, or
 * {@code emptyValue}.
 */
final class FieldValue {

	private final byte[] nullBytes;

	private final byte[] emptyBytes;

	private byte[] scratch = new byte[256];

	byte[] b;

	int s;

	int e;

	FieldValue(CsvOptions options) {
		Charset lexed = options.lexedCharset();
		this.nullBytes = options.nullValue().getBytes(lexed);
		this.emptyBytes = options.emptyValue().getBytes(lexed);
	}

	/**
	 * Finds the value of kept field {@code c} of the lexer's current record.
	 * @return false when it is null
	 */
	boolean read(CsvLexer lx, int c) {
		int flags = lx.flags(c);
		byte[] bytes;
		int from;
		int to;
		if (flags == 0) {
			bytes = lx.buffer();
			from = lx.start(c);
			to = lx.end(c);
			if (from == to) {
				return false;
			}
		}
		else {
			if ((flags & CsvLexer.NULL) != 0) {
				return false;
			}
			if ((flags & CsvLexer.COMPLEX) != 0) {
				bytes = scratch(lx.rawLength(c) + 1);
				from = 0;
				to = lx.decode(c, bytes);
			}
			else {
				bytes = lx.buffer();
				from = lx.valueStart(c);
				to = lx.valueEnd(c);
			}
			if (from == to) {
				bytes = this.emptyBytes;
				from = 0;
				to = bytes.length;
			}
		}
		byte[] nv = this.nullBytes;
		if (nv.length == to - from && Arrays.equals(nv, 0, nv.length, bytes, from, to)) {
			return false;
		}
		this.b = bytes;
		this.s = from;
		this.e = to;
		return true;
	}

	private byte[] scratch(int length) {
		if (this.scratch.length < length) {
			this.scratch = new byte[Math.max(length, this.scratch.length * 2)];
		}
		return this.scratch;
	}

}
