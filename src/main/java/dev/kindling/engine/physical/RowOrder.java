package dev.kindling.engine.physical;

import java.util.List;

import dev.kindling.engine.cancel.Cancellation;
import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;
import dev.kindling.engine.vector.StringVector;

/**
 * The order of rows under a list of {@link SortKey}s, with Spark's semantics: each key
 * ascending or descending, its nulls first or last whatever the direction, NaN above
 * every other double, strings in UTF-8 byte order. Rows are compared in place in their
 * key vectors, never boxed.
 */
final class RowOrder {

	private final boolean[] ascending;

	private final boolean[] nullsFirst;

	RowOrder(List<SortKey> keys) {
		this.ascending = new boolean[keys.size()];
		this.nullsFirst = new boolean[keys.size()];
		for (int k = 0; k < keys.size(); k++) {
			this.ascending[k] = keys.get(k).ascending();
			this.nullsFirst[k] = keys.get(k).nullsFirst();
		}
	}

	/**
	 * Compares row {@code i} of the key vectors {@code a} with row {@code j} of
	 * {@code b}.
	 */
	int compare(ColumnVector[] a, int i, ColumnVector[] b, int j) {
		for (int k = 0; k < a.length; k++) {
			ColumnVector x = a[k];
			ColumnVector y = b[k];
			boolean xn = x.isNull(i);
			boolean yn = y.isNull(j);
			if (xn || yn) {
				if (xn && yn) {
					continue;
				}
				return xn == this.nullsFirst[k] ? -1 : 1;
			}
			int c = compareValues(x, i, y, j);
			if (c != 0) {
				return this.ascending[k] ? c : -c;
			}
		}
		return 0;
	}

	/** Compares two non-null values of vectors of the same class. */
	static int compareValues(ColumnVector x, int i, ColumnVector y, int j) {
		if (x instanceof LongVector l) {
			return Long.compare(l.get(i), ((LongVector) y).get(j));
		}
		if (x instanceof DoubleVector d) {
			return DoubleVector.compare(d.get(i), ((DoubleVector) y).get(j));
		}
		if (x instanceof StringVector s) {
			StringVector t = (StringVector) y;
			return Integer.signum(s.compareBytes(i, t.data(), t.start(j), t.length(j)));
		}
		if (x instanceof BooleanVector b) {
			return Boolean.compare(b.get(i), ((BooleanVector) y).get(j));
		}
		DecimalVector a = (DecimalVector) x;
		DecimalVector b = (DecimalVector) y;
		// one sort key, one type, one scale: the unscaled values order as the values
		if (a.isCompact(i) && b.isCompact(j)) {
			return Long.compare(a.unscaled(i), b.unscaled(j));
		}
		return a.unscaledBig(i).compareTo(b.unscaledBig(j));
	}

	/** Sorts {@code rows[0 .. n)} (indexes into {@code keys}) stably by this order. */
	void sort(ColumnVector[] keys, int[] rows, int n) {
		new Sorter(keys, prefix(keys)).sort(rows, n);
	}

	/**
	 * For a first key of longs or doubles, a {@code long} per row that orders as the key
	 * does (direction and null placement included), so most comparisons are one primitive
	 * compare; ties fall back to the full comparison. Null otherwise.
	 */
	private long[] prefix(ColumnVector[] keys) {
		if (keys.length == 0 || !(keys[0] instanceof LongVector || keys[0] instanceof DoubleVector
				|| (keys[0] instanceof DecimalVector d && d.wide() == null))) {
			return null;
		}
		ColumnVector first = keys[0];
		int size = first.size();
		long[] out = new long[Math.max(size, 1)];
		long nullValue = this.nullsFirst[0] ? Long.MIN_VALUE : Long.MAX_VALUE;
		for (int i = 0; i < size; i++) {
			if (first.isNull(i)) {
				out[i] = nullValue;
				continue;
			}
			long v;
			if (first instanceof LongVector l) {
				v = l.get(i);
			}
			else if (first instanceof DecimalVector d) {
				v = d.unscaled(i);
			}
			else {
				double d = ((DoubleVector) first).get(i);
				long bits = Double.doubleToLongBits(d == 0.0 ? 0.0 : d);
				// Flip negative doubles so the bits order as signed longs; NaN is the
				// largest.
				v = bits ^ ((bits >> 63) & Long.MAX_VALUE);
			}
			out[i] = this.ascending[0] ? v : ~v;
		}
		return out;
	}

	/** A stable merge sort of row indexes. */
	private final class Sorter {

		private final ColumnVector[] keys;

		private final long[] prefix;

		Sorter(ColumnVector[] keys, long[] prefix) {
			this.keys = keys;
			this.prefix = prefix;
		}

		private int cmp(int a, int b) {
			if (this.prefix != null) {
				int c = Long.compare(this.prefix[a], this.prefix[b]);
				if (c != 0) {
					return c;
				}
				if (this.keys.length == 1 && !this.keys[0].hasNulls()
						&& (this.keys[0] instanceof LongVector || this.keys[0] instanceof DecimalVector)) {
					return 0;
				}
			}
			return compare(this.keys, a, this.keys, b);
		}

		void sort(int[] rows, int n) {
			mergeSort(rows, new int[n], 0, n);
		}

		private void mergeSort(int[] a, int[] tmp, int from, int to) {
			if (to - from <= 16) {
				for (int i = from + 1; i < to; i++) {
					int v = a[i];
					int j = i - 1;
					while (j >= from && cmp(a[j], v) > 0) {
						a[j + 1] = a[j];
						j--;
					}
					a[j + 1] = v;
				}
				return;
			}
			if (to - from > 1 << 16) {
				// a sort of millions of rows stops between its large merges
				Cancellation.check();
			}
			int mid = (from + to) >>> 1;
			mergeSort(a, tmp, from, mid);
			mergeSort(a, tmp, mid, to);
			if (cmp(a[mid - 1], a[mid]) <= 0) {
				return;
			}
			System.arraycopy(a, from, tmp, from, to - from);
			int i = from;
			int j = mid;
			int k = from;
			while (i < mid && j < to) {
				a[k++] = cmp(tmp[j], tmp[i]) < 0 ? tmp[j++] : tmp[i++];
			}
			while (i < mid) {
				a[k++] = tmp[i++];
			}
			while (j < to) {
				a[k++] = tmp[j++];
			}
		}

	}

}
