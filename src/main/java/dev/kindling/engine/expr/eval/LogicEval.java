package dev.kindling.engine.expr.eval;

import java.util.List;
import java.util.stream.Collectors;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;

/**
 * {@code AND} or {@code OR} over two or more boolean operands, with SQL's three-valued
 * logic: false wins an AND and true wins an OR even against null; otherwise a null
 * operand makes the result null.
 */
final class LogicEval implements BoundExpr {

	private final boolean and;

	private final List<BoundExpr> operands;

	LogicEval(boolean and, List<BoundExpr> operands) {
		this.and = and;
		this.operands = List.copyOf(operands);
	}

	boolean isAnd() {
		return this.and;
	}

	List<BoundExpr> operands() {
		return this.operands;
	}

	@Override
	public DataType type() {
		return DataType.BOOLEAN;
	}

	@Override
	public String sql() {
		return this.operands.stream()
			.map(BoundExpr::sql)
			.collect(Collectors.joining(this.and ? " AND " : " OR ", "(", ")"));
	}

	@Override
	public ColumnVector evaluate(Batch batch) {
		int n = batch.rowCount();
		// decided[i]: the row already has the winning value (false for AND, true for OR)
		boolean[] decided = new boolean[Math.max(n, 1)];
		boolean[] sawNull = null;
		boolean winner = !this.and;
		for (BoundExpr operand : this.operands) {
			BooleanVector v = (BooleanVector) operand.evaluate(batch);
			boolean[] values = v.values();
			boolean[] nulls = v.nulls();
			if (nulls == null) {
				for (int i = 0; i < n; i++) {
					decided[i] |= values[i] == winner;
				}
			}
			else {
				if (sawNull == null) {
					sawNull = new boolean[Math.max(n, 1)];
				}
				for (int i = 0; i < n; i++) {
					if (nulls[i]) {
						sawNull[i] = true;
					}
					else {
						decided[i] |= values[i] == winner;
					}
				}
			}
		}
		boolean[] out = new boolean[Math.max(n, 1)];
		boolean[] outNulls = null;
		for (int i = 0; i < n; i++) {
			if (decided[i]) {
				out[i] = winner;
			}
			else if (sawNull != null && sawNull[i]) {
				if (outNulls == null) {
					outNulls = new boolean[Math.max(n, 1)];
				}
				outNulls[i] = true;
			}
			else {
				out[i] = !winner;
			}
		}
		return new BooleanVector(out, outNulls, n);
	}

}
