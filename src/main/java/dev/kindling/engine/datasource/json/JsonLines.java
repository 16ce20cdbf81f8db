package dev.kindling.engine.datasource.json;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.storage.InputFile;

/**
 * The lines of a byte range of a file (Hadoop's rule: a range that starts past 0 skips to
 * the first line start after it, and the last line that starts at or before its end is
 * read whole), or of a whole {@code .gz} file uncompressed. A line ends at {@code \n}; a
 * {@code \r} before it is dropped.
 */
final class JsonLines implements AutoCloseable {

	/** The longest line read (a guard against a file with no line break). */
	static final int MAX_LINE_BYTES = 128 << 20;

	private final InputFile file;

	private final InputStream in;

	private final long end;

	private byte[] buf = new byte[1 << 16];

	private int from;

	private int limit;

	/** The file offset of {@code buf[0]}. */
	private long base;

	private boolean eof;

	private long consumed;

	/**
	 * The current line: {@code buf[lineStart, lineEnd)} at file offset {@link #offset}.
	 */
	int lineStart;

	int lineEnd;

	long offset;

	/** The 1-based line number, when the range starts at the file's start; else -1. */
	long lineNumber;

	JsonLines(InputFile file, FileSplit range) {
		this.file = file;
		boolean gzip = compressed(file.name());
		try {
			if (gzip) {
				this.in = new GZIPInputStream(file.stream(0), 1 << 16);
				this.end = Long.MAX_VALUE;
				this.base = 0;
			}
			else {
				long start = range == null ? 0 : range.start();
				this.in = file.stream(start);
				this.end = range == null ? Long.MAX_VALUE : range.end();
				this.base = start;
				if (start > 0) {
					this.lineNumber = -1;
					skipPartialLine();
				}
			}
		}
		catch (IOException ex) {
			throw new JsonException("cannot read " + file.name() + ": " + ex.getMessage(), ex);
		}
	}

	static boolean compressed(String name) {
		return name.toLowerCase(Locale.ROOT).endsWith(".gz");
	}

	private void skipPartialLine() throws IOException {
		while (true) {
			for (int i = this.from; i < this.limit; i++) {
				if (this.buf[i] == '\n') {
					this.from = i + 1;
					return;
				}
			}
			this.from = this.limit;
			if (!fill()) {
				return;
			}
		}
	}

	/** Moves to the next line; false when the range has no more. */
	boolean next() {
		try {
			if (this.base + this.from > this.end || (this.from >= this.limit && !fill())) {
				return false;
			}
			if (this.base + this.from > this.end) {
				return false;
			}
			int scan = this.from;
			while (true) {
				for (int i = scan; i < this.limit; i++) {
					if (this.buf[i] == '\n') {
						line(i, i + 1);
						return true;
					}
				}
				scan = this.limit;
				int kept = this.limit - this.from;
				if (!fill()) {
					line(this.limit, this.limit);
					return true;
				}
				scan = this.from + kept;
			}
		}
		catch (IOException ex) {
			throw new JsonException("cannot read " + this.file.name() + ": " + ex.getMessage(), ex);
		}
	}

	private void line(int newline, int next) {
		this.lineStart = this.from;
		this.lineEnd = newline > this.from && this.buf[newline - 1] == '\r' ? newline - 1 : newline;
		this.offset = this.base + this.from;
		this.consumed += next - this.from;
		this.from = next;
		if (this.lineNumber >= 0) {
			this.lineNumber++;
		}
	}

	byte[] buffer() {
		return this.buf;
	}

	/**
	 * Reads more bytes, keeping those from {@code from} at the buffer's start; false at
	 * the end of the stream.
	 */
	private boolean fill() throws IOException {
		if (this.eof) {
			return false;
		}
		int kept = this.limit - this.from;
		if (this.from > 0) {
			System.arraycopy(this.buf, this.from, this.buf, 0, kept);
			this.base += this.from;
			this.from = 0;
			this.limit = kept;
		}
		if (this.limit == this.buf.length) {
			if (this.buf.length >= MAX_LINE_BYTES) {
				throw new JsonException(this.file.name() + ": a line at byte " + this.base + " is longer than "
						+ (MAX_LINE_BYTES >> 20) + " MiB");
			}
			this.buf = Arrays.copyOf(this.buf, this.buf.length * 2);
		}
		int n = this.in.read(this.buf, this.limit, this.buf.length - this.limit);
		if (n < 0) {
			this.eof = true;
			return false;
		}
		this.limit += n;
		return true;
	}

	long bytesRead() {
		return this.consumed;
	}

	@Override
	public void close() {
		try {
			this.in.close();
		}
		catch (IOException ex) {
			// Nothing was written: a failed close loses nothing.
		}
		try {
			this.file.close();
		}
		catch (IOException ex) {
			// As above.
		}
	}

}
