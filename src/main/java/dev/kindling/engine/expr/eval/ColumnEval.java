package dev.kindling.engine.expr.eval;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;

/** A resolved column: the batch's own vector at {@code index}. */
record ColumnEval(int index, String name, DataType type, boolean nullable) implements BoundExpr {

	@Override
	public ColumnVector evaluate(Batch batch) {
		return batch.column(this.index);
	}

	@Override
	public String sql() {
		return this.name;
	}

}
