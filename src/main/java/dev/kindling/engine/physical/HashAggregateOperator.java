package dev.kindling.engine.physical;

import java.util.ArrayList;
import java.util.List;

import dev.kindling.engine.expr.AggregateCall;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.logical.LogicalPlanner;
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

	/** The accumulators' function, argument type and result type, to make fresh ones. */
	private final String[] functions;

	private final DataType[] argTypes;

	private final DataType[] resultTypes;

	/**
	 * In PARTIAL mode, the group count at which the groups so far are emitted and
	 * forgotten.
	 */
	private final int partialFlushGroups;

	private KeyTable table;

	private ColumnVector[] keyValues;

	private Accumulator[] accumulators;

	/** Argument expressions (PARTIAL, SINGLE); an entry is null for count(*). */
	private final BoundExpr[] arguments;

	/**
	 * Per DISTINCT aggregate, the table of (group, value) pairs seen; null for the
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
		Schema input = plan.inputSchema();
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
			this.keyExprs = new ArrayList<>();
			for (int k = 0; k < this.keyCount; k++) {
				BoundExpr e = Binder.bind(plan.keys().get(k).expr(), input);
				this.keyExprs.add(e);
				keyTypes[k] = e.type();
			}
		}
		int aggCount = plan.aggregates().size();
		this.functions = new String[aggCount];
		this.argTypes = new DataType[aggCount];
		this.resultTypes = new DataType[aggCount];
		this.arguments = new BoundExpr[aggCount];
		this.distinct = new KeyTable[aggCount];
		for (int a = 0; a < aggCount; a++) {
			NamedExpr named = plan.aggregates().get(a);
			AggregateCall call = (AggregateCall) named.expr();
			BoundExpr arg = call.argument() == null ? null : Binder.bind(call.argument(), input);
			DataType argType = arg == null ? DataType.BIGINT : arg.type();
			DataType result = LogicalPlanner.aggregateType(call, argType, "");
			this.functions[a] = call.isCountStar() ? "count(*)" : call.function();
			this.argTypes[a] = argType;
			this.resultTypes[a] = result;
			if (this.mode != Mode.FINAL) {
				this.arguments[a] = arg;
			}
			if (call.distinct() && arg != null) {
				if (this.mode != Mode.SINGLE) {
					throw new IllegalStateException("DISTINCT aggregates run in SINGLE mode only: " + call.sql());
				}
				this.distinct[a] = new KeyTable(new DataType[] { DataType.BIGINT, arg.type() });
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
		this.accumulators = new Accumulator[this.functions.length];
		for (int a = 0; a < this.accumulators.length; a++) {
			boolean star = this.functions[a].equals("count(*)");
			this.accumulators[a] = Accumulator.create(star ? "count" : this.functions[a], this.argTypes[a],
					this.resultTypes[a], star);
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
			for (Accumulator acc : this.accumulators) {
				acc.merge(batch, col, gids, n);
				col += acc.stateWidth();
			}
			return;
		}
		for (int a = 0; a < this.accumulators.length; a++) {
			BoundExpr e = this.arguments[a];
			ColumnVector arg = e == null ? null : e.evaluate(batch);
			if (this.distinct[a] != null) {
				updateDistinct(a, arg, gids, n);
			}
			else {
				this.accumulators[a].update(arg, gids, n);
			}
		}
	}

	/** Feeds the accumulator only the first row of each (group, non-null value) pair. */
	private void updateDistinct(int a, ColumnVector arg, int[] gids, int n) {
		long[] groupIds = new long[Math.max(n, 1)];
		for (int i = 0; i < n; i++) {
			groupIds[i] = gids[i];
		}
		KeyTable seen = this.distinct[a];
		int before = seen.size();
		int[] pairIds = new int[n];
		seen.findOrInsert(new ColumnVector[] { new LongVector(DataType.BIGINT, groupIds, null, n), arg }, n, pairIds);
		int[] rows = new int[n];
		int m = 0;
		int next = before;
		for (int i = 0; i < n; i++) {
			if (pairIds[i] == next) {
				next++;
				if (!arg.isNull(i)) {
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
		this.accumulators[a].update(arg.select(rows, m), firstGids, m);
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
				out.addAll(List.of(acc.state(from, to)));
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
