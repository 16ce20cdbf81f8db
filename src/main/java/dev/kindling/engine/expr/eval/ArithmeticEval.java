package dev.kindling.engine.expr.eval;

import dev.kindling.engine.expr.Binary;

import java.math.BigDecimal;
import java.time.LocalDate;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;

/**
 * {@code + - * / %} over operands the binder has already cast to one type (or a date and
 * an integral number of days). Int results wrap at 32 bits, bigint at 64, as Spark
 * without ANSI mode; division or modulo by zero gives null.
 */
final class ArithmeticEval implements BoundExpr {

	private static final long MIN_DAY = LocalDate.MIN.toEpochDay();

	private static final long MAX_DAY = LocalDate.MAX.toEpochDay();

	private final Binary.Op op;

	private final BoundExpr left;

	private final BoundExpr right;

	private final DataType type;

	ArithmeticEval(Binary.Op op, BoundExpr left, BoundExpr right, DataType type) {
		this.op = op;
		this.left = left;
		this.right = right;
		this.type = type;
	}

	@Override
	public DataType type() {
		return this.type;
	}

	@Override
	public String sql() {
		return "(" + this.left.sql() + " " + this.op.symbol() + " " + this.right.sql() + ")";
	}

	@Override
	public ColumnVector evaluate(Batch batch) {
		return switch (this.type) {
			case DOUBLE -> doubles(batch);
			case DECIMAL -> decimals(batch);
			default -> longs(batch);
		};
	}

	private ColumnVector longs(Batch batch) {
		int n = batch.rowCount();
		LongVector lv = (LongVector) this.left.evaluate(batch);
		long[] a = lv.values();
		long[] out = new long[Math.max(n, 1)];
		boolean[] nulls;
		if (this.right instanceof LiteralEval lit && !lit.isNull()) {
			long b = lit.longValue();
			nulls = (lv.nulls() != null) ? Vectors.copyNulls(lv.nulls(), n) : null;
			switch (this.op) {
				case ADD -> {
					for (int i = 0; i < n; i++) {
						out[i] = a[i] + b;
					}
				}
				case SUBTRACT -> {
					for (int i = 0; i < n; i++) {
						out[i] = a[i] - b;
					}
				}
				case MULTIPLY -> {
					for (int i = 0; i < n; i++) {
						out[i] = a[i] * b;
					}
				}
				case MODULO -> {
					if (b == 0) {
						return ColumnVector.nulls(this.type, n);
					}
					for (int i = 0; i < n; i++) {
						out[i] = a[i] % b;
					}
				}
				default -> throw new IllegalStateException("not an integral operator: " + this.op);
			}
		}
		else {
			LongVector rv = (LongVector) this.right.evaluate(batch);
			long[] b = rv.values();
			nulls = Vectors.unionNulls(lv.nulls(), rv.nulls(), n);
			switch (this.op) {
				case ADD -> {
					for (int i = 0; i < n; i++) {
						out[i] = a[i] + b[i];
					}
				}
				case SUBTRACT -> {
					for (int i = 0; i < n; i++) {
						out[i] = a[i] - b[i];
					}
				}
				case MULTIPLY -> {
					for (int i = 0; i < n; i++) {
						out[i] = a[i] * b[i];
					}
				}
				case MODULO -> {
					for (int i = 0; i < n; i++) {
						if (b[i] == 0) {
							if (nulls == null) {
								nulls = new boolean[Math.max(n, 1)];
							}
							nulls[i] = true;
						}
						else {
							out[i] = a[i] % b[i];
						}
					}
				}
				default -> throw new IllegalStateException("not an integral operator: " + this.op);
			}
		}
		if (this.type == DataType.INT) {
			for (int i = 0; i < n; i++) {
				out[i] = (int) out[i];
			}
		}
		else if (this.type == DataType.DATE) {
			// a day beyond the calendar's range has no date: null, as Spark gives for an
			// overflow
			for (int i = 0; i < n; i++) {
				if (out[i] < MIN_DAY || out[i] > MAX_DAY) {
					if (nulls == null) {
						nulls = new boolean[Math.max(n, 1)];
					}
					nulls[i] = true;
					out[i] = 0;
				}
			}
		}
		return new LongVector(this.type, out, nulls, n);
	}

	private ColumnVector doubles(Batch batch) {
		int n = batch.rowCount();
		DoubleVector lv = (DoubleVector) this.left.evaluate(batch);
		double[] a = lv.values();
		double[] out = new double[Math.max(n, 1)];
		boolean[] nulls;
		if (this.right instanceof LiteralEval lit && !lit.isNull()) {
			double b = lit.doubleValue();
			if (b == 0 && (this.op == Binary.Op.DIVIDE || this.op == Binary.Op.MODULO)) {
				return ColumnVector.nulls(DataType.DOUBLE, n);
			}
			nulls = (lv.nulls() != null) ? Vectors.copyNulls(lv.nulls(), n) : null;
			switch (this.op) {
				case ADD -> {
					for (int i = 0; i < n; i++) {
						out[i] = a[i] + b;
					}
				}
				case SUBTRACT -> {
					for (int i = 0; i < n; i++) {
						out[i] = a[i] - b;
					}
				}
				case MULTIPLY -> {
					for (int i = 0; i < n; i++) {
						out[i] = a[i] * b;
					}
				}
				case DIVIDE -> {
					for (int i = 0; i < n; i++) {
						out[i] = a[i] / b;
					}
				}
				default -> {
					for (int i = 0; i < n; i++) {
						out[i] = a[i] % b;
					}
				}
			}
			return new DoubleVector(out, nulls, n);
		}
		DoubleVector rv = (DoubleVector) this.right.evaluate(batch);
		double[] b = rv.values();
		nulls = Vectors.unionNulls(lv.nulls(), rv.nulls(), n);
		switch (this.op) {
			case ADD -> {
				for (int i = 0; i < n; i++) {
					out[i] = a[i] + b[i];
				}
			}
			case SUBTRACT -> {
				for (int i = 0; i < n; i++) {
					out[i] = a[i] - b[i];
				}
			}
			case MULTIPLY -> {
				for (int i = 0; i < n; i++) {
					out[i] = a[i] * b[i];
				}
			}
			default -> {
				boolean divide = this.op == Binary.Op.DIVIDE;
				for (int i = 0; i < n; i++) {
					if (b[i] == 0) {
						if (nulls == null) {
							nulls = new boolean[Math.max(n, 1)];
						}
						nulls[i] = true;
					}
					else {
						out[i] = divide ? a[i] / b[i] : a[i] % b[i];
					}
				}
			}
		}
		return new DoubleVector(out, nulls, n);
	}

	private ColumnVector decimals(Batch batch) {
		int n = batch.rowCount();
		DecimalVector lv = (DecimalVector) this.left.evaluate(batch);
		DecimalVector rv = (DecimalVector) this.right.evaluate(batch);
		DecimalVector out = new DecimalVector(n);
		for (int i = 0; i < n; i++) {
			if (lv.isNull(i) || rv.isNull(i)) {
				out.appendNull();
				continue;
			}
			BigDecimal a = lv.get(i);
			BigDecimal b = rv.get(i);
			out.append(switch (this.op) {
				case ADD -> a.add(b);
				case SUBTRACT -> a.subtract(b);
				case MULTIPLY -> a.multiply(b);
				case MODULO -> (b.signum() == 0) ? null : a.remainder(b);
				default -> throw new IllegalStateException("not a decimal operator: " + this.op);
			});
		}
		return out;
	}

}
