package dev.kindling.engine.vector;

import java.util.List;

/**
 * A set of rows as one vector per column, all of {@code rowCount} length. Immutable by
 * convention: operators make new batches rather than changing the ones they are given.
 */
public final class Batch {

	private final ColumnVector[] columns;

	private final int rowCount;

	public Batch(ColumnVector[] columns, int rowCount) {
		this.columns = columns;
		this.rowCount = rowCount;
	}

	public static Batch of(List<ColumnVector> columns, int rowCount) {
		return new Batch(columns.toArray(ColumnVector[]::new), rowCount);
	}

	public int rowCount() {
		return this.rowCount;
	}

	public int columnCount() {
		return this.columns.length;
	}

	public ColumnVector column(int index) {
		return this.columns[index];
	}

	public ColumnVector[] columns() {
		return this.columns.clone();
	}

	/** A new batch of the rows at these indexes, in this order. */
	public Batch select(int[] rows, int count) {
		if (count == this.rowCount) {
			boolean identity = true;
			for (int i = 0; i < count && identity; i++) {
				identity = rows[i] == i;
			}
			if (identity) {
				return this;
			}
		}
		ColumnVector[] out = new ColumnVector[this.columns.length];
		for (int c = 0; c < out.length; c++) {
			out[c] = this.columns[c].select(rows, count);
		}
		return new Batch(out, count);
	}

	/** The first {@code n} rows (this batch itself when it has no more). */
	public Batch head(int n) {
		if (n >= this.rowCount) {
			return this;
		}
		int[] rows = new int[n];
		for (int i = 0; i < n; i++) {
			rows[i] = i;
		}
		return select(rows, n);
	}

	/** The rows where the predicate is true (false and null rows are dropped). */
	public Batch filter(BooleanVector predicate) {
		int[] rows = new int[this.rowCount];
		int n = 0;
		for (int i = 0; i < this.rowCount; i++) {
			if (predicate.isTrue(i)) {
				rows[n++] = i;
			}
		}
		return select(rows, n);
	}

	/**
	 * One row as plain Java objects (see {@link ColumnVector#getObject(int)}), for
	 * output.
	 */
	public Object[] row(int index) {
		Object[] row = new Object[this.columns.length];
		for (int c = 0; c < row.length; c++) {
			row[c] = this.columns[c].getObject(index);
		}
		return row;
	}

}
