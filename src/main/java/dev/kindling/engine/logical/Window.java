package dev.kindling.engine.logical;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.expr.WindowExpr;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

/**
 * Computes functions over a window for every row: the child's columns, then one column
 * per function. Every function shares the window's partitioning and order (each its own
 * frame); the planner makes one node per distinct window.
 *
 * @param functions the functions, each a {@link WindowExpr} with its output name
 * @param outputs the columns the functions add, with their types
 */
public record Window(LogicalPlan child, List<NamedExpr> functions, List<Field> outputs) implements LogicalPlan {

	public Window {
		functions = List.copyOf(functions);
		outputs = List.copyOf(outputs);
		if (functions.isEmpty() || functions.size() != outputs.size()) {
			throw new IllegalArgumentException("a window computes one output per function");
		}
		for (NamedExpr f : functions) {
			if (!(f.expr() instanceof WindowExpr)) {
				throw new IllegalArgumentException("not a window function: " + f.expr().sql());
			}
		}
	}

	private WindowExpr first() {
		return (WindowExpr) this.functions.get(0).expr();
	}

	/** The partition keys every function shares. */
	public List<Expr> partitionBy() {
		return first().partitionBy();
	}

	/** The order within a partition every function shares. */
	public List<SortKey> orderBy() {
		return first().orderBy();
	}

	@Override
	public Schema schema() {
		List<Field> fields = new ArrayList<>(this.child.schema().fields());
		fields.addAll(this.outputs);
		return new Schema(fields);
	}

	@Override
	public List<LogicalPlan> children() {
		return List.of(this.child);
	}

	@Override
	public String describe() {
		return "Window " + first().windowSql() + " ["
				+ this.functions.stream().map(Project::show).collect(Collectors.joining(", ")) + "]";
	}

	@Override
	public LogicalPlan withChildren(List<LogicalPlan> children) {
		return new Window(children.get(0), this.functions, this.outputs);
	}

}
