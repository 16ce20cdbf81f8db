package dev.kindling.engine.datasource.parquet;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

import dev.kindling.engine.storage.InputFile;

/**
 * The engine's files as Parquet Java's: a positioned read of a storage file (so a reader
 * asks only for the footer and the column chunks it needs, ranged requests on object
 * storage), and a new file written through a storage stream.
 */
final class StorageFiles {

	private StorageFiles() {
	}

	static org.apache.parquet.io.InputFile input(InputFile file) {
		return new org.apache.parquet.io.InputFile() {

			@Override
			public long getLength() throws IOException {
				return file.length();
			}

			@Override
			public SeekableInputStream newStream() {
				return new Stream(file);
			}

			@Override
			public String toString() {
				return file.name();
			}

		};
	}

	static OutputFile output(OutputStream out, String name) {
		return new OutputFile() {

			@Override
			public PositionOutputStream create(long blockSizeHint) {
				return new PositionOutputStream() {

					private long pos;

					@Override
					public long getPos() {
						return this.pos;
					}

					@Override
					public void write(int b) throws IOException {
						out.write(b);
						this.pos++;
					}

					@Override
					public void write(byte[] b, int off, int len) throws IOException {
						out.write(b, off, len);
						this.pos += len;
					}

					@Override
					public void flush() throws IOException {
						out.flush();
					}

					@Override
					public void close() throws IOException {
						out.close();
					}

				};
			}

			@Override
			public PositionOutputStream createOrOverwrite(long blockSizeHint) {
				return create(blockSizeHint);
			}

			@Override
			public boolean supportsBlockSize() {
				return false;
			}

			@Override
			public long defaultBlockSize() {
				return 0;
			}

			@Override
			public String getPath() {
				return name;
			}

		};
	}

	/** Reads at a position it keeps; each read is a positioned read of the file. */
	private static final class Stream extends SeekableInputStream {

		private final InputFile file;

		private long pos;

		Stream(InputFile file) {
			this.file = file;
		}

		@Override
		public long getPos() {
			return this.pos;
		}

		@Override
		public void seek(long newPos) {
			this.pos = newPos;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (len == 0) {
				return 0;
			}
			int n = this.file.read(ByteBuffer.wrap(b, off, len), this.pos);
			if (n > 0) {
				this.pos += n;
			}
			return n;
		}

		@Override
		public void readFully(byte[] bytes) throws IOException {
			readFully(bytes, 0, bytes.length);
		}

		@Override
		public void readFully(byte[] bytes, int start, int len) throws IOException {
			this.file.readFully(this.pos, bytes, start, len);
			this.pos += len;
		}

		@Override
		public int read(ByteBuffer buf) throws IOException {
			int n = this.file.read(buf, this.pos);
			if (n > 0) {
				this.pos += n;
			}
			return n;
		}

		@Override
		public void readFully(ByteBuffer buf) throws IOException {
			while (buf.hasRemaining()) {
				int n = this.file.read(buf, this.pos);
				if (n < 0) {
					throw new EOFException(this.file.name() + " ends at byte " + this.pos);
				}
				this.pos += n;
			}
		}

		@Override
		public void close() {
			// The file is closed with the reader.
		}

	}

}
