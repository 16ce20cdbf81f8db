package dev.kindling.engine.vector;

/**
 * Copying rows between vectors of the same class, for operators that gather rows from
 * many batches (shuffle buffers, sort and join build sides).
 */
public final class Columns {

	private Columns() {
	}

	/**
	 * Appends row {@code row} of {@code src} to {@code dst}, both of the same vector
	 * class.
	 */
	public static void appendFrom(ColumnVector dst, ColumnVector src, int row) {
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
			((DecimalVector) dst).appendFrom((DecimalVector) src, row);
		}
	}

	/**
	 * Appends the rows {@code rows[0 .. n)} of {@code src} to {@code dst}, in this order.
	 */
	public static void appendRows(ColumnVector dst, ColumnVector src, int[] rows, int n) {
		if (!src.hasNulls() && dst instanceof LongVector d) {
			LongVector s = (LongVector) src;
			for (int i = 0; i < n; i++) {
				d.append(s.get(rows[i]));
			}
		}
		else if (!src.hasNulls() && dst instanceof DecimalVector d && ((DecimalVector) src).wide() == null) {
			DecimalVector s = (DecimalVector) src;
			for (int i = 0; i < n; i++) {
				d.appendUnscaled(s.unscaled(rows[i]));
			}
		}
		else if (!src.hasNulls() && dst instanceof DoubleVector d) {
			DoubleVector s = (DoubleVector) src;
			for (int i = 0; i < n; i++) {
				d.append(s.get(rows[i]));
			}
		}
		else {
			for (int i = 0; i < n; i++) {
				appendFrom(dst, src, rows[i]);
			}
		}
	}

	/** Appends the first {@code n} rows of {@code src} to {@code dst}. */
	public static void appendAll(ColumnVector dst, ColumnVector src, int n) {
		for (int i = 0; i < n; i++) {
			appendFrom(dst, src, i);
		}
	}

	/**
	 * A new vector of the rows at these indexes, where an index of -1 stands for a null
	 * (the missing side of an outer join).
	 */
	public static ColumnVector take(ColumnVector src, int[] rows, int n) {
		boolean missing = false;
		for (int i = 0; i < n && !missing; i++) {
			missing = rows[i] < 0;
		}
		if (!missing) {
			return src.select(rows, n);
		}
		ColumnVector out = ColumnVector.allocate(src.type(), n);
		for (int i = 0; i < n; i++) {
			if (rows[i] < 0) {
				out.appendNull();
			}
			else {
				appendFrom(out, src, rows[i]);
			}
		}
		return out;
	}

}
