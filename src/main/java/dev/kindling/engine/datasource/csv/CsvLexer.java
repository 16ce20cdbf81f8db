package dev.kindling.engine.datasource.csv;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Finds the records of a CSV byte range and the field boundaries within each, without
 * converting or copying anything: fields are ranges of the lexer's buffer. Shared by the
 * reader and schema inference, so both see the same records. The rules are Spark's (its
 * univocity parser's), field by field:
 *
 * <ul>
 * <li>A line ends at {@code \n}, {@code \r\n} or {@code \r}, or at {@code lineSep} when
 * that is given. Lines that are empty or hold only whitespace (bytes up to {@code ' '})
 * are skipped, and so are lines that start with the {@code comment} character.
 * <li>A field that does not start with the quote (after whitespace, under
 * {@code ignoreLeadingWhiteSpace}) is taken as it is up to the separator: quotes and
 * escapes inside it are ordinary characters. Empty, it is null.
 * <li>A quoted field runs to a quote followed by the separator, a line end, the end of
 * the input or whitespace (which is dropped). Inside, the escape character before a quote
 * or before itself stands for that character ({@link CsvFieldDecoder} has the details); a
 * quote followed by anything else is an unescaped quote, handled as
 * {@code unescapedQuoteHandling} says. A quote left open at the end of the line (or of
 * the input, under {@code multiLine}) makes the field null and the record malformed.
 * </ul>
 *
 * <p>
 * Hadoop's split rule: a lexer that starts past offset 0 skips through the first line end
 * at or after its start, and it returns records whose first byte lies at or before
 * {@code endLimit}, reading as far as needed to finish the last one.
 *
 * <p>
 * Most records hold only plain fields and simple quoted ones (no escape or quote inside,
 * the closing quote right before the separator or the line end): with a one-byte
 * separator and line separator and no whitespace trimming, those are cut eight bytes at a
 * time, by finding the separators and the line ends in a {@code long} with bit tricks
 * rather than comparing byte by byte. Any other record, one that runs past the buffer, or
 * an overlong field goes through the general scanner, which gives the same fields for a
 * plain record ({@code CsvLexerPlainPathTest} holds them to it).
 */
final class CsvLexer {

	/** The field started with the quote: its value lies inside, see {@link #decode}. */
	static final int QUOTED = 1;

	/** The value is not a plain range of the buffer: {@link #decode} makes it. */
	static final int COMPLEX = 2;

	/** The value is null whatever its text (skipped, or lost to an open quote). */
	static final int NULL = 4;

	/** {@link #scanPlain} could not finish the record: the general scanner must. */
	private static final int NOT_PLAIN = -2;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

	private static final long HIGH = 0x8080808080808080L;

	private static final long ONES = 0x0101010101010101L;

	private final CsvSource source;

	private final String fileName;

	private final CsvFieldDecoder syntax;

	private final byte[] sep;

	private final byte sep0;

	private final byte[] lineSep;

	private final boolean quoting;

	private final byte quote;

	private final int comment;

	/**
	 * The escape inside quotes (the quote itself when there is none, or under RFC 4180).
	 */
	private final byte escapeInQuotes;

	private final boolean multiLine;

	private final boolean trimLeading;

	private final boolean trimTrailing;

	private final int maxValueBytes;

	private final int maxRecordBytes;

	private final String overlong;

	private final int fieldCap;

	private final long endLimit;

	private final boolean plainPath;

	/** The separator in every byte of a long. */
	private final long seps;

	/**
	 * The one-byte line separator in every byte of a long, when {@code lineSep} is one.
	 */
	private final long lineSeps;

	private byte[] buf;

	private ByteBuffer view;

	private int pos;

	private int limit;

	/** The file offset of {@code buf[0]}. */
	private long bufOffset;

	private long readPos;

	private boolean eof;

	private long recordOffset = -1;

	private long skippedLines;

	/** Whether the current record is overlong and its rest still to be skipped. */
	private boolean skipPending;

	private int fieldCount;

	private int[] starts;

	private int[] ends;

	private byte[] flags;

	private String error;

	/** Where the current record's content ends (before its line end). */
	private int contentEnd;

	/**
	 * @param start the split start: past 0 the lexer skips through the first line end
	 * @param endLimit the last offset at which a record may start
	 * @param fieldCap the most fields whose boundaries are kept (more are only counted)
	 */
	CsvLexer(CsvSource source, String fileName, long start, long endLimit, CsvOptions options, int bufferSize,
			int fieldCap) {
		this(source, fileName, start, endLimit, options, bufferSize, fieldCap, true);
	}

	/**
	 * @param plainPath whether plain records take the word-at-a-time path (tests turn it
	 * off to compare it with the general scanner)
	 */
	CsvLexer(CsvSource source, String fileName, long start, long endLimit, CsvOptions options, int bufferSize,
			int fieldCap, boolean plainPath) {
		this.source = source;
		this.fileName = fileName;
		this.syntax = new CsvFieldDecoder(options);
		this.sep = this.syntax.sep();
		this.sep0 = this.sep[0];
		this.lineSep = this.syntax.lineSep();
		this.quoting = options.quote() != '\0';
		this.quote = this.syntax.quote();
		this.comment = (options.comment() == null) ? -1
				: String.valueOf(options.comment()).getBytes(options.lexedCharset())[0] & 0xFF;
		this.escapeInQuotes = (options.escape() == '\0' || options.escape() == options.quote()) ? this.quote
				: String.valueOf(options.escape()).getBytes(options.lexedCharset())[0];
		this.multiLine = options.multiLine();
		this.trimLeading = options.ignoreLeadingWhiteSpace();
		this.trimTrailing = options.ignoreTrailingWhiteSpace();
		this.maxValueBytes = options.maxCharsPerColumn() < 0 ? Integer.MAX_VALUE : options.maxCharsPerColumn();
		this.maxRecordBytes = options.maxRecordBytes();
		this.overlong = "record longer than " + mebibytes(this.maxRecordBytes)
				+ ", the longest CSV record read (a larger maxCharsPerColumn raises the limit, up to "
				+ mebibytes(CsvOptions.MAX_RECORD_CEILING) + ")";
		this.fieldCap = Math.max(fieldCap, 1);
		this.endLimit = endLimit;
		this.plainPath = plainPath && this.sep.length == 1 && (this.lineSep == null || this.lineSep.length == 1)
				&& !this.trimLeading && !this.trimTrailing;
		this.seps = (this.sep0 & 0xFFL) * ONES;
		this.lineSeps = (this.lineSep == null) ? 0 : (this.lineSep[0] & 0xFFL) * ONES;
		this.buf = new byte[Math.max(bufferSize, 16)];
		this.view = ByteBuffer.wrap(this.buf);
		this.bufOffset = start;
		this.readPos = start;
		int initial = Math.min(this.fieldCap, 64);
		this.starts = new int[initial];
		this.ends = new int[initial];
		this.flags = new byte[initial];
		if (start > 0) {
			skipLine();
		}
		else if (options.lexedCharset().equals(java.nio.charset.StandardCharsets.UTF_8)) {
			skipBom();
		}
	}

	private static String mebibytes(int bytes) {
		return (bytes >> 20) + " MiB";
	}

	private void skipBom() {
		while (this.limit < 3 && fill()) {
			// read enough to see a byte order mark
		}
		if (this.limit >= 3 && (this.buf[0] & 0xFF) == 0xEF && (this.buf[1] & 0xFF) == 0xBB
				&& (this.buf[2] & 0xFF) == 0xBF) {
			this.pos = 3;
		}
	}

	/**
	 * Moves past the next line end (or to the end of the input), dropping what it passes
	 * from the buffer, however long the line.
	 */
	private void skipLine() {
		for (;;) {
			int end = this.syntax.lineEndFrom(this.buf, this.pos, this.limit, this.eof);
			if (end >= 0) {
				this.pos = end;
				return;
			}
			// keep the bytes that may start a line end still to be completed
			this.pos = Math.max(this.pos, this.limit - this.syntax.lineEndPrefix());
			if (!fill()) {
				this.pos = this.limit;
				return;
			}
		}
	}

	/**
	 * Moves the unread bytes {@code [pos, limit)} to the front (growing the buffer when
	 * they fill it) and reads more after them.
	 * @return whether any byte was read
	 */
	private boolean fill() {
		if (this.eof) {
			return false;
		}
		if (this.pos > 0) {
			int keep = this.limit - this.pos;
			System.arraycopy(this.buf, this.pos, this.buf, 0, keep);
			this.bufOffset += this.pos;
			this.limit = keep;
			this.pos = 0;
		}
		if (this.buf.length - this.limit < 8) {
			this.buf = Arrays.copyOf(this.buf, this.buf.length * 2);
			this.view = ByteBuffer.wrap(this.buf);
		}
		try {
			int n;
			do {
				this.view.limit(this.buf.length).position(this.limit);
				n = this.source.read(this.view, this.readPos);
			}
			while (n == 0);
			if (n < 0) {
				this.eof = true;
				return false;
			}
			this.limit += n;
			this.readPos += n;
			return true;
		}
		catch (IOException ex) {
			throw new CsvException("cannot read " + this.fileName + ": " + ex.getMessage(), this.fileName, -1, ex);
		}
	}

	/**
	 * Advances to the next record that starts at or before the end limit, skipping blank,
	 * whitespace-only and comment lines.
	 * @return false at the end of the range
	 */
	boolean next() {
		if (this.skipPending) {
			// the rest of an overlong record, skipped only now so that it is reported at
			// once
			this.skipPending = false;
			skipLine();
		}
		for (;;) {
			if (this.pos >= this.limit && !fill()) {
				return false;
			}
			if (this.bufOffset + this.pos > this.endLimit) {
				return false;
			}
			if (this.comment >= 0 && (this.buf[this.pos] & 0xFF) == this.comment) {
				this.skippedLines++;
				skipLine();
				continue;
			}
			int end = scan(this.pos, this.eof);
			while (end < 0) {
				if (this.limit - this.pos > this.maxRecordBytes) {
					skipOverlongRecord();
					return true;
				}
				boolean more = fill();
				end = scan(this.pos, !more);
			}
			this.recordOffset = this.bufOffset + this.pos;
			int begin = this.pos;
			this.pos = end;
			if (this.contentEnd - begin > this.maxRecordBytes) {
				this.fieldCount = 0;
				this.error = this.overlong;
				return true;
			}
			if (blank(begin, this.contentEnd)) {
				this.skippedLines++;
				continue;
			}
			return true;
		}
	}

	/** Whether the bytes hold only whitespace (a blank line is skipped as in Spark). */
	private boolean blank(int begin, int end) {
		if (begin < end && (this.buf[begin] & 0xFF) > ' ') {
			return false;
		}
		for (int i = begin; i < end; i++) {
			if ((this.buf[i] & 0xFF) > ' ') {
				return false;
			}
		}
		return true;
	}

	private void skipOverlongRecord() {
		this.recordOffset = this.bufOffset + this.pos;
		this.fieldCount = 0;
		this.error = this.overlong;
		this.skipPending = true;
	}

	/**
	 * Scans one record from {@code p}.
	 * @return the offset just past the record's line end, or -1 when the buffer ends
	 * first and more input may follow
	 */
	private int scan(int p, boolean atEof) {
		if (this.plainPath) {
			int end = scanPlain(p);
			if (end != NOT_PLAIN) {
				return end;
			}
		}
		return scanGeneral(p, atEof);
	}

	/** The high bit of each byte of {@code word} that is zero, and no other bit. */
	private static long zeroBytes(long word) {
		return ~(((word & LOW7) + LOW7) | word | LOW7);
	}

	/**
	 * The high bit of each byte of {@code word} below {@code 0x0E} (line feeds, carriage
	 * returns and a few other control bytes); exact for the lowest such byte.
	 */
	private static long controlBytes(long word) {
		return (word - 0x0E0E0E0E0E0E0E0EL) & ~word & HIGH;
	}

	/**
	 * Scans a record whose quoted fields, if any, are simple (no escape, no quote inside,
	 * the closing quote followed by the separator or the line end) and that ends with a
	 * line end inside the buffer.
	 * @return the offset just past the line end, or {@link #NOT_PLAIN} when the record
	 * has another quoted field, an overlong field or no line end in the buffer yet
	 * (nothing is recorded then)
	 */
	private int scanPlain(int p) {
		final byte[] b = this.buf;
		final int lim = this.limit;
		final int lastWord = lim - Long.BYTES;
		final long seps = this.seps;
		final long lineSeps = this.lineSeps;
		final boolean customLineSep = this.lineSep != null;
		final byte sep = this.sep0;
		final byte eol = customLineSep ? this.lineSep[0] : (byte) '\n';
		final boolean quoting = this.quoting;
		final byte quote = this.quote;
		final int maxValueBytes = this.maxValueBytes;
		final int fieldCap = this.fieldCap;
		int nf = 0;
		for (;;) {
			int fieldStart = p;
			int fieldEnd;
			int flag = 0;
			byte c;
			if (quoting && p < lim && b[p] == quote) {
				int close = closeSimpleQuote(p);
				if (close < 0 || close - p - 1 > maxValueBytes) {
					return NOT_PLAIN;
				}
				p = close + 1;
				fieldEnd = p;
				flag = QUOTED;
				c = b[p];
			}
			else {
				// find the next separator or line end at or after p
				for (;;) {
					if (p <= lastWord) {
						long w = (long) LONGS.get(b, p);
						long hits = zeroBytes(w ^ seps) | (customLineSep ? zeroBytes(w ^ lineSeps) : controlBytes(w));
						if (hits == 0) {
							p += Long.BYTES;
							continue;
						}
						p += Long.numberOfTrailingZeros(hits) >>> 3;
					}
					else {
						while (p < lim && b[p] != sep && b[p] != eol && (customLineSep || b[p] != '\r')) {
							p++;
						}
						if (p >= lim) {
							return NOT_PLAIN;
						}
					}
					c = b[p];
					if (c == sep || c == eol || (!customLineSep && c == '\r')) {
						break;
					}
					// another control byte: an ordinary character
					p++;
				}
				fieldEnd = p;
				if (fieldEnd - fieldStart > maxValueBytes) {
					return NOT_PLAIN;
				}
			}
			boolean lineEnd = c != sep;
			int next = p + 1;
			if (lineEnd && c == '\r' && !customLineSep) {
				if (next >= lim) {
					return NOT_PLAIN;
				}
				if (b[next] == '\n') {
					next++;
				}
			}
			if (nf < fieldCap) {
				if (nf == this.starts.length) {
					grow(nf);
				}
				this.starts[nf] = fieldStart;
				this.ends[nf] = fieldEnd;
				this.flags[nf] = (byte) flag;
			}
			nf++;
			if (lineEnd) {
				this.fieldCount = nf;
				this.error = null;
				this.contentEnd = fieldEnd;
				return next;
			}
			p = next;
			if (nf >= fieldCap && maxValueBytes == Integer.MAX_VALUE) {
				return countRest(p, nf);
			}
		}
	}

	/**
	 * Finds the closing quote of a simple quoted field that opens at {@code q}: no escape
	 * and no other quote inside, no line end (unless {@code multiLine}), and the
	 * separator or a line end right after it.
	 * @return the offset of the closing quote, or {@link #NOT_PLAIN}
	 */
	private int closeSimpleQuote(int q) {
		final byte[] b = this.buf;
		final int lim = this.limit;
		final byte quote = this.quote;
		final byte escape = this.escapeInQuotes;
		final boolean multiLine = this.multiLine;
		final byte eol = (this.lineSep == null) ? (byte) '\n' : this.lineSep[0];
		int k = q + 1;
		for (; k < lim; k++) {
			byte c = b[k];
			if (c == quote) {
				break;
			}
			if (c == escape || (!multiLine && (c == eol || (this.lineSep == null && c == '\r')))) {
				return NOT_PLAIN;
			}
		}
		if (k + 1 >= lim) {
			return NOT_PLAIN;
		}
		byte after = b[k + 1];
		return (after == this.sep0 || after == eol || (this.lineSep == null && after == '\r')) ? k : NOT_PLAIN;
	}

	private void grow(int nf) {
		int cap = Math.min(this.fieldCap, Math.max(nf * 2, 4));
		this.starts = Arrays.copyOf(this.starts, cap);
		this.ends = Arrays.copyOf(this.ends, cap);
		this.flags = Arrays.copyOf(this.flags, cap);
	}

	/**
	 * Finishes a plain record past the kept fields: only counts its separators up to the
	 * line end, eight bytes at a time, since nobody reads these fields' boundaries. Where
	 * a quote appears, counts field by field ({@link #countFields}).
	 * @param p where field {@code nf} starts
	 * @return as {@link #scanPlain}
	 */
	private int countRest(int p, int nf) {
		final byte[] b = this.buf;
		final int lim = this.limit;
		final int lastWord = lim - Long.BYTES;
		final long seps = this.seps;
		final boolean customLineSep = this.lineSep != null;
		final long quotes = this.quoting ? (this.quote & 0xFFL) * ONES : 0;
		int separators = 0;
		final int restStart = p;
		while (p <= lastWord) {
			long w = (long) LONGS.get(b, p);
			long hits = zeroBytes(w ^ seps);
			if (this.quoting && zeroBytes(w ^ quotes) != 0) {
				return countFields(fieldStartBefore(p, restStart), nf + separators);
			}
			// candidates: the lowest is exact, the others are checked byte by byte
			long candidates = customLineSep ? zeroBytes(w ^ this.lineSeps) : controlBytes(w);
			while (candidates != 0) {
				int at = p + (Long.numberOfTrailingZeros(candidates) >>> 3);
				byte c = b[at];
				if (customLineSep || c == '\n' || c == '\r') {
					long before = (candidates & -candidates) - 1;
					return finishCount(at, nf + separators + Long.bitCount(hits & before));
				}
				candidates &= candidates - 1;
			}
			separators += Long.bitCount(hits);
			p += Long.BYTES;
		}
		return countFields(fieldStartBefore(p, restStart), nf + separators);
	}

	/** Where the field holding offset {@code p} starts, no earlier than {@code from}. */
	private int fieldStartBefore(int p, int from) {
		while (p > from && this.buf[p - 1] != this.sep0) {
			p--;
		}
		return p;
	}

	/**
	 * Counts the fields of a record from a field start, one byte at a time, stepping over
	 * simple quoted fields.
	 * @param p where field {@code nf} starts
	 * @return as {@link #scanPlain}
	 */
	private int countFields(int p, int nf) {
		final byte[] b = this.buf;
		final int lim = this.limit;
		final byte sep = this.sep0;
		final boolean customLineSep = this.lineSep != null;
		final byte eol = customLineSep ? this.lineSep[0] : (byte) '\n';
		for (;;) {
			if (this.quoting && p < lim && b[p] == this.quote) {
				int close = closeSimpleQuote(p);
				if (close < 0) {
					return NOT_PLAIN;
				}
				p = close + 1;
			}
			while (p < lim && b[p] != sep && b[p] != eol && (customLineSep || b[p] != '\r')) {
				p++;
			}
			if (p >= lim) {
				return NOT_PLAIN;
			}
			if (b[p] != sep) {
				return finishCount(p, nf);
			}
			nf++;
			p++;
		}
	}

	/**
	 * Ends a counted record at the byte {@code at}, found as a possible line end.
	 * @param fields the fields before it, the last one not yet counted
	 */
	private int finishCount(int at, int fields) {
		byte c = this.buf[at];
		int next = at + 1;
		if (this.lineSep == null) {
			if (c == '\r') {
				if (next >= this.limit) {
					return NOT_PLAIN;
				}
				if (this.buf[next] == '\n') {
					next++;
				}
			}
		}
		this.fieldCount = fields + 1;
		this.error = null;
		this.contentEnd = at;
		return next;
	}

	/**
	 * Scans one record from {@code p}, whatever it holds.
	 * @return the offset just past the record's line end, or -1 when the buffer ends
	 * first and more input may follow
	 */
	private int scanGeneral(int p, boolean atEof) {
		final byte[] b = this.buf;
		final int lim = this.limit;
		final CsvFieldDecoder syn = this.syntax;
		int nf = 0;
		String err = null;
		boolean fatal = false;
		for (;;) {
			if (this.trimLeading) {
				while (p < lim && (b[p] & 0xFF) <= ' ' && !syn.sepOrLineEndAt(b, p, lim)) {
					p++;
				}
				if (p >= lim && !atEof) {
					return -1;
				}
			}
			int fieldStart = p;
			int fieldEnd;
			int flag = 0;
			int valueLength;
			if (this.quoting && p < lim && b[p] == this.quote) {
				int end = syn.scanQuoted(b, p, lim, atEof, null);
				if (end < 0) {
					return -1;
				}
				flag = syn.flags;
				fieldStart = syn.fieldStart;
				fieldEnd = syn.fieldEnd;
				valueLength = syn.length;
				if (syn.error != null && err == null) {
					err = syn.error;
					fatal = syn.fatal;
				}
				p = end;
			}
			else {
				p = syn.findSepOrLineEnd(b, p, lim);
				if (p < 0) {
					if (!atEof) {
						return -1;
					}
					p = lim;
				}
				fieldEnd = p;
				if (this.trimTrailing) {
					while (fieldEnd > fieldStart && (b[fieldEnd - 1] & 0xFF) <= ' ') {
						fieldEnd--;
					}
				}
				valueLength = fieldEnd - fieldStart;
			}
			if (valueLength > this.maxValueBytes && err == null) {
				err = "field longer than maxCharsPerColumn (" + this.maxValueBytes + ")";
				fatal = true;
			}
			if (nf < this.fieldCap) {
				if (nf == this.starts.length) {
					grow(nf);
				}
				this.starts[nf] = fieldStart;
				this.ends[nf] = fieldEnd;
				this.flags[nf] = (byte) flag;
			}
			nf++;
			int eolLength = (p < lim) ? syn.lineEndAt(b, p, lim, atEof) : 0;
			if (eolLength < 0) {
				return -1;
			}
			if (p >= lim || eolLength > 0) {
				this.fieldCount = fatal ? 0 : nf;
				this.error = err;
				this.contentEnd = p;
				return p + eolLength;
			}
			// at the separator
			p += this.sep.length;
		}
	}

	/** The file offset where the current record starts. */
	long recordOffset() {
		return this.recordOffset;
	}

	/** The file offset just past the bytes consumed so far. */
	long position() {
		return this.bufOffset + this.pos;
	}

	/** The blank, whitespace-only and comment lines skipped so far. */
	long skippedLines() {
		return this.skippedLines;
	}

	/** Why the current record cannot be tokenized cleanly, or {@code null}. */
	String error() {
		return this.error;
	}

	/**
	 * The number of fields in the current record (0 when it could not be cut into fields
	 * at all: overlong, or refused by {@code RAISE_ERROR}).
	 */
	int fieldCount() {
		return this.fieldCount;
	}

	/** How many fields have their boundaries kept. */
	int keptFields() {
		return Math.min(this.fieldCount, this.fieldCap);
	}

	byte[] buffer() {
		return this.buf;
	}

	/** The field's flags: 0 for a plain value, else {@link #QUOTED} and the others. */
	int flags(int field) {
		return this.flags[field];
	}

	boolean isQuoted(int field) {
		return (this.flags[field] & QUOTED) != 0;
	}

	boolean isComplex(int field) {
		return (this.flags[field] & COMPLEX) != 0;
	}

	boolean isNull(int field) {
		return (this.flags[field] & NULL) != 0;
	}

	/** Where the field starts in {@link #buffer()}, its opening quote included. */
	int start(int field) {
		return this.starts[field];
	}

	/** Where the field ends in {@link #buffer()} (exclusive). */
	int end(int field) {
		return this.ends[field];
	}

	/** Where the value of a field that is not complex starts in {@link #buffer()}. */
	int valueStart(int field) {
		return (this.flags[field] & QUOTED) != 0 ? this.starts[field] + 1 : this.starts[field];
	}

	/**
	 * Where the value of a field that is not complex ends in {@link #buffer()}
	 * (exclusive).
	 */
	int valueEnd(int field) {
		return (this.flags[field] & QUOTED) != 0 ? this.ends[field] - 1 : this.ends[field];
	}

	/** An upper bound on the decoded length of a field, less one. */
	int rawLength(int field) {
		return this.ends[field] - this.starts[field];
	}

	/**
	 * Writes the value of a complex field into {@code dst} (at least {@link #rawLength}
	 * plus one long), resolving escapes and quotes as the lexer did.
	 * @return the value's length
	 */
	int decode(int field, byte[] dst) {
		if ((this.flags[field] & COMPLEX) == 0) {
			int s = valueStart(field);
			int n = valueEnd(field) - s;
			System.arraycopy(this.buf, s, dst, 0, n);
			return n;
		}
		this.syntax.scanQuoted(this.buf, this.starts[field], this.ends[field], true, dst);
		return this.syntax.length;
	}

}
