package dev.kindling.engine.logical;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

/**
 * Computes new columns from each row: select, withColumn and drop all become a
 * projection.
 */
public record Project(LogicalPlan child, List<NamedExpr> exprs, Schema schema) implements LogicalPlan {

	public Project {
		exprs = List.copyOf(exprs);
	}

	/**
	 * A projection whose schema is derived by type-checking each expression on the child.
	 */
	public static Project of(LogicalPlan child, List<NamedExpr> exprs) {
		List<Field> fields = new ArrayList<>();
		for (NamedExpr e : exprs) {
			fields.add(new Field(e.outputName(), Binder.bind(e.expr(), child.schema()).type()));
		}
		return new Project(child, exprs, new Schema(fields));
	}

	@Override
	public List<LogicalPlan> children() {
		return List.of(this.child);
	}

	@Override
	public String describe() {
		return "Project " + this.exprs.stream().map(Project::show).collect(Collectors.joining(", "));
	}

	static String show(NamedExpr e) {
		String sql = e.expr().sql();
		return sql.equals(e.outputName()) ? sql : sql + " AS " + e.outputName();
	}

	@Override
	public LogicalPlan withChildren(List<LogicalPlan> children) {
		return new Project(children.get(0), this.exprs, this.schema);
	}

}
