package dev.kindling.engine.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.kindling.engine.expr.Binary;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.Expressions;
import dev.kindling.engine.logical.Join;
import dev.kindling.engine.logical.Join.JoinType;
import dev.kindling.engine.logical.LogicalPlan;
import dev.kindling.engine.logical.Predicates;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

/**
 * Builds logical joins from conditions over uniquely named columns: each equality between
 * an expression of the left side and one of the right becomes a key, the rest the
 * residual condition. A join with no key is a cross product (planned on a constant key).
 */
final class Joins {

	private Joins() {
	}

	static Join join(Analysis analysis, LogicalPlan left, LogicalPlan right, JoinType type, List<Expr> conditions) {
		Set<String> leftNames = lower(left.schema().names());
		Set<String> rightNames = lower(right.schema().names());
		List<Expr> leftKeys = new ArrayList<>();
		List<Expr> rightKeys = new ArrayList<>();
		List<Expr> residual = new ArrayList<>();
		for (Expr condition : conditions) {
			for (Expr c : Predicates.conjuncts(condition)) {
				if (c instanceof Binary b && b.op() == Binary.Op.EQ) {
					Set<String> l = lower(Expressions.referencedColumns(b.left()));
					Set<String> r = lower(Expressions.referencedColumns(b.right()));
					if (!l.isEmpty() && !r.isEmpty()) {
						if (leftNames.containsAll(l) && rightNames.containsAll(r)
								&& joinable(analysis, b.left(), left.schema(), b.right(), right.schema())) {
							leftKeys.add(b.left());
							rightKeys.add(b.right());
							continue;
						}
						if (leftNames.containsAll(r) && rightNames.containsAll(l)
								&& joinable(analysis, b.right(), left.schema(), b.left(), right.schema())) {
							leftKeys.add(b.right());
							rightKeys.add(b.left());
							continue;
						}
					}
				}
				residual.add(c);
			}
		}
		Schema both = concat(left.schema(), right.schema());
		Expr rest = residual.isEmpty() ? null : Predicates.and(residual);
		if (rest != null) {
			analysis.checkCondition(rest, both, "a join condition");
		}
		Schema schema = (type == JoinType.SEMI || type == JoinType.ANTI) ? left.schema() : both;
		return new Join(left, right, type, leftKeys, rightKeys, rest, false, schema);
	}

	/**
	 * Whether two key expressions can be compared by hash (same type, or both numbers).
	 */
	private static boolean joinable(Analysis analysis, Expr l, Schema ls, Expr r, Schema rs) {
		DataType lt = analysis.typeOf(l, ls);
		DataType rt = analysis.typeOf(r, rs);
		return lt == rt || (lt.isNumeric() && rt.isNumeric());
	}

	static Schema concat(Schema a, Schema b) {
		List<Field> fields = new ArrayList<>(a.fields());
		fields.addAll(b.fields());
		return new Schema(fields);
	}

	static Set<String> lower(java.util.Collection<String> names) {
		Set<String> out = new HashSet<>();
		for (String n : names) {
			out.add(n.toLowerCase(Locale.ROOT));
		}
		return out;
	}

}
