package dev.kindling.engine.datasource.csv;

import java.nio.charset.Charset;

import dev.kindling.engine.datasource.csv.CsvOptions.UnescapedQuoteHandling;

/**
 * The byte-level syntax of one CSV dialect: where separators and line ends are, and how a
 * quoted field is read (to find where it ends, and again to decode its value), following
 * Spark's univocity parser.
 *
 * <p>
 * Inside a quoted field, with {@code E} the escape and {@code Q} the quote:
 * <ul>
 * <li>{@code E Q} is a quote, and {@code E E} an escape; {@code E} before anything else
 * is kept. When the escape is the quote itself (RFC 4180), {@code Q Q} is one quote.
 * <li>Otherwise {@code Q Q} is kept as one quote, and the second one may close the field
 * (so {@code "a""} is {@code a"}, while {@code "a""b"} holds an unescaped quote).
 * <li>A quote closes the field when the separator, a line end, the end of the input, or
 * whitespace and then one of those follows it. Followed by anything else it is an
 * unescaped quote: {@code STOP_AT_DELIMITER} keeps the field's text as it is from there
 * to the separator (so {@code "a"b} is {@code "a"b}); {@code STOP_AT_CLOSING_QUOTE} keeps
 * the quote and reads on as quoted text; {@code SKIP_VALUE} makes the value null;
 * {@code RAISE_ERROR} makes the record malformed; {@code BACK_TO_DELIMITER} reads the
 * field again as unquoted text from after its opening quote.
 * <li>Without {@code multiLine}, a line end inside quotes ends the record; the field is
 * then unterminated, null and the record malformed.
 * </ul>
 *
 * Not thread-safe: the result of {@link #scanQuoted} is left in fields.
 */
final class CsvFieldDecoder {

	private static final int NONE = 0;

	private static final int AFTER_QUOTE = 1;

	private static final int AFTER_ESCAPE = 2;

	private final byte[] sep;

	private final byte[] lineSep;

	private final byte quote;

	private final byte escape;

	private final boolean escaping;

	/** Whether the escape is the quote (a doubled quote is one quote). */
	private final boolean rfc;

	private final boolean multiLine;

	private final UnescapedQuoteHandling handling;

	/** The flags of the field last scanned ({@link CsvLexer#QUOTED} and others). */
	int flags;

	/** Where the field last scanned starts (after leading whitespace). */
	int fieldStart;

	/** Where the field last scanned ends (its closing quote included). */
	int fieldEnd;

	/** The length of the value of the field last scanned. */
	int length;

	/** Why the field last scanned makes its record malformed, or {@code null}. */
	String error;

	/** Whether that error leaves no field of the record usable. */
	boolean fatal;

	CsvFieldDecoder(CsvOptions options) {
		Charset charset = options.lexedCharset();
		this.sep = options.sep().getBytes(charset);
		this.lineSep = (options.lineSep() == null) ? null : options.lineSep().getBytes(charset);
		this.quote = (options.quote() == '\0') ? 0 : String.valueOf(options.quote()).getBytes(charset)[0];
		this.escape = (options.escape() == '\0') ? 0 : String.valueOf(options.escape()).getBytes(charset)[0];
		this.escaping = options.escape() != '\0' && options.quote() != '\0';
		this.rfc = this.escaping && options.escape() == options.quote();
		this.multiLine = options.multiLine();
		this.handling = options.unescapedQuoteHandling();
	}

	byte[] sep() {
		return this.sep;
	}

	/**
	 * The line separator, or {@code null} for {@code \n}, {@code \r\n} and {@code \r}.
	 */
	byte[] lineSep() {
		return this.lineSep;
	}

	byte quote() {
		return this.quote;
	}

	/** Whether the whole separator is at {@code p}. */
	boolean sepAt(byte[] b, int p, int lim) {
		byte[] s = this.sep;
		if (b[p] != s[0]) {
			return false;
		}
		if (p + s.length > lim) {
			return false;
		}
		for (int k = 1; k < s.length; k++) {
			if (b[p + k] != s[k]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The length of the line end at {@code p}: 0 when there is none, -1 when the bytes
	 * after {@code p} decide and the buffer ends first.
	 */
	int lineEndAt(byte[] b, int p, int lim, boolean atEof) {
		byte[] l = this.lineSep;
		if (l == null) {
			byte c = b[p];
			if (c == '\n') {
				return 1;
			}
			if (c != '\r') {
				return 0;
			}
			if (p + 1 >= lim) {
				return atEof ? 1 : -1;
			}
			return (b[p + 1] == '\n') ? 2 : 1;
		}
		if (b[p] != l[0]) {
			return 0;
		}
		if (p + l.length > lim) {
			return atEof ? 0 : -1;
		}
		for (int k = 1; k < l.length; k++) {
			if (b[p + k] != l[k]) {
				return 0;
			}
		}
		return l.length;
	}

	/** Whether a line end starts at {@code p} (its length may not be known yet). */
	private boolean lineEndStarts(byte[] b, int p, int lim) {
		if (this.lineSep == null) {
			return b[p] == '\n' || b[p] == '\r';
		}
		return lineEndAt(b, p, lim, false) != 0 && (p + this.lineSep.length <= lim);
	}

	/**
	 * The first offset at or after {@code p} where the separator or a line end starts, or
	 * -1 when there is none before {@code lim} (a separator or line separator cut by
	 * {@code lim} counts as none).
	 */
	int findSepOrLineEnd(byte[] b, int p, int lim) {
		final byte s0 = this.sep[0];
		final boolean singleSep = this.sep.length == 1;
		if (this.lineSep == null) {
			for (; p < lim; p++) {
				byte c = b[p];
				if (c == '\n' || c == '\r' || (c == s0 && (singleSep || sepAt(b, p, lim)))) {
					return p;
				}
			}
			return -1;
		}
		final byte l0 = this.lineSep[0];
		for (; p < lim; p++) {
			byte c = b[p];
			if ((c == s0 && (singleSep || sepAt(b, p, lim))) || (c == l0 && lineEndStarts(b, p, lim))) {
				return p;
			}
		}
		return -1;
	}

	/**
	 * Whether {@code p} starts the separator or a line end; used to stop skipping leading
	 * whitespace.
	 */
	boolean sepOrLineEndAt(byte[] b, int p, int lim) {
		return sepAt(b, p, lim) || lineEndStarts(b, p, lim);
	}

	/**
	 * The offset just past the first line end at or after {@code p}, or -1 when none is
	 * complete before {@code lim}.
	 */
	int lineEndFrom(byte[] b, int p, int lim, boolean atEof) {
		for (; p < lim; p++) {
			int n = lineEndAt(b, p, lim, atEof);
			if (n > 0) {
				return p + n;
			}
			if (n < 0) {
				return -1;
			}
		}
		return -1;
	}

	/** How many bytes at the end of a buffer may begin a line end still to complete. */
	int lineEndPrefix() {
		return (this.lineSep == null) ? 1 : this.lineSep.length - 1;
	}

	/**
	 * Reads a quoted field from its opening quote at {@code q}: finds where it ends and,
	 * when {@code dst} is given, writes its value there. Leaves {@link #flags},
	 * {@link #fieldStart}, {@link #fieldEnd}, {@link #length}, {@link #error} and
	 * {@link #fatal}.
	 * @return where the field ends (at the separator, a line end, or {@code lim} at the
	 * end of the input), or -1 when the buffer ends first and more input may follow
	 */
	int scanQuoted(byte[] b, int q, int lim, boolean atEof, byte[] dst) {
		this.error = null;
		this.fatal = false;
		this.fieldStart = q;
		boolean complex = false;
		int n = 0;
		int state = NONE;
		int i = q + 1;
		for (;;) {
			if (i >= lim) {
				if (!atEof) {
					return -1;
				}
				if (state == AFTER_QUOTE) {
					return closed(q, i - 1, i, n, complex);
				}
				return unterminated(q, i);
			}
			byte c = b[i];
			if (state == AFTER_QUOTE) {
				if (sepAt(b, i, lim) || lineEndStarts(b, i, lim)) {
					return closed(q, i - 1, i, n, complex);
				}
				if (!atEof && (c == this.sep[0] || (this.lineSep != null && c == this.lineSep[0]))
						&& i + Math.max(this.sep.length, this.lineSep == null ? 1 : this.lineSep.length) > lim) {
					return -1;
				}
				if ((c & 0xFF) <= ' ') {
					int j = i;
					while (j < lim && (b[j] & 0xFF) <= ' ' && !sepOrLineEndAt(b, j, lim)) {
						j++;
					}
					if (j >= lim && !atEof) {
						return -1;
					}
					if (j >= lim || sepOrLineEndAt(b, j, lim)) {
						// whitespace after the closing quote is dropped
						return closed(q, i - 1, j, n, complex);
					}
				}
				else if (c == this.quote && !this.rfc) {
					n = put(dst, n, c);
					complex = true;
					i++;
					continue;
				}
				else if (c == this.quote) {
					// the RFC pair: one quote
					n = put(dst, n, c);
					complex = true;
					state = NONE;
					i++;
					continue;
				}
				int r = unescapedQuote(b, q, i - 1, lim, atEof, dst, n);
				if (r != Integer.MIN_VALUE) {
					return r;
				}
				// STOP_AT_CLOSING_QUOTE: the quote is kept, reading goes on
				n = put(dst, n, this.quote);
				complex = true;
				state = NONE;
				continue;
			}
			if (state == AFTER_ESCAPE) {
				complex = true;
				state = NONE;
				if (c == this.quote || c == this.escape) {
					n = put(dst, n, c);
					i++;
					continue;
				}
				n = put(dst, n, this.escape);
				// c is read again as an ordinary character
				continue;
			}
			if (c == this.quote) {
				state = AFTER_QUOTE;
				i++;
				continue;
			}
			if (this.escaping && !this.rfc && c == this.escape) {
				state = AFTER_ESCAPE;
				i++;
				continue;
			}
			if (!this.multiLine && lineEndStarts(b, i, lim)) {
				return unterminated(q, i);
			}
			// a run of ordinary bytes, up to the next one that may mean something
			int j = ordinaryRun(b, i + 1, lim);
			if (dst != null) {
				System.arraycopy(b, i, dst, n, j - i);
			}
			n += j - i;
			i = j;
		}
	}

	/** The first offset at or after {@code i} whose byte may end a run of plain text. */
	private int ordinaryRun(byte[] b, int i, int lim) {
		final byte quote = this.quote;
		final byte escape = this.escaping ? this.escape : quote;
		if (this.multiLine) {
			while (i < lim && b[i] != quote && b[i] != escape) {
				i++;
			}
			return i;
		}
		final byte eol = (this.lineSep == null) ? (byte) '\n' : this.lineSep[0];
		final byte cr = (this.lineSep == null) ? (byte) '\r' : eol;
		for (; i < lim; i++) {
			byte c = b[i];
			if (c == quote || c == escape || c == eol || c == cr) {
				return i;
			}
		}
		return i;
	}

	private static int put(byte[] dst, int n, byte c) {
		if (dst != null) {
			dst[n] = c;
		}
		return n + 1;
	}

	private int closed(int q, int closingQuote, int end, int n, boolean complex) {
		this.flags = complex ? CsvLexer.QUOTED | CsvLexer.COMPLEX : CsvLexer.QUOTED;
		this.fieldEnd = complex ? end : closingQuote + 1;
		this.length = n;
		return end;
	}

	private int unterminated(int q, int end) {
		this.flags = CsvLexer.QUOTED | CsvLexer.NULL;
		this.fieldEnd = end;
		this.length = 0;
		this.error = "unterminated quoted field";
		return end;
	}

	/**
	 * Handles the quote at {@code k} that neither closes the field nor is escaped.
	 * @return where the field ends, -1 for more input, or {@link Integer#MIN_VALUE} when
	 * reading goes on ({@code STOP_AT_CLOSING_QUOTE})
	 */
	private int unescapedQuote(byte[] b, int q, int k, int lim, boolean atEof, byte[] dst, int n) {
		if (this.handling == UnescapedQuoteHandling.STOP_AT_CLOSING_QUOTE) {
			return Integer.MIN_VALUE;
		}
		int from = (this.handling == UnescapedQuoteHandling.BACK_TO_DELIMITER) ? q + 1 : k + 1;
		int end = findSepOrLineEnd(b, from, lim);
		if (end < 0) {
			if (!atEof) {
				return -1;
			}
			end = lim;
		}
		switch (this.handling) {
			case STOP_AT_DELIMITER -> {
				// the opening quote, the value read so far, then the text as it is
				if (dst != null) {
					System.arraycopy(dst, 0, dst, 1, n);
					dst[0] = this.quote;
					System.arraycopy(b, k, dst, n + 1, end - k);
				}
				this.flags = CsvLexer.QUOTED | CsvLexer.COMPLEX;
				this.fieldEnd = end;
				this.length = 1 + n + end - k;
			}
			case BACK_TO_DELIMITER -> {
				this.flags = 0;
				this.fieldStart = q + 1;
				this.fieldEnd = end;
				this.length = end - q - 1;
			}
			case SKIP_VALUE -> {
				this.flags = CsvLexer.QUOTED | CsvLexer.NULL;
				this.fieldEnd = end;
				this.length = 0;
			}
			default -> {
				this.flags = CsvLexer.QUOTED | CsvLexer.NULL;
				this.fieldEnd = end;
				this.length = 0;
				this.error = "unescaped quote inside a quoted field (unescapedQuoteHandling is RAISE_ERROR)";
				this.fatal = true;
			}
		}
		return end;
	}

}
