package dev.kindling.engine.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kindling.engine.expr.AggregateCall;
import dev.kindling.engine.expr.ColumnRef;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.Expressions;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.expr.Subquery;
import dev.kindling.engine.expr.WindowExpr;
import dev.kindling.engine.logical.Aggregate;
import dev.kindling.engine.logical.LogicalPlan;
import dev.kindling.engine.expr.eval.BoundAggregate;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

/**
 * The aggregation of one SELECT block: its grouping keys and every aggregate call the
 * block uses (in SELECT, HAVING and ORDER BY, each computed once), as one
 * {@link Aggregate} node, and the rewriting of those clauses to read its output.
 */
final class Aggregation {

	private final Analysis analysis;

	private final Map<String, String> keyNames = new LinkedHashMap<>();

	private final Map<String, String> aggregateNames = new LinkedHashMap<>();

	private final List<NamedExpr> keys = new ArrayList<>();

	private final List<NamedExpr> aggregates = new ArrayList<>();

	private final LogicalPlan child;

	Aggregation(Analysis analysis, LogicalPlan child) {
		this.analysis = analysis;
		this.child = child;
	}

	/** Adds a grouping key; returns its output column's name. */
	String key(Expr key) {
		if (Expressions.containsAggregate(key)) {
			throw this.analysis.error(key.position(), "aggregate functions are not allowed in GROUP BY", null);
		}
		if (Analysis.containsSubquery(key)) {
			throw this.analysis.error(key.position(), "a subquery is not allowed in GROUP BY", null);
		}
		String source = Expressions.toSource(key);
		String existing = this.keyNames.get(source);
		if (existing != null) {
			return existing;
		}
		this.analysis.typeOf(key, this.child.schema());
		String name = key instanceof ColumnRef ref ? ref.name() : this.analysis.names.fresh("_groupingexpression");
		this.keyNames.put(source, name);
		this.keys.add(new NamedExpr(key, name));
		return name;
	}

	/** Adds every aggregate call in {@code expr}. */
	void collect(Expr expr) {
		for (AggregateCall call : Expressions.aggregates(expr)) {
			String source = Expressions.toSource(call);
			if (this.aggregateNames.containsKey(source)) {
				continue;
			}
			if (call.arguments().stream().anyMatch(Expressions::containsAggregate)) {
				throw this.analysis.error(call.position(), "aggregate functions cannot be nested: " + call.sql(),
						call.function());
			}
			if (call.arguments().stream().anyMatch(Analysis::containsSubquery)) {
				throw this.analysis.error(call.position(), "a subquery is not allowed inside an aggregate function",
						call.function());
			}
			String name = this.analysis.names.fresh(call.sql());
			this.aggregateNames.put(source, name);
			this.aggregates.add(new NamedExpr(call, name));
		}
	}

	/** The aggregation node. */
	Aggregate plan() {
		List<Field> fields = new ArrayList<>();
		Schema input = this.child.schema();
		for (NamedExpr k : this.keys) {
			fields.add(new Field(k.outputName(), this.analysis.typeOf(k.expr(), input)));
		}
		for (NamedExpr a : this.aggregates) {
			AggregateCall call = (AggregateCall) a.expr();
			DataType type = this.analysis.check(call.position(), () -> BoundAggregate.bind(call, input).resultType());
			fields.add(new Field(a.outputName(), type));
		}
		return new Aggregate(this.child, this.keys, this.aggregates, new Schema(fields));
	}

	/**
	 * {@code expr} over the aggregation's output: grouping expressions and aggregate
	 * calls become its columns; any other column is an error.
	 */
	Expr post(Expr expr) {
		return Expressions.transform(expr, e -> {
			if (e instanceof Subquery) {
				return e;
			}
			if (e instanceof WindowExpr w) {
				// the window's own function stays a window function; what it reads is
				// rewritten
				Expr function = (w.function() instanceof AggregateCall a) ? new AggregateCall(a.function(),
						a.arguments().stream().map(this::post).toList(), a.distinct(), a.position())
						: post(w.function());
				return new WindowExpr(function, w.partitionBy().stream().map(this::post).toList(),
						w.orderBy()
							.stream()
							.map(k -> new SortKey(post(k.expr()), k.ascending(), k.nullsFirst()))
							.toList(),
						w.frame(), w.ignoreNulls(), w.position());
			}
			String key = this.keyNames.get(Expressions.toSource(e));
			if (key != null) {
				return new ColumnRef(key, e.position());
			}
			if (e instanceof AggregateCall) {
				return new ColumnRef(this.aggregateNames.get(Expressions.toSource(e)), e.position());
			}
			if (e instanceof ColumnRef ref) {
				String shown = this.analysis.userName(ref.name());
				throw this.analysis.error(ref.position(),
						"column '" + shown + "' must be in GROUP BY or inside an aggregate function", shown);
			}
			return e;
		});
	}

}
