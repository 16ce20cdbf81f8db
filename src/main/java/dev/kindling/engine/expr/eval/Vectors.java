package dev.kindling.engine.expr.eval;

/** Small helpers shared by the evaluation kernels. */
final class Vectors {

	private Vectors() {
	}

	/**
	 * A fresh mask of rows null in {@code a} or {@code b}, or {@code null} when neither
	 * has nulls.
	 */
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

	/**
	 * A fresh copy of a mask, or a new all-false one when {@code mask} is {@code null}.
	 */
	static boolean[] copyNulls(boolean[] mask, int n) {
		boolean[] out = new boolean[Math.max(n, 1)];
		if (mask != null) {
			System.arraycopy(mask, 0, out, 0, n);
		}
		return out;
	}

	/**
	 * {@code null} when no entry is set, so vectors stay free of a mask when nothing is
	 * null.
	 */
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

}
