package dev.kindling.engine.expr.eval;

import java.util.Arrays;
import java.util.List;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Columns;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;

/**
 * {@code CASE WHEN c1 THEN r1 ... ELSE e END} (a simple CASE is bound as this with
 * equalities): each row takes the result of its first true condition. Results are cast to
 * one type by the binder, and a branch is evaluated only if some row takes it.
 */
final class CaseEval implements BoundExpr {

	private final List<BoundExpr> conditions;

	private final List<BoundExpr> results;

	private final BoundExpr otherwise;

	private final DataType type;

	CaseEval(List<BoundExpr> conditions, List<BoundExpr> results, BoundExpr otherwise, DataType type) {
		this.conditions = List.copyOf(conditions);
		this.results = List.copyOf(results);
		this.otherwise = otherwise;
		this.type = type;
	}

	@Override
	public DataType type() {
		return this.type;
	}

	@Override
	public String sql() {
		StringBuilder sb = new StringBuilder("CASE");
		for (int k = 0; k < this.conditions.size(); k++) {
			sb.append(" WHEN ").append(this.conditions.get(k).sql()).append(" THEN ").append(this.results.get(k).sql());
		}
		return sb.append(" ELSE ").append(this.otherwise.sql()).append(" END").toString();
	}

	@Override
	public ColumnVector evaluate(Batch batch) {
		int n = batch.rowCount();
		int branches = this.conditions.size();
		int[] pick = new int[Math.max(n, 1)];
		Arrays.fill(pick, branches);
		int undecided = n;
		for (int k = 0; k < branches && undecided > 0; k++) {
			BooleanVector c = (BooleanVector) this.conditions.get(k).evaluate(batch);
			for (int i = 0; i < n; i++) {
				if (pick[i] == branches && c.isTrue(i)) {
					pick[i] = k;
					undecided--;
				}
			}
		}
		ColumnVector[] values = new ColumnVector[branches + 1];
		for (int i = 0; i < n; i++) {
			int k = pick[i];
			if (values[k] == null) {
				values[k] = ((k == branches) ? this.otherwise : this.results.get(k)).evaluate(batch);
			}
		}
		ColumnVector out = ColumnVector.allocate(this.type, n);
		for (int i = 0; i < n; i++) {
			Columns.appendFrom(out, values[pick[i]], i);
		}
		return out;
	}

}
