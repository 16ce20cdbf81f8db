package dev.kindling.engine.shuffle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A map task's shuffle output: one block per reduce partition, either in memory or in one
 * data file on local disk with an index of where each block starts (Spark's sort-shuffle
 * layout). Blocks are read as streams, so a block on disk is never loaded whole.
 */
public final class MapOutput {

	private final byte[][] blocks;

	private final Path file;

	private final long[] offsets;

	private final long memoryBytes;

	private MapOutput(byte[][] blocks, Path file, long[] offsets, long memoryBytes) {
		this.blocks = blocks;
		this.file = file;
		this.offsets = offsets;
		this.memoryBytes = memoryBytes;
	}

	/**
	 * Blocks held in memory; {@code memoryBytes} is what was taken from the shuffle
	 * memory for them (given back by whoever holds them last).
	 */
	public static MapOutput inMemory(byte[][] blocks, long memoryBytes) {
		return new MapOutput(blocks, null, null, memoryBytes);
	}

	/** Blocks held in memory, taken from no memory pool. */
	public static MapOutput inMemory(byte[][] blocks) {
		return inMemory(blocks, 0);
	}

	/**
	 * Blocks in a data file: block {@code r} is the bytes {@code [offsets[r],
	 * offsets[r + 1])}.
	 */
	public static MapOutput onDisk(Path file, long[] offsets) {
		return new MapOutput(null, file, offsets.clone(), 0);
	}

	/** Writes blocks to a new data file in {@code dir}. */
	public static MapOutput write(byte[][] blocks, Path dir) throws IOException {
		Files.createDirectories(dir);
		Path file = Files.createTempFile(dir, "shuffle-", ".data");
		long[] offsets = new long[blocks.length + 1];
		try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
			for (int r = 0; r < blocks.length; r++) {
				ByteBuffer buf = ByteBuffer.wrap(blocks[r]);
				while (buf.hasRemaining()) {
					out.write(buf);
				}
				offsets[r + 1] = offsets[r] + blocks[r].length;
			}
		}
		return onDisk(file, offsets);
	}

	public int partitions() {
		return this.blocks != null ? this.blocks.length : this.offsets.length - 1;
	}

	public boolean inMemory() {
		return this.blocks != null;
	}

	/** The shuffle memory these blocks hold (0 on disk). */
	public long memoryBytes() {
		return this.memoryBytes;
	}

	/** The data file, or null in memory. */
	public Path file() {
		return this.file;
	}

	/** The encoded length of block {@code r} (0: empty). */
	public long length(int r) {
		return this.blocks != null ? this.blocks[r].length : this.offsets[r + 1] - this.offsets[r];
	}

	/** Every block's length. */
	public long totalBytes() {
		long n = 0;
		for (int r = 0; r < partitions(); r++) {
			n += length(r);
		}
		return n;
	}

	/** Block {@code r} as a stream. */
	public InputStream open(int r) throws IOException {
		if (this.blocks != null) {
			return new java.io.ByteArrayInputStream(this.blocks[r]);
		}
		FileChannel channel = FileChannel.open(this.file, StandardOpenOption.READ);
		return new java.io.BufferedInputStream(new RangeStream(channel, this.offsets[r], this.offsets[r + 1]),
				64 * 1024);
	}

	/** Block {@code r} read whole. */
	public byte[] read(int r) throws IOException {
		if (this.blocks != null) {
			return this.blocks[r];
		}
		try (InputStream in = open(r)) {
			return in.readAllBytes();
		}
	}

	/** Every block read whole (for tests and migration). */
	public byte[][] readAll() {
		byte[][] out = new byte[partitions()][];
		for (int r = 0; r < out.length; r++) {
			try {
				out[r] = read(r);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return out;
	}

	/** Deletes the data file, if any. */
	public void delete() {
		if (this.file != null) {
			try {
				Files.deleteIfExists(this.file);
			}
			catch (IOException ex) {
				// a leftover file goes with the spill folder
			}
		}
	}

	/** A range of a file channel as a stream; closing it closes the channel. */
	private static final class RangeStream extends InputStream {

		private final FileChannel channel;

		private long pos;

		private final long end;

		RangeStream(FileChannel channel, long start, long end) {
			this.channel = channel;
			this.pos = start;
			this.end = end;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (this.pos >= this.end) {
				return -1;
			}
			int n = this.channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, this.end - this.pos)), this.pos);
			if (n < 0) {
				throw new java.io.EOFException("shuffle data file shorter than its index");
			}
			this.pos += n;
			return n;
		}

		@Override
		public void close() throws IOException {
			this.channel.close();
		}

	}

}
