package dev.kindling.engine.physical;

import java.util.List;

import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.Columns;
import dev.kindling.engine.vector.DoubleVector;

/**
 * The bounds of a range partitioning, chosen from weighted samples of the keys as Spark's
 * {@code RangePartitioner.determineBounds} does: the samples in key order, a bound each
 * time their cumulative weight passes another {@code 1 / partitions} of the total, never
 * the same key twice (so many equal keys give fewer, larger ranges). Partition {@code p}
 * holds the rows above bound {@code p - 1} and at most bound {@code p}, in the sort's
 * order (directions and null placement included), so the partitions in order are one
 * global order.
 */
public final class RangeBounds {

	private final RowOrder order;

	/** The sampled keys, concatenated. */
	private final ColumnVector[] keys;

	/** Indexes into {@link #keys} of the bounds, ascending in the sort's order. */
	private final int[] bounds;

	private RangeBounds(RowOrder order, ColumnVector[] keys, int[] bounds) {
		this.order = order;
		this.keys = keys;
		this.bounds = bounds;
	}

	/**
	 * Bounds for {@code partitions} ranges from sample batches of a {@link SampleExec}
	 * (its keys, then the weight), given in map partition order.
	 */
	public static RangeBounds fromSamples(List<Batch> samples, List<SortKey> sortKeys, int partitions) {
		int keyCount = sortKeys.size();
		int n = 0;
		for (Batch b : samples) {
			n += b.rowCount();
		}
		ColumnVector[] keys = new ColumnVector[keyCount];
		double[] weights = new double[n];
		int at = 0;
		for (Batch b : samples) {
			for (int k = 0; k < keyCount; k++) {
				if (keys[k] == null) {
					keys[k] = ColumnVector.allocate(b.column(k).type(), Math.max(1, n));
				}
				Columns.appendAll(keys[k], b.column(k), b.rowCount());
			}
			DoubleVector w = (DoubleVector) b.column(keyCount);
			for (int i = 0; i < b.rowCount(); i++) {
				weights[at++] = w.get(i);
			}
		}
		RowOrder order = new RowOrder(sortKeys);
		if (n == 0 || partitions <= 1) {
			return new RangeBounds(order, keys, new int[0]);
		}
		int[] sorted = new int[n];
		for (int i = 0; i < n; i++) {
			sorted[i] = i;
		}
		order.sort(keys, sorted, n);
		double total = 0;
		for (double w : weights) {
			total += w;
		}
		double step = total / partitions;
		double cumulative = 0;
		double target = step;
		int[] bounds = new int[partitions - 1];
		int count = 0;
		int previous = -1;
		for (int i = 0; i < n && count < partitions - 1; i++) {
			int row = sorted[i];
			cumulative += weights[row];
			if (cumulative >= target && (previous < 0 || order.compare(keys, row, keys, previous) > 0)) {
				bounds[count++] = row;
				target += step;
				previous = row;
			}
		}
		return new RangeBounds(order, keys, java.util.Arrays.copyOf(bounds, count));
	}

	/** How many bounds there are (at most the partitions less one). */
	public int size() {
		return this.bounds.length;
	}

	/** The range of one row of the key vectors: the first bound it is not above. */
	public int partition(ColumnVector[] rowKeys, int row) {
		int lo = 0;
		int hi = this.bounds.length;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (this.order.compare(rowKeys, row, this.keys, this.bounds[mid]) > 0) {
				lo = mid + 1;
			}
			else {
				hi = mid;
			}
		}
		return lo;
	}

	/** Assigns each row of a batch its range, its keys evaluated by {@code bound}. */
	public void assign(List<BoundExpr> bound, Batch batch, int[] out) {
		ColumnVector[] rowKeys = new ColumnVector[bound.size()];
		for (int k = 0; k < rowKeys.length; k++) {
			rowKeys[k] = bound.get(k).evaluate(batch);
		}
		for (int i = 0; i < batch.rowCount(); i++) {
			out[i] = partition(rowKeys, i);
		}
	}

}
