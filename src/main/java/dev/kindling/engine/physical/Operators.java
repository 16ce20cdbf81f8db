package dev.kindling.engine.physical;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import dev.kindling.engine.cancel.Cancellation;
import dev.kindling.engine.cancel.TaskCancelledException;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;

/** Builds the operator tree that executes a physical plan for one task. */
public final class Operators {

	private Operators() {
	}

	public static Operator build(PhysicalPlan plan, TaskContext context) {
		if (plan instanceof FileScanExec scan) {
			return new ScanOperator(scan, context);
		}
		if (plan instanceof FilterExec f) {
			return new FilterOperator(build(f.child(), context), f.predicate(), context);
		}
		if (plan instanceof ProjectExec p) {
			return new ProjectOperator(build(p.child(), context), p.bound(), p.schema());
		}
		if (plan instanceof SampleExec s) {
			return new SampleOperator(s, build(s.child(), context), context.partition());
		}
		if (plan instanceof LimitExec l) {
			return new LimitOperator(build(l.child(), context), l.n());
		}
		if (plan instanceof ShuffleReadExec read) {
			return new IteratorOperator(read.schema(), context.shuffleInput(read.stageId()), context);
		}
		if (plan instanceof HashAggregateExec a) {
			return new HashAggregateOperator(a, build(a.child(), context), context.sortMemoryBytes(),
					context.metrics());
		}
		if (plan instanceof SortExec s) {
			return new SortOperator(s, build(s.child(), context), context.sortMemoryBytes(), context::cancelled,
					context.metrics());
		}
		if (plan instanceof CacheExec c) {
			return new CacheOperator(build(c.child(), context), c.key(), context);
		}
		if (plan instanceof CacheReadExec read) {
			List<Batch> cached = context.cached(read.key(), context.partition());
			if (cached != null) {
				return new IteratorOperator(read.schema(), cached.iterator(), context);
			}
			return build(read.lineage(), context);
		}
		if (plan instanceof WindowExec w) {
			return new WindowOperator(w, build(w.child(), context), context::cancelled);
		}
		if (plan instanceof HashJoinExec j) {
			// only a shuffled join (both sides read from shuffles) is ever turned into
			// a broadcast join of its left side
			boolean buildLeft = context.joinBuildsLeft() && !j.broadcast() && j.left() instanceof ShuffleReadExec
					&& j.right() instanceof ShuffleReadExec;
			return new GraceHashJoin(j, build(j.left(), context), build(j.right(), context), context.sortMemoryBytes(),
					context.metrics(), buildLeft);
		}
		if (plan instanceof UnionExec u) {
			List<Operator> inputs = new ArrayList<>();
			for (PhysicalPlan input : u.inputs()) {
				inputs.add(build(input, context));
			}
			return new UnionOperator(inputs, u.schema());
		}
		throw new IllegalStateException("no operator for " + plan.getClass().getSimpleName());
	}

	static final class FilterOperator implements Operator {

		private final Operator child;

		private final BoundExpr condition;

		private final TaskContext context;

		FilterOperator(Operator child, BoundExpr condition, TaskContext context) {
			this.child = child;
			this.condition = condition;
			this.context = context;
		}

		@Override
		public Schema schema() {
			return this.child.schema();
		}

		@Override
		public Batch next() {
			Batch batch;
			while ((batch = this.child.next()) != null) {
				if (this.context.cancelled()) {
					throw new TaskCancelledException();
				}
				Batch kept = batch.filter((BooleanVector) this.condition.evaluate(batch));
				if (kept.rowCount() > 0) {
					return kept;
				}
			}
			return null;
		}

		@Override
		public void close() {
			this.child.close();
		}

	}

	static final class ProjectOperator implements Operator {

		private final Operator child;

		private final List<BoundExpr> exprs;

		private final Schema schema;

		ProjectOperator(Operator child, List<BoundExpr> exprs, Schema schema) {
			this.child = child;
			this.exprs = exprs;
			this.schema = schema;
		}

		@Override
		public Schema schema() {
			return this.schema;
		}

		@Override
		public Batch next() {
			Batch batch = this.child.next();
			if (batch == null) {
				return null;
			}
			Cancellation.check();
			ColumnVector[] out = new ColumnVector[this.exprs.size()];
			for (int i = 0; i < out.length; i++) {
				out[i] = this.exprs.get(i).evaluate(batch);
			}
			return new Batch(out, batch.rowCount());
		}

		@Override
		public void close() {
			this.child.close();
		}

	}

	static final class LimitOperator implements Operator {

		private final Operator child;

		private long remaining;

		LimitOperator(Operator child, long n) {
			this.child = child;
			this.remaining = n;
		}

		@Override
		public Schema schema() {
			return this.child.schema();
		}

		@Override
		public Batch next() {
			if (this.remaining <= 0) {
				return null;
			}
			Batch batch = this.child.next();
			if (batch == null) {
				return null;
			}
			batch = batch.head((int) Math.min(this.remaining, batch.rowCount()));
			this.remaining -= batch.rowCount();
			return batch;
		}

		@Override
		public void close() {
			this.child.close();
		}

	}

	/** Passes batches on and caches the whole partition once its input is exhausted. */
	static final class CacheOperator implements Operator {

		private final Operator child;

		private final String key;

		private final TaskContext context;

		private List<Batch> kept = new ArrayList<>();

		CacheOperator(Operator child, String key, TaskContext context) {
			this.child = child;
			this.key = key;
			this.context = context;
		}

		@Override
		public Schema schema() {
			return this.child.schema();
		}

		@Override
		public Batch next() {
			Batch batch = this.child.next();
			if (batch == null) {
				if (this.kept != null) {
					this.context.cache(this.key, this.context.partition(), this.kept);
					this.kept = null;
				}
				return null;
			}
			if (this.kept != null) {
				this.kept.add(batch);
			}
			return batch;
		}

		@Override
		public void close() {
			this.child.close();
		}

	}

	/** Yields the batches of each input in turn. */
	static final class UnionOperator implements Operator {

		private final List<Operator> inputs;

		private final Schema schema;

		private int current;

		UnionOperator(List<Operator> inputs, Schema schema) {
			this.inputs = inputs;
			this.schema = schema;
		}

		@Override
		public Schema schema() {
			return this.schema;
		}

		@Override
		public Batch next() {
			while (this.current < this.inputs.size()) {
				Batch batch = this.inputs.get(this.current).next();
				if (batch != null) {
					return batch;
				}
				this.current++;
			}
			return null;
		}

		@Override
		public void close() {
			for (Operator input : this.inputs) {
				input.close();
			}
		}

	}

	/** Yields batches from an iterator (a shuffle read). */
	static final class IteratorOperator implements Operator {

		private final Schema schema;

		private final Iterator<Batch> batches;

		private final TaskContext context;

		IteratorOperator(Schema schema, Iterator<Batch> batches, TaskContext context) {
			this.schema = schema;
			this.batches = batches;
			this.context = context;
		}

		@Override
		public Schema schema() {
			return this.schema;
		}

		@Override
		public Batch next() {
			while (this.batches.hasNext()) {
				if (this.context.cancelled()) {
					throw new TaskCancelledException();
				}
				Batch b = this.batches.next();
				if (b.rowCount() > 0) {
					this.context.metrics().rowsIn += b.rowCount();
					return b;
				}
			}
			return null;
		}

		@Override
		public void close() {
			// a streamed shuffle read gives back its connections when the task stops
			// early
			if (this.batches instanceof AutoCloseable closeable) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// nothing more is read from it
				}
			}
		}

	}

}
