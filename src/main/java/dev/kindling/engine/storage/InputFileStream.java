package dev.kindling.engine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * An {@link InputFile} read in order from an offset, as a stream (for decoders that take
 * one: gzip, a character set). Closing the stream does not close the file.
 */
final class InputFileStream extends InputStream {

	private final InputFile file;

	private final byte[] one = new byte[1];

	private long position;

	InputFileStream(InputFile file, long position) {
		this.file = file;
		this.position = position;
	}

	@Override
	public int read() throws IOException {
		int n = read(this.one, 0, 1);
		return n <= 0 ? -1 : this.one[0] & 0xFF;
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		if (len == 0) {
			return 0;
		}
		int n = this.file.read(ByteBuffer.wrap(b, off, len), this.position);
		if (n > 0) {
			this.position += n;
		}
		return n == 0 ? -1 : n;
	}

	@Override
	public long skip(long n) {
		long skipped = Math.max(0, n);
		this.position += skipped;
		return skipped;
	}

}
