package dev.kindling.engine.expr;

import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;
import dev.kindling.engine.vector.StringVector;

/** Small helpers shared by the evaluation kernels. */
final class Vectors {

	private Vectors() {
	}

	/** A fresh mask of rows null in {@code a} or {@code b}, or {@code null} when neither has nulls. */
	static boolean[] unionNulls(boolean[] a, boolean[] b, int n) {
		if (a == null && b == null) {
			return null;
		}
		boolean[] out = new boolean[Math.max(n, 1)];
		if (a != null && b != null) {
			for (int i = 0; i < n; i++) {
				out[i] = a[i] | b[i];
			}
		}
		else {
			System.arraycopy((a != null) ? a : b, 0, out, 0, n);
		}
		return out;
	}

	/** A fresh copy of a mask, or a new all-false one when {@code mask} is {@code null}. */
	static boolean[] copyNulls(boolean[] mask, int n) {
		boolean[] out = new boolean[Math.max(n, 1)];
		if (mask != null) {
			System.arraycopy(mask, 0, out, 0, n);
		}
		return out;
	}

	/** {@code null} when no entry is set, so vectors stay free of a mask when nothing is null. */
	static boolean[] trim(boolean[] mask, int n) {
		if (mask == null) {
			return null;
		}
		for (int i = 0; i < n; i++) {
			if (mask[i]) {
				return mask;
			}
		}
		return null;
	}

	/** Appends row {@code row} of {@code src} to {@code dst}, both of the same vector class. */
	static void appendFrom(ColumnVector dst, ColumnVector src, int row) {
		if (src.isNull(row)) {
			dst.appendNull();
		}
		else if (dst instanceof LongVector d) {
			d.append(((LongVector) src).get(row));
		}
		else if (dst instanceof DoubleVector d) {
			d.append(((DoubleVector) src).get(row));
		}
		else if (dst instanceof BooleanVector d) {
			d.append(((BooleanVector) src).get(row));
		}
		else if (dst instanceof StringVector d) {
			StringVector s = (StringVector) src;
			d.append(s.data(), s.start(row), s.length(row));
		}
		else {
			((DecimalVector) dst).append(((DecimalVector) src).get(row));
		}
	}

}
