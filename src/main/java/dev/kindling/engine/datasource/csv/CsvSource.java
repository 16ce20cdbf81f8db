package dev.kindling.engine.datasource.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The bytes a {@link CsvLexer} cuts into records: the file itself, read at any offset
 * (UTF-8, US-ASCII and ISO-8859-1, where every ASCII character is one byte of its own),
 * or the file decoded and encoded again as UTF-8 (UTF-16 and UTF-32), read from the start
 * only.
 */
abstract class CsvSource implements Closeable {

	/**
	 * Reads bytes at this offset of the stream into {@code dst}.
	 * @return the number of bytes read, or -1 at the end
	 */
	abstract int read(ByteBuffer dst, long position) throws IOException;

	/** The length of the stream, or -1 when it is only known at its end. */
	abstract long size() throws IOException;

	/** A new source over the same stream, from its start. */
	abstract CsvSource reopen() throws IOException;

	/** Opens the file as the options say it must be read. */
	static CsvSource open(Path file, CsvOptions options) throws IOException {
		FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
		if (!options.transcoded()) {
			return new FileSource(file, channel);
		}
		return new TranscodedSource(file, channel, options);
	}

	/** The file's bytes as they are. */
	static final class FileSource extends CsvSource {

		private final Path file;

		private final FileChannel channel;

		FileSource(Path file, FileChannel channel) {
			this.file = file;
			this.channel = channel;
		}

		@Override
		int read(ByteBuffer dst, long position) throws IOException {
			return this.channel.read(dst, position);
		}

		@Override
		long size() throws IOException {
			return this.channel.size();
		}

		@Override
		CsvSource reopen() throws IOException {
			return new FileSource(this.file, FileChannel.open(this.file, StandardOpenOption.READ));
		}

		@Override
		public void close() throws IOException {
			this.channel.close();
		}

	}

	/**
	 * The file decoded from its encoding (malformed input replaced, as Java's readers do)
	 * and encoded as UTF-8, read in order from the start.
	 */
	static final class TranscodedSource extends CsvSource {

		private final Path file;

		private final FileChannel channel;

		private final CsvOptions options;

		private final Reader reader;

		private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
			.onMalformedInput(CodingErrorAction.REPLACE)
			.onUnmappableCharacter(CodingErrorAction.REPLACE);

		private final CharBuffer chars = CharBuffer.allocate(8192).flip();

		private long produced;

		private boolean eof;

		TranscodedSource(Path file, FileChannel channel, CsvOptions options) {
			this.file = file;
			this.channel = channel;
			this.options = options;
			this.reader = new InputStreamReader(Channels.newInputStream(channel), options.encoding());
		}

		@Override
		int read(ByteBuffer dst, long position) throws IOException {
			if (position != this.produced) {
				throw new IOException("a transcoded CSV file is read in order only");
			}
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
			this.produced += n;
			return (n == 0 && this.eof && !this.chars.hasRemaining()) ? -1 : n;
		}

		@Override
		long size() {
			return -1;
		}

		@Override
		CsvSource reopen() throws IOException {
			return new TranscodedSource(this.file, FileChannel.open(this.file, StandardOpenOption.READ), this.options);
		}

		@Override
		public void close() throws IOException {
			this.channel.close();
		}

	}

}
