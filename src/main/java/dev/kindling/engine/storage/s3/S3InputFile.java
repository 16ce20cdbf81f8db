package dev.kindling.engine.storage.s3;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.kindling.engine.storage.InputFile;

/**
 * An object read by ranged GETs: a read at a position outside the block held fetches
 * {@code [position, position + block)} (never past the end) and keeps it for the reads
 * that follow; a read returns at most what the block holds, so a reader's large buffer
 * never turns into a request for the whole object. A split reader thus fetches its split
 * (and the line or record running past its end) a block at a time, and a Parquet reader
 * fetches its footer and then the column chunks it reads, each by its own ranges.
 */
final class S3InputFile implements InputFile {

	private final S3Storage storage;

	private final S3Storage.Location at;

	private final int blockSize;

	private long length;

	private byte[] block = new byte[0];

	private long blockStart;

	S3InputFile(S3Storage storage, S3Storage.Location at, long length, int blockSize) {
		this.storage = storage;
		this.at = at;
		this.length = length;
		this.blockSize = blockSize;
	}

	@Override
	public String name() {
		return this.at.url();
	}

	@Override
	public long length() throws IOException {
		if (this.length < 0) {
			this.length = this.storage.length(this.at);
		}
		return this.length;
	}

	@Override
	public int read(ByteBuffer dst, long position) throws IOException {
		if (!dst.hasRemaining()) {
			return 0;
		}
		if (position >= length()) {
			return -1;
		}
		if (position < this.blockStart || position >= this.blockStart + this.block.length) {
			int n = (int) Math.min(this.blockSize, length() - position);
			this.block = this.storage.range(this.at, position, n);
			this.blockStart = position;
			if (this.block.length == 0) {
				return -1;
			}
		}
		int offset = (int) (position - this.blockStart);
		int n = Math.min(dst.remaining(), this.block.length - offset);
		dst.put(this.block, offset, n);
		return n;
	}

	@Override
	public void close() {
		this.block = new byte[0];
	}

}
