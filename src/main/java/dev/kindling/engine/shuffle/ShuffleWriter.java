package dev.kindling.engine.shuffle;

import java.util.List;

import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.Columns;

/**
 * Splits a map task's output rows into {@code partitions} blocks by a hash of the key
 * expressions (all rows to block 0 when there are no keys) and encodes each block.
 * <p>
 * Rows are gathered per partition in column vectors and encoded a batch of
 * {@link ColumnVector#BATCH_SIZE} rows at a time, so memory is the encoded bytes plus at
 * most one batch per partition. See {@link BlockCodec} for the format.
 */
public final class ShuffleWriter {

	private final Schema schema;

	private final List<BoundExpr> keys;

	private final int partitions;

	private final BlockCodec.Sink[] sinks;

	private final ColumnVector[][] pending;

	private final int[] pendingRows;

	private final long[] rows;

	private boolean finished;

	private final boolean direct;

	public ShuffleWriter(Schema schema, List<BoundExpr> keys, int partitions) {
		this(schema, keys, partitions, false);
	}

	/**
	 * A writer that, when {@code direct}, sends each row to the block its one key names
	 * (modulo the blocks) instead of by a hash of the keys.
	 */
	public ShuffleWriter(Schema schema, List<BoundExpr> keys, int partitions, boolean direct) {
		if (partitions < 1) {
			throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
		}
		this.schema = schema;
		this.keys = List.copyOf(keys);
		this.partitions = partitions;
		this.sinks = new BlockCodec.Sink[partitions];
		this.pending = new ColumnVector[partitions][];
		this.pendingRows = new int[partitions];
		this.rows = new long[partitions];
		this.direct = direct;
	}

	public void write(Batch batch) {
		if (this.finished) {
			throw new IllegalStateException("shuffle writer already finished");
		}
		int n = batch.rowCount();
		if (n == 0) {
			return;
		}
		if (this.keys.isEmpty() || this.partitions == 1) {
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
		ColumnVector[] keyColumns = new ColumnVector[this.keys.size()];
		for (int k = 0; k < keyColumns.length; k++) {
			keyColumns[k] = this.keys.get(k).evaluate(batch);
		}
		int[] part = new int[n];
		if (this.direct) {
			dev.kindling.engine.vector.LongVector block = (dev.kindling.engine.vector.LongVector) keyColumns[0];
			for (int i = 0; i < n; i++) {
				part[i] = block.isNull(i) ? 0 : (int) Math.floorMod(block.get(i), (long) this.partitions);
			}
		}
		else {
			HashPartitioner.partitions(keyColumns, n, this.partitions, part);
		}
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
				slice = java.util.Arrays.copyOfRange(rows, from + done, from + done + take);
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
		BlockCodec.writeBatch(this.sinks[p], batch, this.schema);
	}

	/**
	 * The encoded blocks, one per reduce partition (an empty array for an empty block).
	 */
	public byte[][] finish() {
		byte[][] out = new byte[this.partitions][];
		for (int p = 0; p < this.partitions; p++) {
			flush(p);
			out[p] = this.sinks[p] == null ? new byte[0] : this.sinks[p].toByteArray();
			this.sinks[p] = null;
		}
		this.finished = true;
		return out;
	}

	/** Rows per reduce partition, valid after {@link #finish()}. */
	public long[] rows() {
		return this.rows.clone();
	}

}
