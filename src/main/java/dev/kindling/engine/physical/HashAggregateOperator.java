package dev.kindling.engine.physical;

import java.util.ArrayList;
import java.util.List;

import dev.kindling.engine.expr.AggregateCall;
import dev.kindling.engine.expr.Binder;
import dev.kindling.engine.expr.BoundExpr;
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
 * Executes a {@link HashAggregateExec} in any of its modes. Each input batch is mapped to group ids
 * by a {@link KeyTable} (no keys: every row is group 0), then every {@link Accumulator} folds the
 * batch in with a tight loop over primitive arrays. The key values of a group are copied once, when
 * the group first appears. A global aggregate always has its one group, so it yields one row even
 * for no input; a grouped aggregate over no input yields no rows.
 */
final class HashAggregateOperator implements Operator {

	private final Operator child;

	private final Schema schema;

	private final Mode mode;

	/** Key expressions over the raw input (PARTIAL, SINGLE); null in FINAL mode. */
	private final List<BoundExpr> keyExprs;

	private final int keyCount;

	private final KeyTable table;

	private final ColumnVector[] keyValues;

	private final Accumulator[] accumulators;

	/** Argument expressions (PARTIAL, SINGLE); an entry is null for count(*). */
	private final BoundExpr[] arguments;

	/** Per DISTINCT aggregate, the table of (group, value) pairs seen; null for the others. */
	private final KeyTable[] distinct;

	private int groups;

	private boolean consumed;

	private int emitted;

	HashAggregateOperator(HashAggregateExec plan, Operator child) {
		this.child = child;
		this.schema = plan.schema();
		this.mode = plan.mode();
		Schema input = plan.inputSchema();
		this.keyCount = plan.keys().size();
		DataType[] keyTypes = new DataType[this.keyCount];
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
		this.table = this.keyCount == 0 ? null : new KeyTable(keyTypes);
		this.keyValues = new ColumnVector[this.keyCount];
		for (int k = 0; k < this.keyCount; k++) {
			this.keyValues[k] = ColumnVector.allocate(keyTypes[k], 64);
		}
		int aggCount = plan.aggregates().size();
		this.accumulators = new Accumulator[aggCount];
		this.arguments = new BoundExpr[aggCount];
		this.distinct = new KeyTable[aggCount];
		for (int a = 0; a < aggCount; a++) {
			NamedExpr named = plan.aggregates().get(a);
			AggregateCall call = (AggregateCall) named.expr();
			BoundExpr arg = call.argument() == null ? null : Binder.bind(call.argument(), input);
			DataType argType = arg == null ? DataType.BIGINT : arg.type();
			DataType result = LogicalPlanner.aggregateType(call, argType, "");
			this.accumulators[a] = Accumulator.create(call.function(), argType, result, arg == null);
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
		if (!this.consumed) {
			Batch batch;
			while ((batch = this.child.next()) != null) {
				if (batch.rowCount() > 0) {
					consume(batch);
				}
			}
			this.consumed = true;
		}
		if (this.emitted >= this.groups) {
			return null;
		}
		int from = this.emitted;
		int to = Math.min(this.groups, from + ColumnVector.BATCH_SIZE);
		this.emitted = to;
		return output(from, to);
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
