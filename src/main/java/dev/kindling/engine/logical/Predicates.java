package dev.kindling.engine.logical;

import java.util.ArrayList;
import java.util.List;

import dev.kindling.engine.expr.Binary;
import dev.kindling.engine.expr.Expr;

/**
 * Splitting conditions into conjuncts and joining them again, for pushdown and join
 * planning.
 */
public final class Predicates {

	private Predicates() {
	}

	/** {@code a AND b AND c} as {@code [a, b, c]}. */
	public static List<Expr> conjuncts(Expr condition) {
		List<Expr> out = new ArrayList<>();
		collect(condition, out);
		return out;
	}

	private static void collect(Expr e, List<Expr> out) {
		if (e instanceof Binary b && b.op() == Binary.Op.AND) {
			collect(b.left(), out);
			collect(b.right(), out);
		}
		else {
			out.add(e);
		}
	}

	/** The conjunction of one or more conditions. */
	public static Expr and(List<Expr> conditions) {
		Expr out = conditions.get(0);
		for (int i = 1; i < conditions.size(); i++) {
			out = new Binary(Binary.Op.AND, out, conditions.get(i), conditions.get(i).position());
		}
		return out;
	}

}
