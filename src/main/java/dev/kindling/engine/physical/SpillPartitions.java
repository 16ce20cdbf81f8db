package dev.kindling.engine.physical;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

import dev.kindling.engine.shuffle.HashPartitioner;
import dev.kindling.engine.shuffle.ShuffleBlocks;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;

/**
 * Rows an aggregation or a join spilled to local disk, cut by a hash of their keys into
 * {@link #PARTITIONS} files, so that every row of one key lands in one file and the files
 * can then be processed one at a time. The hash is {@link HashPartitioner}'s value hash
 * (equal keys of either side of a join hash alike), scrambled with a seed: rows that
 * reach a reduce task already share their shuffle hash modulo the reduce partitions, and
 * a file that is spilled again is cut with the next seed. A file is length-prefixed
 * {@link ShuffleBlocks} blocks, read back a block at a time. {@link #close} deletes every
 * file that is left, which a task's operator tree does when it ends, fails or is
 * cancelled.
 */
final class SpillPartitions implements AutoCloseable {

	/** Files per spill: a partition over budget is cut again with the next seed. */
	static final int PARTITIONS = 16;

	private final Schema schema;

	private final int seed;

	private final TaskMetrics metrics;

	private final Path[] files = new Path[PARTITIONS];

	private final DataOutputStream[] outputs = new DataOutputStream[PARTITIONS];

	private final long[] bytes = new long[PARTITIONS];

	private final DataInputStream[] inputs = new DataInputStream[PARTITIONS];

	SpillPartitions(Schema schema, int seed, TaskMetrics metrics) {
		this.schema = schema;
		this.seed = seed;
		this.metrics = metrics;
	}

	/** The spill file of each of the first {@code n} rows, by their key values. */
	void partitionsOf(ColumnVector[] keys, int n, int[] out) {
		int mix = 0x9E3779B9 * (this.seed + 1);
		for (int i = 0; i < n; i++) {
			int h = 0;
			for (ColumnVector key : keys) {
				h = h * 0x9E3779B1 + HashPartitioner.hash(key, i);
			}
			out[i] = fmix(h ^ mix) & (PARTITIONS - 1);
		}
	}

	private static int fmix(int h) {
		h ^= h >>> 16;
		h *= 0x85ebca6b;
		h ^= h >>> 13;
		h *= 0xc2b2ae35;
		h ^= h >>> 16;
		return h;
	}

	/**
	 * Appends the rows of {@code batch} to their files by {@code keys} (its key values).
	 */
	void add(Batch batch, ColumnVector[] keys) {
		int n = batch.rowCount();
		if (n == 0) {
			return;
		}
		int[] parts = new int[n];
		partitionsOf(keys, n, parts);
		int[] counts = new int[PARTITIONS];
		for (int i = 0; i < n; i++) {
			counts[parts[i]]++;
		}
		for (int p = 0; p < PARTITIONS; p++) {
			if (counts[p] == 0) {
				continue;
			}
			if (counts[p] == n) {
				write(p, batch);
				return;
			}
			int[] rows = new int[counts[p]];
			int m = 0;
			for (int i = 0; i < n; i++) {
				if (parts[i] == p) {
					rows[m++] = i;
				}
			}
			write(p, batch.select(rows, m));
		}
	}

	private void write(int p, Batch batch) {
		try {
			if (this.outputs[p] == null) {
				this.files[p] = Files.createTempFile("kindling-spill-", ".part");
				this.outputs[p] = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(this.files[p])));
			}
			byte[] block = ShuffleBlocks.encode(batch, this.schema);
			this.outputs[p].writeInt(block.length);
			this.outputs[p].write(block);
			this.bytes[p] += block.length + 4L;
			this.metrics.spillBytes += block.length + 4L;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot spill to local disk: " + ex.getMessage(), ex);
		}
	}

	/** Ends the writing: every file is complete and may be read. */
	void finish() {
		for (int p = 0; p < PARTITIONS; p++) {
			closeQuietly(p, true);
		}
	}

	/** The bytes written to file {@code p}. */
	long bytes(int p) {
		return this.bytes[p];
	}

	/** The batches of file {@code p}, read back a block at a time. */
	Iterator<Batch> read(int p) {
		if (this.files[p] == null) {
			return java.util.Collections.emptyIterator();
		}
		try {
			this.inputs[p] = new DataInputStream(new BufferedInputStream(Files.newInputStream(this.files[p])));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read a spill file: " + ex.getMessage(), ex);
		}
		DataInputStream in = this.inputs[p];
		return new Iterator<>() {

			private Iterator<Batch> block = java.util.Collections.emptyIterator();

			private boolean ended;

			@Override
			public boolean hasNext() {
				while (!this.block.hasNext() && !this.ended) {
					try {
						int length = in.readInt();
						byte[] bytes = new byte[length];
						in.readFully(bytes);
						this.block = ShuffleBlocks.decode(bytes, SpillPartitions.this.schema);
					}
					catch (EOFException ex) {
						this.ended = true;
					}
					catch (IOException ex) {
						throw new UncheckedIOException("cannot read a spill file: " + ex.getMessage(), ex);
					}
				}
				return this.block.hasNext();
			}

			@Override
			public Batch next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				return this.block.next();
			}

		};
	}

	/** File {@code p} as an operator's input (closing it leaves the file). */
	Operator operator(int p) {
		Iterator<Batch> batches = read(p);
		Schema schema = this.schema;
		return new Operator() {

			@Override
			public Schema schema() {
				return schema;
			}

			@Override
			public Batch next() {
				return batches.hasNext() ? batches.next() : null;
			}

		};
	}

	/** Deletes file {@code p} once it has been processed. */
	void delete(int p) {
		closeQuietly(p, false);
		if (this.files[p] != null) {
			try {
				Files.deleteIfExists(this.files[p]);
			}
			catch (IOException ex) {
				// a temp file; the OS cleans it up eventually
			}
			this.files[p] = null;
		}
	}

	private void closeQuietly(int p, boolean mustFlush) {
		try {
			if (this.outputs[p] != null) {
				this.outputs[p].close();
			}
		}
		catch (IOException ex) {
			if (mustFlush) {
				throw new UncheckedIOException("cannot spill to local disk: " + ex.getMessage(), ex);
			}
		}
		finally {
			this.outputs[p] = null;
		}
		try {
			if (this.inputs[p] != null) {
				this.inputs[p].close();
			}
		}
		catch (IOException ex) {
			// nothing left to read
		}
		finally {
			this.inputs[p] = null;
		}
	}

	/** Deletes every file left. */
	@Override
	public void close() {
		for (int p = 0; p < PARTITIONS; p++) {
			delete(p);
		}
	}

}
