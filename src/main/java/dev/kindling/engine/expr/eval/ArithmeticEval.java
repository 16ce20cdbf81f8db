package dev.kindling.engine.expr.eval;

import dev.kindling.engine.expr.Binary;

import java.time.LocalDate;

import dev.kindling.engine.types.AnsiMode;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.DecimalType;
import dev.kindling.engine.types.QueryExecutionException;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;

/**
 * {@code + - * / %} over operands the binder has already cast to one type (or a date and
 * an integral number of days; or two decimals, each of its own type, with the result type
 * of Spark's rules: see {@link DecimalArithmetic}). Without ANSI mode int results wrap at
 * 32 bits and bigint at 64, and division or modulo by zero gives null, as Spark 3; in
 * ANSI mode (taken from {@link AnsiMode} when bound) they are {@code ARITHMETIC_OVERFLOW}
 * and {@code DIVIDE_BY_ZERO} errors.
 */
final class ArithmeticEval implements BoundExpr {

	private static final long MIN_DAY = LocalDate.MIN.toEpochDay();

	private static final long MAX_DAY = LocalDate.MAX.toEpochDay();

	private final Binary.Op op;

	private final BoundExpr left;

	private final BoundExpr right;

	private final DataType type;

	private final boolean ansi;

	ArithmeticEval(Binary.Op op, BoundExpr left, BoundExpr right, DataType type) {
		this.op = op;
		this.left = left;
		this.right = right;
		this.type = type;
		this.ansi = AnsiMode.current();
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
		return switch (this.type.kind()) {
			case DOUBLE -> doubles(batch);
			case DECIMAL -> DecimalArithmetic.evaluate(this.op, (DecimalVector) this.left.evaluate(batch),
					(DecimalVector) this.right.evaluate(batch), (DecimalType) this.type, this.ansi, batch.rowCount());
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
			if (this.ansi) {
				checkLongs(a, null, b, nulls, n);
			}
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
			if (this.ansi) {
				checkLongs(a, b, 0, nulls, n);
			}
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

	/**
	 * ANSI mode's checks before an integral operator runs: a zero divisor or a result
	 * beyond the type's range, on a row where neither operand is null, fails the task.
	 * {@code b} is null when the right operand is the constant {@code constant}.
	 */
	private void checkLongs(long[] a, long[] b, long constant, boolean[] nulls, int n) {
		boolean isInt = this.type == DataType.INT;
		for (int i = 0; i < n; i++) {
			if (nulls != null && nulls[i]) {
				continue;
			}
			long x = a[i];
			long y = (b != null) ? b[i] : constant;
			boolean overflow = switch (this.op) {
				case ADD -> isInt ? (x + y) != (int) (x + y) : ((x ^ (x + y)) & (y ^ (x + y))) < 0;
				case SUBTRACT -> isInt ? (x - y) != (int) (x - y) : ((x ^ y) & (x ^ (x - y))) < 0;
				case MULTIPLY -> isInt ? (x * y) != (int) (x * y) : Math.multiplyHigh(x, y) != ((x * y) >> 63);
				case MODULO -> {
					if (y == 0) {
						throw QueryExecutionException.divideByZero();
					}
					yield false;
				}
				default -> false;
			};
			if (overflow && this.type != DataType.DATE) {
				throw QueryExecutionException.arithmeticOverflow(isInt ? "integer overflow" : "long overflow",
						tryFunction(this.op));
			}
		}
	}

	static String tryFunction(Binary.Op op) {
		return switch (op) {
			case ADD -> "try_add";
			case SUBTRACT -> "try_subtract";
			case MULTIPLY -> "try_multiply";
			case DIVIDE -> "try_divide";
			default -> "try_mod";
		};
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
				if (this.ansi && anyNotNull(lv.nulls(), n)) {
					throw QueryExecutionException.divideByZero();
				}
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
						if (this.ansi && (nulls == null || !nulls[i])) {
							throw QueryExecutionException.divideByZero();
						}
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

	private static boolean anyNotNull(boolean[] nulls, int n) {
		if (nulls == null) {
			return n > 0;
		}
		for (int i = 0; i < n; i++) {
			if (!nulls[i]) {
				return true;
			}
		}
		return false;
	}

}
