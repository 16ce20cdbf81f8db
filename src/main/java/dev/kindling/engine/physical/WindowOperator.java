package dev.kindling.engine.physical;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;

import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.cancel.TaskCancelledException;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.expr.eval.BoundWindowFunction;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.Columns;

/**
 * Executes a {@link WindowExec} over input sorted by the partition keys and the window's
 * order (the sort below spills to disk when the task's rows outgrow its memory). Rows
 * gather one window partition at a time, with the values the functions read (their
 * arguments and the order keys, evaluated a batch at a time); when the partition keys
 * change, every function is computed over the gathered partition
 * ({@link WindowEvaluator}) and the rows go out with their new columns, a batch at a
 * time. One window partition is held whole, as in Spark's window operator.
 */
final class WindowOperator implements Operator {

	private final Operator child;

	private final WindowExec plan;

	private final BooleanSupplier cancelled;

	private final RowOrder partitionOrder;

	private final Deque<Batch> ready = new ArrayDeque<>();

	private boolean exhausted;

	/** The gathered partition: the child's columns, then every evaluated value. */
	private ColumnVector[] rows;

	private ColumnVector[] partitionKeys;

	private ColumnVector[] orderKeys;

	private ColumnVector[][] arguments;

	private ColumnVector[] defaults;

	private int size;

	WindowOperator(WindowExec plan, Operator child, BooleanSupplier cancelled) {
		this.plan = plan;
		this.child = child;
		this.cancelled = cancelled;
		List<SortKey> ascending = new ArrayList<>();
		plan.partitionBy().forEach((e) -> ascending.add(SortKey.of(e, true)));
		this.partitionOrder = new RowOrder(ascending);
		reset();
	}

	private void reset() {
		Schema input = this.child.schema();
		this.rows = new ColumnVector[input.size()];
		for (int c = 0; c < this.rows.length; c++) {
			this.rows[c] = ColumnVector.allocate(input.field(c).type(), 64);
		}
		this.partitionKeys = allocate(this.plan.boundPartitionBy());
		this.orderKeys = allocate(this.plan.boundOrderBy());
		List<BoundWindowFunction> functions = this.plan.boundFunctions();
		this.arguments = new ColumnVector[functions.size()][];
		this.defaults = new ColumnVector[functions.size()];
		for (int f = 0; f < functions.size(); f++) {
			this.arguments[f] = allocate(arguments(functions.get(f)));
			if (functions.get(f).defaultValue() != null) {
				this.defaults[f] = ColumnVector.allocate(functions.get(f).defaultValue().type(), 64);
			}
		}
		this.size = 0;
	}

	private static List<BoundExpr> arguments(BoundWindowFunction f) {
		return (f.aggregate() != null) ? f.aggregate().arguments() : f.arguments();
	}

	private static ColumnVector[] allocate(List<BoundExpr> exprs) {
		ColumnVector[] out = new ColumnVector[exprs.size()];
		for (int i = 0; i < out.length; i++) {
			out[i] = ColumnVector.allocate(exprs.get(i).type(), 64);
		}
		return out;
	}

	@Override
	public Schema schema() {
		return this.plan.schema();
	}

	@Override
	public Batch next() {
		while (this.ready.isEmpty()) {
			if (this.exhausted) {
				return null;
			}
			if (this.cancelled.getAsBoolean()) {
				throw new TaskCancelledException();
			}
			Batch batch = this.child.next();
			if (batch == null) {
				this.exhausted = true;
				if (this.size > 0) {
					finishPartition();
				}
				continue;
			}
			if (batch.rowCount() > 0) {
				add(batch);
			}
		}
		return this.ready.poll();
	}

	/** Adds a sorted batch, closing the partition wherever the partition keys change. */
	private void add(Batch batch) {
		int n = batch.rowCount();
		ColumnVector[] keys = evaluate(this.plan.boundPartitionBy(), batch);
		ColumnVector[] order = evaluate(this.plan.boundOrderBy(), batch);
		List<BoundWindowFunction> functions = this.plan.boundFunctions();
		ColumnVector[][] args = new ColumnVector[functions.size()][];
		ColumnVector[] defaults = new ColumnVector[functions.size()];
		for (int f = 0; f < functions.size(); f++) {
			args[f] = evaluate(arguments(functions.get(f)), batch);
			if (functions.get(f).defaultValue() != null) {
				defaults[f] = functions.get(f).defaultValue().evaluate(batch);
			}
		}
		int start = 0;
		for (int i = 0; i < n; i++) {
			boolean boundary = (i == 0)
					? this.size > 0 && this.partitionOrder.compare(this.partitionKeys, this.size - 1, keys, 0) != 0
					: this.partitionOrder.compare(keys, i - 1, keys, i) != 0;
			if (boundary) {
				append(batch, keys, order, args, defaults, start, i);
				finishPartition();
				start = i;
			}
		}
		append(batch, keys, order, args, defaults, start, n);
	}

	private static ColumnVector[] evaluate(List<BoundExpr> exprs, Batch batch) {
		ColumnVector[] out = new ColumnVector[exprs.size()];
		for (int i = 0; i < out.length; i++) {
			out[i] = exprs.get(i).evaluate(batch);
		}
		return out;
	}

	private void append(Batch batch, ColumnVector[] keys, ColumnVector[] order, ColumnVector[][] args,
			ColumnVector[] defaults, int from, int to) {
		int m = to - from;
		if (m == 0) {
			return;
		}
		int[] range = new int[m];
		for (int i = 0; i < m; i++) {
			range[i] = from + i;
		}
		for (int c = 0; c < this.rows.length; c++) {
			Columns.appendRows(this.rows[c], batch.column(c), range, m);
		}
		appendAll(this.partitionKeys, keys, range, m);
		appendAll(this.orderKeys, order, range, m);
		for (int f = 0; f < args.length; f++) {
			appendAll(this.arguments[f], args[f], range, m);
			if (defaults[f] != null) {
				Columns.appendRows(this.defaults[f], defaults[f], range, m);
			}
		}
		this.size += m;
	}

	private static void appendAll(ColumnVector[] dst, ColumnVector[] src, int[] rows, int m) {
		for (int k = 0; k < dst.length; k++) {
			Columns.appendRows(dst[k], src[k], rows, m);
		}
	}

	/** Computes every function over the gathered partition and queues its rows. */
	private void finishPartition() {
		int n = this.size;
		WindowPartition partition = new WindowPartition(n, this.orderKeys, this.plan.orderBy());
		List<BoundWindowFunction> functions = this.plan.boundFunctions();
		ColumnVector[] outputs = new ColumnVector[functions.size()];
		for (int f = 0; f < functions.size(); f++) {
			BoundWindowFunction function = functions.get(f);
			boolean aggregate = function.kind() == BoundWindowFunction.Kind.AGGREGATE;
			ColumnVector values = (!aggregate && this.arguments[f].length > 0) ? this.arguments[f][0] : null;
			outputs[f] = WindowEvaluator.compute(function, partition, values, this.defaults[f],
					aggregate ? this.arguments[f] : null);
		}
		int width = this.rows.length + outputs.length;
		for (int from = 0; from < n; from += ColumnVector.BATCH_SIZE) {
			int m = Math.min(ColumnVector.BATCH_SIZE, n - from);
			int[] range = new int[m];
			for (int i = 0; i < m; i++) {
				range[i] = from + i;
			}
			ColumnVector[] columns = new ColumnVector[width];
			for (int c = 0; c < this.rows.length; c++) {
				columns[c] = (n <= ColumnVector.BATCH_SIZE) ? this.rows[c] : this.rows[c].select(range, m);
			}
			for (int f = 0; f < outputs.length; f++) {
				columns[this.rows.length + f] = (n <= ColumnVector.BATCH_SIZE) ? outputs[f]
						: outputs[f].select(range, m);
			}
			this.ready.add(new Batch(columns, m));
		}
		reset();
	}

	@Override
	public void close() {
		this.child.close();
	}

}
