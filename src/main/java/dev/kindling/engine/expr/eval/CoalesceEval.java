package dev.kindling.engine.expr.eval;

import java.util.List;
import java.util.stream.Collectors;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.Columns;

/**
 * {@code coalesce(a, b, ...)}: the first argument that is not null, all cast to one type
 * by the function. As Spark, an argument is evaluated only for the rows every earlier one
 * left null, so {@code coalesce(x, 1 / 0)} fails only where x is null.
 */
final class CoalesceEval implements BoundExpr {

	private final String name;

	private final List<BoundExpr> arguments;

	private final DataType type;

	CoalesceEval(String name, List<BoundExpr> arguments, DataType type) {
		this.name = name;
		this.arguments = List.copyOf(arguments);
		this.type = type;
	}

	@Override
	public DataType type() {
		return this.type;
	}

	@Override
	public String sql() {
		return this.name + "(" + this.arguments.stream().map(BoundExpr::sql).collect(Collectors.joining(", ")) + ")";
	}

	@Override
	public ColumnVector evaluate(Batch batch) {
		int n = batch.rowCount();
		ColumnVector first = this.arguments.get(0).evaluate(batch);
		if (!first.hasNulls() || this.arguments.size() == 1) {
			return first;
		}
		ColumnVector[] source = new ColumnVector[n];
		int[] at = new int[n];
		int[] open = new int[n];
		int m = 0;
		for (int i = 0; i < n; i++) {
			source[i] = first;
			at[i] = i;
			if (first.isNull(i)) {
				open[m++] = i;
			}
		}
		for (int k = 1; k < this.arguments.size() && m > 0; k++) {
			ColumnVector v = this.arguments.get(k).evaluate(batch.select(open, m));
			int left = 0;
			for (int j = 0; j < m; j++) {
				int row = open[j];
				source[row] = v;
				at[row] = j;
				if (v.isNull(j)) {
					open[left++] = row;
				}
			}
			m = left;
		}
		ColumnVector out = ColumnVector.allocate(this.type, n);
		for (int i = 0; i < n; i++) {
			Columns.appendFrom(out, source[i], at[i]);
		}
		return out;
	}

}
