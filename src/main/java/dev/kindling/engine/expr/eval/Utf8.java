package dev.kindling.engine.expr.eval;

import dev.kindling.engine.vector.StringVector;

/**
 * Code-point arithmetic on UTF-8 bytes, for string kernels that count and cut characters
 * without decoding a value into a {@code String}. Positions are in characters (code
 * points), as Spark counts them.
 */
final class Utf8 {

	/**
	 * The longest value a string function builds (repeat, lpad, concat...), so one row
	 * cannot exhaust an executor's memory.
	 */
	static final int MAX_VALUE_BYTES = 1 << 24;

	private Utf8() {
	}

	static AnsiError tooLong(long bytes) {
		return AnsiError.of("VALUE_TOO_LONG", "54000", "the result would be " + bytes
				+ " bytes long, more than the limit of " + MAX_VALUE_BYTES + " bytes for one string value.");
	}

	/** Whether {@code b} starts a code point (is not a continuation byte). */
	static boolean isStart(byte b) {
		return (b & 0xC0) != 0x80;
	}

	/** The number of code points in {@code data[from .. to)}. */
	static int count(byte[] data, int from, int to) {
		int n = 0;
		for (int i = from; i < to; i++) {
			if ((data[i] & 0xC0) != 0x80) {
				n++;
			}
		}
		return n;
	}

	/** The number of code points of row {@code row}. */
	static int count(StringVector v, int row) {
		int s = v.start(row);
		return count(v.data(), s, s + v.length(row));
	}

	/**
	 * The byte offset of code point {@code index} (0-based) in {@code data[from .. to)},
	 * or {@code to} when there are not that many.
	 */
	static int offset(byte[] data, int from, int to, int index) {
		int i = from;
		int seen = 0;
		while (i < to) {
			if (seen == index) {
				return i;
			}
			i += length(data[i]);
			seen++;
		}
		return to;
	}

	/** The length in bytes of the code point whose first byte is {@code b}. */
	static int length(byte b) {
		int u = b & 0xFF;
		if (u < 0x80) {
			return 1;
		}
		if (u >= 0xF0) {
			return 4;
		}
		if (u >= 0xE0) {
			return 3;
		}
		return (u >= 0xC0) ? 2 : 1;
	}

	/** The code point starting at {@code data[i]}. */
	static int decode(byte[] data, int i) {
		int b = data[i] & 0xFF;
		if (b < 0x80) {
			return b;
		}
		if (b >= 0xF0) {
			return ((b & 0x07) << 18) | ((data[i + 1] & 0x3F) << 12) | ((data[i + 2] & 0x3F) << 6)
					| (data[i + 3] & 0x3F);
		}
		if (b >= 0xE0) {
			return ((b & 0x0F) << 12) | ((data[i + 1] & 0x3F) << 6) | (data[i + 2] & 0x3F);
		}
		if (b >= 0xC0) {
			return ((b & 0x1F) << 6) | (data[i + 1] & 0x3F);
		}
		return b;
	}

	/** Writes {@code cp} at {@code out[at]}; returns the offset after it. */
	static int encode(int cp, byte[] out, int at) {
		if (cp < 0x80) {
			out[at] = (byte) cp;
			return at + 1;
		}
		if (cp < 0x800) {
			out[at] = (byte) (0xC0 | (cp >> 6));
			out[at + 1] = (byte) (0x80 | (cp & 0x3F));
			return at + 2;
		}
		if (cp < 0x10000) {
			out[at] = (byte) (0xE0 | (cp >> 12));
			out[at + 1] = (byte) (0x80 | ((cp >> 6) & 0x3F));
			out[at + 2] = (byte) (0x80 | (cp & 0x3F));
			return at + 3;
		}
		out[at] = (byte) (0xF0 | (cp >> 18));
		out[at + 1] = (byte) (0x80 | ((cp >> 12) & 0x3F));
		out[at + 2] = (byte) (0x80 | ((cp >> 6) & 0x3F));
		out[at + 3] = (byte) (0x80 | (cp & 0x3F));
		return at + 4;
	}

	/**
	 * The byte index of the first occurrence of {@code needle[nFrom .. nTo)} in
	 * {@code hay[from .. to)} at or after {@code from}, or -1.
	 */
	static int indexOf(byte[] hay, int from, int to, byte[] needle, int nFrom, int nTo) {
		int n = nTo - nFrom;
		if (n == 0) {
			return from;
		}
		byte first = needle[nFrom];
		int last = to - n;
		outer: for (int i = from; i <= last; i++) {
			if (hay[i] != first) {
				continue;
			}
			for (int k = 1; k < n; k++) {
				if (hay[i + k] != needle[nFrom + k]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	/**
	 * The byte index of the last occurrence of {@code needle[nFrom .. nTo)} in
	 * {@code hay[from .. to)}, or -1.
	 */
	static int lastIndexOf(byte[] hay, int from, int to, byte[] needle, int nFrom, int nTo) {
		int n = nTo - nFrom;
		if (n == 0) {
			return to;
		}
		outer: for (int i = to - n; i >= from; i--) {
			for (int k = 0; k < n; k++) {
				if (hay[i + k] != needle[nFrom + k]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
