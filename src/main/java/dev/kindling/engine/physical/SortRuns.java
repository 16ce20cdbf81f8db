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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;

import dev.kindling.engine.cancel.Cancellation;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.shuffle.ShuffleBlocks;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.Columns;

/**
 * The sorted runs a sort spilled to local disk, and their merge. A run is a file of
 * length-prefixed blocks of one batch each, so merging holds one block per open run in
 * memory, whatever the runs' sizes. At most {@code fanIn} runs are open at once (as many
 * blocks as fit in the sort's memory, 2 to 64): with more, consecutive groups are first
 * merged into longer runs, pass after pass. Runs are merged in the order they were
 * written and ties go to the earlier run, which keeps the sort stable.
 */
final class SortRuns implements AutoCloseable {

	private final Schema schema;

	private final List<BoundExpr> keys;

	private final RowOrder order;

	private final long memoryBytes;

	private final List<Path> files = new ArrayList<>();

	private final List<Reader> readers = new ArrayList<>();

	private int mostOpen;

	private int written;

	private long largestBlock;

	/** Rows per block of the runs written so far; the merge passes keep it. */
	private int blockRows = ColumnVector.BATCH_SIZE;

	/** Counts the bytes written to local disk. */
	private final TaskMetrics metrics;

	SortRuns(Schema schema, List<BoundExpr> keys, RowOrder order, long memoryBytes, TaskMetrics metrics) {
		this.metrics = metrics;
		this.schema = schema;
		this.keys = keys;
		this.order = order;
		this.memoryBytes = memoryBytes;
	}

	/** The most runs that were open at once while merging. */
	int mostOpen() {
		return this.mostOpen;
	}

	/** How many runs were written. */
	int count() {
		return this.written;
	}

	/**
	 * Writes one run: {@code rows} of {@code buffer}, in that (sorted) order, in blocks
	 * of {@code blockRows}.
	 */
	void write(ColumnVector[] buffer, int[] rows, int n, int blockRows) {
		Path file = newRunFile();
		this.files.add(file);
		this.written++;
		try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
			this.blockRows = Math.max(1, Math.min(ColumnVector.BATCH_SIZE, blockRows));
			int[] slice = new int[Math.max(1, Math.min(n, this.blockRows))];
			for (int from = 0; from < n; from += slice.length) {
				int m = Math.min(slice.length, n - from);
				System.arraycopy(rows, from, slice, 0, m);
				ColumnVector[] columns = new ColumnVector[buffer.length];
				for (int c = 0; c < columns.length; c++) {
					columns[c] = buffer[c].select(slice, m);
				}
				writeBlock(out, new Batch(columns, m));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot spill a sort run to local disk: " + ex, ex);
		}
	}

	private Path newRunFile() {
		try {
			return Files.createTempFile("kindling-sort-", ".run");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot spill a sort run to local disk: " + ex, ex);
		}
	}

	private void writeBlock(DataOutputStream out, Batch batch) throws IOException {
		byte[] block = ShuffleBlocks.encode(batch, this.schema);
		out.writeInt(block.length);
		out.write(block);
		this.metrics.spillBytes += block.length + 4L;
		this.largestBlock = Math.max(this.largestBlock, block.length);
	}

	/**
	 * How many runs may be open at once: as many blocks as fit in the sort's memory, 2 to
	 * 64.
	 */
	int fanIn() {
		long perRun = Math.max(1, 3 * this.largestBlock);
		return (int) Math.max(2, Math.min(64, this.memoryBytes / perRun));
	}

	/** Every run merged, in batches of up to {@link ColumnVector#BATCH_SIZE} rows. */
	Iterator<Batch> merge() {
		int fanIn = fanIn();
		while (this.files.size() > fanIn) {
			mergePass(fanIn);
		}
		return merging(this.files, ColumnVector.BATCH_SIZE);
	}

	/**
	 * Merges each group of {@code fanIn} consecutive runs into one run, keeping the runs'
	 * order.
	 */
	private void mergePass(int fanIn) {
		List<Path> longer = new ArrayList<>();
		for (int from = 0; from < this.files.size(); from += fanIn) {
			List<Path> group = List.copyOf(this.files.subList(from, Math.min(this.files.size(), from + fanIn)));
			if (group.size() == 1) {
				longer.add(group.get(0));
				continue;
			}
			Path file = newRunFile();
			longer.add(file);
			try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
				Iterator<Batch> merged = merging(group, this.blockRows);
				while (merged.hasNext()) {
					Cancellation.check();
					writeBlock(out, merged.next());
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot spill a sort run to local disk: " + ex, ex);
			}
			finally {
				closeReaders();
				group.forEach(SortRuns::delete);
			}
		}
		this.files.clear();
		this.files.addAll(longer);
	}

	private Iterator<Batch> merging(List<Path> runs, int batchRows) {
		PriorityQueue<Reader> heap = new PriorityQueue<>((a, b) -> {
			int c = this.order.compare(a.keys, a.row, b.keys, b.row);
			return c != 0 ? c : Integer.compare(a.run, b.run);
		});
		for (int r = 0; r < runs.size(); r++) {
			Reader reader = new Reader(r, runs.get(r));
			this.readers.add(reader);
			this.mostOpen = Math.max(this.mostOpen, this.readers.size());
			if (reader.advance()) {
				heap.add(reader);
			}
		}
		return new Iterator<>() {

			private final int[] one = new int[1];

			@Override
			public boolean hasNext() {
				return !heap.isEmpty();
			}

			@Override
			public Batch next() {
				ColumnVector[] out = new ColumnVector[SortRuns.this.schema.size()];
				for (int c = 0; c < out.length; c++) {
					out[c] = ColumnVector.allocate(SortRuns.this.schema.field(c).type(), batchRows);
				}
				int n = 0;
				Cancellation.check();
				while (n < batchRows && !heap.isEmpty()) {
					Reader top = heap.poll();
					this.one[0] = top.row;
					for (int c = 0; c < out.length; c++) {
						Columns.appendRows(out[c], top.batch.column(c), this.one, 1);
					}
					n++;
					if (top.advance()) {
						heap.add(top);
					}
				}
				return new Batch(out, n);
			}

		};
	}

	/** Deletes the run files. */
	@Override
	public void close() {
		closeReaders();
		this.files.forEach(SortRuns::delete);
		this.files.clear();
	}

	private void closeReaders() {
		for (Reader r : this.readers) {
			r.close();
		}
		this.readers.clear();
	}

	private static void delete(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// a temp file; the OS cleans it up eventually
		}
	}

	/**
	 * A cursor over one run: its current batch, that batch's key values, and the current
	 * row.
	 */
	private final class Reader {

		final int run;

		private final DataInputStream in;

		Batch batch;

		ColumnVector[] keys;

		int row = -1;

		Reader(int run, Path file) {
			this.run = run;
			try {
				this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read a spilled sort run: " + ex, ex);
			}
		}

		/** Moves to the next row; false at the end of the run. */
		boolean advance() {
			this.row++;
			while (this.batch == null || this.row >= this.batch.rowCount()) {
				Batch next = readBatch();
				if (next == null) {
					close();
					return false;
				}
				this.batch = next;
				this.row = 0;
				this.keys = new ColumnVector[SortRuns.this.keys.size()];
				for (int k = 0; k < this.keys.length; k++) {
					this.keys[k] = SortRuns.this.keys.get(k).evaluate(next);
				}
			}
			return true;
		}

		private Batch readBatch() {
			try {
				int length;
				try {
					length = this.in.readInt();
				}
				catch (EOFException ex) {
					return null;
				}
				byte[] block = new byte[length];
				this.in.readFully(block);
				Iterator<Batch> batches = ShuffleBlocks.decode(block, SortRuns.this.schema);
				return batches.hasNext() ? batches.next() : readBatch();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read a spilled sort run: " + ex, ex);
			}
		}

		void close() {
			try {
				this.in.close();
			}
			catch (IOException ex) {
				// nothing left to read
			}
		}

	}

}
