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
		// as Spark evaluates row by row, a condition sees only the rows no earlier one
		// decided, and a result only the rows that take it: a guard such as
		// WHEN b <> 0 THEN a % b keeps ANSI errors away from the rows it excludes
		int[] undecided = new int[n];
		int m = n;
		for (int i = 0; i < n; i++) {
			undecided[i] = i;
		}
		for (int k = 0; k < branches && m > 0; k++) {
			BooleanVector c = (BooleanVector) this.conditions.get(k).evaluate(subset(batch, undecided, m));
			int left = 0;
			for (int j = 0; j < m; j++) {
				if (c.isTrue(j)) {
					pick[undecided[j]] = k;
				}
				else {
					undecided[left++] = undecided[j];
				}
			}
			m = left;
		}
		ColumnVector[] values = new ColumnVector[branches + 1];
		int[] at = new int[Math.max(n, 1)];
		int[] rows = new int[n];
		for (int k = 0; k <= branches; k++) {
			int count = 0;
			for (int i = 0; i < n; i++) {
				if (pick[i] == k) {
					at[i] = count;
					rows[count++] = i;
				}
			}
			if (count > 0) {
				values[k] = ((k == branches) ? this.otherwise : this.results.get(k))
					.evaluate(subset(batch, rows, count));
			}
		}
		ColumnVector out = ColumnVector.allocate(this.type, n);
		for (int i = 0; i < n; i++) {
			Columns.appendFrom(out, values[pick[i]], at[i]);
		}
		return out;
	}

	/**
	 * The batch's rows {@code rows[0 .. count)}: the batch itself when that is all of
	 * them.
	 */
	private static Batch subset(Batch batch, int[] rows, int count) {
		return (count == batch.rowCount()) ? batch : batch.select(rows, count);
	}

}
