package dev.kindling.engine.datasource.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import dev.kindling.engine.storage.InputFile;

/**
 * The bytes a {@link CsvLexer} cuts into records: the file itself, read at any offset
 * (UTF-8, US-ASCII and ISO-8859-1, where every ASCII character is one byte of its own);
 * or, read in order from the start only, the file uncompressed (a {@code .gz} file, which
 * is never split, as in Spark) and, for UTF-16 and UTF-32, decoded and encoded again as
 * UTF-8.
 */
abstract class CsvSource implements Closeable {

	/**
	 * Reads bytes at this offset of the stream into {@code dst}.
	 * @return the number of bytes read, or -1 at the end
	 */
	abstract int read(ByteBuffer dst, long position) throws IOException;

	/** The length of the stream, or -1 when it is only known at its end. */
	abstract long size() throws IOException;

	/**
	 * A new source over the same stream, from its start; closing it leaves this one open.
	 */
	abstract CsvSource reopen() throws IOException;

	/** Whether a file of this name is gzip-compressed (by its extension, as in Spark). */
	static boolean compressed(String name) {
		return name.toLowerCase(Locale.ROOT).endsWith(".gz");
	}

	/**
	 * The file as the options say it must be read; closing the source closes the file.
	 */
	static CsvSource open(InputFile file, CsvOptions options) {
		boolean gzip = compressed(file.name());
		if (!gzip && !options.transcoded()) {
			return new FileSource(file, true);
		}
		return new StreamSource(file, options, gzip, true);
	}

	/** The file's bytes as they are. */
	static final class FileSource extends CsvSource {

		private final InputFile file;

		private final boolean owner;

		FileSource(InputFile file, boolean owner) {
			this.file = file;
			this.owner = owner;
		}

		@Override
		int read(ByteBuffer dst, long position) throws IOException {
			return this.file.read(dst, position);
		}

		@Override
		long size() throws IOException {
			return this.file.length();
		}

		@Override
		CsvSource reopen() {
			return new FileSource(this.file, false);
		}

		@Override
		public void close() throws IOException {
			if (this.owner) {
				this.file.close();
			}
		}

	}

	/**
	 * The file uncompressed (gzip) and, for the encodings that need it, decoded from its
	 * encoding (malformed input replaced, as Java's readers do) and encoded as UTF-8,
	 * read in order from the start.
	 */
	static final class StreamSource extends CsvSource {

		private final InputFile file;

		private final CsvOptions options;

		private final boolean gzip;

		private final boolean owner;

		private final InputStream bytes;

		private final Reader reader;

		private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
			.onMalformedInput(CodingErrorAction.REPLACE)
			.onUnmappableCharacter(CodingErrorAction.REPLACE);

		private final CharBuffer chars = CharBuffer.allocate(8192).flip();

		private long produced;

		private boolean eof;

		StreamSource(InputFile file, CsvOptions options, boolean gzip, boolean owner) {
			this.file = file;
			this.options = options;
			this.gzip = gzip;
			this.owner = owner;
			InputStream in = file.stream(0);
			if (gzip) {
				try {
					in = new GZIPInputStream(in, 1 << 16);
				}
				catch (IOException ex) {
					in = new FailingStream(ex);
				}
			}
			this.bytes = in;
			this.reader = options.transcoded() ? new InputStreamReader(in, options.encoding()) : null;
		}

		@Override
		int read(ByteBuffer dst, long position) throws IOException {
			if (position != this.produced) {
				throw new IOException("a compressed or transcoded CSV file is read in order only");
			}
			int n = (this.reader == null) ? readBytes(dst) : transcode(dst);
			if (n > 0) {
				this.produced += n;
			}
			return n;
		}

		private int readBytes(ByteBuffer dst) throws IOException {
			if (!dst.hasRemaining()) {
				return 0;
			}
			int n = this.bytes.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
			if (n > 0) {
				dst.position(dst.position() + n);
			}
			return n;
		}

		private int transcode(ByteBuffer dst) throws IOException {
			int before = dst.position();
			while (dst.hasRemaining()) {
				if (!this.chars.hasRemaining() || (this.chars.remaining() == 1
						&& Character.isHighSurrogate(this.chars.get(this.chars.position())) && !this.eof)) {
					if (this.eof) {
						break;
					}
					this.chars.compact();
					int n = this.reader.read(this.chars.array(), this.chars.position(), this.chars.remaining());
					if (n < 0) {
						this.eof = true;
					}
					else {
						this.chars.position(this.chars.position() + n);
					}
					this.chars.flip();
					continue;
				}
				if (this.encoder.encode(this.chars, dst, this.eof).isOverflow()) {
					break;
				}
			}
			int n = dst.position() - before;
			return (n == 0 && this.eof && !this.chars.hasRemaining()) ? -1 : n;
		}

		@Override
		long size() {
			return -1;
		}

		@Override
		CsvSource reopen() {
			return new StreamSource(this.file, this.options, this.gzip, false);
		}

		@Override
		public void close() throws IOException {
			if (this.owner) {
				this.file.close();
			}
		}

	}

	/** A stream whose opening failed: its first read says why. */
	private static final class FailingStream extends InputStream {

		private final IOException failure;

		FailingStream(IOException failure) {
			this.failure = failure;
		}

		@Override
		public int read() throws IOException {
			throw this.failure;
		}

	}

}
