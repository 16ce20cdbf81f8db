package dev.kindling.engine.expr.eval;

import java.util.Arrays;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;

/** {@code x IS [NOT] NULL}: a read of the null mask, never null itself. */
record IsNullEval(BoundExpr operand, boolean negated) implements BoundExpr {

	@Override
	public DataType type() {
		return DataType.BOOLEAN;
	}

	@Override
	public boolean nullable() {
		return false;
	}

	@Override
	public String sql() {
		return "(" + this.operand.sql() + (this.negated ? " IS NOT NULL)" : " IS NULL)");
	}

	@Override
	public ColumnVector evaluate(Batch batch) {
		int n = batch.rowCount();
		boolean[] nulls = this.operand.evaluate(batch).nulls();
		boolean[] out = new boolean[Math.max(n, 1)];
		if (nulls != null) {
			for (int i = 0; i < n; i++) {
				out[i] = nulls[i] != this.negated;
			}
		}
		else if (this.negated) {
			Arrays.fill(out, 0, n, true);
		}
		return new BooleanVector(out, null, n);
	}

}
