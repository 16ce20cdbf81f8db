package dev.kindling.engine.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.kindling.engine.expr.AggregateCall;
import dev.kindling.engine.expr.Binary;
import dev.kindling.engine.expr.ColumnRef;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.Expressions;
import dev.kindling.engine.expr.Literal;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.logical.Distinct;
import dev.kindling.engine.logical.Filter;
import dev.kindling.engine.logical.Limit;
import dev.kindling.engine.logical.LogicalPlan;
import dev.kindling.engine.logical.Predicates;
import dev.kindling.engine.logical.Project;
import dev.kindling.engine.logical.Sort;
import dev.kindling.engine.logical.WindowPlanner;
import dev.kindling.engine.sql.QueryBody.Select;
import dev.kindling.engine.sql.QueryPlanner.CteDef;

/**
 * Plans one SELECT block in Spark's order: FROM, WHERE (with its subqueries turned into
 * joins), GROUP BY and aggregates, HAVING, the SELECT list (with columns ORDER BY needs
 * but does not show), DISTINCT, ORDER BY, LIMIT.
 */
final class SelectPlanner {

	/** A resolved SELECT list entry and the name users see. */
	private record Item(Expr expr, String name, int position) {
	}

	/**
	 * A resolved ORDER BY key: a SELECT list entry's index, or an expression of its own.
	 */
	private record Order(int item, Expr expr, boolean ascending, boolean nullsFirst) {
	}

	private final QueryPlanner queries;

	private final Analysis analysis;

	SelectPlanner(QueryPlanner queries) {
		this.queries = queries;
		this.analysis = queries.analysis;
	}

	Rel select(Select s, List<SortKey> orderBy, Long limit, Map<String, CteDef> ctes, Scope outer,
			Correlation correlation) {
		if (s.from().isEmpty()) {
			throw this.analysis.error(s.position(), "SELECT needs a FROM clause", "SELECT");
		}
		if (correlation != null && limit != null) {
			throw this.analysis.error(s.position(), "LIMIT is not supported in a subquery of an expression", "LIMIT");
		}
		Rel from = this.queries.from(s.from(), ctes);
		Scope scope = new Scope(from.columns(), outer);
		Set<String> local = Joins.lower(from.plan().schema().names());
		LogicalPlan plan = from.plan();
		if (s.where() != null) {
			plan = where(s.where(), plan, scope, ctes, correlation);
		}
		List<Item> items = items(s, scope);
		List<Order> order = (correlation != null && limit == null) ? List.of() : order(orderBy, items, scope);
		Expr having = s.having() == null ? null : this.analysis.resolve(s.having(), scope, "HAVING");
		boolean aggregated = !s.groupBy().isEmpty() || having != null
				|| items.stream().anyMatch(i -> Expressions.containsAggregate(i.expr()))
				|| order.stream().anyMatch(o -> o.item() < 0 && Expressions.containsAggregate(o.expr()));
		List<Expr> correlatedOuter = new ArrayList<>();
		List<String> extraOutputs = new ArrayList<>();
		if (aggregated) {
			Aggregation aggregation = new Aggregation(this.analysis, plan);
			for (Expr g : s.groupBy()) {
				aggregation.key(groupKey(g, items, scope));
			}
			if (correlation != null && !correlation.predicates.isEmpty()) {
				if (!s.groupBy().isEmpty()) {
					throw this.analysis.error(s.position(),
							"a correlated subquery with GROUP BY is not supported; correlate on the grouping instead",
							null);
				}
				for (Expr p : correlation.predicates) {
					Expr[] sides = correlatedEquality(p, local);
					correlatedOuter.add(sides[0]);
					extraOutputs.add(aggregation.key(sides[1]));
				}
			}
			items.forEach(i -> aggregation.collect(i.expr()));
			if (having != null) {
				aggregation.collect(having);
			}
			order.forEach(o -> aggregation.collect(o.expr()));
			plan = aggregation.plan();
			items = items.stream().map(i -> new Item(aggregation.post(i.expr()), i.name(), i.position())).toList();
			having = having == null ? null : aggregation.post(having);
			order = order.stream()
				.map(o -> new Order(o.item(), o.item() >= 0 ? o.expr() : aggregation.post(o.expr()), o.ascending(),
						o.nullsFirst()))
				.toList();
			if (correlation != null) {
				correlation.aggregated = true;
				correlation.countOutput = items.size() == 1 && s.items().get(0) instanceof SelectItem.Item item
						&& item.expr() instanceof AggregateCall call && call.function().equals("count");
				List<Expr> rewritten = new ArrayList<>();
				for (int i = 0; i < correlatedOuter.size(); i++) {
					Expr o = correlatedOuter.get(i);
					rewritten.add(new Binary(Binary.Op.EQ, o, new ColumnRef(extraOutputs.get(i), o.position()),
							o.position()));
				}
				correlation.predicates.clear();
				correlation.predicates.addAll(rewritten);
			}
		}
		else if (correlation != null) {
			for (Expr p : correlation.predicates) {
				for (String ref : Analysis.refs(p)) {
					if (local.contains(ref.toLowerCase(Locale.ROOT)) && !extraOutputs.contains(ref)) {
						extraOutputs.add(ref);
					}
				}
			}
		}
		if (having != null) {
			for (Expr c : Predicates.conjuncts(having)) {
				plan = this.queries.subqueries.condition(plan, c, scope, ctes, false, "HAVING");
			}
		}
		// scalar subqueries in the SELECT list (correlated only without aggregation)
		List<Item> replaced = new ArrayList<>();
		for (Item item : items) {
			Subqueries.Replaced r = this.queries.subqueries.scalars(plan, item.expr(), scope, ctes, !aggregated);
			if (Analysis.containsSubquery(r.expr())) {
				throw this.analysis.error(item.position(),
						"EXISTS and IN subqueries are only supported as AND-ed conditions of WHERE or HAVING", null);
			}
			plan = r.plan();
			replaced.add(new Item(r.expr(), item.name(), item.position()));
		}
		items = replaced;
		return project(s, items, order, extraOutputs, plan, limit);
	}

	private LogicalPlan where(Expr where, LogicalPlan plan, Scope scope, Map<String, CteDef> ctes,
			Correlation correlation) {
		List<Expr> plain = new ArrayList<>();
		List<Expr> withSubqueries = new ArrayList<>();
		for (Expr c : Predicates.conjuncts(where)) {
			List<Scope.Col> outerRefs = new ArrayList<>();
			Expr r = this.analysis.resolve(c, scope, outerRefs);
			if (Expressions.containsAggregate(r)) {
				throw this.analysis.error(c.position(), "aggregate functions are not allowed in WHERE (use HAVING)",
						null);
			}
			if (Analysis.containsSubquery(r)) {
				if (!outerRefs.isEmpty()) {
					throw this.analysis.error(c.position(),
							"a condition that reads the enclosing query and has a subquery is not supported", null);
				}
				withSubqueries.add(r);
			}
			else if (!outerRefs.isEmpty()) {
				if (correlation == null) {
					throw this.analysis.error(c.position(),
							"a correlated reference to '" + outerRefs.get(0).name()
									+ "' is not supported here (set operations and FROM subqueries are not correlated)",
							outerRefs.get(0).name());
				}
				correlation.predicates.add(r);
			}
			else {
				plain.add(r);
			}
		}
		if (!plain.isEmpty()) {
			Expr condition = Predicates.and(plain);
			this.analysis.checkCondition(condition, plan.schema(), "WHERE");
			plan = new Filter(plan, condition);
		}
		for (Expr r : withSubqueries) {
			plan = this.queries.subqueries.condition(plan, r, scope, ctes, true, "WHERE");
		}
		return plan;
	}

	/**
	 * The sides of a correlated condition of an aggregating subquery: {@code [outer
	 * expression, inner expression]}.
	 */
	private Expr[] correlatedEquality(Expr p, Set<String> local) {
		if (p instanceof Binary b && b.op() == Binary.Op.EQ) {
			Set<String> l = Joins.lower(Analysis.refs(b.left()));
			Set<String> r = Joins.lower(Analysis.refs(b.right()));
			boolean leftInner = !l.isEmpty() && local.containsAll(l);
			boolean rightInner = !r.isEmpty() && local.containsAll(r);
			boolean leftOuter = !l.isEmpty() && l.stream().noneMatch(local::contains);
			boolean rightOuter = !r.isEmpty() && r.stream().noneMatch(local::contains);
			if (leftInner && rightOuter) {
				return new Expr[] { b.right(), b.left() };
			}
			if (rightInner && leftOuter) {
				return new Expr[] { b.left(), b.right() };
			}
		}
		throw this.analysis.error(p.position(),
				"a correlated condition of an aggregating subquery must be an equality between an outer and an "
						+ "inner expression",
				null);
	}

	private List<Item> items(Select s, Scope scope) {
		List<Item> items = new ArrayList<>();
		for (SelectItem item : s.items()) {
			if (item instanceof SelectItem.Star star) {
				List<Scope.Col> columns = scope.columnsOf(star.qualifier());
				if (columns.isEmpty()) {
					throw this.analysis.error(star.position(),
							"unknown table '" + star.qualifier() + "' in " + star.sql(), star.qualifier());
				}
				Set<String> seen = new HashSet<>();
				for (Scope.Col c : columns) {
					if (seen.add(c.internal())) {
						items.add(new Item(new ColumnRef(c.internal(), star.position()), c.name(), star.position()));
					}
				}
				continue;
			}
			SelectItem.Item it = (SelectItem.Item) item;
			List<Scope.Col> outerRefs = new ArrayList<>();
			Expr resolved = this.analysis.resolve(it.expr(), scope, outerRefs);
			if (!outerRefs.isEmpty()) {
				throw this.analysis.error(it.expr().position(), "a correlated reference to '" + outerRefs.get(0).name()
						+ "' is only supported in a subquery's WHERE", outerRefs.get(0).name());
			}
			String name = it.alias() != null ? it.alias() : Analysis.displayName(it.expr());
			items.add(new Item(resolved, name, it.position()));
		}
		return items;
	}

	/**
	 * A GROUP BY entry: a position in the SELECT list, a SELECT alias, or an expression.
	 */
	private Expr groupKey(Expr g, List<Item> items, Scope scope) {
		if (g instanceof Literal l && l.value() instanceof Integer n) {
			if (n < 1 || n > items.size()) {
				throw this.analysis.error(g.position(), "GROUP BY position " + n + " is not in the select list", null);
			}
			return items.get(n - 1).expr();
		}
		if (g instanceof ColumnRef ref && ref.qualifier() == null) {
			try {
				return this.analysis.resolve(g, scope, "GROUP BY");
			}
			catch (SqlException ex) {
				for (Item item : items) {
					if (item.name().equalsIgnoreCase(ref.name()) && !Expressions.containsAggregate(item.expr())) {
						return item.expr();
					}
				}
				throw ex;
			}
		}
		return this.analysis.resolve(g, scope, "GROUP BY");
	}

	private List<Order> order(List<SortKey> orderBy, List<Item> items, Scope scope) {
		List<Order> out = new ArrayList<>();
		for (SortKey key : orderBy) {
			Expr e = key.expr();
			int index = -1;
			if (e instanceof Literal l && l.value() instanceof Integer n) {
				if (n < 1 || n > items.size()) {
					throw this.analysis.error(e.position(), "ORDER BY position " + n + " is not in the select list",
							null);
				}
				index = n - 1;
			}
			else if (e instanceof ColumnRef ref && ref.qualifier() == null) {
				for (int i = 0; i < items.size(); i++) {
					if (items.get(i).name().equalsIgnoreCase(ref.name())) {
						index = i;
						break;
					}
				}
			}
			Expr resolved = null;
			if (index < 0) {
				resolved = this.analysis.resolve(e, scope, "ORDER BY");
				if (Analysis.containsSubquery(resolved)) {
					throw this.analysis.error(e.position(), "a subquery is not supported in ORDER BY", null);
				}
				String source = Expressions.toSource(resolved);
				for (int i = 0; i < items.size(); i++) {
					if (Expressions.toSource(items.get(i).expr()).equals(source)) {
						index = i;
						break;
					}
				}
			}
			out.add(new Order(index, index >= 0 ? null : resolved, key.ascending(), key.nullsFirst()));
		}
		return out;
	}

	private Rel project(Select s, List<Item> items, List<Order> order, List<String> extraOutputs, LogicalPlan plan,
			Long limit) {
		List<NamedExpr> exprs = new ArrayList<>();
		Set<String> used = new HashSet<>();
		for (Item item : items) {
			String name;
			if (item.expr() instanceof ColumnRef ref && used.add(ref.name().toLowerCase(Locale.ROOT))) {
				name = ref.name();
			}
			else {
				name = this.analysis.names.fresh(item.name());
				used.add(name.toLowerCase(Locale.ROOT));
			}
			exprs.add(new NamedExpr(item.expr(), name));
			this.analysis.remember(name, item.name());
		}
		int visible = exprs.size();
		List<String> sortNames = new ArrayList<>();
		for (Order o : order) {
			if (o.item() >= 0) {
				sortNames.add(exprs.get(o.item()).outputName());
			}
			else {
				String name = this.analysis.names.fresh("_sortkey");
				exprs.add(new NamedExpr(o.expr(), name));
				sortNames.add(name);
			}
		}
		int hidden = exprs.size() - visible;
		if (hidden > 0 && s.distinct()) {
			throw this.analysis.error(s.position(),
					"with SELECT DISTINCT, ORDER BY may only use columns of the select list", "DISTINCT");
		}
		for (String extra : extraOutputs) {
			if (!used.contains(extra.toLowerCase(Locale.ROOT))) {
				exprs.add(new NamedExpr(new ColumnRef(extra, s.position()), extra));
				used.add(extra.toLowerCase(Locale.ROOT));
			}
		}
		// functions over windows are computed below the projection, which reads them
		WindowPlanner.Extracted windowed = this.analysis.check(s.position(),
				() -> WindowPlanner.extract(plan, exprs, java.util.Collections.nCopies(exprs.size(), "/sql")));
		LogicalPlan result = this.analysis.check(s.position(), () -> Project.of(windowed.child(), windowed.exprs()));
		if (s.distinct()) {
			result = new Distinct(result);
		}
		if (!order.isEmpty()) {
			List<SortKey> keys = new ArrayList<>();
			for (int i = 0; i < order.size(); i++) {
				Order o = order.get(i);
				keys.add(new SortKey(new ColumnRef(sortNames.get(i), s.position()), o.ascending(), o.nullsFirst()));
			}
			result = new Sort(result, keys);
		}
		if (limit != null) {
			result = new Limit(result, limit);
		}
		if (hidden > 0) {
			List<NamedExpr> kept = new ArrayList<>();
			for (int i = 0; i < exprs.size(); i++) {
				if (i < visible || i >= visible + hidden) {
					String n = exprs.get(i).outputName();
					kept.add(new NamedExpr(new ColumnRef(n, s.position()), n));
				}
			}
			result = Project.of(result, kept);
		}
		List<Scope.Col> columns = new ArrayList<>();
		for (int i = 0; i < visible; i++) {
			NamedExpr e = exprs.get(i);
			columns.add(new Scope.Col(null, items.get(i).name(), e.outputName(),
					result.schema().field(result.schema().indexOf(e.outputName())).type()));
		}
		return new Rel(result, columns);
	}

}
