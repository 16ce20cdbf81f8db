package dev.kindling.engine.sql;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.kindling.engine.expr.Cast;
import dev.kindling.engine.expr.ColumnRef;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.FunctionCall;
import dev.kindling.engine.expr.IsNull;
import dev.kindling.engine.expr.Literal;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.logical.Predicates;
import dev.kindling.engine.logical.Distinct;
import dev.kindling.engine.logical.Filter;
import dev.kindling.engine.logical.Join;
import dev.kindling.engine.logical.Join.JoinType;
import dev.kindling.engine.logical.Limit;
import dev.kindling.engine.logical.LogicalPlan;
import dev.kindling.engine.logical.Project;
import dev.kindling.engine.logical.Scan;
import dev.kindling.engine.logical.Sort;
import dev.kindling.engine.logical.Union;
import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.sql.QueryBody.SetOperation;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

/**
 * Plans queries, their common table expressions, set operations and FROM clauses; SELECT
 * blocks go to {@link SelectPlanner}.
 */
final class QueryPlanner {

	/** A common table expression and the ones visible where it was defined. */
	record CteDef(Query.Cte cte, Map<String, CteDef> visible) {
	}

	final Analysis analysis;

	private final SelectPlanner selects;

	final Subqueries subqueries;

	QueryPlanner(Analysis analysis) {
		this.analysis = analysis;
		this.selects = new SelectPlanner(this);
		this.subqueries = new Subqueries(this);
	}

	/**
	 * A query's plan.
	 * @param outer the enclosing block's scope (a subquery), or null
	 * @param correlation where a subquery's correlated conditions go, or null
	 */
	Rel query(Query q, Map<String, CteDef> ctes, Scope outer, Correlation correlation) {
		Map<String, CteDef> visible = ctes;
		if (!q.with().isEmpty()) {
			visible = new LinkedHashMap<>(ctes);
			for (Query.Cte cte : q.with()) {
				String key = cte.name().toLowerCase(Locale.ROOT);
				if (visible.containsKey(key)
						&& q.with().stream().filter(c -> c.name().equalsIgnoreCase(cte.name())).count() > 1) {
					throw this.analysis.error(cte.position(), "WITH names '" + cte.name() + "' twice", cte.name());
				}
				visible.put(key, new CteDef(cte, Map.copyOf(visible)));
			}
		}
		if (q.body() instanceof QueryBody.Select select) {
			return this.selects.select(select, q.orderBy(), q.limit(), visible, outer, correlation);
		}
		if (correlation != null && q.limit() != null) {
			throw this.analysis.error(q.position(), "LIMIT is not supported in a subquery of an expression", null);
		}
		Rel body = body(q.body(), visible, outer, correlation);
		LogicalPlan plan = body.plan();
		if (!q.orderBy().isEmpty()) {
			Scope scope = new Scope(body.columns(), null);
			List<SortKey> keys = new ArrayList<>();
			for (SortKey key : q.orderBy()) {
				Expr e = key.expr();
				if (e instanceof Literal l && l.value() instanceof Integer n) {
					if (n < 1 || n > body.columns().size()) {
						throw this.analysis.error(e.position(), "ORDER BY position " + n + " is not in the select list",
								null);
					}
					e = new ColumnRef(body.columns().get(n - 1).internal(), e.position());
				}
				else {
					e = this.analysis.resolve(e, scope, "ORDER BY");
				}
				Expr resolved = e;
				this.analysis.typeOf(resolved, plan.schema());
				keys.add(new SortKey(resolved, key.ascending(), key.nullsFirst()));
			}
			plan = new Sort(plan, keys);
		}
		if (q.limit() != null) {
			plan = new Limit(plan, q.limit());
		}
		return body.withPlan(plan);
	}

	private Rel body(QueryBody body, Map<String, CteDef> ctes, Scope outer, Correlation correlation) {
		if (body instanceof QueryBody.Select select) {
			return this.selects.select(select, List.of(), null, ctes, outer, correlation);
		}
		if (body instanceof QueryBody.Nested nested) {
			return query(nested.query(), ctes, outer, correlation);
		}
		SetOperation op = (SetOperation) body;
		// a set operation's branches may not read the enclosing query: no correlation
		Rel left = body(op.left(), ctes, outer, null);
		Rel right = body(op.right(), ctes, outer, null);
		return setOperation(op, left, right);
	}

	private Rel setOperation(SetOperation op, Rel left, Rel right) {
		if (left.columns().size() != right.columns().size()) {
			throw this.analysis.error(op.position(), op.op() + " needs the same number of columns on both sides, got "
					+ left.columns().size() + " and " + right.columns().size(), op.op().name());
		}
		if (op.all() && op.op() != SetOperation.Op.UNION) {
			throw this.analysis.error(op.position(), op.op() + " ALL is not supported (use " + op.op() + ")",
					op.op().name());
		}
		List<NamedExpr> leftOut = new ArrayList<>();
		List<NamedExpr> rightOut = new ArrayList<>();
		List<Scope.Col> columns = new ArrayList<>();
		Schema both = Joins.concat(left.plan().schema(), right.plan().schema());
		for (int i = 0; i < left.columns().size(); i++) {
			Scope.Col l = left.columns().get(i);
			Scope.Col r = right.columns().get(i);
			ColumnRef lr = new ColumnRef(l.internal(), op.position());
			ColumnRef rr = new ColumnRef(r.internal(), op.position());
			DataType type;
			if (l.type() == r.type()) {
				type = l.type();
			}
			else {
				type = this.analysis.typeOf(new FunctionCall("coalesce", List.of(lr, rr), op.position()), both);
			}
			String out = this.analysis.names.fresh(l.name());
			leftOut.add(new NamedExpr(l.type() == type ? lr : new Cast(lr, type, op.position()), out));
			String rightName = op.op() == SetOperation.Op.UNION ? out : this.analysis.names.fresh(l.name());
			rightOut.add(new NamedExpr(r.type() == type ? rr : new Cast(rr, type, op.position()), rightName));
			columns.add(new Scope.Col(null, l.name(), out, type));
		}
		LogicalPlan lp = Project.of(left.plan(), leftOut);
		LogicalPlan rp = Project.of(right.plan(), rightOut);
		LogicalPlan plan = switch (op.op()) {
			case UNION -> {
				Union union = new Union(List.of(lp, rp), lp.schema());
				yield op.all() ? union : new Distinct(union);
			}
			case INTERSECT, EXCEPT -> {
				List<Expr> lk = new ArrayList<>();
				List<Expr> rk = new ArrayList<>();
				for (int i = 0; i < leftOut.size(); i++) {
					Field f = lp.schema().field(i);
					nullSafeKeys(f, new ColumnRef(leftOut.get(i).outputName(), op.position()), lk);
					nullSafeKeys(f, new ColumnRef(rightOut.get(i).outputName(), op.position()), rk);
				}
				JoinType type = op.op() == SetOperation.Op.INTERSECT ? JoinType.SEMI : JoinType.ANTI;
				yield new Join(new Distinct(lp), rp, type, lk, rk, null, false, lp.schema());
			}
		};
		return new Rel(plan, columns);
	}

	/**
	 * Keys under which null equals null (as set operations compare rows): whether the
	 * value is null, and the value with nulls replaced by a constant of its type.
	 */
	private static void nullSafeKeys(Field field, Expr column, List<Expr> keys) {
		keys.add(new IsNull(column, false, column.position()));
		Object zero = switch (field.type().kind()) {
			case INT -> 0;
			case BIGINT -> 0L;
			case DOUBLE -> 0.0;
			case DECIMAL -> BigDecimal.ZERO;
			case STRING -> "";
			case BOOLEAN -> false;
			case DATE -> LocalDate.EPOCH;
			case TIMESTAMP -> LocalDateTime.of(1970, 1, 1, 0, 0);
			case BINARY, NULL -> null;
		};
		if (zero != null) {
			keys.add(new FunctionCall("coalesce", List.of(column, new Literal(zero, field.type(), column.position())),
					column.position()));
		}
	}

	// ---- FROM

	/** The relations of a FROM clause, joined with no condition (WHERE relates them). */
	Rel from(List<Relation> relations, Map<String, CteDef> ctes) {
		Rel result = null;
		for (Relation r : relations) {
			Rel next = relation(r, ctes);
			result = (result == null) ? next : cross(result, next, JoinType.INNER);
		}
		return result;
	}

	private Rel cross(Rel left, Rel right, JoinType type) {
		List<Scope.Col> columns = new ArrayList<>(left.columns());
		columns.addAll(right.columns());
		Join join = new Join(left.plan(), right.plan(), type, List.of(), List.of(), null, false,
				Joins.concat(left.plan().schema(), right.plan().schema()));
		return new Rel(join, columns);
	}

	private Rel relation(Relation r, Map<String, CteDef> ctes) {
		if (r instanceof Relation.Table t) {
			return table(t, ctes);
		}
		if (r instanceof Relation.Derived d) {
			Rel rel = query(d.query(), ctes, null, null);
			rel = renamed(rel, d.columns(), d.position());
			return rel.withQualifier(d.alias());
		}
		return join((Relation.Join) r, ctes);
	}

	private Rel table(Relation.Table t, Map<String, CteDef> ctes) {
		String key = t.name().toLowerCase(Locale.ROOT);
		String qualifier = t.alias() != null ? t.alias() : t.name();
		CteDef cte = ctes.get(key);
		if (cte != null) {
			Rel rel = query(cte.cte().query(), cte.visible(), null, null);
			return renamed(rel, cte.cte().columns(), cte.cte().position()).withQualifier(qualifier);
		}
		Analysis.Table table = this.analysis.tables.get(key);
		if (table == null) {
			Set<String> names = new java.util.TreeSet<>(this.analysis.tables.keySet());
			ctes.keySet().forEach(names::add);
			throw this.analysis.error(t.position(), "unknown table '" + t.name() + "' (available: "
					+ (names.isEmpty() ? "none" : String.join(", ", names)) + ")", t.name());
		}
		Scan scan = Scan.of(table.path(), table.options(), table.schema());
		List<NamedExpr> renames = new ArrayList<>();
		List<Scope.Col> columns = new ArrayList<>();
		boolean renamed = false;
		for (Field f : table.schema().fields()) {
			String internal = this.analysis.names.fresh(f.name());
			renamed |= !internal.equals(f.name());
			renames.add(new NamedExpr(new ColumnRef(f.name(), t.position()), internal));
			this.analysis.remember(internal, qualifier + "." + f.name());
			columns.add(new Scope.Col(qualifier, f.name(), internal, f.type()));
		}
		return new Rel(renamed ? Project.of(scan, renames) : scan, columns);
	}

	/**
	 * A relation whose columns get the names a query gives them ({@code AS t (a, b)}).
	 */
	private Rel renamed(Rel rel, List<String> names, int position) {
		if (names.isEmpty()) {
			return rel;
		}
		if (names.size() != rel.columns().size()) {
			throw this.analysis.error(position,
					"the column list names " + names.size() + " columns, but the query has " + rel.columns().size(),
					null);
		}
		List<Scope.Col> columns = new ArrayList<>();
		for (int i = 0; i < names.size(); i++) {
			columns.add(rel.columns().get(i).withName(names.get(i)));
		}
		return new Rel(rel.plan(), columns);
	}

	private Rel join(Relation.Join j, Map<String, CteDef> ctes) {
		Rel left = relation(j.left(), ctes);
		Rel right = relation(j.right(), ctes);
		JoinType type = switch (j.kind()) {
			case INNER, CROSS -> JoinType.INNER;
			case LEFT -> JoinType.LEFT;
			case RIGHT -> JoinType.RIGHT;
			case FULL -> JoinType.FULL;
			case SEMI -> JoinType.SEMI;
			case ANTI -> JoinType.ANTI;
		};
		if (!j.using().isEmpty()) {
			return using(j, left, right, type);
		}
		if (j.condition() == null) {
			if (type != JoinType.INNER) {
				throw this.analysis.error(j.position(), "a " + j.kindName() + " join needs ON or USING", null);
			}
			return cross(left, right, type);
		}
		List<Scope.Col> both = new ArrayList<>(left.columns());
		both.addAll(right.columns());
		Expr condition = this.analysis.resolve(j.condition(), new Scope(both, null), "a JOIN condition");
		if (Analysis.containsSubquery(condition)) {
			throw this.analysis.error(j.condition().position(),
					"a subquery is not supported in a JOIN condition; move it to WHERE", null);
		}
		if (Analysis.containsAggregate(condition)) {
			throw this.analysis.error(j.condition().position(), "aggregate functions are not allowed in ON", null);
		}
		// Conditions on the side whose rows the join keeps whole cannot filter that side;
		// conditions on the other side filter it before the join.
		Set<String> leftNames = Joins.lower(left.plan().schema().names());
		Set<String> rightNames = Joins.lower(right.plan().schema().names());
		List<Expr> onJoin = new ArrayList<>();
		List<Expr> onLeft = new ArrayList<>();
		List<Expr> onRight = new ArrayList<>();
		for (Expr c : Predicates.conjuncts(condition)) {
			Set<String> refs = Joins.lower(Analysis.refs(c));
			boolean rightOnly = !refs.isEmpty() && rightNames.containsAll(refs);
			boolean leftOnly = !refs.isEmpty() && leftNames.containsAll(refs);
			if (rightOnly && (type == JoinType.LEFT || type == JoinType.SEMI || type == JoinType.ANTI)) {
				onRight.add(c);
			}
			else if (leftOnly && type == JoinType.RIGHT) {
				onLeft.add(c);
			}
			else {
				onJoin.add(c);
			}
		}
		LogicalPlan lp = filtered(left.plan(), onLeft);
		LogicalPlan rp = filtered(right.plan(), onRight);
		this.analysis.checkCondition(condition, Joins.concat(lp.schema(), rp.schema()), "ON");
		Join join = Joins.join(this.analysis, lp, rp, type, onJoin);
		List<Scope.Col> columns = new ArrayList<>(left.columns());
		if (type != JoinType.SEMI && type != JoinType.ANTI) {
			columns.addAll(right.columns());
		}
		return new Rel(join, columns);
	}

	private static LogicalPlan filtered(LogicalPlan plan, List<Expr> conditions) {
		return conditions.isEmpty() ? plan : new Filter(plan, Predicates.and(conditions));
	}

	/**
	 * {@code JOIN ... USING (k)}: the key once (the left one, or both coalesced for right
	 * and full joins), then the other columns of each side, as in Spark.
	 */
	private Rel using(Relation.Join j, Rel left, Rel right, JoinType type) {
		Scope ls = new Scope(left.columns(), null);
		Scope rs = new Scope(right.columns(), null);
		List<Expr> leftKeys = new ArrayList<>();
		List<Expr> rightKeys = new ArrayList<>();
		Set<String> leftKeyNames = new HashSet<>();
		Set<String> rightKeyNames = new HashSet<>();
		List<Field> fields = new ArrayList<>();
		List<Scope.Col> columns = new ArrayList<>();
		for (String name : j.using()) {
			ColumnRef ref = new ColumnRef(name, j.position());
			Scope.Col l = ls.resolve(ref, this.analysis).col();
			Scope.Col r = rs.resolve(ref, this.analysis).col();
			if (l.type() != r.type() && !(l.type().isNumeric() && r.type().isNumeric())) {
				throw this.analysis.error(j.position(), "USING column '" + name + "' is " + l.type().sqlName()
						+ " on the left but " + r.type().sqlName() + " on the right", name);
			}
			leftKeys.add(new ColumnRef(l.internal(), j.position()));
			rightKeys.add(new ColumnRef(r.internal(), j.position()));
			leftKeyNames.add(l.internal());
			rightKeyNames.add(r.internal());
			fields.add(left.plan().schema().field(left.plan().schema().indexOf(l.internal())));
			columns.add(l.withQualifier(l.qualifier()));
			if (type != JoinType.SEMI && type != JoinType.ANTI) {
				// the key is visible under the right side's qualifier too
				columns.add(new Scope.Col(r.qualifier(), l.name(), l.internal(), l.type()));
			}
		}
		for (Field f : left.plan().schema().fields()) {
			if (!leftKeyNames.contains(f.name())) {
				fields.add(f);
			}
		}
		left.columns().stream().filter(c -> !leftKeyNames.contains(c.internal())).forEach(columns::add);
		if (type != JoinType.SEMI && type != JoinType.ANTI) {
			for (Field f : right.plan().schema().fields()) {
				if (!rightKeyNames.contains(f.name())) {
					fields.add(f);
				}
			}
			right.columns().stream().filter(c -> !rightKeyNames.contains(c.internal())).forEach(columns::add);
		}
		Schema schema = (type == JoinType.SEMI || type == JoinType.ANTI) ? left.plan().schema() : new Schema(fields);
		Join join = new Join(left.plan(), right.plan(), type, leftKeys, rightKeys, null, true, schema);
		return new Rel(join, columns);
	}

}
