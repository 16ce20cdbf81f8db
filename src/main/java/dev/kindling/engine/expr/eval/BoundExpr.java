package dev.kindling.engine.expr.eval;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;

/**
 * A resolved, type-checked expression, ready to run over batches of the schema it was
 * bound to (see {@link Binder#bind}). Evaluation is vectorized: one call computes every
 * row of a batch.
 */
public interface BoundExpr {

	/**
	 * The result type. Only the bare {@code null} literal has type {@link DataType#NULL};
	 * its vector is a boolean vector of nulls.
	 */
	DataType type();

	/**
	 * The value for every row of the batch, as a vector of {@code batch.rowCount()} rows.
	 * A bound column returns the batch's own vector (no copy); callers must not change
	 * the result.
	 */
	ColumnVector evaluate(Batch batch);

	/** Whether the result can be null (conservative: {@code true} when in doubt). */
	default boolean nullable() {
		return true;
	}

	/**
	 * The canonical text of the expression, including implicit casts the binder added.
	 */
	String sql();

}
