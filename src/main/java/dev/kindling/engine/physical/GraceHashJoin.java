package dev.kindling.engine.physical;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import dev.kindling.engine.cancel.Cancellation;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.logical.Join.JoinType;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.Batches;
import dev.kindling.engine.vector.ColumnVector;

/**
 * A {@link HashJoinExec} in bounded memory: a grace hash join. It gathers the build
 * (right) side; when that fits in half of {@code memoryBytes} (the rest is the hash table
 * and the copy the join makes) it is an in-memory {@link HashJoinOperator}. Otherwise
 * both sides are cut into {@link SpillPartitions} files by a hash of their join keys (the
 * keys as the join compares them, so equal keys of either side meet in one file; a null
 * key's row goes to some file, where it matches nothing and is still null-padded or kept
 * as its join type says), and the files are joined pair by pair, each pair again by a
 * grace hash join with the next hash seed, so a file whose build side still does not fit
 * is cut again ({@link #MAX_DEPTH} levels at most: rows of one key cannot be cut, so past
 * that a pair is joined in memory whatever it holds). Every join type stays correct: each
 * key's rows of both sides, and every candidate pair of the residual condition, are in
 * one pair of files. The output order is then file by file. With {@code buildLeft} (a
 * join adaptive execution turned into a broadcast join of a small left side) the left
 * side is the one gathered and built.
 */
final class GraceHashJoin implements Operator {

	/** Spill levels at most. */
	static final int MAX_DEPTH = 4;

	private final HashJoinExec plan;

	private final Operator left;

	private final Operator right;

	private final long memoryBytes;

	private final TaskMetrics metrics;

	private final int depth;

	/** Whether the left side is the build side (else the right one). */
	private final boolean buildLeft;

	/** Per key, whether the join compares it as a double. */
	private final boolean[] asDouble;

	private boolean started;

	/** The in-memory join now running: of the whole input, or of one pair of files. */
	private Operator joining;

	/** Whether {@link #joining} reads the probe side itself (and closes it). */
	private boolean joiningOwnsProbe;

	private SpillPartitions leftSpill;

	private SpillPartitions rightSpill;

	private int partition;

	/** The bytes of the build side's files. */
	private long buildBytes;

	private int deepest;

	GraceHashJoin(HashJoinExec plan, Operator left, Operator right, long memoryBytes, TaskMetrics metrics) {
		this(plan, left, right, memoryBytes, metrics, false);
	}

	GraceHashJoin(HashJoinExec plan, Operator left, Operator right, long memoryBytes, TaskMetrics metrics,
			boolean buildLeft) {
		this(plan, left, right, memoryBytes, metrics, 0, buildLeft);
	}

	private GraceHashJoin(HashJoinExec plan, Operator left, Operator right, long memoryBytes, TaskMetrics metrics,
			int depth, boolean buildLeft) {
		if (buildLeft && plan.type() != JoinType.INNER && plan.type() != JoinType.RIGHT) {
			throw new IllegalArgumentException("a " + plan.type() + " join cannot build its left side");
		}
		this.buildLeft = buildLeft;
		this.plan = plan;
		this.left = left;
		this.right = right;
		this.memoryBytes = memoryBytes;
		this.metrics = metrics;
		this.depth = depth;
		List<BoundExpr> lk = plan.boundLeftKeys();
		List<BoundExpr> rk = plan.boundRightKeys();
		this.asDouble = new boolean[lk.size()];
		for (int k = 0; k < this.asDouble.length; k++) {
			DataType lt = lk.get(k).type();
			DataType rt = rk.get(k).type();
			this.asDouble[k] = !(lt.isLongBacked() && rt.isLongBacked()) && lt != rt;
		}
	}

	@Override
	public Schema schema() {
		return this.plan.schema();
	}

	@Override
	public Batch next() {
		if (!this.started) {
			this.started = true;
			start();
		}
		while (true) {
			if (this.joining != null) {
				Batch batch = this.joining.next();
				if (batch != null || this.rightSpill == null) {
					return batch;
				}
				if (this.joining instanceof GraceHashJoin g) {
					this.deepest = Math.max(this.deepest, g.deepestSpill());
				}
				this.joining.close();
				this.joining = null;
				this.leftSpill.delete(this.partition);
				this.rightSpill.delete(this.partition);
				this.partition++;
			}
			if (this.rightSpill == null) {
				return null;
			}
			if (this.partition >= SpillPartitions.PARTITIONS) {
				this.leftSpill.close();
				this.rightSpill.close();
				return null;
			}
			if (yieldsNothing(this.leftSpill.bytes(this.partition) > 0, this.rightSpill.bytes(this.partition) > 0)) {
				this.leftSpill.delete(this.partition);
				this.rightSpill.delete(this.partition);
				this.partition++;
				continue;
			}
			// A file that took the whole build side is one key (or keys no seed parts):
			// cutting it again would only copy it, so it is joined in memory.
			SpillPartitions buildSpill = this.buildLeft ? this.leftSpill : this.rightSpill;
			boolean cut = buildSpill.bytes(this.partition) < this.buildBytes;
			this.joining = new GraceHashJoin(this.plan, this.leftSpill.operator(this.partition),
					this.rightSpill.operator(this.partition), this.memoryBytes, this.metrics,
					cut ? this.depth + 1 : MAX_DEPTH, this.buildLeft);
		}
	}

	/** Whether a pair of files with rows on these sides can add nothing to the output. */
	private boolean yieldsNothing(boolean leftRows, boolean rightRows) {
		JoinType type = this.plan.type();
		return switch (type) {
			case INNER, SEMI -> !leftRows || !rightRows;
			case LEFT, ANTI -> !leftRows;
			case RIGHT -> !rightRows;
			case FULL -> !leftRows && !rightRows;
		};
	}

	/**
	 * Gathers the build side: into memory when it fits, else into files, then the probe
	 * side too.
	 */
	private void start() {
		Operator build = this.buildLeft ? this.left : this.right;
		Operator probe = this.buildLeft ? this.right : this.left;
		List<BoundExpr> buildKeys = this.buildLeft ? this.plan.boundLeftKeys() : this.plan.boundRightKeys();
		List<BoundExpr> probeKeys = this.buildLeft ? this.plan.boundRightKeys() : this.plan.boundLeftKeys();
		List<Batch> held = new ArrayList<>();
		long bytes = 0;
		boolean fits = true;
		Batch batch;
		while ((batch = build.next()) != null) {
			Cancellation.check();
			held.add(batch);
			bytes += Batches.sizeOf(batch);
			if (bytes > this.memoryBytes / 2 && this.depth < MAX_DEPTH) {
				fits = false;
				break;
			}
		}
		if (fits) {
			Operator gathered = batches(build.schema(), held.iterator());
			this.joining = this.buildLeft ? new HashJoinOperator(this.plan, gathered, this.right, true)
					: new HashJoinOperator(this.plan, this.left, gathered);
			this.joiningOwnsProbe = true;
			return;
		}
		this.metrics.spills++;
		this.deepest = this.depth + 1;
		SpillPartitions buildSpill = new SpillPartitions(build.schema(), this.depth, this.metrics);
		SpillPartitions probeSpill = new SpillPartitions(probe.schema(), this.depth, this.metrics);
		this.leftSpill = this.buildLeft ? buildSpill : probeSpill;
		this.rightSpill = this.buildLeft ? probeSpill : buildSpill;
		for (Batch b : held) {
			buildSpill.add(b, keys(buildKeys, b));
		}
		held.clear();
		while ((batch = build.next()) != null) {
			Cancellation.check();
			buildSpill.add(batch, keys(buildKeys, batch));
		}
		buildSpill.finish();
		for (int p = 0; p < SpillPartitions.PARTITIONS; p++) {
			this.buildBytes += buildSpill.bytes(p);
		}
		while ((batch = probe.next()) != null) {
			Cancellation.check();
			probeSpill.add(batch, keys(probeKeys, batch));
		}
		probeSpill.finish();
	}

	/** The key values as the join compares them (mixed numeric types as doubles). */
	private ColumnVector[] keys(List<BoundExpr> exprs, Batch batch) {
		ColumnVector[] out = new ColumnVector[exprs.size()];
		for (int k = 0; k < out.length; k++) {
			ColumnVector v = exprs.get(k).evaluate(batch);
			out[k] = this.asDouble[k] ? HashJoinOperator.toDouble(v, batch.rowCount()) : v;
		}
		return out;
	}

	/** How many levels of files this join spilled (0: it ran in memory). */
	int deepestSpill() {
		if (this.joining instanceof GraceHashJoin g) {
			return Math.max(this.deepest, g.deepestSpill());
		}
		return this.deepest;
	}

	private static Operator batches(Schema schema, Iterator<Batch> batches) {
		return new Operator() {

			@Override
			public Schema schema() {
				return schema;
			}

			@Override
			public Batch next() {
				return batches.hasNext() ? batches.next() : null;
			}

		};
	}

	@Override
	public void close() {
		try {
			if (this.joining != null) {
				this.joining.close();
			}
			if (this.leftSpill != null) {
				this.leftSpill.close();
			}
			if (this.rightSpill != null) {
				this.rightSpill.close();
			}
		}
		finally {
			Operator build = this.buildLeft ? this.left : this.right;
			Operator probe = this.buildLeft ? this.right : this.left;
			try {
				if (!this.joiningOwnsProbe) {
					probe.close();
				}
			}
			finally {
				build.close();
			}
		}
	}

}
