package dev.kindling.engine.aggregate;

import java.util.Arrays;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;

/**
 * Reading any numeric argument as a double, as Spark casts the input of its statistical
 * aggregates ({@code stddev}, {@code corr}, {@code percentile_approx}): longs and doubles
 * straight from their arrays, other numbers through their value.
 */
final class Doubles {

	private Doubles() {
	}

	/** Whether an argument of this type can be read as a double. */
	static boolean accepts(DataType t) {
		return t.isNumeric() || t == DataType.NULL;
	}

	/**
	 * The argument's values as doubles, one array per batch; rows that are null are left
	 * 0 (callers check {@link ColumnVector#isNull}). Null for an all-null vector of the
	 * untyped {@code null}.
	 */
	static double[] of(ColumnVector v, int n) {
		if (v instanceof DoubleVector d) {
			return d.values();
		}
		if (v.type() == DataType.NULL || v.type() == DataType.BOOLEAN) {
			return null;
		}
		double[] out = new double[Math.max(n, 1)];
		if (v instanceof LongVector l) {
			long[] values = l.values();
			for (int i = 0; i < n; i++) {
				out[i] = values[i];
			}
			return out;
		}
		for (int i = 0; i < n; i++) {
			if (!v.isNull(i)) {
				out[i] = ((Number) v.getObject(i)).doubleValue();
			}
		}
		return out;
	}

	/**
	 * The groups {@code from .. to)} of these per-group arrays, one non-null double
	 * vector each: a statistical aggregate's partial state.
	 */
	static ColumnVector[] state(int from, int to, double[]... columns) {
		int size = to - from;
		int end = Math.max(to, from + 1);
		ColumnVector[] out = new ColumnVector[columns.length];
		for (int c = 0; c < columns.length; c++) {
			out[c] = new DoubleVector(Arrays.copyOfRange(columns[c], from, end), null, size);
		}
		return out;
	}

}
