package dev.kindling.engine.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * A file open for reading at any offset. Readers ask for the bytes they need, in order or
 * not; an object-store implementation turns them into ranged requests. Not thread-safe:
 * one task reads it.
 */
public interface InputFile extends Closeable {

	/** The file's location as users name it (never an absolute machine path). */
	String name();

	/** The file's length in bytes. */
	long length() throws IOException;

	/**
	 * Reads bytes at {@code position} into {@code dst}, up to its remaining space.
	 * @return the number of bytes read (at least one when {@code dst} has room and the
	 * position is before the end), or -1 at the end of the file
	 */
	int read(ByteBuffer dst, long position) throws IOException;

	/** The bytes from {@code position} to the end, as a stream over this file. */
	default InputStream stream(long position) {
		return new InputFileStream(this, position);
	}

	/** Reads exactly {@code length} bytes at {@code position}. */
	default void readFully(long position, byte[] into, int offset, int length) throws IOException {
		ByteBuffer dst = ByteBuffer.wrap(into, offset, length);
		long at = position;
		while (dst.hasRemaining()) {
			int n = read(dst, at);
			if (n < 0) {
				throw new java.io.EOFException(name() + " ends before byte " + (position + length));
			}
			at += n;
		}
	}

}
