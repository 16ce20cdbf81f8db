package dev.kindling.engine.physical;

import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;

import dev.kindling.engine.cancel.Cancellation;
import dev.kindling.engine.cancel.TaskCancelledException;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.Batches;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.Columns;

/**
 * Sorts its input by the {@link SortExec}'s keys (stable: equal rows keep their input
 * order). A full sort gathers every row, then sorts row indexes with a merge sort over
 * the key vectors. With a limit it is a top-N in O(limit) memory: rows gather in a buffer
 * that is sorted and cut back to {@code limit} rows whenever it holds a batch more than
 * that, and once the buffer is full an incoming row is dropped with one comparison unless
 * it sorts before the current last kept row.
 *
 * <p>
 * A full sort holds about {@code memoryBytes} at most: past half of it in gathered rows
 * (the rest is headroom for growing vectors and the sort's index arrays) it sorts them,
 * writes them to local disk as a run ({@link SortRuns}) and starts again; at the end the
 * runs are merged, a block of each in memory at a time. A limit too large to keep in
 * memory as a top-N is a full sort cut to the limit.
 */
final class SortOperator implements Operator {

	private final Operator child;

	private final Schema schema;

	private final List<BoundExpr> keys;

	private final RowOrder order;

	/** The top-N size, or -1 for a full sort. */
	private final long limit;

	/** Rows to emit at most (the plan's limit, or -1). */
	private final long cut;

	private final BooleanSupplier cancelled;

	/** Where spilled runs and the bytes they take on disk are counted. */
	private final TaskMetrics metrics;

	private long emittedTotal;

	/** Gathered rows: one vector per column, {@code buffered} rows each. */
	private ColumnVector[] buffer;

	private int buffered;

	/**
	 * Whether the buffer holds {@code limit} sorted rows, the last one the bar to beat.
	 */
	private boolean full;

	private ColumnVector[] bufferKeys;

	private int[] sorted;

	private int emitted;

	private boolean consumed;

	private final long memoryBytes;

	private long bufferedBytes;

	/** Spilled runs, once the gathered rows outgrew {@code memoryBytes}. */
	private SortRuns runs;

	private Iterator<Batch> merged;

	SortOperator(SortExec plan, Operator child) {
		this(plan, child, Long.MAX_VALUE, () -> false);
	}

	SortOperator(SortExec plan, Operator child, long memoryBytes, BooleanSupplier cancelled) {
		this(plan, child, memoryBytes, cancelled, new TaskMetrics());
	}

	/**
	 * A sort that counts each run it spills, and the bytes it writes to local disk (runs
	 * and merge passes), in the task's {@code metrics}.
	 */
	SortOperator(SortExec plan, Operator child, long memoryBytes, BooleanSupplier cancelled, TaskMetrics metrics) {
		this.metrics = metrics;
		this.memoryBytes = memoryBytes;
		this.cancelled = cancelled;
		this.child = child;
		this.schema = plan.schema();
		this.keys = plan.bound();
		this.order = new RowOrder(plan.keys());
		// A limit beyond what a top-N keeps in memory is a full sort (which may spill)
		// and a cut.
		long topNRows = Math.min(Integer.MAX_VALUE / 4, Math.max(ColumnVector.BATCH_SIZE, memoryBytes / 256));
		this.limit = plan.limit() > topNRows ? -1 : plan.limit();
		this.cut = plan.limit();
		this.buffer = emptyBuffer(64);
	}

	private ColumnVector[] emptyBuffer(int capacity) {
		ColumnVector[] out = new ColumnVector[this.schema.size()];
		for (int c = 0; c < out.length; c++) {
			out[c] = ColumnVector.allocate(this.schema.field(c).type(), capacity);
		}
		return out;
	}

	@Override
	public Schema schema() {
		return this.schema;
	}

	@Override
	public Batch next() {
		if (!this.consumed) {
			consume();
			this.consumed = true;
		}
		if (this.merged != null) {
			if (this.merged.hasNext() && (this.cut < 0 || this.emittedTotal < this.cut)) {
				if (this.cancelled.getAsBoolean()) {
					throw new TaskCancelledException();
				}
				Batch batch = this.merged.next();
				if (this.cut >= 0) {
					batch = batch.head((int) Math.min(this.cut - this.emittedTotal, batch.rowCount()));
				}
				this.emittedTotal += batch.rowCount();
				return batch;
			}
			this.runs.close();
			return null;
		}
		int total = this.sorted.length;
		if (this.emitted >= total) {
			return null;
		}
		int from = this.emitted;
		int n = Math.min(total - from, ColumnVector.BATCH_SIZE);
		int[] rows = new int[n];
		System.arraycopy(this.sorted, from, rows, 0, n);
		this.emitted += n;
		ColumnVector[] out = new ColumnVector[this.buffer.length];
		for (int c = 0; c < out.length; c++) {
			out[c] = this.buffer[c].select(rows, n);
		}
		return new Batch(out, n);
	}

	private void consume() {
		if (this.limit == 0) {
			this.sorted = new int[0];
			return;
		}
		Batch batch;
		while ((batch = this.child.next()) != null) {
			Cancellation.check();
			if (batch.rowCount() > 0) {
				add(batch);
			}
		}
		if (this.runs != null) {
			if (this.buffered > 0) {
				spill();
			}
			this.merged = this.runs.merge();
			return;
		}
		sortBuffer();
		int keep = this.cut >= 0 ? (int) Math.min(this.cut, this.buffered) : this.buffered;
		if (keep < this.sorted.length) {
			this.sorted = java.util.Arrays.copyOf(this.sorted, keep);
		}
	}

	private void add(Batch batch) {
		int n = batch.rowCount();
		int[] rows = new int[n];
		int m = 0;
		if (this.full) {
			ColumnVector[] incoming = evaluateKeys(batch);
			int bar = (int) this.limit - 1;
			for (int i = 0; i < n; i++) {
				// Ties lose: the kept row came first.
				if (this.order.compare(incoming, i, this.bufferKeys, bar) < 0) {
					rows[m++] = i;
				}
			}
		}
		else {
			for (int i = 0; i < n; i++) {
				rows[m++] = i;
			}
		}
		if (m == 0) {
			return;
		}
		for (int c = 0; c < this.buffer.length; c++) {
			Columns.appendRows(this.buffer[c], batch.column(c), rows, m);
		}
		this.buffered += m;
		if (this.limit >= 0 && this.buffered >= this.limit + ColumnVector.BATCH_SIZE) {
			compact();
		}
		else if (this.limit < 0) {
			this.bufferedBytes += Batches.sizeOf(batch);
			if (this.bufferedBytes > this.memoryBytes / 2) {
				spill();
			}
		}
	}

	/** Sorts the gathered rows into a run on disk and starts gathering again. */
	private void spill() {
		if (this.runs == null) {
			this.runs = new SortRuns(this.schema, this.keys, this.order, this.memoryBytes, this.metrics);
		}
		this.metrics.spills++;
		sortBuffer();
		// Blocks small enough that a few dozen runs can be merged at once within the
		// memory.
		long bytesPerRow = Math.max(1, this.bufferedBytes / Math.max(1, this.buffered));
		int blockRows = (int) Math.max(16, Math.min(ColumnVector.BATCH_SIZE, this.memoryBytes / 64 / bytesPerRow));
		this.runs.write(this.buffer, this.sorted, this.buffered, blockRows);
		this.buffer = emptyBuffer(64);
		this.buffered = 0;
		this.bufferedBytes = 0;
		this.bufferKeys = null;
		this.sorted = null;
	}

	/** How many runs this sort spilled to disk (0: it fitted in memory). */
	int spilledRuns() {
		return this.runs == null ? 0 : this.runs.count();
	}

	/** The most spilled runs it had open at once while merging. */
	int mostOpenRuns() {
		return this.runs == null ? 0 : this.runs.mostOpen();
	}

	/** How many runs its merge may open at once. */
	int mergeFanIn() {
		return this.runs == null ? 0 : this.runs.fanIn();
	}

	private ColumnVector[] evaluateKeys(Batch batch) {
		ColumnVector[] out = new ColumnVector[this.keys.size()];
		for (int k = 0; k < out.length; k++) {
			out[k] = this.keys.get(k).evaluate(batch);
		}
		return out;
	}

	private void sortBuffer() {
		this.bufferKeys = evaluateKeys(new Batch(this.buffer, this.buffered));
		this.sorted = new int[this.buffered];
		for (int i = 0; i < this.buffered; i++) {
			this.sorted[i] = i;
		}
		this.order.sort(this.bufferKeys, this.sorted, this.buffered);
	}

	/** Sorts the buffer and keeps its first {@code limit} rows, in order. */
	private void compact() {
		sortBuffer();
		int keep = (int) this.limit;
		ColumnVector[] kept = new ColumnVector[this.buffer.length];
		for (int c = 0; c < kept.length; c++) {
			kept[c] = this.buffer[c].select(this.sorted, keep);
		}
		this.buffer = kept;
		this.buffered = keep;
		this.bufferKeys = evaluateKeys(new Batch(this.buffer, keep));
		this.full = true;
	}

	@Override
	public void close() {
		if (this.runs != null) {
			this.runs.close();
		}
		this.child.close();
	}

}
