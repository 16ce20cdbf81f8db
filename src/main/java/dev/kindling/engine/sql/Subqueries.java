package dev.kindling.engine.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.kindling.engine.expr.AggregateCall;
import dev.kindling.engine.expr.Binary;
import dev.kindling.engine.expr.Case;
import dev.kindling.engine.expr.ColumnRef;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.Expressions;
import dev.kindling.engine.expr.FunctionCall;
import dev.kindling.engine.expr.IsNull;
import dev.kindling.engine.expr.Literal;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.expr.Subquery;
import dev.kindling.engine.expr.Unary;
import dev.kindling.engine.logical.Aggregate;
import dev.kindling.engine.logical.Filter;
import dev.kindling.engine.logical.Join;
import dev.kindling.engine.logical.Join.JoinType;
import dev.kindling.engine.logical.Limit;
import dev.kindling.engine.logical.LogicalPlan;
import dev.kindling.engine.logical.Project;
import dev.kindling.engine.logical.Sort;
import dev.kindling.engine.sql.QueryPlanner.CteDef;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

/**
 * Turns subqueries into joins, as Spark's and DataFusion's decorrelation does; no
 * subquery ever runs once per row:
 * <ul>
 * <li>{@code EXISTS} / {@code NOT EXISTS}: a semi / anti join on the correlated
 * conditions;
 * <li>{@code x IN (subquery)}: a semi join on {@code x = column} (and the correlated
 * conditions);
 * <li>{@code x NOT IN (subquery)}: SQL's null-aware form: an anti join on
 * {@code x = column}, then rows are kept only if the subquery is empty, or {@code x} is
 * not null and the subquery has no null (from its row and non-null counts);
 * <li>a scalar subquery: a left join with its single row, or, when correlated, with its
 * aggregate grouped by the correlation keys, joined on them.
 * </ul>
 * EXISTS and IN subqueries must be AND-ed conditions of WHERE or HAVING; scalar ones may
 * be anywhere in an expression.
 */
final class Subqueries {

	/** A plan with the subqueries' joins, and the expression reading their columns. */
	record Replaced(LogicalPlan plan, Expr expr) {
	}

	private final QueryPlanner queries;

	private final Analysis analysis;

	Subqueries(QueryPlanner queries) {
		this.queries = queries;
		this.analysis = queries.analysis;
	}

	/** {@code plan} filtered by one AND-ed condition that has subqueries. */
	LogicalPlan condition(LogicalPlan plan, Expr condition, Scope scope, Map<String, CteDef> ctes, boolean correlated,
			String clause) {
		Expr c = condition;
		boolean negate = false;
		while (c instanceof Unary u && u.op() == Unary.Op.NOT && u.operand() instanceof Subquery q
				&& q.kind() != Subquery.Kind.SCALAR) {
			negate = !negate;
			c = u.operand();
		}
		if (c instanceof Subquery q && q.kind() != Subquery.Kind.SCALAR) {
			boolean negated = q.negated() != negate;
			Correlation correlation = new Correlation();
			Rel sub = this.queries.query((Query) q.query(), ctes, scope, correlation);
			if (!correlated && !correlation.predicates.isEmpty()) {
				throw this.analysis.error(q.position(),
						"a correlated subquery is not supported in " + clause + "; only in WHERE", null);
			}
			if (q.kind() == Subquery.Kind.EXISTS) {
				return Joins.join(this.analysis, plan, sub.plan(), negated ? JoinType.ANTI : JoinType.SEMI,
						correlation.predicates);
			}
			Scope.Col column = single(sub, q);
			Expr operand = replacedOperand(plan, q, scope, ctes);
			Expr equal = new Binary(Binary.Op.EQ, operand, new ColumnRef(column.internal(), q.position()),
					q.position());
			if (!negated) {
				List<Expr> conditions = new ArrayList<>(correlation.predicates);
				conditions.add(0, equal);
				return Joins.join(this.analysis, plan, sub.plan(), JoinType.SEMI, conditions);
			}
			if (!correlation.predicates.isEmpty()) {
				throw this.analysis.error(q.position(), "a correlated NOT IN subquery is not supported; use NOT EXISTS",
						null);
			}
			return notIn(plan, operand, equal, sub, q, scope, ctes);
		}
		Replaced r = scalars(plan, condition, scope, ctes, correlated);
		if (Analysis.containsSubquery(r.expr())) {
			throw this.analysis.error(condition.position(),
					"EXISTS and IN subqueries are only supported as AND-ed conditions of WHERE or HAVING", null);
		}
		this.analysis.checkCondition(r.expr(), r.plan().schema(), clause);
		return new Filter(r.plan(), r.expr());
	}

	private Expr replacedOperand(LogicalPlan plan, Subquery q, Scope scope, Map<String, CteDef> ctes) {
		if (Analysis.containsSubquery(q.operand())) {
			throw this.analysis.error(q.operand().position(), "a subquery is not supported left of IN", null);
		}
		return q.operand();
	}

	/**
	 * {@code x NOT IN (subquery)}: true when no row equals {@code x} and, unless the
	 * subquery is empty, {@code x} is not null and no row is null (else it is null).
	 */
	private LogicalPlan notIn(LogicalPlan plan, Expr operand, Expr equal, Rel sub, Subquery q, Scope scope,
			Map<String, CteDef> ctes) {
		LogicalPlan anti = Joins.join(this.analysis, plan, sub.plan(), JoinType.ANTI, List.of(equal));
		// The subquery again (fresh names), for its row and non-null counts.
		Rel again = this.queries.query((Query) q.query(), ctes, scope, new Correlation());
		String column = again.columns().get(0).internal();
		int at = q.position();
		String rows = this.analysis.names.fresh("_rows");
		String nonNull = this.analysis.names.fresh("_nonnull");
		Aggregate counts = new Aggregate(again.plan(), List.of(),
				List.of(new NamedExpr(AggregateCall.of("count", null, false, at), rows),
						new NamedExpr(AggregateCall.of("count", new ColumnRef(column, at), false, at), nonNull)),
				new Schema(List.of(new Field(rows, DataType.BIGINT), new Field(nonNull, DataType.BIGINT))));
		Join joined = new Join(anti, counts, JoinType.INNER, List.of(), List.of(), null, false,
				Joins.concat(anti.schema(), counts.schema()));
		Expr empty = new Binary(Binary.Op.EQ, new ColumnRef(rows, at), new Literal(0L, DataType.BIGINT, at), at);
		Expr noNulls = new Binary(Binary.Op.AND, new IsNull(operand, true, at),
				new Binary(Binary.Op.EQ, new ColumnRef(rows, at), new ColumnRef(nonNull, at), at), at);
		return new Filter(joined, new Binary(Binary.Op.OR, empty, noNulls, at));
	}

	/**
	 * {@code expr} with each scalar subquery replaced by a column of a join added to
	 * {@code plan}.
	 * @param correlated whether the subqueries may read {@code scope}'s columns
	 */
	Replaced scalars(LogicalPlan plan, Expr expr, Scope scope, Map<String, CteDef> ctes, boolean correlated) {
		if (!Analysis.containsSubquery(expr)) {
			return new Replaced(plan, expr);
		}
		LogicalPlan[] current = { plan };
		Expr out = Expressions.transform(expr, e -> {
			if (!(e instanceof Subquery q) || q.kind() != Subquery.Kind.SCALAR) {
				return e;
			}
			Correlation correlation = new Correlation();
			Rel sub = this.queries.query((Query) q.query(), ctes, scope, correlation);
			Scope.Col column = single(sub, q);
			Expr ref = new ColumnRef(column.internal(), q.position());
			if (correlation.predicates.isEmpty()) {
				LogicalPlan one = atMostOneRow(sub.plan(), column, q.position());
				current[0] = new Join(current[0], one, JoinType.LEFT, List.of(), List.of(), null, false,
						Joins.concat(current[0].schema(), one.schema()));
				return ref;
			}
			if (!correlated) {
				throw this.analysis.error(q.position(), "a correlated scalar subquery is only supported in WHERE "
						+ "and in the SELECT list of a query without aggregation", null);
			}
			if (!correlation.aggregated) {
				throw this.analysis.error(q.position(),
						"a correlated scalar subquery must aggregate (for example SELECT max(x) ...)", null);
			}
			current[0] = Joins.join(this.analysis, current[0], sub.plan(), JoinType.LEFT, correlation.predicates);
			if (correlation.countOutput) {
				// count over no matching row is 0, not null (Spark's count bug fix)
				return new FunctionCall("coalesce", List.of(ref, new Literal(0L, DataType.BIGINT, q.position())),
						q.position());
			}
			return ref;
		});
		return new Replaced(current[0], out);
	}

	/**
	 * An uncorrelated scalar subquery's plan, made to fail the job (as Spark's
	 * {@code SCALAR_SUBQUERY_TOO_MANY_ROWS} does) instead of repeating the outer rows
	 * when it returns more than one row: unless it has at most one row by its shape (a
	 * global aggregate, {@code LIMIT 1}), its rows are counted beside their one value.
	 */
	private LogicalPlan atMostOneRow(LogicalPlan plan, Scope.Col column, int at) {
		if (atMostOneRowByShape(plan)) {
			return plan;
		}
		String rows = this.analysis.names.fresh("_rows");
		String value = this.analysis.names.fresh("_value");
		Aggregate counted = new Aggregate(plan, List.of(),
				List.of(new NamedExpr(AggregateCall.of("count", null, false, at), rows),
						new NamedExpr(AggregateCall.of("max", new ColumnRef(column.internal(), at), false, at), value)),
				new Schema(List.of(new Field(rows, DataType.BIGINT), new Field(value, column.type()))));
		Expr tooMany = new Binary(Binary.Op.GT, new ColumnRef(rows, at), new Literal(1L, DataType.BIGINT, at), at);
		Expr fail = new FunctionCall("raise_error", List
			.of(new Literal("more than one row returned by a subquery used as an expression", DataType.STRING, at)),
				at);
		Expr checked = new Case(null, List.of(new Case.When(tooMany, fail)), new ColumnRef(value, at), at);
		return new Project(counted, List.of(new NamedExpr(checked, column.internal())),
				new Schema(List.of(new Field(column.internal(), column.type()))));
	}

	private static boolean atMostOneRowByShape(LogicalPlan plan) {
		if (plan instanceof Aggregate a) {
			return a.keys().isEmpty();
		}
		if (plan instanceof Limit l && l.n() <= 1) {
			return true;
		}
		return (plan instanceof Limit || plan instanceof Project || plan instanceof Filter || plan instanceof Sort)
				&& atMostOneRowByShape(plan.children().get(0));
	}

	private Scope.Col single(Rel sub, Subquery q) {
		if (sub.columns().size() != 1) {
			throw this.analysis.error(q.position(),
					"the subquery must return one column, but returns " + sub.columns().size(), null);
		}
		return sub.columns().get(0);
	}

}
