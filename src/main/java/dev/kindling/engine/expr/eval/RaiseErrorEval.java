package dev.kindling.engine.expr.eval;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;

/**
 * Spark's {@code raise_error(message)}: fails the task that evaluates it on any row. Its
 * type is void, so it is never folded at bind time; inside a CASE it runs only for
 * batches where its branch is taken.
 */
final class RaiseErrorEval implements BoundExpr {

	private final BoundExpr message;

	RaiseErrorEval(BoundExpr message) {
		this.message = message;
	}

	/** The failure a job asked for with {@code raise_error}. */
	public static final class RaisedError extends RuntimeException {

		RaisedError(String message) {
			super(message);
		}

	}

	@Override
	public DataType type() {
		return DataType.NULL;
	}

	@Override
	public String sql() {
		return "raise_error(" + this.message.sql() + ")";
	}

	@Override
	public ColumnVector evaluate(Batch batch) {
		if (batch.rowCount() > 0) {
			Object text = this.message.evaluate(batch).getObject(0);
			throw new RaisedError(text == null ? "raise_error" : text.toString());
		}
		return ColumnVector.nulls(DataType.NULL, 0);
	}

}
