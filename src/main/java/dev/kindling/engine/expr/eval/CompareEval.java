package dev.kindling.engine.expr.eval;

import dev.kindling.engine.expr.Binary;

import java.math.BigDecimal;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;
import dev.kindling.engine.vector.StringVector;

/**
 * A comparison of two operands of one type (the binder casts them). A null operand gives
 * null, except for {@code <=>}, which is never null. Column-versus-constant and
 * column-versus-column on longs, doubles and strings run as tight loops over the backing
 * arrays; strings compare as UTF-8 bytes.
 */
final class CompareEval implements BoundExpr {

	private final Binary.Op op;

	private final BoundExpr left;

	private final BoundExpr right;

	CompareEval(Binary.Op op, BoundExpr left, BoundExpr right) {
		this.op = op;
		this.left = left;
		this.right = right;
	}

	@Override
	public DataType type() {
		return DataType.BOOLEAN;
	}

	@Override
	public boolean nullable() {
		return this.op != Binary.Op.NULL_SAFE_EQ && (this.left.nullable() || this.right.nullable());
	}

	@Override
	public String sql() {
		return "(" + this.left.sql() + " " + this.op.symbol() + " " + this.right.sql() + ")";
	}

	@Override
	public ColumnVector evaluate(Batch batch) {
		int n = batch.rowCount();
		ColumnVector lv = this.left.evaluate(batch);
		LiteralEval lit = (this.right instanceof LiteralEval l && !l.isNull()) ? l : null;
		ColumnVector rv = (lit != null) ? null : this.right.evaluate(batch);
		Binary.Op cmp = (this.op == Binary.Op.NULL_SAFE_EQ) ? Binary.Op.EQ : this.op;
		boolean[] out = new boolean[Math.max(n, 1)];
		if (lv instanceof LongVector l) {
			if (lit != null) {
				longsWithConstant(cmp, l.values(), lit.longValue(), out, n);
			}
			else {
				longs(cmp, l.values(), ((LongVector) rv).values(), out, n);
			}
		}
		else if (lv instanceof DoubleVector l) {
			double[] a = l.values();
			if (lit != null && !Double.isNaN(lit.doubleValue())) {
				doublesWithConstant(cmp, a, lit.doubleValue(), out, n);
			}
			else if (lit != null) {
				double b = lit.doubleValue();
				for (int i = 0; i < n; i++) {
					out[i] = test(cmp, Values.compareDoubles(a[i], b));
				}
			}
			else {
				double[] b = ((DoubleVector) rv).values();
				for (int i = 0; i < n; i++) {
					out[i] = test(cmp, Values.compareDoubles(a[i], b[i]));
				}
			}
		}
		else if (lv instanceof StringVector l) {
			strings(cmp, l, lit, (StringVector) rv, out, n);
		}
		else if (lv instanceof BooleanVector l) {
			boolean[] a = l.values();
			boolean constant = (lit != null) && lit.booleanValue();
			boolean[] b = (lit != null) ? null : ((BooleanVector) rv).values();
			for (int i = 0; i < n; i++) {
				out[i] = test(cmp, Boolean.compare(a[i], (b != null) ? b[i] : constant));
			}
		}
		else {
			decimals(cmp, (DecimalVector) lv, lit, (DecimalVector) rv, out, n);
		}
		boolean[] rightNulls = (rv != null) ? rv.nulls() : null;
		if (this.op == Binary.Op.NULL_SAFE_EQ) {
			if (lv.nulls() != null || rightNulls != null) {
				for (int i = 0; i < n; i++) {
					boolean ln = lv.isNull(i);
					boolean rn = rightNulls != null && rightNulls[i];
					if (ln || rn) {
						out[i] = ln && rn;
					}
				}
			}
			return new BooleanVector(out, null, n);
		}
		return new BooleanVector(out, Vectors.unionNulls(lv.nulls(), rightNulls, n), n);
	}

	/**
	 * Two decimals of one type (the binder casts them to it), so of one scale: compact
	 * values compare as their unscaled longs, in the long kernels.
	 */
	private static void decimals(Binary.Op op, DecimalVector l, LiteralEval lit, DecimalVector r, boolean[] out,
			int n) {
		if (l.wide() == null && lit != null && lit.isCompactDecimal()) {
			longsWithConstant(op, l.values(), lit.longValue(), out, n);
			return;
		}
		if (l.wide() == null && r != null && r.wide() == null) {
			longs(op, l.values(), r.values(), out, n);
			return;
		}
		BigDecimal constant = (lit != null) ? lit.decimalValue() : null;
		for (int i = 0; i < n; i++) {
			if (l.isNull(i) || (r != null && r.isNull(i))) {
				continue;
			}
			if (r != null && l.isCompact(i) && r.isCompact(i)) {
				out[i] = test(op, Long.compare(l.unscaled(i), r.unscaled(i)));
			}
			else {
				out[i] = test(op, l.get(i).compareTo((constant != null) ? constant : r.get(i)));
			}
		}
	}

	static boolean test(Binary.Op op, int c) {
		return switch (op) {
			case EQ -> c == 0;
			case NE -> c != 0;
			case LT -> c < 0;
			case LE -> c <= 0;
			case GT -> c > 0;
			default -> c >= 0;
		};
	}

	private static void longsWithConstant(Binary.Op op, long[] a, long b, boolean[] out, int n) {
		switch (op) {
			case EQ -> {
				for (int i = 0; i < n; i++) {
					out[i] = a[i] == b;
				}
			}
			case NE -> {
				for (int i = 0; i < n; i++) {
					out[i] = a[i] != b;
				}
			}
			case LT -> {
				for (int i = 0; i < n; i++) {
					out[i] = a[i] < b;
				}
			}
			case LE -> {
				for (int i = 0; i < n; i++) {
					out[i] = a[i] <= b;
				}
			}
			case GT -> {
				for (int i = 0; i < n; i++) {
					out[i] = a[i] > b;
				}
			}
			default -> {
				for (int i = 0; i < n; i++) {
					out[i] = a[i] >= b;
				}
			}
		}
	}

	/**
	 * Doubles against a constant that is not NaN. NaN is larger than any number in Spark,
	 * so a NaN row ({@code a != a}) is greater and not equal.
	 */
	private static void doublesWithConstant(Binary.Op op, double[] a, double b, boolean[] out, int n) {
		switch (op) {
			case EQ -> {
				for (int i = 0; i < n; i++) {
					out[i] = a[i] == b;
				}
			}
			case NE -> {
				for (int i = 0; i < n; i++) {
					out[i] = a[i] != b;
				}
			}
			case LT -> {
				for (int i = 0; i < n; i++) {
					out[i] = a[i] < b;
				}
			}
			case LE -> {
				for (int i = 0; i < n; i++) {
					out[i] = a[i] <= b;
				}
			}
			case GT -> {
				for (int i = 0; i < n; i++) {
					out[i] = a[i] > b || a[i] != a[i];
				}
			}
			default -> {
				for (int i = 0; i < n; i++) {
					out[i] = a[i] >= b || a[i] != a[i];
				}
			}
		}
	}

	private static void longs(Binary.Op op, long[] a, long[] b, boolean[] out, int n) {
		switch (op) {
			case EQ -> {
				for (int i = 0; i < n; i++) {
					out[i] = a[i] == b[i];
				}
			}
			case NE -> {
				for (int i = 0; i < n; i++) {
					out[i] = a[i] != b[i];
				}
			}
			case LT -> {
				for (int i = 0; i < n; i++) {
					out[i] = a[i] < b[i];
				}
			}
			case LE -> {
				for (int i = 0; i < n; i++) {
					out[i] = a[i] <= b[i];
				}
			}
			case GT -> {
				for (int i = 0; i < n; i++) {
					out[i] = a[i] > b[i];
				}
			}
			default -> {
				for (int i = 0; i < n; i++) {
					out[i] = a[i] >= b[i];
				}
			}
		}
	}

	private static void strings(Binary.Op op, StringVector l, LiteralEval lit, StringVector r, boolean[] out, int n) {
		boolean equality = op == Binary.Op.EQ || op == Binary.Op.NE;
		boolean negate = op == Binary.Op.NE;
		if (lit != null) {
			byte[] b = lit.bytes();
			for (int i = 0; i < n; i++) {
				out[i] = equality ? (l.equalsBytes(i, b, 0, b.length) != negate)
						: test(op, l.compareBytes(i, b, 0, b.length));
			}
			return;
		}
		byte[] data = r.data();
		for (int i = 0; i < n; i++) {
			int start = r.start(i);
			int length = r.length(i);
			out[i] = equality ? (l.equalsBytes(i, data, start, length) != negate)
					: test(op, l.compareBytes(i, data, start, length));
		}
	}

}
