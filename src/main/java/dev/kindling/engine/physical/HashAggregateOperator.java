package dev.kindling.engine.physical;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.kindling.engine.cancel.Cancellation;
import dev.kindling.engine.aggregate.Accumulator;
import dev.kindling.engine.expr.eval.BoundAggregate;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.physical.HashAggregateExec.Mode;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.Batches;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.Columns;
import dev.kindling.engine.vector.StringVector;

/**
 * Executes a {@link HashAggregateExec} in any of its modes. Each input batch is mapped to
 * group ids by a {@link KeyTable} (no keys: every row is group 0), then every
 * {@link Accumulator} folds the batch in with a tight loop over primitive arrays. The key
 * values of a group are copied once, when the group first appears. A global aggregate
 * always has its one group, so it yields one row even for no input; a grouped aggregate
 * over no input yields no rows. A PARTIAL aggregate emits and forgets its groups whenever
 * it holds {@link #PARTIAL_FLUSH_GROUPS} of them or they pass its memory (as Spark's
 * partial aggregation falls back to passing rows on): the reduce side merges them.
 *
 * <p>
 * A grouped FINAL or SINGLE aggregate whose groups pass its memory spills them: each
 * group's keys and partial states (and, for a DISTINCT aggregate, the distinct argument
 * tuples it has seen, see {@link DistinctTuples}) are written by an
 * {@link AggregateSpill} to {@link SpillPartitions} files cut by a hash of the keys, and
 * the table starts afresh. At the end of the input the rest is spilled too and each file
 * is merged on its own by an aggregate of the same calls that reads this layout (partial
 * states merged, distinct tuples deduplicated again), and spills again with the next hash
 * seed if a file's groups still do not fit ({@link #MAX_SPILL_DEPTH} levels at most). The
 * memory held is an estimate: per group its keys' bytes and a fixed size per state
 * column, per distinct tuple its bytes.
 */
final class HashAggregateOperator implements Operator {

	/** What the input rows are. */
	private enum Input {

		/** Raw rows (PARTIAL and SINGLE mode). */
		RAW,
		/** Keys then partial states (FINAL mode). */
		STATES,
		/** A spill file's rows: keys, states or distinct arguments, a tag. */
		SPILLED

	}

	/**
	 * Spill levels at most: a file spilled this often is merged in memory whatever it
	 * holds.
	 */
	static final int MAX_SPILL_DEPTH = 4;

	/** Estimated bytes of a group besides its keys and states: hash slots, ids. */
	static final int GROUP_BYTES = 32;

	private final HashAggregateExec plan;

	private final Operator child;

	private final Input input;

	private final long memoryBytes;

	private final TaskMetrics metrics;

	/** 0 for the aggregate of the plan, 1 + its level for a spill file's merge. */
	private final int depth;

	/** Estimated bytes of the groups held. */
	private long heldBytes;

	/**
	 * Estimated bytes of a group besides its keys: slots, ids, and its states, measured
	 * on the first groups and on every spill (a sketch's state can be kilobytes).
	 */
	private long groupBytes;

	private boolean measured;

	/** The layout of a spill file's rows. */
	private final AggregateSpillLayout layout;

	/** The spilled groups, once they passed the memory. */
	private AggregateSpill spill;

	private final Schema schema;

	private final Mode mode;

	/** Key expressions over the raw input (PARTIAL, SINGLE); null in FINAL mode. */
	private final List<BoundExpr> keyExprs;

	private final int keyCount;

	private final DataType[] keyTypes;

	/** The aggregate calls, bound to the raw input, which make fresh accumulators. */
	private final BoundAggregate[] aggregates;

	/** Per aggregate, the number of its partial state columns (read in FINAL mode). */
	private final int[] stateWidths;

	/**
	 * In PARTIAL mode, the group count at which the groups so far are emitted and
	 * forgotten.
	 */
	private final int partialFlushGroups;

	private KeyTable table;

	private ColumnVector[] keyValues;

	private Accumulator[] accumulators;

	/**
	 * Per DISTINCT aggregate, the (group, arguments) tuples seen; null for the others.
	 */
	private final DistinctTuples[] distinct;

	private int groups;

	private boolean inputDone;

	private boolean emitting;

	private int emitted;

	/**
	 * Groups a PARTIAL aggregate holds before it emits them and starts afresh: the reduce
	 * side merges partial rows of a key however many there are, so the map side's memory
	 * stays bounded when keys barely repeat.
	 */
	static final int PARTIAL_FLUSH_GROUPS = 1 << 20;

	HashAggregateOperator(HashAggregateExec plan, Operator child) {
		this(plan, child, PARTIAL_FLUSH_GROUPS);
	}

	HashAggregateOperator(HashAggregateExec plan, Operator child, int partialFlushGroups) {
		this(plan, child, partialFlushGroups, Long.MAX_VALUE, new TaskMetrics(), 0);
	}

	/**
	 * An aggregate whose groups hold about {@code memoryBytes} at most, counting its
	 * spills in {@code metrics}.
	 */
	HashAggregateOperator(HashAggregateExec plan, Operator child, long memoryBytes, TaskMetrics metrics) {
		this(plan, child, PARTIAL_FLUSH_GROUPS, memoryBytes, metrics, 0);
	}

	private HashAggregateOperator(HashAggregateExec plan, Operator child, int partialFlushGroups, long memoryBytes,
			TaskMetrics metrics, int depth) {
		this.plan = plan;
		this.child = child;
		this.partialFlushGroups = partialFlushGroups;
		this.memoryBytes = memoryBytes;
		this.metrics = metrics;
		this.depth = depth;
		this.schema = plan.schema();
		this.mode = plan.mode();
		this.input = depth > 0 ? Input.SPILLED : this.mode == Mode.FINAL ? Input.STATES : Input.RAW;
		this.keyCount = plan.keys().size();
		DataType[] keyTypes = new DataType[this.keyCount];
		this.keyTypes = keyTypes;
		if (this.input != Input.RAW) {
			this.keyExprs = null;
			for (int k = 0; k < this.keyCount; k++) {
				keyTypes[k] = child.schema().field(k).type();
			}
		}
		else {
			this.keyExprs = plan.boundKeys();
			for (int k = 0; k < this.keyCount; k++) {
				keyTypes[k] = this.keyExprs.get(k).type();
			}
		}
		this.aggregates = plan.boundAggregates().toArray(new BoundAggregate[0]);
		this.stateWidths = new int[this.aggregates.length];
		this.distinct = new DistinctTuples[this.aggregates.length];
		this.layout = new AggregateSpillLayout(keyTypes, this.aggregates);
		for (int a = 0; a < this.aggregates.length; a++) {
			BoundAggregate agg = this.aggregates[a];
			this.stateWidths[a] = agg.state().size();
		}
		long bytes = GROUP_BYTES;
		for (int width : this.stateWidths) {
			bytes += 16L * width;
		}
		this.groupBytes = bytes;
		reset();
	}

	private boolean isDistinct(int a) {
		return this.layout.isDistinct(a);
	}

	/** Whether this aggregate spills its groups when they pass its memory. */
	private boolean spills() {
		return this.mode != Mode.PARTIAL && this.keyCount > 0 && this.memoryBytes < Long.MAX_VALUE
				&& this.depth < MAX_SPILL_DEPTH;
	}

	/** Starts with no groups (or the one global group) and fresh accumulators. */
	private void reset() {
		this.heldBytes = 0;
		for (int a = 0; a < this.aggregates.length; a++) {
			if (isDistinct(a)) {
				this.distinct[a] = new DistinctTuples(this.aggregates[a], spills());
			}
		}
		this.table = this.keyCount == 0 ? null : new KeyTable(this.keyTypes);
		this.keyValues = new ColumnVector[this.keyCount];
		for (int k = 0; k < this.keyCount; k++) {
			this.keyValues[k] = ColumnVector.allocate(this.keyTypes[k], 64);
		}
		this.accumulators = new Accumulator[this.aggregates.length];
		for (int a = 0; a < this.accumulators.length; a++) {
			this.accumulators[a] = this.aggregates[a].newAccumulator();
		}
		this.groups = 0;
		if (this.keyCount == 0) {
			this.groups = 1;
			grow(1);
		}
	}

	@Override
	public Schema schema() {
		return this.schema;
	}

	@Override
	public Batch next() {
		while (true) {
			if (this.spill != null && this.inputDone) {
				return this.spill.nextMerged();
			}
			if (this.emitting) {
				if (this.emitted < this.groups) {
					int from = this.emitted;
					int to = Math.min(this.groups, from + ColumnVector.BATCH_SIZE);
					this.emitted = to;
					return output(from, to);
				}
				if (this.inputDone) {
					return null;
				}
				this.emitting = false;
				reset();
			}
			boolean flush = false;
			Batch batch;
			while (!flush && (batch = this.child.next()) != null) {
				Cancellation.check();
				if (batch.rowCount() > 0) {
					consume(batch);
				}
				if (this.mode == Mode.PARTIAL) {
					flush = this.keyCount > 0
							&& (this.groups >= this.partialFlushGroups || this.heldBytes > this.memoryBytes);
				}
				else if (this.heldBytes > this.memoryBytes && spills()) {
					spillTable();
				}
			}
			this.inputDone = !flush;
			if (this.inputDone && this.spill != null) {
				spillTable();
				this.spill.finish();
				continue;
			}
			this.emitting = true;
			this.emitted = 0;
		}
	}

	private void consume(Batch batch) {
		int n = batch.rowCount();
		int[] gids = new int[n];
		if (this.keyCount > 0) {
			ColumnVector[] keys = new ColumnVector[this.keyCount];
			for (int k = 0; k < this.keyCount; k++) {
				keys[k] = this.input != Input.RAW ? batch.column(k) : this.keyExprs.get(k).evaluate(batch);
			}
			int before = this.table.size();
			this.table.findOrInsert(keys, n, gids);
			int after = this.table.size();
			if (after > before) {
				int next = before;
				for (int i = 0; i < n && next < after; i++) {
					if (gids[i] == next) {
						for (int k = 0; k < this.keyCount; k++) {
							Columns.appendFrom(this.keyValues[k], keys[k], i);
						}
						this.heldBytes += this.groupBytes + rowBytes(keys, i);
						next++;
					}
				}
				this.groups = after;
				grow(after);
				if (!this.measured && this.keyCount > 0) {
					this.measured = true;
					measureStates(0, Math.min(after, 64));
				}
			}
		}
		if (this.input == Input.SPILLED) {
			mergeSpilled(batch, gids, n);
			return;
		}
		if (this.mode == Mode.FINAL) {
			int col = this.keyCount;
			for (int a = 0; a < this.accumulators.length; a++) {
				this.accumulators[a].merge(batch, col, gids, n);
				col += this.stateWidths[a];
			}
			return;
		}
		for (int a = 0; a < this.accumulators.length; a++) {
			List<BoundExpr> exprs = this.aggregates[a].arguments();
			ColumnVector[] args = new ColumnVector[exprs.size()];
			for (int i = 0; i < args.length; i++) {
				args[i] = exprs.get(i).evaluate(batch);
			}
			if (this.distinct[a] != null) {
				this.heldBytes += this.distinct[a].update(this.accumulators[a], args, gids, n);
			}
			else {
				this.accumulators[a].update(args, gids, n);
			}
		}
	}

	/**
	 * Raises the bytes per group to what the states of groups {@code from .. to)} take.
	 */
	private void measureStates(int from, int to) {
		long bytes = 0;
		for (Accumulator acc : this.accumulators) {
			bytes += Batches.sizeOf(new Batch(acc.state(from, to), to - from));
		}
		long perGroup = GROUP_BYTES + bytes / Math.max(1, to - from);
		if (perGroup > this.groupBytes) {
			this.heldBytes += (perGroup - this.groupBytes) * this.groups;
			this.groupBytes = perGroup;
		}
	}

	/** Estimated bytes of row {@code row}'s values in {@code columns}. */
	static long rowBytes(ColumnVector[] columns, int row) {
		long bytes = 0;
		for (ColumnVector c : columns) {
			bytes += (c instanceof StringVector s && !s.isNull(row)) ? 16 + s.length(row) : 8;
		}
		return bytes;
	}

	private void grow(int groups) {
		for (Accumulator acc : this.accumulators) {
			acc.grow(groups);
		}
	}

	/**
	 * Folds a spill file's rows in: rows tagged -1 carry keys and partial states, rows
	 * tagged with an aggregate's index one distinct argument tuple of that aggregate.
	 */
	private void mergeSpilled(Batch batch, int[] gids, int n) {
		int col = this.keyCount;
		boolean distincts = false;
		for (DistinctTuples d : this.distinct) {
			distincts |= d != null;
		}
		Batch states = batch;
		int[] stateGids = gids;
		int stateRows = n;
		if (distincts) {
			int[] rows = AggregateSpillLayout.rowsTagged(batch, -1);
			stateRows = rows.length;
			states = batch.select(rows, stateRows);
			stateGids = new int[stateRows];
			for (int i = 0; i < stateRows; i++) {
				stateGids[i] = gids[rows[i]];
			}
		}
		for (int a = 0; a < this.accumulators.length; a++) {
			if (!isDistinct(a)) {
				if (stateRows > 0) {
					this.accumulators[a].merge(states, col, stateGids, stateRows);
				}
			}
			else {
				int[] rows = AggregateSpillLayout.rowsTagged(batch, a);
				if (rows.length > 0) {
					ColumnVector[] args = new ColumnVector[this.layout.width(a)];
					for (int i = 0; i < args.length; i++) {
						args[i] = batch.column(col + i).select(rows, rows.length);
					}
					int[] tupleGids = new int[rows.length];
					for (int i = 0; i < rows.length; i++) {
						tupleGids[i] = gids[rows[i]];
					}
					this.heldBytes += this.distinct[a].update(this.accumulators[a], args, tupleGids, rows.length);
				}
			}
			col += this.layout.width(a);
		}
	}

	/**
	 * Writes the groups held (and the distinct tuples kept) to the spill files and starts
	 * afresh.
	 */
	private void spillTable() {
		if (this.spill == null) {
			this.spill = new AggregateSpill(this.layout, this.depth, this.metrics,
					(file) -> new HashAggregateOperator(this.plan, file, this.partialFlushGroups, this.memoryBytes,
							this.metrics, this.depth + 1));
		}
		if (this.groups == 0) {
			return;
		}
		measureStates(0, this.groups);
		this.spill.write(this.keyValues, this.groups, this.accumulators, this.distinct);
		reset();
	}

	/** How many levels of spill files this aggregate wrote (0: it ran in memory). */
	int deepestSpill() {
		return this.spill == null ? 0 : this.spill.deepestSpill();
	}

	private Batch output(int from, int to) {
		List<ColumnVector> out = new ArrayList<>(this.schema.size());
		if (this.keyCount > 0) {
			int[] rows = new int[to - from];
			for (int i = 0; i < rows.length; i++) {
				rows[i] = from + i;
			}
			for (ColumnVector keys : this.keyValues) {
				out.add(keys.select(rows, rows.length));
			}
		}
		for (Accumulator acc : this.accumulators) {
			if (this.mode == Mode.PARTIAL) {
				out.addAll(Arrays.asList(acc.state(from, to)));
			}
			else {
				out.add(acc.result(from, to));
			}
		}
		return Batch.of(out, to - from);
	}

	@Override
	public void close() {
		try {
			if (this.spill != null) {
				this.spill.close();
			}
		}
		finally {
			this.child.close();
		}
	}

}
