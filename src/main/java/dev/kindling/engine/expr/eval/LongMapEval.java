package dev.kindling.engine.expr.eval;

import java.util.function.LongUnaryOperator;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.LongVector;

/**
 * A function of one long-backed value (a date's day, a timestamp's microseconds, an
 * integer) to another, as one loop over the long array: the fields of dates and times,
 * date arithmetic by days. Null in, null out; the null mask is shared, not copied.
 */
final class LongMapEval implements BoundExpr {

	private final String name;

	private final BoundExpr operand;

	private final DataType type;

	private final LongUnaryOperator f;

	LongMapEval(String name, BoundExpr operand, DataType type, LongUnaryOperator f) {
		this.name = name;
		this.operand = operand;
		this.type = type;
		this.f = f;
	}

	@Override
	public DataType type() {
		return this.type;
	}

	@Override
	public boolean nullable() {
		return this.operand.nullable();
	}

	@Override
	public String sql() {
		return this.name + "(" + this.operand.sql() + ")";
	}

	@Override
	public ColumnVector evaluate(Batch batch) {
		int n = batch.rowCount();
		LongVector in = (LongVector) this.operand.evaluate(batch);
		long[] x = in.values();
		boolean[] nulls = in.nulls();
		long[] out = new long[Math.max(n, 1)];
		for (int i = 0; i < n; i++) {
			if (nulls == null || !nulls[i]) {
				out[i] = this.f.applyAsLong(x[i]);
			}
		}
		return new LongVector(this.type, out, nulls, n);
	}

}
