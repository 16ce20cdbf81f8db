package dev.kindling.engine.datasource.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Tokenizes one JSON Lines record, a top-level object, into its leaves: every value with
 * its path, nested objects flattened ({@code {"a":{"b":1}}} has the leaf {@code a.b}), an
 * array kept whole as its JSON text (Kindling has no array type; the text is never
 * dropped). A string's escapes are decoded into UTF-8; numbers, {@code true},
 * {@code false} and {@code null} are kept as their bytes. {@code NaN}, {@code Infinity},
 * {@code +Infinity} and {@code -Infinity} are numbers, as Spark's
 * {@code allowNonNumericNumbers} reads them. The instance is reused line after line: no
 * allocation per value once its buffers have grown.
 */
final class JsonLine {

	/** What a leaf holds. */
	enum Kind {

		STRING, INTEGER, FLOAT, NONFINITE, TRUE, FALSE, NULL, ARRAY,
		/** A nested object: its fields are leaves of their own. */
		OBJECT

	}

	/** Objects nested deeper than this are malformed (a bound on the recursion). */
	static final int MAX_DEPTH = 64;

	private static final Kind[] KINDS = Kind.values();

	private byte[] in;

	private int pos;

	private int end;

	private int depth;

	int count;

	private byte[] kinds = new byte[16];

	int[] pathStart = new int[16];

	int[] pathLength = new int[16];

	int[] valueStart = new int[16];

	int[] valueLength = new int[16];

	/** The leaves' paths, one after another. */
	byte[] paths = new byte[256];

	private int pathsUsed;

	/** The leaves' values (decoded strings, number text, array text). */
	byte[] values = new byte[1024];

	private int valuesUsed;

	/** Why the last line was malformed. */
	String error;

	/** The outcome of {@link #parse}. */
	enum Outcome {

		RECORD, BLANK, MALFORMED

	}

	Kind kind(int leaf) {
		return KINDS[this.kinds[leaf]];
	}

	String path(int leaf) {
		return new String(this.paths, this.pathStart[leaf], this.pathLength[leaf], StandardCharsets.UTF_8);
	}

	String text(int leaf) {
		return new String(this.values, this.valueStart[leaf], this.valueLength[leaf], StandardCharsets.UTF_8);
	}

	/** Whether a leaf's path is these bytes. */
	boolean pathEquals(int leaf, byte[] name) {
		return this.pathLength[leaf] == name.length && Arrays.equals(this.paths, this.pathStart[leaf],
				this.pathStart[leaf] + name.length, name, 0, name.length);
	}

	/** Tokenizes the bytes {@code [from, to)} of {@code line}. */
	Outcome parse(byte[] line, int from, int to) {
		this.in = line;
		this.pos = from;
		this.end = to;
		this.count = 0;
		this.pathsUsed = 0;
		this.valuesUsed = 0;
		this.depth = 0;
		this.error = null;
		skipWhitespace();
		if (this.pos == this.end) {
			return Outcome.BLANK;
		}
		try {
			if (this.in[this.pos] != '{') {
				throw new Malformed("a record must be a JSON object");
			}
			this.pos++;
			object(0, 0);
			skipWhitespace();
			if (this.pos != this.end) {
				throw new Malformed("unexpected text after the object at byte " + (this.pos - from + 1));
			}
			return Outcome.RECORD;
		}
		catch (Malformed ex) {
			this.error = ex.getMessage();
			return Outcome.MALFORMED;
		}
	}

	/** The members of an object whose '{' was read, their paths under the prefix. */
	private void object(int prefixStart, int prefixLength) {
		if (++this.depth > MAX_DEPTH) {
			throw new Malformed("objects nested deeper than " + MAX_DEPTH);
		}
		skipWhitespace();
		if (peek() == '}') {
			this.pos++;
			this.depth--;
			return;
		}
		while (true) {
			skipWhitespace();
			if (peek() != '"') {
				throw new Malformed("expected a field name in quotes at byte " + this.pos);
			}
			this.pos++;
			int keyStart = this.pathsUsed;
			if (prefixLength > 0) {
				ensurePaths(prefixLength + 1);
				System.arraycopy(this.paths, prefixStart, this.paths, this.pathsUsed, prefixLength);
				this.pathsUsed += prefixLength;
				this.paths[this.pathsUsed++] = '.';
			}
			this.pathsUsed = string(true, this.pathsUsed);
			int keyLength = this.pathsUsed - keyStart;
			skipWhitespace();
			if (peek() != ':') {
				throw new Malformed("expected ':' after a field name");
			}
			this.pos++;
			skipWhitespace();
			value(keyStart, keyLength);
			skipWhitespace();
			byte b = peek();
			this.pos++;
			if (b == '}') {
				this.depth--;
				return;
			}
			if (b != ',') {
				throw new Malformed("expected ',' or '}' in an object");
			}
		}
	}

	private void value(int pathAt, int pathLen) {
		byte b = peek();
		switch (b) {
			case '"' -> {
				this.pos++;
				int start = this.valuesUsed;
				this.valuesUsed = string(false, this.valuesUsed);
				leaf(Kind.STRING, pathAt, pathLen, start, this.valuesUsed - start);
			}
			case '{' -> {
				this.pos++;
				leaf(Kind.OBJECT, pathAt, pathLen, 0, 0);
				object(pathAt, pathLen);
			}
			case '[' -> {
				int start = this.pos;
				skipValue();
				copyValue(Kind.ARRAY, pathAt, pathLen, start);
			}
			case 't' -> literal("true", Kind.TRUE, pathAt, pathLen);
			case 'f' -> literal("false", Kind.FALSE, pathAt, pathLen);
			case 'n' -> literal("null", Kind.NULL, pathAt, pathLen);
			case 'N' -> literal("NaN", Kind.NONFINITE, pathAt, pathLen);
			case 'I' -> literal("Infinity", Kind.NONFINITE, pathAt, pathLen);
			case '+' -> literal("+Infinity", Kind.NONFINITE, pathAt, pathLen);
			default -> {
				if (b == '-' && this.pos + 1 < this.end && this.in[this.pos + 1] == 'I') {
					literal("-Infinity", Kind.NONFINITE, pathAt, pathLen);
					return;
				}
				int start = this.pos;
				boolean integral = number();
				copyValue(integral ? Kind.INTEGER : Kind.FLOAT, pathAt, pathLen, start);
			}
		}
	}

	private void literal(String word, Kind kind, int pathAt, int pathLen) {
		int start = this.pos;
		for (int i = 0; i < word.length(); i++) {
			if (this.pos >= this.end || this.in[this.pos] != word.charAt(i)) {
				throw new Malformed("unexpected token at byte " + start);
			}
			this.pos++;
		}
		copyValue(kind, pathAt, pathLen, start);
	}

	/** A JSON number; whether it has neither fraction nor exponent. */
	private boolean number() {
		boolean integral = true;
		if (peek() == '-') {
			this.pos++;
		}
		if (!digits()) {
			throw new Malformed("unexpected token at byte " + this.pos);
		}
		if (this.pos < this.end && this.in[this.pos] == '.') {
			this.pos++;
			integral = false;
			if (!digits()) {
				throw new Malformed("a number needs digits after '.'");
			}
		}
		if (this.pos < this.end && (this.in[this.pos] == 'e' || this.in[this.pos] == 'E')) {
			this.pos++;
			integral = false;
			if (this.pos < this.end && (this.in[this.pos] == '+' || this.in[this.pos] == '-')) {
				this.pos++;
			}
			if (!digits()) {
				throw new Malformed("a number needs digits in its exponent");
			}
		}
		return integral;
	}

	private boolean digits() {
		int start = this.pos;
		while (this.pos < this.end && this.in[this.pos] >= '0' && this.in[this.pos] <= '9') {
			this.pos++;
		}
		return this.pos > start;
	}

	/** Skips a value (inside an array), checking its syntax. */
	private void skipValue() {
		byte b = peek();
		if (b == '[' || b == '{') {
			if (++this.depth > MAX_DEPTH) {
				throw new Malformed("values nested deeper than " + MAX_DEPTH);
			}
			byte close = (byte) (b == '[' ? ']' : '}');
			this.pos++;
			skipWhitespace();
			if (peek() == close) {
				this.pos++;
				this.depth--;
				return;
			}
			while (true) {
				skipWhitespace();
				if (b == '{') {
					if (peek() != '"') {
						throw new Malformed("expected a field name in quotes at byte " + this.pos);
					}
					this.pos++;
					skipString();
					skipWhitespace();
					if (peek() != ':') {
						throw new Malformed("expected ':' after a field name");
					}
					this.pos++;
					skipWhitespace();
				}
				skipValue();
				skipWhitespace();
				byte next = peek();
				this.pos++;
				if (next == close) {
					this.depth--;
					return;
				}
				if (next != ',') {
					throw new Malformed("expected ',' or '" + (char) close + "'");
				}
			}
		}
		int saveCount = this.count;
		int saveValues = this.valuesUsed;
		value(0, 0);
		this.count = saveCount;
		this.valuesUsed = saveValues;
	}

	private void skipString() {
		while (true) {
			if (this.pos >= this.end) {
				throw new Malformed("unterminated string");
			}
			byte c = this.in[this.pos++];
			if (c == '"') {
				return;
			}
			if (c == '\\') {
				this.pos++;
			}
			else if ((c & 0xff) < 0x20) {
				throw new Malformed("unescaped control character in a string");
			}
		}
	}

	/**
	 * Decodes a string whose opening quote was read into the paths or the values buffer
	 * at {@code at}; returns the end of what it wrote.
	 */
	private int string(boolean intoPaths, int at) {
		int out = at;
		while (true) {
			int runStart = this.pos;
			while (this.pos < this.end) {
				byte c = this.in[this.pos];
				if (c == '"' || c == '\\' || (c & 0xff) < 0x20) {
					break;
				}
				this.pos++;
			}
			int run = this.pos - runStart;
			if (run > 0) {
				byte[] dst = buffer(intoPaths, out, run);
				System.arraycopy(this.in, runStart, dst, out, run);
				out += run;
			}
			if (this.pos >= this.end) {
				throw new Malformed("unterminated string");
			}
			byte c = this.in[this.pos++];
			if (c == '"') {
				return out;
			}
			if (c != '\\') {
				throw new Malformed("unescaped control character in a string");
			}
			if (this.pos >= this.end) {
				throw new Malformed("unterminated string");
			}
			byte e = this.in[this.pos++];
			int cp = switch (e) {
				case '"' -> '"';
				case '\\' -> '\\';
				case '/' -> '/';
				case 'b' -> '\b';
				case 'f' -> '\f';
				case 'n' -> '\n';
				case 'r' -> '\r';
				case 't' -> '\t';
				case 'u' -> unicode();
				default -> throw new Malformed("bad escape '\\" + (char) e + "'");
			};
			out = utf8(intoPaths, out, cp);
		}
	}

	private int unicode() {
		int cp = hex4();
		if (Character.isHighSurrogate((char) cp) && this.pos + 1 < this.end && this.in[this.pos] == '\\'
				&& this.in[this.pos + 1] == 'u') {
			int save = this.pos;
			this.pos += 2;
			int low = hex4();
			if (Character.isLowSurrogate((char) low)) {
				return Character.toCodePoint((char) cp, (char) low);
			}
			this.pos = save;
		}
		return Character.isSurrogate((char) cp) ? 0xFFFD : cp;
	}

	private int hex4() {
		if (this.pos + 4 > this.end) {
			throw new Malformed("bad \\u escape");
		}
		int v = 0;
		for (int i = 0; i < 4; i++) {
			int d = Character.digit(this.in[this.pos++], 16);
			if (d < 0) {
				throw new Malformed("bad \\u escape");
			}
			v = v * 16 + d;
		}
		return v;
	}

	private int utf8(boolean intoPaths, int out, int cp) {
		byte[] dst = buffer(intoPaths, out, 4);
		if (cp < 0x80) {
			dst[out++] = (byte) cp;
		}
		else if (cp < 0x800) {
			dst[out++] = (byte) (0xC0 | (cp >> 6));
			dst[out++] = (byte) (0x80 | (cp & 0x3F));
		}
		else if (cp < 0x10000) {
			dst[out++] = (byte) (0xE0 | (cp >> 12));
			dst[out++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
			dst[out++] = (byte) (0x80 | (cp & 0x3F));
		}
		else {
			dst[out++] = (byte) (0xF0 | (cp >> 18));
			dst[out++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
			dst[out++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
			dst[out++] = (byte) (0x80 | (cp & 0x3F));
		}
		return out;
	}

	private byte[] buffer(boolean intoPaths, int at, int more) {
		if (intoPaths) {
			if (at + more > this.paths.length) {
				this.paths = Arrays.copyOf(this.paths, Math.max(this.paths.length * 2, at + more));
			}
			return this.paths;
		}
		if (at + more > this.values.length) {
			this.values = Arrays.copyOf(this.values, Math.max(this.values.length * 2, at + more));
		}
		return this.values;
	}

	private void ensurePaths(int more) {
		buffer(true, this.pathsUsed, more);
	}

	private void copyValue(Kind kind, int pathAt, int pathLen, int from) {
		int length = this.pos - from;
		byte[] dst = buffer(false, this.valuesUsed, length);
		System.arraycopy(this.in, from, dst, this.valuesUsed, length);
		leaf(kind, pathAt, pathLen, this.valuesUsed, length);
		this.valuesUsed += length;
	}

	private void leaf(Kind kind, int pathAt, int pathLen, int start, int length) {
		if (this.count == this.kinds.length) {
			int n = this.count * 2;
			this.kinds = Arrays.copyOf(this.kinds, n);
			this.pathStart = Arrays.copyOf(this.pathStart, n);
			this.pathLength = Arrays.copyOf(this.pathLength, n);
			this.valueStart = Arrays.copyOf(this.valueStart, n);
			this.valueLength = Arrays.copyOf(this.valueLength, n);
		}
		this.kinds[this.count] = (byte) kind.ordinal();
		this.pathStart[this.count] = pathAt;
		this.pathLength[this.count] = pathLen;
		this.valueStart[this.count] = start;
		this.valueLength[this.count] = length;
		this.count++;
	}

	private byte peek() {
		if (this.pos >= this.end) {
			throw new Malformed("the line ends inside a value");
		}
		return this.in[this.pos];
	}

	private void skipWhitespace() {
		while (this.pos < this.end) {
			byte b = this.in[this.pos];
			if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
				return;
			}
			this.pos++;
		}
	}

	/** A syntax error; cheap (no stack trace), as malformed lines may be many. */
	private static final class Malformed extends RuntimeException {

		Malformed(String message) {
			super(message, null, false, false);
		}

	}

}
