package dev.kindling.engine.shuffle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.Columns;
import dev.kindling.engine.vector.LongVector;

/**
 * Splits a map task's output rows into {@code partitions} blocks, batch by batch, by a
 * {@link Partitioning} of its rows, and encodes each block.
 * <p>
 * Rows are gathered per partition in column vectors and encoded a batch of
 * {@link ColumnVector#BATCH_SIZE} rows at a time into that partition's buffer. The
 * buffers' bytes are taken from the executor's {@link ShuffleMemory}; when it refuses
 * more, every buffer is written to a spill file on local disk, partition after partition
 * (Spark's sort-by-partition spill), and the buffers start again empty. At the end, an
 * output that never spilled stays in memory; otherwise the spill files and what is left
 * in the buffers are merged into one data file with an index of where each partition's
 * block starts ({@link MapOutput}). So memory is at most the shuffle memory lent (or a
 * few MB when it is full) plus one batch per partition, never the task's whole output.
 * The merge opens every spill file at once. See {@link BlockCodec} for the format.
 */
public final class ShuffleWriter {

	/** Which block each row of a batch goes to. */
	@FunctionalInterface
	public interface Partitioning {

		/** Fills {@code out[0 .. batch.rowCount())} with each row's block. */
		void assign(Batch batch, int[] out);

	}

	private final Schema schema;

	private final int partitions;

	private final Partitioning partitioning;

	private final ShuffleMemory memory;

	private final Path spillDir;

	private final BlockCodec.Sink[] sinks;

	private final ColumnVector[][] pending;

	private final int[] pendingRows;

	private final long[] rows;

	/** Bytes taken from {@link #memory} for the buffers. */
	private long acquired;

	/** Bytes in the buffers. */
	private long buffered;

	private final List<Spill> spills = new ArrayList<>();

	/**
	 * Buffers smaller than this are not spilled even when the memory refuses more
	 * (Spark's {@code spark.shuffle.spill.initialMemoryThreshold}, 5 MB, or an eighth of
	 * a smaller shuffle memory), so a writer that finds the memory full does not write a
	 * spill file per batch.
	 */
	private final long minSpillBytes;

	static final long MIN_SPILL_BYTES = 5L << 20;

	private long spilledBytes;

	private int spillCount;

	private boolean finished;

	/** One spill file: each partition's batches, partition after partition. */
	private record Spill(Path file, long[] lengths) {
	}

	public ShuffleWriter(Schema schema, List<BoundExpr> keys, int partitions) {
		this(schema, keys, partitions, false);
	}

	/**
	 * A writer that, when {@code direct}, sends each row to the block its one key names
	 * (modulo the blocks) instead of by a hash of the keys.
	 */
	public ShuffleWriter(Schema schema, List<BoundExpr> keys, int partitions, boolean direct) {
		this(schema, partitions, partitioning(keys, partitions, direct), ShuffleMemory.UNLIMITED, null);
	}

	/**
	 * A writer whose buffers take from {@code memory} and spill to {@code spillDir} when
	 * refused (never spills when {@code spillDir} is null).
	 */
	public ShuffleWriter(Schema schema, int partitions, Partitioning partitioning, ShuffleMemory memory,
			Path spillDir) {
		if (partitions < 1) {
			throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
		}
		this.schema = schema;
		this.partitions = partitions;
		this.partitioning = partitioning;
		this.memory = memory;
		this.spillDir = spillDir;
		this.minSpillBytes = Math.min(MIN_SPILL_BYTES, memory.limit() / 8);
		this.sinks = new BlockCodec.Sink[partitions];
		this.pending = new ColumnVector[partitions][];
		this.pendingRows = new int[partitions];
		this.rows = new long[partitions];
	}

	/**
	 * Hash partitioning by the keys (everything to block 0 without keys); when
	 * {@code direct}, the block its one key names, modulo the blocks.
	 */
	public static Partitioning partitioning(List<BoundExpr> keys, int partitions, boolean direct) {
		List<BoundExpr> bound = List.copyOf(keys);
		if (bound.isEmpty() || partitions == 1) {
			return null;
		}
		return (batch, out) -> {
			int n = batch.rowCount();
			ColumnVector[] keyColumns = new ColumnVector[bound.size()];
			for (int k = 0; k < keyColumns.length; k++) {
				keyColumns[k] = bound.get(k).evaluate(batch);
			}
			if (direct) {
				LongVector block = (LongVector) keyColumns[0];
				for (int i = 0; i < n; i++) {
					out[i] = block.isNull(i) ? 0 : (int) Math.floorMod(block.get(i), (long) partitions);
				}
			}
			else {
				HashPartitioner.partitions(keyColumns, n, partitions, out);
			}
		};
	}

	public void write(Batch batch) {
		if (this.finished) {
			throw new IllegalStateException("shuffle writer already finished");
		}
		int n = batch.rowCount();
		if (n == 0) {
			return;
		}
		if (this.partitioning == null || this.partitions == 1) {
			if (this.pendingRows[0] == 0 && n >= ColumnVector.BATCH_SIZE / 2) {
				// Big enough to stand as a batch of its own: encode it without copying.
				encode(0, batch);
			}
			else {
				int[] all = new int[n];
				for (int i = 0; i < n; i++) {
					all[i] = i;
				}
				add(0, batch, all, 0, n);
			}
			this.rows[0] += n;
			return;
		}
		int[] part = new int[n];
		this.partitioning.assign(batch, part);
		// Counting sort of the row indexes by partition, keeping row order within each.
		int[] start = new int[this.partitions + 1];
		for (int i = 0; i < n; i++) {
			start[part[i] + 1]++;
		}
		for (int p = 0; p < this.partitions; p++) {
			start[p + 1] += start[p];
		}
		int[] order = new int[n];
		int[] fill = start.clone();
		for (int i = 0; i < n; i++) {
			order[fill[part[i]]++] = i;
		}
		for (int p = 0; p < this.partitions; p++) {
			int count = start[p + 1] - start[p];
			if (count > 0) {
				add(p, batch, order, start[p], count);
				this.rows[p] += count;
			}
		}
	}

	/**
	 * Appends {@code rows[from .. from + count)} of the batch to partition {@code p}'s
	 * buffer.
	 */
	private void add(int p, Batch batch, int[] rows, int from, int count) {
		int done = 0;
		while (done < count) {
			if (this.pending[p] == null) {
				this.pending[p] = new ColumnVector[this.schema.size()];
				for (int c = 0; c < this.schema.size(); c++) {
					this.pending[p][c] = ColumnVector.allocate(batch.column(c).type(), 64);
				}
			}
			int take = Math.min(count - done, ColumnVector.BATCH_SIZE - this.pendingRows[p]);
			int[] slice = rows;
			if (from + done != 0) {
				slice = Arrays.copyOfRange(rows, from + done, from + done + take);
			}
			for (int c = 0; c < this.schema.size(); c++) {
				Columns.appendRows(this.pending[p][c], batch.column(c), slice, take);
			}
			this.pendingRows[p] += take;
			done += take;
			if (this.pendingRows[p] == ColumnVector.BATCH_SIZE) {
				flush(p);
			}
		}
	}

	private void flush(int p) {
		if (this.pendingRows[p] > 0) {
			encode(p, new Batch(this.pending[p], this.pendingRows[p]));
			this.pending[p] = null;
			this.pendingRows[p] = 0;
		}
	}

	private void encode(int p, Batch batch) {
		if (this.sinks[p] == null) {
			this.sinks[p] = new BlockCodec.Sink(1024);
			BlockCodec.writeHeader(this.sinks[p]);
		}
		int before = this.sinks[p].size();
		BlockCodec.writeBatch(this.sinks[p], batch, this.schema);
		long grown = this.sinks[p].size() - before;
		this.buffered += grown;
		if (this.memory.tryAcquire(grown)) {
			this.acquired += grown;
		}
		else if (this.spillDir != null && this.buffered >= this.minSpillBytes) {
			spill();
		}
	}

	/** Writes every buffer to a new spill file, partition after partition. */
	private void spill() {
		long[] lengths = new long[this.partitions];
		Path file = null;
		try {
			Files.createDirectories(this.spillDir);
			file = Files.createTempFile(this.spillDir, "shuffle-", ".spill");
			try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
				for (int p = 0; p < this.partitions; p++) {
					if (this.sinks[p] != null) {
						ByteBuffer frames = this.sinks[p].buffer(BlockCodec.HEADER_LENGTH);
						lengths[p] = frames.remaining();
						writeFully(out, frames);
						this.sinks[p] = null;
					}
				}
			}
		}
		catch (IOException ex) {
			deleteQuietly(file);
			throw new UncheckedIOException("cannot spill shuffle output", ex);
		}
		this.spills.add(new Spill(file, lengths));
		this.spillCount++;
		this.spilledBytes += this.buffered;
		this.memory.release(this.acquired);
		this.acquired = 0;
		this.buffered = 0;
	}

	/**
	 * The blocks, one per reduce partition, read back whole (an empty array for an empty
	 * block).
	 */
	public byte[][] finish() {
		MapOutput output = finishOutput();
		byte[][] blocks = output.readAll();
		output.delete();
		this.memory.release(output.memoryBytes());
		return blocks;
	}

	/**
	 * The map output: in memory when nothing spilled (holding the shuffle memory its
	 * buffers took, for its keeper to give back), else one data file in the spill folder.
	 */
	public MapOutput finishOutput() {
		if (this.finished) {
			throw new IllegalStateException("shuffle writer already finished");
		}
		for (int p = 0; p < this.partitions; p++) {
			flush(p);
		}
		this.finished = true;
		if (this.spills.isEmpty()) {
			byte[][] out = new byte[this.partitions][];
			for (int p = 0; p < this.partitions; p++) {
				out[p] = this.sinks[p] == null ? new byte[0] : this.sinks[p].toByteArray();
				this.sinks[p] = null;
			}
			long held = this.acquired;
			this.acquired = 0;
			return MapOutput.inMemory(out, held);
		}
		try {
			return merge();
		}
		finally {
			this.memory.release(this.acquired);
			this.acquired = 0;
			for (Spill s : this.spills) {
				deleteQuietly(s.file());
			}
			this.spills.clear();
		}
	}

	/** Merges the spill files and the buffers into one data file with an index. */
	private MapOutput merge() {
		Path data = null;
		try {
			data = Files.createTempFile(this.spillDir, "shuffle-", ".data");
			long[] offsets = new long[this.partitions + 1];
			List<FileChannel> ins = new ArrayList<>();
			try (FileChannel out = FileChannel.open(data, StandardOpenOption.WRITE)) {
				for (Spill s : this.spills) {
					ins.add(FileChannel.open(s.file(), StandardOpenOption.READ));
				}
				long[] at = new long[this.spills.size()];
				long pos = 0;
				for (int p = 0; p < this.partitions; p++) {
					offsets[p] = pos;
					boolean any = this.sinks[p] != null;
					for (Spill s : this.spills) {
						any |= s.lengths()[p] > 0;
					}
					if (!any) {
						continue;
					}
					pos += writeFully(out, ByteBuffer.wrap(headerBytes()));
					for (int s = 0; s < this.spills.size(); s++) {
						long length = this.spills.get(s).lengths()[p];
						long done = 0;
						while (done < length) {
							done += ins.get(s).transferTo(at[s] + done, length - done, out);
						}
						at[s] += length;
						pos += length;
					}
					if (this.sinks[p] != null) {
						pos += writeFully(out, this.sinks[p].buffer(BlockCodec.HEADER_LENGTH));
						this.sinks[p] = null;
					}
				}
				offsets[this.partitions] = pos;
			}
			finally {
				for (FileChannel in : ins) {
					in.close();
				}
			}
			return MapOutput.onDisk(data, offsets);
		}
		catch (IOException ex) {
			deleteQuietly(data);
			throw new UncheckedIOException("cannot write shuffle output", ex);
		}
	}

	/** Gives back memory and deletes files of a writer whose task failed. */
	public void abort() {
		this.finished = true;
		this.memory.release(this.acquired);
		this.acquired = 0;
		for (Spill s : this.spills) {
			deleteQuietly(s.file());
		}
		this.spills.clear();
		Arrays.fill(this.sinks, null);
	}

	private static byte[] headerBytes() {
		BlockCodec.Sink sink = new BlockCodec.Sink(BlockCodec.HEADER_LENGTH);
		BlockCodec.writeHeader(sink);
		return sink.toByteArray();
	}

	private static long writeFully(FileChannel out, ByteBuffer buf) throws IOException {
		long n = buf.remaining();
		while (buf.hasRemaining()) {
			out.write(buf);
		}
		return n;
	}

	private static void deleteQuietly(Path file) {
		if (file != null) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				// a leftover file goes with the spill folder
			}
		}
	}

	/** Rows per reduce partition, valid after {@link #finish()}. */
	public long[] rows() {
		return this.rows.clone();
	}

	/** How many times the buffers were spilled to disk. */
	public int spills() {
		return this.spillCount;
	}

	/** Encoded bytes written to spill files. */
	public long spilledBytes() {
		return this.spilledBytes;
	}

}
