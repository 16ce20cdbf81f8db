package dev.kindling.engine.logical;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.kindling.engine.expr.Binary;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.expr.Expressions;
import dev.kindling.engine.logical.Join.JoinType;
import dev.kindling.engine.spec.StepSpec;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

import static dev.kindling.engine.logical.PlanChecks.required;
import static dev.kindling.engine.logical.PlanChecks.parse;
import static dev.kindling.engine.logical.PlanChecks.bind;

/**
 * Plans a join step: the right side's own pipeline, then the keys, either columns named
 * on both sides ({@code on}, each key output once) or the equalities between a left and a
 * right expression found among the conjuncts of a {@code condition}, the rest of which
 * becomes the residual; the output schema; and the type checks of keys and residual.
 */
final class JoinPlanner {

	private JoinPlanner() {
	}

	/**
	 * A join step: the right side's own pipeline (planned by {@code pipelines}), then
	 * either equal columns ({@code on}) or a condition split into equi-join keys and a
	 * residual.
	 */
	static Join plan(LogicalPlanner pipelines, LogicalPlan left, StepSpec step, String at) {
		if (step.right() == null || step.right().source() == null) {
			throw new PlanException(at + "/right", "join needs right.source");
		}
		JoinType type;
		try {
			type = JoinType.parse(step.type());
		}
		catch (IllegalArgumentException ex) {
			throw new PlanException(at + "/type", ex.getMessage());
		}
		LogicalPlan right = pipelines.planPipeline(step.right().source(), step.right().pipeline(), at + "/right");
		Schema ls = left.schema();
		Schema rs = right.schema();
		List<Expr> leftKeys = new ArrayList<>();
		List<Expr> rightKeys = new ArrayList<>();
		if (step.on() != null && !step.on().isEmpty()) {
			if (step.condition() != null) {
				throw new PlanException(at + "/condition", "give either on or condition, not both");
			}
			List<Field> fields = new ArrayList<>();
			Set<String> keyNames = new HashSet<>();
			for (int i = 0; i < step.on().size(); i++) {
				String name = required(step.on().get(i), at + "/on/" + i);
				int li = ls.indexOf(name);
				int ri = rs.indexOf(name);
				if (li < 0 || ri < 0) {
					throw new PlanException(at + "/on/" + i,
							"join column '" + name + "' is missing on the " + (li < 0 ? "left" : "right") + " side", -1,
							name, null);
				}
				DataType lt = ls.field(li).type();
				DataType rt = rs.field(ri).type();
				if (lt != rt && !(lt.isNumeric() && rt.isNumeric())) {
					throw new PlanException(at + "/on/" + i, "join column '" + name + "' is " + lt.sqlName()
							+ " on the left but " + rt.sqlName() + " on the right");
				}
				leftKeys.add(ExprParser.parse("`" + ls.field(li).name() + "`"));
				rightKeys.add(ExprParser.parse("`" + rs.field(ri).name() + "`"));
				fields.add(ls.field(li));
				keyNames.add(name.toLowerCase(Locale.ROOT));
			}
			for (Field f : ls.fields()) {
				if (!keyNames.contains(f.name().toLowerCase(Locale.ROOT))) {
					fields.add(f);
				}
			}
			if (type != JoinType.SEMI && type != JoinType.ANTI) {
				for (Field f : rs.fields()) {
					if (!keyNames.contains(f.name().toLowerCase(Locale.ROOT))) {
						fields.add(f);
					}
				}
			}
			Schema out = semiOrAnti(type) ? ls : new Schema(fields);
			checkUnique(out, at);
			return new Join(left, right, type, leftKeys, rightKeys, null, true, out);
		}
		String text = required(step.condition(), at + "/condition");
		Expr condition = parse(text, at + "/condition");
		List<Field> all = new ArrayList<>(ls.fields());
		if (!semiOrAnti(type)) {
			all.addAll(rs.fields());
		}
		Schema joined = new Schema(concat(ls, rs));
		checkUnique(joined, at + "/condition");
		List<Expr> residual = new ArrayList<>();
		for (Expr conjunct : Predicates.conjuncts(condition)) {
			if (conjunct instanceof Binary b && b.op() == Binary.Op.EQ) {
				Set<String> lrefs = Expressions.referencedColumns(b.left());
				Set<String> rrefs = Expressions.referencedColumns(b.right());
				if (!lrefs.isEmpty() && !rrefs.isEmpty() && allIn(lrefs, ls) && allIn(rrefs, rs)) {
					leftKeys.add(b.left());
					rightKeys.add(b.right());
					continue;
				}
				if (!lrefs.isEmpty() && !rrefs.isEmpty() && allIn(lrefs, rs) && allIn(rrefs, ls)) {
					leftKeys.add(b.right());
					rightKeys.add(b.left());
					continue;
				}
			}
			residual.add(conjunct);
		}
		if (leftKeys.isEmpty()) {
			throw new PlanException(at + "/condition",
					"join condition needs at least one equality between a left and a right column");
		}
		for (int i = 0; i < leftKeys.size(); i++) {
			DataType lt = bind(leftKeys.get(i), ls, at + "/condition").type();
			DataType rt = bind(rightKeys.get(i), rs, at + "/condition").type();
			if (lt != rt && !(lt.isNumeric() && rt.isNumeric())) {
				throw new PlanException(at + "/condition", "cannot join " + lt.sqlName() + " with " + rt.sqlName());
			}
		}
		Expr rest = residual.isEmpty() ? null : Predicates.and(residual);
		if (rest != null) {
			bind(rest, joined, at + "/condition");
		}
		return new Join(left, right, type, leftKeys, rightKeys, rest, false, new Schema(all));
	}

	private static boolean semiOrAnti(JoinType type) {
		return type == JoinType.SEMI || type == JoinType.ANTI;
	}

	private static List<Field> concat(Schema a, Schema b) {
		List<Field> out = new ArrayList<>(a.fields());
		out.addAll(b.fields());
		return out;
	}

	private static void checkUnique(Schema schema, String at) {
		Set<String> seen = new HashSet<>();
		for (String n : schema.names()) {
			if (!seen.add(n.toLowerCase(Locale.ROOT))) {
				throw new PlanException(at, "column '" + n
						+ "' is on both sides of the join; join on it with 'on', or rename it in the right pipeline",
						-1, n, null);
			}
		}
	}

	private static boolean allIn(Set<String> names, Schema schema) {
		for (String n : names) {
			if (schema.indexOf(n) < 0) {
				return false;
			}
		}
		return true;
	}

}
