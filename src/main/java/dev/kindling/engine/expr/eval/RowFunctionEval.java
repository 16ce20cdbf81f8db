package dev.kindling.engine.expr.eval;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;

/**
 * The generic, per-row path for scalar functions: arguments are read as plain Java values
 * and the function returns one (of the Java type {@link dev.kindling.engine.expr.Literal}
 * documents for {@code type}). A function marked {@code nullIntolerant} gives null
 * whenever an argument is null, without being called.
 */
final class RowFunctionEval implements BoundExpr {

	private final String name;

	private final List<BoundExpr> arguments;

	private final DataType type;

	private final boolean nullIntolerant;

	private final Function<Object[], Object> function;

	/** A null-intolerant function: null in, null out, without calling it. */
	static RowFunctionEval nullIntolerant(String name, List<BoundExpr> arguments, DataType type,
			Function<Object[], Object> function) {
		return new RowFunctionEval(name, arguments, type, true, function);
	}

	RowFunctionEval(String name, List<BoundExpr> arguments, DataType type, boolean nullIntolerant,
			Function<Object[], Object> function) {
		this.name = name;
		this.arguments = List.copyOf(arguments);
		this.type = type;
		this.nullIntolerant = nullIntolerant;
		this.function = function;
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
		ColumnVector[] inputs = new ColumnVector[this.arguments.size()];
		for (int k = 0; k < inputs.length; k++) {
			inputs[k] = this.arguments.get(k).evaluate(batch);
		}
		ColumnVector out = ColumnVector.allocate(this.type, n);
		Object[] row = new Object[inputs.length];
		for (int i = 0; i < n; i++) {
			boolean anyNull = false;
			for (int k = 0; k < inputs.length; k++) {
				row[k] = inputs[k].getObject(i);
				anyNull |= row[k] == null;
			}
			out.appendObject((anyNull && this.nullIntolerant) ? null : this.function.apply(row));
		}
		return out;
	}

}
