package dev.kindling.engine.logical;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.kindling.engine.expr.Cast;
import dev.kindling.engine.expr.ColumnRef;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.Literal;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.expr.eval.TypeCoercion;
import dev.kindling.engine.spec.StepSpec;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

/**
 * Plans {@code union} (columns matched by position, named as on the left) and
 * {@code unionByName} (matched by name; with {@code allowMissingColumns} a column one
 * side lacks is null there, the right side's extra columns coming last), as Spark does.
 * Each column takes the type both sides' values fit (Spark's widening: the wider number,
 * timestamp for a date and a timestamp, string for a string and anything else); both
 * sides are projected to exactly those names and types.
 */
final class UnionPlanner {

	private UnionPlanner() {
	}

	static LogicalPlan plan(LogicalPlanner pipelines, LogicalPlan left, StepSpec step, String at) {
		if (step.right() == null || step.right().source() == null) {
			throw new PlanException(at + "/right", step.op() + " needs right.source");
		}
		LogicalPlan right = pipelines.planPipeline(step.right().source(), step.right().pipeline(), at + "/right");
		boolean byName = step.op().equals("unionByName");
		if (!byName && step.allowMissingColumns() != null) {
			throw new PlanException(at + "/allowMissingColumns",
					"allowMissingColumns applies to unionByName only; union matches columns by position");
		}
		Schema ls = left.schema();
		Schema rs = right.schema();
		List<Expr> leftExprs = new ArrayList<>();
		List<Expr> rightExprs = new ArrayList<>();
		List<String> names = new ArrayList<>();
		if (!byName) {
			if (ls.size() != rs.size()) {
				throw new PlanException(at + "/right",
						"[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same number of columns, "
								+ "but the first input has " + ls.size() + " columns and the second input has "
								+ rs.size() + " columns");
			}
			for (int i = 0; i < ls.size(); i++) {
				names.add(ls.field(i).name());
				leftExprs.add(column(ls.field(i)));
				rightExprs.add(column(rs.field(i)));
			}
		}
		else {
			boolean allowMissing = Boolean.TRUE.equals(step.allowMissingColumns());
			for (Field f : ls.fields()) {
				int ri = rs.indexOf(f.name());
				if (ri < 0 && !allowMissing) {
					throw new PlanException(at + "/right",
							"unionByName: column '" + f.name()
									+ "' is missing on the right side (set allowMissingColumns to fill it with nulls)",
							-1, f.name(), null);
				}
				names.add(f.name());
				leftExprs.add(column(f));
				rightExprs.add((ri < 0) ? null : column(rs.field(ri)));
			}
			for (Field f : rs.fields()) {
				if (ls.indexOf(f.name()) < 0) {
					if (!allowMissing) {
						throw new PlanException(at + "/right", "unionByName: column '" + f.name()
								+ "' is missing on the left side (set allowMissingColumns to fill it with nulls)", -1,
								f.name(), null);
					}
					names.add(f.name());
					leftExprs.add(null);
					rightExprs.add(column(f));
				}
			}
		}
		List<NamedExpr> leftOut = new ArrayList<>();
		List<NamedExpr> rightOut = new ArrayList<>();
		for (int i = 0; i < names.size(); i++) {
			DataType lt = type(leftExprs.get(i), ls);
			DataType rt = type(rightExprs.get(i), rs);
			DataType type = TypeCoercion.resultType(lt, rt);
			if (type == null) {
				throw new PlanException(at + "/right",
						"[INCOMPATIBLE_COLUMN_TYPE] " + (byName ? "UNION BY NAME" : "UNION")
								+ " can only be performed on inputs with compatible column types: column '"
								+ names.get(i) + "' is " + lt.sqlName() + " on the left and " + rt.sqlName()
								+ " on the right",
						-1, names.get(i), null);
			}
			if (type == DataType.NULL) {
				type = DataType.STRING;
			}
			leftOut.add(new NamedExpr(as(leftExprs.get(i), lt, type), names.get(i)));
			rightOut.add(new NamedExpr(as(rightExprs.get(i), rt, type), names.get(i)));
		}
		checkDistinct(names, at);
		Project l = Project.of(left, leftOut);
		return new Union(List.of(l, new Project(right, rightOut, l.schema())), l.schema());
	}

	private static void checkDistinct(List<String> names, String at) {
		List<String> seen = new ArrayList<>();
		for (String n : names) {
			String lower = n.toLowerCase(Locale.ROOT);
			if (seen.contains(lower)) {
				throw new PlanException(at, "the union would have two columns named '" + n + "'");
			}
			seen.add(lower);
		}
	}

	private static Expr column(Field f) {
		return new ColumnRef(f.name(), 0);
	}

	private static DataType type(Expr e, Schema schema) {
		return (e == null) ? DataType.NULL : schema.field(schema.indexOf(((ColumnRef) e).name())).type();
	}

	private static Expr as(Expr e, DataType from, DataType to) {
		if (e == null) {
			return new Cast(new Literal(null, DataType.NULL, 0), to, 0);
		}
		return (from == to) ? e : new Cast(e, to, 0);
	}

}
