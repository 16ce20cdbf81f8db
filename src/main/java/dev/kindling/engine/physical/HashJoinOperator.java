package dev.kindling.engine.physical;

import java.util.Arrays;
import java.util.List;

import dev.kindling.engine.cancel.Cancellation;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.expr.ColumnRef;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.logical.Join.JoinType;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.Columns;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;

/**
 * Executes a {@link HashJoinExec}: gathers the right input, numbers its distinct keys in
 * a {@link KeyTable} and chains the rows of each key; then streams the left input batch
 * by batch, emitting up to {@link ColumnVector#BATCH_SIZE} joined pairs at a time, so a
 * key with many matches never builds one huge batch.
 * <p>
 * Keys compare as SQL {@code =}: a null key matches nothing, yet its row still appears,
 * null-padded, in an outer join (and is kept by an anti join). Keys of different numeric
 * types compare as {@code long} when both are integral, else as {@code double}. The
 * residual condition is evaluated on each candidate pair (left columns then right
 * columns); a pair that fails it does not count as a match for the outer, semi and anti
 * joins.
 * <p>
 * With {@code buildLeft} (a shuffled join adaptive execution turned into a broadcast join
 * whose small side is the left one: inner and right outer joins only, Spark's
 * {@code canBuildBroadcastLeft}) the roles swap: the table is built from the left input
 * and the right input is streamed; the output keeps the left-then-right layout.
 */
final class HashJoinOperator implements Operator {

	private final Operator left;

	private final Operator right;

	/** Whether the table is built from the left input (and the right one streamed). */
	private final boolean buildLeft;

	/** The input streamed through the table, and the one the table is built from. */
	private final Operator probe;

	private final Operator buildInput;

	private final JoinType type;

	private final Schema schema;

	private final Schema leftSchema;

	private final Schema rightSchema;

	private final List<BoundExpr> probeKeys;

	private final List<BoundExpr> buildKeys;

	/** Per key, whether both sides are compared as doubles. */
	private final boolean[] asDouble;

	private final DataType[] tableTypes;

	private final BoundExpr residual;

	/** For {@code using} joins: the key columns' indexes on each side; null otherwise. */
	private final int[] usingLeft;

	private final int[] usingRight;

	/** Whether the streamed side's rows without a match are kept, null-padded. */
	private final boolean keepProbe;

	/** Whether the built side's rows without a match are kept, null-padded. */
	private final boolean keepBuild;

	// build side
	private boolean built;

	private ColumnVector[] buildRows;

	private int buildCount;

	private KeyTable table;

	private int[] head;

	private int[] chain;

	private boolean[] buildMatched;

	// probe state
	private Batch current;

	private int[] currentGids;

	private boolean[] probeMatched;

	private int row;

	private int cursor = -1;

	private boolean probeDone;

	private int unmatchedBuildFrom;

	HashJoinOperator(HashJoinExec plan, Operator left, Operator right) {
		this(plan, left, right, false);
	}

	HashJoinOperator(HashJoinExec plan, Operator left, Operator right, boolean buildLeft) {
		this.left = left;
		this.right = right;
		this.buildLeft = buildLeft;
		this.type = plan.type();
		if (buildLeft && (this.type == JoinType.SEMI || this.type == JoinType.ANTI)) {
			throw new IllegalArgumentException("a " + this.type + " join cannot build its left side");
		}
		this.probe = buildLeft ? right : left;
		this.buildInput = buildLeft ? left : right;
		boolean keepLeft = this.type == JoinType.LEFT || this.type == JoinType.FULL;
		boolean keepRight = this.type == JoinType.RIGHT || this.type == JoinType.FULL;
		this.keepProbe = buildLeft ? keepRight : keepLeft;
		this.keepBuild = buildLeft ? keepLeft : keepRight;
		this.schema = plan.schema();
		this.leftSchema = left.schema();
		this.rightSchema = right.schema();
		int keyCount = plan.leftKeys().size();
		this.asDouble = new boolean[keyCount];
		this.tableTypes = new DataType[keyCount];
		this.probeKeys = buildLeft ? plan.boundRightKeys() : plan.boundLeftKeys();
		this.buildKeys = buildLeft ? plan.boundLeftKeys() : plan.boundRightKeys();
		for (int k = 0; k < keyCount; k++) {
			DataType lt = this.probeKeys.get(k).type();
			DataType rt = this.buildKeys.get(k).type();
			if (lt.isLongBacked() && rt.isLongBacked()) {
				this.tableTypes[k] = DataType.BIGINT;
			}
			else if (lt == rt) {
				this.tableTypes[k] = lt;
			}
			else {
				this.asDouble[k] = true;
				this.tableTypes[k] = DataType.DOUBLE;
			}
		}
		this.residual = plan.boundResidual();
		if (plan.using()) {
			this.usingLeft = new int[keyCount];
			this.usingRight = new int[keyCount];
			for (int k = 0; k < keyCount; k++) {
				this.usingLeft[k] = columnIndex(plan.leftKeys().get(k), this.leftSchema);
				this.usingRight[k] = columnIndex(plan.rightKeys().get(k), this.rightSchema);
			}
		}
		else {
			this.usingLeft = null;
			this.usingRight = null;
		}
	}

	private static int columnIndex(Expr key, Schema schema) {
		if (key instanceof ColumnRef ref && schema.indexOf(ref.name()) >= 0) {
			return schema.indexOf(ref.name());
		}
		throw new IllegalStateException("a using join key must be a column, got " + key.sql());
	}

	@Override
	public Schema schema() {
		return this.schema;
	}

	@Override
	public Batch next() {
		if (!this.built) {
			build();
			this.built = true;
		}
		while (true) {
			if (this.current == null) {
				if (this.probeDone) {
					return unmatchedBuild();
				}
				Cancellation.check();
				Batch batch = this.probe.next();
				if (batch == null) {
					this.probeDone = true;
					continue;
				}
				if (batch.rowCount() > 0) {
					startProbe(batch);
				}
				continue;
			}
			Batch out = pairs();
			if (out != null) {
				if (out.rowCount() > 0) {
					return out;
				}
				continue;
			}
			out = finishProbe();
			this.current = null;
			if (out != null && out.rowCount() > 0) {
				return out;
			}
		}
	}

	private void build() {
		Schema buildSchema = this.buildInput.schema();
		this.buildRows = new ColumnVector[buildSchema.size()];
		for (int c = 0; c < this.buildRows.length; c++) {
			this.buildRows[c] = ColumnVector.allocate(buildSchema.field(c).type(), 64);
		}
		Batch batch;
		while ((batch = this.buildInput.next()) != null) {
			Cancellation.check();
			for (int c = 0; c < this.buildRows.length; c++) {
				Columns.appendAll(this.buildRows[c], batch.column(c), batch.rowCount());
			}
			this.buildCount += batch.rowCount();
		}
		int n = this.buildCount;
		ColumnVector[] keys = keys(this.buildKeys, new Batch(this.buildRows, n));
		this.table = new KeyTable(this.tableTypes);
		int[] gids = new int[n];
		this.table.findOrInsert(keys, n, gids);
		this.head = new int[Math.max(this.table.size(), 1)];
		Arrays.fill(this.head, -1);
		this.chain = new int[Math.max(n, 1)];
		// Backwards, so each chain lists its rows in input order.
		for (int r = n - 1; r >= 0; r--) {
			if (!anyNull(keys, r)) {
				this.chain[r] = this.head[gids[r]];
				this.head[gids[r]] = r;
			}
		}
		if (this.keepBuild) {
			this.buildMatched = new boolean[Math.max(n, 1)];
		}
	}

	private ColumnVector[] keys(List<BoundExpr> exprs, Batch batch) {
		ColumnVector[] out = new ColumnVector[exprs.size()];
		for (int k = 0; k < out.length; k++) {
			ColumnVector v = exprs.get(k).evaluate(batch);
			out[k] = this.asDouble[k] ? toDouble(v, batch.rowCount()) : v;
		}
		return out;
	}

	private static boolean anyNull(ColumnVector[] keys, int row) {
		for (ColumnVector k : keys) {
			if (k.isNull(row)) {
				return true;
			}
		}
		return false;
	}

	/** The values as doubles (an all-null vector of an untyped null stays all null). */
	static DoubleVector toDouble(ColumnVector v, int n) {
		if (v instanceof DoubleVector d) {
			return d;
		}
		double[] out = new double[Math.max(n, 1)];
		boolean[] nulls = null;
		for (int i = 0; i < n; i++) {
			if (v.isNull(i) || v instanceof BooleanVector) {
				if (nulls == null) {
					nulls = new boolean[n];
				}
				nulls[i] = true;
			}
			else if (v instanceof LongVector l) {
				out[i] = l.get(i);
			}
			else {
				out[i] = ((DecimalVector) v).get(i).doubleValue();
			}
		}
		return new DoubleVector(out, nulls, n);
	}

	private void startProbe(Batch batch) {
		int n = batch.rowCount();
		ColumnVector[] keys = keys(this.probeKeys, batch);
		int[] gids = new int[n];
		this.table.find(keys, n, gids);
		for (int i = 0; i < n; i++) {
			if (gids[i] >= 0 && anyNull(keys, i)) {
				gids[i] = -1;
			}
		}
		this.current = batch;
		this.currentGids = gids;
		this.probeMatched = new boolean[n];
		this.row = 0;
		this.cursor = -1;
		if ((this.type == JoinType.SEMI || this.type == JoinType.ANTI) && this.residual == null) {
			// Existence is all these need: no pairs to enumerate.
			for (int i = 0; i < n; i++) {
				this.probeMatched[i] = gids[i] >= 0 && this.head[gids[i]] >= 0;
			}
			this.row = n;
		}
	}

	/**
	 * The next chunk of matching pairs of the current streamed batch that pass the
	 * residual (empty for semi and anti joins, which only mark rows), or null when the
	 * batch has no more pairs ({@code l}: streamed rows, {@code r}: built rows).
	 */
	private Batch pairs() {
		int n = this.current.rowCount();
		if (this.row >= n) {
			return null;
		}
		int[] l = new int[ColumnVector.BATCH_SIZE];
		int[] r = new int[ColumnVector.BATCH_SIZE];
		int m = 0;
		while (this.row < n && m < l.length) {
			if (this.cursor < 0) {
				int g = this.currentGids[this.row];
				this.cursor = g < 0 ? -1 : this.head[g];
				if (this.cursor < 0) {
					this.row++;
					continue;
				}
			}
			l[m] = this.row;
			r[m] = this.cursor;
			m++;
			this.cursor = this.chain[this.cursor];
			if (this.cursor < 0) {
				this.row++;
			}
		}
		ColumnVector[] joined = joined(this.current, l, r, m);
		if (this.residual != null) {
			BooleanVector pass = (BooleanVector) this.residual.evaluate(new Batch(joined, m));
			int[] kept = new int[m];
			int k = 0;
			for (int i = 0; i < m; i++) {
				if (pass.isTrue(i)) {
					kept[k] = i;
					l[k] = l[i];
					r[k] = r[i];
					k++;
				}
			}
			if (k < m && this.type != JoinType.SEMI && this.type != JoinType.ANTI) {
				for (int c = 0; c < joined.length; c++) {
					joined[c] = joined[c].select(kept, k);
				}
			}
			m = k;
		}
		for (int i = 0; i < m; i++) {
			this.probeMatched[l[i]] = true;
		}
		if (this.buildMatched != null) {
			for (int i = 0; i < m; i++) {
				this.buildMatched[r[i]] = true;
			}
		}
		if (this.type == JoinType.SEMI || this.type == JoinType.ANTI) {
			return new Batch(new ColumnVector[0], 0);
		}
		return output(joined, m);
	}

	/**
	 * What the current streamed batch adds once all its pairs are out: unmatched or
	 * matched rows.
	 */
	private Batch finishProbe() {
		int n = this.current.rowCount();
		boolean wantMatched = this.type == JoinType.SEMI;
		if (!this.keepProbe && this.type != JoinType.SEMI && this.type != JoinType.ANTI) {
			return null;
		}
		int[] rows = new int[n];
		int m = 0;
		for (int i = 0; i < n; i++) {
			if (this.probeMatched[i] == wantMatched) {
				rows[m++] = i;
			}
		}
		if (m == 0) {
			return null;
		}
		if (this.type == JoinType.SEMI || this.type == JoinType.ANTI) {
			return this.current.select(rows, m);
		}
		int[] none = new int[m];
		Arrays.fill(none, -1);
		return output(joined(this.current, rows, none, m), m);
	}

	/**
	 * After the streamed input: the built rows nothing matched (when the join keeps
	 * them), a batch at a time.
	 */
	private Batch unmatchedBuild() {
		if (this.buildMatched == null) {
			return null;
		}
		int[] rows = new int[ColumnVector.BATCH_SIZE];
		int m = 0;
		while (this.unmatchedBuildFrom < this.buildCount && m < rows.length) {
			int r = this.unmatchedBuildFrom++;
			if (!this.buildMatched[r]) {
				rows[m++] = r;
			}
		}
		if (m == 0) {
			return null;
		}
		int[] none = new int[m];
		Arrays.fill(none, -1);
		return output(joined(null, none, rows, m), m);
	}

	/**
	 * Left columns then right columns of the pairs of streamed rows {@code p} and built
	 * rows {@code b}; an index of -1 (or no streamed batch) is nulls.
	 */
	private ColumnVector[] joined(Batch probeBatch, int[] p, int[] b, int m) {
		Schema probeSchema = this.probe.schema();
		ColumnVector[] probeCols = new ColumnVector[probeSchema.size()];
		for (int c = 0; c < probeCols.length; c++) {
			probeCols[c] = probeBatch == null ? ColumnVector.nulls(probeSchema.field(c).type(), m)
					: Columns.take(probeBatch.column(c), p, m);
		}
		ColumnVector[] buildCols = new ColumnVector[this.buildRows.length];
		for (int c = 0; c < buildCols.length; c++) {
			buildCols[c] = Columns.take(this.buildRows[c], b, m);
		}
		ColumnVector[] first = this.buildLeft ? buildCols : probeCols;
		ColumnVector[] second = this.buildLeft ? probeCols : buildCols;
		ColumnVector[] out = new ColumnVector[first.length + second.length];
		System.arraycopy(first, 0, out, 0, first.length);
		System.arraycopy(second, 0, out, first.length, second.length);
		return out;
	}

	/**
	 * The output columns from the joined ones: all of them, or the {@code using} layout.
	 */
	private Batch output(ColumnVector[] joined, int m) {
		if (this.usingLeft == null) {
			return new Batch(joined, m);
		}
		int lc = this.leftSchema.size();
		ColumnVector[] out = new ColumnVector[this.schema.size()];
		int o = 0;
		boolean coalesce = this.type == JoinType.RIGHT || this.type == JoinType.FULL;
		for (int k = 0; k < this.usingLeft.length; k++) {
			ColumnVector lk = joined[this.usingLeft[k]];
			out[o++] = coalesce ? coalesce(lk, joined[lc + this.usingRight[k]], m) : lk;
		}
		for (int c = 0; c < lc; c++) {
			if (!contains(this.usingLeft, c)) {
				out[o++] = joined[c];
			}
		}
		for (int c = 0; c < this.rightSchema.size(); c++) {
			if (!contains(this.usingRight, c)) {
				out[o++] = joined[lc + c];
			}
		}
		return new Batch(out, m);
	}

	/** The left key where it is not null, else the right key in the left key's type. */
	private static ColumnVector coalesce(ColumnVector l, ColumnVector r, int m) {
		if (!l.hasNulls()) {
			return l;
		}
		boolean sameClass = l.getClass() == r.getClass();
		ColumnVector out = ColumnVector.allocate(l.type(), m);
		for (int i = 0; i < m; i++) {
			if (!l.isNull(i)) {
				Columns.appendFrom(out, l, i);
			}
			else if (r.isNull(i) || sameClass) {
				Columns.appendFrom(out, r, i);
			}
			else {
				out.appendObject(r.getObject(i));
			}
		}
		return out;
	}

	private static boolean contains(int[] values, int value) {
		for (int v : values) {
			if (v == value) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void close() {
		try {
			this.left.close();
		}
		finally {
			this.right.close();
		}
	}

}
