package dev.kindling.engine.physical;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.expr.WindowExpr;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.expr.eval.BoundWindowFunction;
import dev.kindling.engine.expr.eval.WindowFunctions;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

/**
 * Computes functions over a window for the rows of one partition, which its child
 * delivers sorted by the partition keys and then the window's order (the planner puts a
 * shuffle on the partition keys and a sort below it). Output: the child's columns, then
 * one column per function.
 *
 * @param partitionBy the partition keys as written
 * @param orderBy the order within a partition as written
 * @param functions the functions as written, with their output names
 * @param boundPartitionBy the partition keys bound to the child
 * @param boundOrderBy the order keys bound to the child
 * @param boundFunctions the functions bound to the child
 */
public record WindowExec(PhysicalPlan child, List<Expr> partitionBy, List<SortKey> orderBy, List<NamedExpr> functions,
		List<BoundExpr> boundPartitionBy, List<BoundExpr> boundOrderBy, List<BoundWindowFunction> boundFunctions,
		Schema schema) implements PhysicalPlan {

	public WindowExec {
		partitionBy = List.copyOf(partitionBy);
		orderBy = List.copyOf(orderBy);
		functions = List.copyOf(functions);
		boundPartitionBy = List.copyOf(boundPartitionBy);
		boundOrderBy = List.copyOf(boundOrderBy);
		boundFunctions = List.copyOf(boundFunctions);
	}

	/** A window over {@code child} with everything bound to the child's output. */
	public static WindowExec of(PhysicalPlan child, List<Expr> partitionBy, List<SortKey> orderBy,
			List<NamedExpr> functions) {
		Schema input = child.schema();
		List<BoundWindowFunction> bound = new ArrayList<>();
		List<Field> fields = new ArrayList<>(input.fields());
		for (NamedExpr f : functions) {
			BoundWindowFunction b = WindowFunctions.bind((WindowExpr) f.expr(), input);
			bound.add(b);
			fields.add(new Field(f.outputName(), b.type()));
		}
		return new WindowExec(child, partitionBy, orderBy, functions,
				partitionBy.stream().map((e) -> Binder.bind(e, input)).toList(),
				orderBy.stream().map((k) -> Binder.bind(k.expr(), input)).toList(), bound, new Schema(fields));
	}

	@Override
	public List<PhysicalPlan> children() {
		return List.of(this.child);
	}

	@Override
	public String describe() {
		WindowExpr first = (WindowExpr) this.functions.get(0).expr();
		return "Window " + first.windowSql() + " ["
				+ this.functions.stream()
					.map((f) -> f.expr().sql() + " AS " + f.outputName())
					.collect(Collectors.joining(", "))
				+ "]";
	}

}
