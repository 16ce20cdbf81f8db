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
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.Columns;
import dev.kindling.engine.vector.LongVector;

/**
 * Executes a {@link HashAggregateExec} in any of its modes. Each input batch is mapped to
 * group ids by a {@link KeyTable} (no keys: every row is group 0), then every
 * {@link Accumulator} folds the batch in with a tight loop over primitive arrays. The key
 * values of a group are copied once, when the group first appears. A global aggregate
 * always has its one group, so it yields one row even for no input; a grouped aggregate
 * over no input yields no rows. A PARTIAL aggregate emits and forgets its groups whenever
 * it holds {@link #PARTIAL_FLUSH_GROUPS} of them.
 */
final class HashAggregateOperator implements Operator {

	private final Operator child;

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
	 * Per DISTINCT aggregate, the table of (group, arguments) tuples seen; null for the
	 * others.
	 */
	private final KeyTable[] distinct;

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
		this.child = child;
		this.partialFlushGroups = partialFlushGroups;
		this.schema = plan.schema();
		this.mode = plan.mode();
		this.keyCount = plan.keys().size();
		DataType[] keyTypes = new DataType[this.keyCount];
		this.keyTypes = keyTypes;
		if (this.mode == Mode.FINAL) {
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
		this.distinct = new KeyTable[this.aggregates.length];
		for (int a = 0; a < this.aggregates.length; a++) {
			BoundAggregate agg = this.aggregates[a];
			this.stateWidths[a] = agg.state().size();
			if (agg.distinct() && !agg.arguments().isEmpty()) {
				DataType[] types = new DataType[agg.arguments().size() + 1];
				types[0] = DataType.BIGINT;
				for (int i = 1; i < types.length; i++) {
					types[i] = agg.arguments().get(i - 1).type();
				}
				this.distinct[a] = new KeyTable(types);
			}
		}
		reset();
	}

	/** Starts with no groups (or the one global group) and fresh accumulators. */
	private void reset() {
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
				flush = this.mode == Mode.PARTIAL && this.keyCount > 0 && this.groups >= this.partialFlushGroups;
			}
			this.inputDone = !flush;
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
				keys[k] = this.mode == Mode.FINAL ? batch.column(k) : this.keyExprs.get(k).evaluate(batch);
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
						next++;
					}
				}
				this.groups = after;
				grow(after);
			}
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
				updateDistinct(a, args, gids, n);
			}
			else {
				this.accumulators[a].update(args, gids, n);
			}
		}
	}

	/**
	 * Feeds the accumulator only the first row of each (group, arguments) tuple whose
	 * arguments are all non-null.
	 */
	private void updateDistinct(int a, ColumnVector[] args, int[] gids, int n) {
		long[] groupIds = new long[Math.max(n, 1)];
		for (int i = 0; i < n; i++) {
			groupIds[i] = gids[i];
		}
		KeyTable seen = this.distinct[a];
		int before = seen.size();
		int[] tupleIds = new int[n];
		ColumnVector[] tuple = new ColumnVector[args.length + 1];
		tuple[0] = new LongVector(DataType.BIGINT, groupIds, null, n);
		System.arraycopy(args, 0, tuple, 1, args.length);
		seen.findOrInsert(tuple, n, tupleIds);
		int[] rows = new int[n];
		int m = 0;
		int next = before;
		for (int i = 0; i < n; i++) {
			if (tupleIds[i] == next) {
				next++;
				if (noneNull(args, i)) {
					rows[m++] = i;
				}
			}
		}
		if (m == 0) {
			return;
		}
		int[] firstGids = new int[m];
		for (int i = 0; i < m; i++) {
			firstGids[i] = gids[rows[i]];
		}
		ColumnVector[] firstArgs = new ColumnVector[args.length];
		for (int k = 0; k < args.length; k++) {
			firstArgs[k] = args[k].select(rows, m);
		}
		this.accumulators[a].update(firstArgs, firstGids, m);
	}

	private static boolean noneNull(ColumnVector[] args, int row) {
		for (ColumnVector arg : args) {
			if (arg.isNull(row)) {
				return false;
			}
		}
		return true;
	}

	private void grow(int groups) {
		for (Accumulator acc : this.accumulators) {
			acc.grow(groups);
		}
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
		this.child.close();
	}

}
