package dev.kindling.engine.datasource.csv;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Finds the records of a CSV byte range and the field boundaries within each, without
 * converting or copying anything: fields are ranges of the lexer's buffer. Shared by the
 * reader and schema inference, so both see the same records.
 *
 * <p>
 * Line ends are LF, with an optional CR before it. Hadoop's split rule: a lexer that
 * starts past offset 0 skips through the first LF at or after its start, and it returns
 * records whose first byte lies at or before {@code endLimit}, reading as far as needed
 * to finish the last one. Blank lines are skipped. A quoted field may hold separators,
 * doubled quotes and escaped quotes; it holds line breaks only under {@code multiLine},
 * otherwise a quote left open at the line end makes the record malformed (the field keeps
 * the rest of the line).
 *
 * <p>
 * Most records hold no quote at all: those are cut eight bytes at a time, by finding the
 * separators and the line end in a {@code long} with bit tricks rather than comparing
 * byte by byte. A record with a quote anywhere, one that runs past the buffer, or an
 * overlong field goes through the general scanner, which gives the same fields for a
 * plain record.
 */
final class CsvLexer {

	static final int QUOTED = 1;

	/**
	 * The value needs {@link #decode}: escapes, doubled quotes, an open quote or text
	 * after it.
	 */
	static final int COMPLEX = 2;

	/** {@link #scanPlain} could not finish the record: the general scanner must. */
	private static final int NOT_PLAIN = -2;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

	private static final long ONES = 0x0101010101010101L;

	private static final long LINE_FEEDS = '\n' * ONES;

	private static final String OVERLONG = "record longer than " + (CsvOptions.MAX_RECORD_BYTES >> 20) + " MiB";

	private final FileChannel channel;

	private final String fileName;

	private final byte sep;

	private final byte quote;

	private final byte escape;

	private final boolean quoting;

	private final boolean escaping;

	private final boolean multiLine;

	private final int maxFieldBytes;

	private final int fieldCap;

	private final long endLimit;

	private final boolean plainPath;

	/** The separator in every byte of a long. */
	private final long seps;

	/** The quote in every byte of a long; only used when quoting. */
	private final long quotes;

	private byte[] buf;

	private ByteBuffer view;

	private int pos;

	private int limit;

	/** The file offset of {@code buf[0]}. */
	private long bufOffset;

	private long readPos;

	private boolean eof;

	private long recordOffset = -1;

	private int fieldCount;

	private int[] starts;

	private int[] ends;

	private byte[] flags;

	private String error;

	/**
	 * @param start the split start: past 0 the lexer skips through the first line end
	 * @param endLimit the last offset at which a record may start
	 * @param fieldCap the most fields whose boundaries are kept (more are only counted)
	 */
	CsvLexer(FileChannel channel, String fileName, long start, long endLimit, CsvOptions options, int bufferSize,
			int fieldCap) {
		this(channel, fileName, start, endLimit, options, bufferSize, fieldCap, true);
	}

	/**
	 * @param plainPath whether records without quotes take the word-at-a-time path (tests
	 * turn it off to compare it with the general scanner)
	 */
	CsvLexer(FileChannel channel, String fileName, long start, long endLimit, CsvOptions options, int bufferSize,
			int fieldCap, boolean plainPath) {
		this.plainPath = plainPath && options.sep() != '\n';
		this.seps = (options.sep() & 0xFFL) * ONES;
		this.quotes = (options.quote() & 0xFFL) * ONES;
		this.channel = channel;
		this.fileName = fileName;
		this.sep = (byte) options.sep();
		this.quote = (byte) options.quote();
		this.escape = (byte) options.escape();
		this.quoting = options.quote() != '\0';
		this.escaping = this.quoting && options.escape() != '\0' && options.escape() != options.quote();
		this.multiLine = options.multiLine();
		this.maxFieldBytes = options.maxCharsPerColumn() < 0 ? Integer.MAX_VALUE : options.maxCharsPerColumn();
		this.fieldCap = Math.max(fieldCap, 1);
		this.endLimit = endLimit;
		this.buf = new byte[Math.max(bufferSize, 16)];
		this.view = ByteBuffer.wrap(this.buf);
		this.bufOffset = start;
		this.readPos = start;
		int initial = Math.min(this.fieldCap, 64);
		this.starts = new int[initial];
		this.ends = new int[initial];
		this.flags = new byte[initial];
		if (start > 0) {
			skipThroughLineEnd();
		}
		else {
			skipBom();
		}
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

	private void skipThroughLineEnd() {
		for (;;) {
			for (int i = this.pos; i < this.limit; i++) {
				if (this.buf[i] == '\n') {
					this.pos = i + 1;
					return;
				}
			}
			this.pos = this.limit;
			if (!fill()) {
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
		else if (this.limit == this.buf.length) {
			this.buf = Arrays.copyOf(this.buf, this.buf.length * 2);
			this.view = ByteBuffer.wrap(this.buf);
		}
		try {
			int n;
			do {
				this.view.limit(this.buf.length).position(this.limit);
				n = this.channel.read(this.view, this.readPos);
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
	 * Advances to the next non-blank record that starts at or before the end limit.
	 * @return false at the end of the range
	 */
	boolean next() {
		for (;;) {
			if (this.pos >= this.limit && !fill()) {
				return false;
			}
			if (this.bufOffset + this.pos > this.endLimit) {
				return false;
			}
			int end = scan(this.pos, this.eof);
			while (end < 0) {
				if (this.limit - this.pos > CsvOptions.MAX_RECORD_BYTES) {
					skipOverlongRecord();
					return true;
				}
				boolean more = fill();
				end = scan(this.pos, !more);
			}
			this.recordOffset = this.bufOffset + this.pos;
			if (end - this.pos > CsvOptions.MAX_RECORD_BYTES) {
				this.fieldCount = 0;
				this.error = OVERLONG;
			}
			this.pos = end;
			if (this.fieldCount == 1 && this.starts[0] == this.ends[0] && this.flags[0] == 0) {
				continue;
			}
			return true;
		}
	}

	private void skipOverlongRecord() {
		this.recordOffset = this.bufOffset + this.pos;
		this.fieldCount = 0;
		this.error = OVERLONG;
		this.pos = this.limit;
		for (;;) {
			if (!fill()) {
				return;
			}
			for (int i = this.pos; i < this.limit; i++) {
				if (this.buf[i] == '\n') {
					this.pos = i + 1;
					return;
				}
			}
			this.pos = this.limit;
		}
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
	 * Scans a record with no quote that ends with a line feed inside the buffer.
	 * @return the offset just past the line feed, or {@link #NOT_PLAIN} when the record
	 * has a quote, an overlong field or no line feed in the buffer yet (nothing is
	 * recorded then)
	 */
	private int scanPlain(int p) {
		final byte[] b = this.buf;
		final int lim = this.limit;
		final int lastWord = lim - Long.BYTES;
		final long seps = this.seps;
		final long quotes = this.quotes;
		final boolean quoting = this.quoting;
		final byte sep = this.sep;
		final byte quote = this.quote;
		int nf = 0;
		int fieldStart = p;
		for (;;) {
			// find the next separator, line feed or quote at or after p
			for (;;) {
				if (p <= lastWord) {
					long w = (long) LONGS.get(b, p);
					long hits = zeroBytes(w ^ seps) | zeroBytes(w ^ LINE_FEEDS);
					if (quoting) {
						hits |= zeroBytes(w ^ quotes);
					}
					if (hits != 0) {
						p += Long.numberOfTrailingZeros(hits) >>> 3;
						break;
					}
					p += Long.BYTES;
				}
				else {
					while (p < lim) {
						byte c = b[p];
						if (c == sep || c == '\n' || (quoting && c == quote)) {
							break;
						}
						p++;
					}
					if (p >= lim) {
						return NOT_PLAIN;
					}
					break;
				}
			}
			byte c = b[p];
			if (c != sep && c != '\n') {
				return NOT_PLAIN;
			}
			int fieldEnd = p;
			boolean lineEnd = c == '\n';
			if (lineEnd && fieldEnd > fieldStart && b[fieldEnd - 1] == '\r') {
				fieldEnd--;
			}
			if (fieldEnd - fieldStart > this.maxFieldBytes) {
				return NOT_PLAIN;
			}
			if (nf < this.fieldCap) {
				if (nf == this.starts.length) {
					int cap = Math.min(this.fieldCap, nf * 2);
					this.starts = Arrays.copyOf(this.starts, cap);
					this.ends = Arrays.copyOf(this.ends, cap);
					this.flags = Arrays.copyOf(this.flags, cap);
				}
				this.starts[nf] = fieldStart;
				this.ends[nf] = fieldEnd;
				this.flags[nf] = 0;
			}
			nf++;
			p++;
			if (lineEnd) {
				this.fieldCount = nf;
				this.error = null;
				return p;
			}
			if (nf >= this.fieldCap && this.maxFieldBytes == Integer.MAX_VALUE) {
				return countRest(p, nf);
			}
			fieldStart = p;
		}
	}

	/**
	 * Finishes a plain record past the kept fields: only counts its separators up to the
	 * line feed, eight bytes at a time, since nobody reads these fields' boundaries.
	 * @param p where field {@code nf} starts
	 * @return as {@link #scanPlain}
	 */
	private int countRest(int p, int nf) {
		final byte[] b = this.buf;
		final int lim = this.limit;
		final int lastWord = lim - Long.BYTES;
		final long seps = this.seps;
		final boolean quoting = this.quoting;
		int separators = 0;
		while (p <= lastWord) {
			long w = (long) LONGS.get(b, p);
			long feeds = zeroBytes(w ^ LINE_FEEDS);
			long hits = zeroBytes(w ^ seps);
			long quotes = quoting ? zeroBytes(w ^ this.quotes) : 0;
			if (feeds != 0) {
				long before = (feeds & -feeds) - 1;
				if ((quotes & before) != 0) {
					return NOT_PLAIN;
				}
				this.fieldCount = nf + separators + Long.bitCount(hits & before) + 1;
				this.error = null;
				return p + (Long.numberOfTrailingZeros(feeds) >>> 3) + 1;
			}
			if (quotes != 0) {
				return NOT_PLAIN;
			}
			separators += Long.bitCount(hits);
			p += Long.BYTES;
		}
		final byte sep = this.sep;
		final byte quote = this.quote;
		for (; p < lim; p++) {
			byte c = b[p];
			if (c == '\n') {
				this.fieldCount = nf + separators + 1;
				this.error = null;
				return p + 1;
			}
			if (c == sep) {
				separators++;
			}
			else if (quoting && c == quote) {
				return NOT_PLAIN;
			}
		}
		return NOT_PLAIN;
	}

	/**
	 * Scans one record from {@code p}, whatever it holds.
	 * @return the offset just past the record's line end, or -1 when the buffer ends
	 * first and more input may follow
	 */
	private int scanGeneral(int p, boolean atEof) {
		final byte[] b = this.buf;
		final int lim = this.limit;
		final byte sep = this.sep;
		int nf = 0;
		String err = null;
		for (;;) {
			int fieldStart = p;
			int flag = 0;
			int closedAt = -1;
			if (this.quoting && p < lim && b[p] == this.quote) {
				flag = QUOTED;
				p++;
				for (;;) {
					if (p >= lim) {
						if (!atEof) {
							return -1;
						}
						err = "unterminated quoted field";
						flag |= COMPLEX;
						break;
					}
					byte c = b[p];
					if (c == this.quote) {
						if (p + 1 >= lim && !atEof) {
							return -1;
						}
						if (p + 1 < lim && b[p + 1] == this.quote) {
							flag |= COMPLEX;
							p += 2;
							continue;
						}
						p++;
						closedAt = p;
						break;
					}
					if (this.escaping && c == this.escape) {
						if (p + 1 >= lim) {
							if (!atEof) {
								return -1;
							}
							p++;
							continue;
						}
						byte n = b[p + 1];
						if (n == this.quote || n == this.escape) {
							flag |= COMPLEX;
							p += 2;
						}
						else {
							p++;
						}
						continue;
					}
					if (c == '\n' && !this.multiLine) {
						err = "unterminated quoted field";
						flag |= COMPLEX;
						break;
					}
					p++;
				}
				if (closedAt >= 0) {
					while (p < lim) {
						byte c = b[p];
						if (c == sep || c == '\n') {
							break;
						}
						p++;
					}
				}
			}
			else {
				while (p < lim) {
					byte c = b[p];
					if (c == sep || c == '\n') {
						break;
					}
					p++;
				}
			}
			if (p >= lim && !atEof) {
				return -1;
			}
			int fieldEnd = p;
			boolean lineEnd = p >= lim || b[p] == '\n';
			if (lineEnd && fieldEnd > fieldStart && b[fieldEnd - 1] == '\r' && (closedAt < 0 || fieldEnd > closedAt)) {
				fieldEnd--;
			}
			if (closedAt >= 0 && fieldEnd > closedAt) {
				flag |= COMPLEX;
			}
			if (fieldEnd - fieldStart > this.maxFieldBytes && err == null) {
				err = "field longer than maxCharsPerColumn (" + this.maxFieldBytes + ")";
			}
			if (nf < this.fieldCap) {
				if (nf == this.starts.length) {
					int cap = Math.min(this.fieldCap, nf * 2);
					this.starts = Arrays.copyOf(this.starts, cap);
					this.ends = Arrays.copyOf(this.ends, cap);
					this.flags = Arrays.copyOf(this.flags, cap);
				}
				this.starts[nf] = fieldStart;
				this.ends[nf] = fieldEnd;
				this.flags[nf] = (byte) flag;
			}
			nf++;
			if (lineEnd) {
				this.fieldCount = nf;
				this.error = err;
				return p < lim ? p + 1 : lim;
			}
			p++;
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

	/** Why the current record cannot be tokenized cleanly, or {@code null}. */
	String error() {
		return this.error;
	}

	/** The number of fields in the current record (0 for an overlong record). */
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

	boolean isQuoted(int field) {
		return (this.flags[field] & QUOTED) != 0;
	}

	boolean isComplex(int field) {
		return (this.flags[field] & COMPLEX) != 0;
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

	/** An upper bound on the decoded length of a field. */
	int rawLength(int field) {
		return this.ends[field] - this.starts[field];
	}

	/**
	 * Writes the value of a quoted field into {@code dst} (at least {@link #rawLength}
	 * long), resolving doubled quotes and escapes; text after the closing quote is kept
	 * as it is.
	 * @return the value's length
	 */
	int decode(int field, byte[] dst) {
		final byte[] b = this.buf;
		int p = this.starts[field];
		int e = this.ends[field];
		if ((this.flags[field] & QUOTED) == 0) {
			System.arraycopy(b, p, dst, 0, e - p);
			return e - p;
		}
		int n = 0;
		boolean inQuote = true;
		p++;
		while (p < e) {
			byte c = b[p];
			if (inQuote) {
				if (c == this.quote) {
					if (p + 1 < e && b[p + 1] == this.quote) {
						dst[n++] = c;
						p += 2;
					}
					else {
						inQuote = false;
						p++;
					}
					continue;
				}
				if (this.escaping && c == this.escape && p + 1 < e
						&& (b[p + 1] == this.quote || b[p + 1] == this.escape)) {
					dst[n++] = b[p + 1];
					p += 2;
					continue;
				}
			}
			dst[n++] = c;
			p++;
		}
		return n;
	}

}
