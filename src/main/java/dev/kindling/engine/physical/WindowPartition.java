package dev.kindling.engine.physical;

import java.util.List;

import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.expr.WindowFrame;
import dev.kindling.engine.vector.ColumnVector;

/**
 * The rows of one window partition, gathered in order, and what the functions over it ask
 * of them: the order keys' peer groups (rows equal in every order key) and each row's
 * frame as inclusive row bounds {@code [lo, hi]} (empty when {@code lo > hi}).
 */
final class WindowPartition {

	private final int size;

	private final ColumnVector[] orderKeys;

	private final List<SortKey> order;

	private final RowOrder rowOrder;

	private int[] peerStart;

	private int[] peerEnd;

	WindowPartition(int size, ColumnVector[] orderKeys, List<SortKey> order) {
		this.size = size;
		this.orderKeys = orderKeys;
		this.order = order;
		this.rowOrder = new RowOrder(order);
	}

	int size() {
		return this.size;
	}

	/** The first row of each row's peer group (all rows, when there is no order). */
	int[] peerStart() {
		peers();
		return this.peerStart;
	}

	/** The last row of each row's peer group. */
	int[] peerEnd() {
		peers();
		return this.peerEnd;
	}

	private void peers() {
		if (this.peerStart != null) {
			return;
		}
		int n = this.size;
		this.peerStart = new int[n];
		this.peerEnd = new int[n];
		int start = 0;
		for (int i = 1; i <= n; i++) {
			if (i == n || this.rowOrder.compare(this.orderKeys, i - 1, this.orderKeys, i) != 0) {
				for (int j = start; j < i; j++) {
					this.peerStart[j] = start;
					this.peerEnd[j] = i - 1;
				}
				start = i;
			}
		}
	}

	/** Each row's frame: {@code bounds[0]} the first row, {@code bounds[1]} the last. */
	int[][] frame(WindowFrame frame) {
		int n = this.size;
		int[] lo = new int[n];
		int[] hi = new int[n];
		if (frame.type() == WindowFrame.Type.ROWS) {
			for (int i = 0; i < n; i++) {
				lo[i] = rowsBound(frame.start(), i, true);
				hi[i] = rowsBound(frame.end(), i, false);
			}
		}
		else {
			rangeBound(frame.start(), lo, true);
			rangeBound(frame.end(), hi, false);
		}
		return new int[][] { lo, hi };
	}

	private int rowsBound(WindowFrame.Bound b, int i, boolean start) {
		long at = switch (b.kind()) {
			case UNBOUNDED_PRECEDING -> 0;
			case UNBOUNDED_FOLLOWING -> this.size - 1;
			case CURRENT_ROW -> i;
			case PRECEDING -> (long) i - b.offset().longValue();
			case FOLLOWING -> (long) i + b.offset().longValue();
		};
		// a bound past the partition's end (or before its start) leaves the frame empty
		if (start) {
			return (int) Math.max(0, Math.min(at, this.size));
		}
		return (int) Math.min(this.size - 1, Math.max(at, -1));
	}

	/** RANGE bounds: by peers, or by the single order key's value plus the offset. */
	private void rangeBound(WindowFrame.Bound b, int[] out, boolean start) {
		int n = this.size;
		switch (b.kind()) {
			case UNBOUNDED_PRECEDING -> java.util.Arrays.fill(out, 0);
			case UNBOUNDED_FOLLOWING -> java.util.Arrays.fill(out, n - 1);
			case CURRENT_ROW -> System.arraycopy(start ? peerStart() : peerEnd(), 0, out, 0, n);
			default -> offsetBounds(b, out, start);
		}
	}

	/**
	 * Bounds {@code value ± offset} of the one numeric order key, found by binary search
	 * among the non-null keys (a sorted run); a row whose key is null has its null peers
	 * as frame, as in Spark.
	 */
	private void offsetBounds(WindowFrame.Bound b, int[] out, boolean start) {
		int n = this.size;
		ColumnVector key = this.orderKeys[0];
		boolean ascending = this.order.get(0).ascending();
		double[] v = new double[n];
		int nonNullStart = n;
		int nonNullEnd = 0;
		for (int i = 0; i < n; i++) {
			if (!key.isNull(i)) {
				v[i] = ((Number) key.getObject(i)).doubleValue();
				nonNullStart = Math.min(nonNullStart, i);
				nonNullEnd = i + 1;
			}
		}
		double delta = (b.kind() == WindowFrame.Kind.PRECEDING) ? -b.offset().doubleValue() : b.offset().doubleValue();
		int[] peers = start ? peerStart() : peerEnd();
		for (int i = 0; i < n; i++) {
			if (key.isNull(i)) {
				out[i] = peers[i];
				continue;
			}
			double target = ascending ? v[i] + delta : v[i] - delta;
			if (start) {
				out[i] = firstNotBefore(v, nonNullStart, nonNullEnd, target, ascending);
			}
			else {
				out[i] = lastNotAfter(v, nonNullStart, nonNullEnd, target, ascending);
			}
		}
	}

	/**
	 * The first index whose value is at or past {@code target} in the order, or
	 * {@code to}.
	 */
	private static int firstNotBefore(double[] v, int from, int to, double target, boolean ascending) {
		int lo = from;
		int hi = to;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			boolean before = ascending ? v[mid] < target : v[mid] > target;
			if (before) {
				lo = mid + 1;
			}
			else {
				hi = mid;
			}
		}
		return lo;
	}

	/**
	 * The last index whose value is at or before {@code target} in the order, or
	 * {@code from - 1}.
	 */
	private static int lastNotAfter(double[] v, int from, int to, double target, boolean ascending) {
		int lo = from;
		int hi = to;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			boolean after = ascending ? v[mid] > target : v[mid] < target;
			if (after) {
				hi = mid;
			}
			else {
				lo = mid + 1;
			}
		}
		return lo - 1;
	}

}
