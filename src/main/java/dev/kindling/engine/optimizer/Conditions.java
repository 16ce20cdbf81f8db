package dev.kindling.engine.optimizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.kindling.engine.expr.Between;
import dev.kindling.engine.expr.Binary;
import dev.kindling.engine.expr.Cast;
import dev.kindling.engine.expr.ColumnRef;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.Expressions;
import dev.kindling.engine.expr.In;
import dev.kindling.engine.expr.IsNull;
import dev.kindling.engine.expr.Like;
import dev.kindling.engine.expr.Literal;
import dev.kindling.engine.expr.Unary;
import dev.kindling.engine.logical.Predicates;

/**
 * Facts about conditions the rules rely on: common factors of disjunctions, which
 * conditions can never be true on a null, and a rough selectivity for ordering joins.
 */
final class Conditions {

	private Conditions() {
	}

	/**
	 * The conjuncts of {@code condition} with the factors common to every branch of a
	 * disjunction taken out: {@code (a AND b) OR (a AND c)} is {@code a AND (b OR c)}. A
	 * join key repeated in every branch (TPC-H Q19) thus becomes a key.
	 */
	static List<Expr> factored(Expr condition) {
		List<Expr> out = new ArrayList<>();
		for (Expr c : Predicates.conjuncts(condition)) {
			if (!(c instanceof Binary b && b.op() == Binary.Op.OR)) {
				out.add(c);
				continue;
			}
			List<List<Expr>> branches = new ArrayList<>();
			for (Expr d : disjuncts(c)) {
				branches.add(Predicates.conjuncts(d));
			}
			Map<String, Expr> common = new LinkedHashMap<>();
			for (Expr e : branches.get(0)) {
				common.put(Expressions.toSource(e), e);
			}
			for (List<Expr> branch : branches.subList(1, branches.size())) {
				Set<String> here = new java.util.HashSet<>();
				branch.forEach(e -> here.add(Expressions.toSource(e)));
				common.keySet().retainAll(here);
			}
			if (common.isEmpty()) {
				out.add(c);
				continue;
			}
			out.addAll(common.values());
			List<Expr> rest = new ArrayList<>();
			boolean always = false;
			for (List<Expr> branch : branches) {
				List<Expr> left = branch.stream().filter(e -> !common.containsKey(Expressions.toSource(e))).toList();
				if (left.isEmpty()) {
					// this branch is the common factors alone: the disjunction adds
					// nothing
					always = true;
					break;
				}
				rest.add(Predicates.and(left));
			}
			if (!always) {
				Expr or = rest.get(0);
				for (int i = 1; i < rest.size(); i++) {
					or = new Binary(Binary.Op.OR, or, rest.get(i), c.position());
				}
				out.add(or);
			}
		}
		return out;
	}

	static List<Expr> disjuncts(Expr e) {
		List<Expr> out = new ArrayList<>();
		if (e instanceof Binary b && b.op() == Binary.Op.OR) {
			out.addAll(disjuncts(b.left()));
			out.addAll(disjuncts(b.right()));
		}
		else {
			out.add(e);
		}
		return out;
	}

	/**
	 * Whether the conjunct is false or null whenever a column of {@code names} (lower
	 * case) it reads is null, so it drops the null-padded rows of an outer join.
	 */
	static boolean rejectsNulls(Expr conjunct, Set<String> names) {
		if (conjunct instanceof Binary b && b.op().isComparison() && b.op() != Binary.Op.NULL_SAFE_EQ) {
			return strict(b.left(), names) || strict(b.right(), names);
		}
		if (conjunct instanceof Binary b && b.op() == Binary.Op.AND) {
			return rejectsNulls(b.left(), names) || rejectsNulls(b.right(), names);
		}
		if (conjunct instanceof Like l) {
			return strict(l.operand(), names);
		}
		if (conjunct instanceof In in) {
			return strict(in.operand(), names);
		}
		if (conjunct instanceof Between b) {
			return strict(b.operand(), names);
		}
		if (conjunct instanceof IsNull n) {
			return n.negated() && strict(n.operand(), names);
		}
		return false;
	}

	/** Whether the expression is null whenever a column of {@code names} it reads is. */
	private static boolean strict(Expr e, Set<String> names) {
		if (e instanceof ColumnRef ref) {
			return names.contains(ref.name().toLowerCase(Locale.ROOT));
		}
		if (e instanceof Binary b && b.op().isArithmetic()) {
			return strict(b.left(), names) || strict(b.right(), names);
		}
		if (e instanceof Unary u && u.op() != Unary.Op.NOT) {
			return strict(u.operand(), names);
		}
		if (e instanceof Cast c) {
			return strict(c.operand(), names);
		}
		return false;
	}

	/**
	 * A rough fraction of rows a conjunct keeps, only to order joins: an equality with a
	 * constant keeps few, a range some, a negation most.
	 */
	static double selectivity(Expr c) {
		if (c instanceof Binary b) {
			switch (b.op()) {
				case AND:
					return selectivity(b.left()) * selectivity(b.right());
				case OR:
					return Math.min(1.0, selectivity(b.left()) + selectivity(b.right()));
				case EQ:
				case NULL_SAFE_EQ:
					return (b.left() instanceof Literal || b.right() instanceof Literal) ? 0.1 : 0.5;
				case NE:
					return 0.9;
				case LT:
				case LE:
				case GT:
				case GE:
					return 0.4;
				default:
					return 0.5;
			}
		}
		if (c instanceof Between b) {
			return b.negated() ? 0.75 : 0.25;
		}
		if (c instanceof Like l) {
			return l.negated() ? 0.9 : 0.25;
		}
		if (c instanceof In in) {
			return in.negated() ? 0.9 : Math.min(1.0, 0.05 * in.list().size());
		}
		if (c instanceof IsNull n) {
			return n.negated() ? 0.9 : 0.1;
		}
		return 0.5;
	}

}
