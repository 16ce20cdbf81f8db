package dev.kindling.engine.expr.eval;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;

/** {@code NOT x}; null stays null. */
record NotEval(BoundExpr operand) implements BoundExpr {

	@Override
	public DataType type() {
		return DataType.BOOLEAN;
	}

	@Override
	public boolean nullable() {
		return this.operand.nullable();
	}

	@Override
	public String sql() {
		return "(NOT " + this.operand.sql() + ")";
	}

	@Override
	public ColumnVector evaluate(Batch batch) {
		int n = batch.rowCount();
		BooleanVector v = (BooleanVector) this.operand.evaluate(batch);
		boolean[] values = v.values();
		boolean[] out = new boolean[Math.max(n, 1)];
		for (int i = 0; i < n; i++) {
			out[i] = !values[i];
		}
		return new BooleanVector(out, v.nulls(), n);
	}

}
