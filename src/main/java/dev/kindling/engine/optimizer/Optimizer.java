package dev.kindling.engine.optimizer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToLongFunction;

import dev.kindling.engine.expr.ColumnRef;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.Expressions;
import dev.kindling.engine.expr.Literal;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.logical.Aggregate;
import dev.kindling.engine.logical.Cache;
import dev.kindling.engine.logical.Distinct;
import dev.kindling.engine.logical.Filter;
import dev.kindling.engine.logical.Join;
import dev.kindling.engine.logical.Join.JoinType;
import dev.kindling.engine.logical.Limit;
import dev.kindling.engine.logical.LogicalPlan;
import dev.kindling.engine.logical.Predicates;
import dev.kindling.engine.logical.Project;
import dev.kindling.engine.logical.Repartition;
import dev.kindling.engine.logical.Window;
import dev.kindling.engine.logical.Scan;
import dev.kindling.engine.logical.Sort;
import dev.kindling.engine.logical.Union;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

/**
 * The rule-based optimizer. In order: outer joins whose null rows a filter above drops
 * become inner joins; filters are pushed down (through projections that rename, sorts,
 * distinct, unions, and into either side of a join where that keeps the join's meaning)
 * into the scans; each region of inner joins is ordered from table sizes
 * ({@link JoinReorder}: every equality a key, small tables on the build side); then every
 * column the plan never reads is pruned, through every operator, so the CSV reader parses
 * only what is needed. Every rule is deterministic: the driver and executors plan the
 * same.
 */
public final class Optimizer {

	/** The optimized plan and the names of the rules that changed it. */
	public record Result(LogicalPlan plan, List<String> applied) {
	}

	/**
	 * Optimizes a plan whose root output is needed in full ({@code rootNeedsColumns}) or
	 * only for its row count (a count action reads no column), without table sizes.
	 */
	public Result optimize(LogicalPlan plan, boolean rootNeedsColumns) {
		return optimize(plan, rootNeedsColumns, scan -> 1L);
	}

	/**
	 * Optimizes a plan with the size in bytes of each scan's file, for ordering joins.
	 */
	public Result optimize(LogicalPlan plan, boolean rootNeedsColumns, ToLongFunction<Scan> bytes) {
		List<String> applied = new ArrayList<>();
		LogicalPlan current = plan;
		LogicalPlan inner = eliminateOuterJoins(current);
		if (!inner.equals(current)) {
			applied.add("outer join elimination");
		}
		current = inner;
		LogicalPlan pushed = pushFilters(current);
		LogicalPlan reordered = new JoinReorder(bytes).apply(pushed);
		if (!reordered.equals(pushed)) {
			applied.add("join reordering");
			reordered = pushFilters(reordered);
		}
		if (!reordered.equals(current)) {
			applied.add(0, "filter pushdown");
		}
		current = reordered;
		Set<String> required = rootNeedsColumns ? lower(current.schema().names()) : Set.of();
		LogicalPlan pruned = prune(current, required);
		if (!pruned.equals(current)) {
			applied.add("column pruning");
		}
		return new Result(pruned, applied);
	}

	// ---- outer joins that filters make inner

	static LogicalPlan eliminateOuterJoins(LogicalPlan plan) {
		List<LogicalPlan> children = new ArrayList<>();
		for (LogicalPlan child : plan.children()) {
			children.add(eliminateOuterJoins(child));
		}
		LogicalPlan node = children.isEmpty() ? plan : plan.withChildren(children);
		if (node instanceof Filter f && f.child() instanceof Join j && !j.using()
				&& (j.type() == JoinType.LEFT || j.type() == JoinType.RIGHT || j.type() == JoinType.FULL)) {
			Set<String> left = lower(j.left().schema().names());
			Set<String> right = lower(j.right().schema().names());
			boolean leftNullsDropped = false;
			boolean rightNullsDropped = false;
			for (Expr c : Predicates.conjuncts(f.condition())) {
				leftNullsDropped |= Conditions.rejectsNulls(c, left);
				rightNullsDropped |= Conditions.rejectsNulls(c, right);
			}
			JoinType type = j.type();
			if (type == JoinType.LEFT && rightNullsDropped || type == JoinType.RIGHT && leftNullsDropped
					|| type == JoinType.FULL && leftNullsDropped && rightNullsDropped) {
				type = JoinType.INNER;
			}
			else if (type == JoinType.FULL && rightNullsDropped) {
				type = JoinType.RIGHT;
			}
			else if (type == JoinType.FULL && leftNullsDropped) {
				type = JoinType.LEFT;
			}
			if (type != j.type()) {
				return new Filter(new Join(j.left(), j.right(), type, j.leftKeys(), j.rightKeys(), j.residual(), false,
						j.schema()), f.condition());
			}
		}
		return node;
	}

	// ---- filter pushdown

	static LogicalPlan pushFilters(LogicalPlan plan) {
		List<LogicalPlan> children = new ArrayList<>();
		for (LogicalPlan child : plan.children()) {
			children.add(pushFilters(child));
		}
		LogicalPlan node = children.isEmpty() ? plan : plan.withChildren(children);
		if (node instanceof Filter filter) {
			LogicalPlan result = filter.child();
			List<Expr> kept = new ArrayList<>();
			for (Expr conjunct : Conditions.factored(filter.condition())) {
				// a draw such as sample's rand(seed) < f stays where it is, as in Spark
				LogicalPlan pushed = Expressions.isDeterministic(conjunct) ? pushInto(result, conjunct) : null;
				if (pushed == null) {
					kept.add(conjunct);
				}
				else {
					result = pushed;
				}
			}
			return kept.isEmpty() ? result : new Filter(result, Predicates.and(kept));
		}
		return node;
	}

	/**
	 * {@code plan} with {@code conjunct} pushed below its root, or null when it cannot
	 * go.
	 */
	private static LogicalPlan pushInto(LogicalPlan plan, Expr conjunct) {
		Set<String> refs = lower(Expressions.referencedColumns(conjunct));
		if (plan instanceof Scan scan) {
			List<Expr> filters = new ArrayList<>(scan.filters());
			filters.add(conjunct);
			return scan.withFilters(filters);
		}
		if (plan instanceof Filter f) {
			if (!Expressions.isDeterministic(f.condition())) {
				// rows below a sample are not the rows it sampled
				return null;
			}
			LogicalPlan pushed = pushInto(f.child(), conjunct);
			return pushed == null ? null : new Filter(pushed, f.condition());
		}
		if (plan instanceof Repartition r) {
			return r.withChildren(List.of(pushOrWrap(r.child(), conjunct)));
		}
		if (plan instanceof Sort s) {
			return new Sort(pushOrWrap(s.child(), conjunct), s.keys());
		}
		if (plan instanceof Distinct d) {
			return new Distinct(pushOrWrap(d.child(), conjunct));
		}
		if (plan instanceof Union u) {
			List<LogicalPlan> inputs = new ArrayList<>();
			for (LogicalPlan input : u.inputs()) {
				inputs.add(pushOrWrap(input, conjunct));
			}
			return new Union(inputs, u.schema());
		}
		if (plan instanceof Project p) {
			if (p.exprs().stream().anyMatch((e) -> !Expressions.isDeterministic(e.expr()))) {
				// monotonically_increasing_id() numbers the rows the projection sees
				return null;
			}
			// Through columns the projection passes on or renames: the condition is
			// rewritten to read the projection's input.
			for (String ref : refs) {
				NamedExpr e = find(p.exprs(), ref);
				if (e == null || !(e.expr() instanceof ColumnRef || e.expr() instanceof Literal)) {
					return null;
				}
			}
			Expr below = Expressions.transform(conjunct,
					e -> e instanceof ColumnRef c ? find(p.exprs(), c.name()).expr() : e);
			return new Project(pushOrWrap(p.child(), below), p.exprs(), p.schema());
		}
		if (plan instanceof Join j && !j.using() && !refs.isEmpty()) {
			boolean leftOnly = containsAll(j.left().schema(), refs);
			boolean rightOnly = containsAll(j.right().schema(), refs);
			JoinType t = j.type();
			if (leftOnly && (t == JoinType.INNER || t == JoinType.LEFT || t == JoinType.SEMI || t == JoinType.ANTI)) {
				return j.withChildren(List.of(pushOrWrap(j.left(), conjunct), j.right()));
			}
			if (rightOnly && (t == JoinType.INNER || t == JoinType.RIGHT)) {
				return j.withChildren(List.of(j.left(), pushOrWrap(j.right(), conjunct)));
			}
		}
		if (plan instanceof Join j && j.using()) {
			// Key columns appear once in the output; push a key-only or one-sided
			// conjunct.
			boolean leftOnly = containsAll(j.left().schema(), refs) && !anyIn(j.right().schema(), refs, j);
			JoinType t = j.type();
			if (leftOnly && (t == JoinType.INNER || t == JoinType.LEFT || t == JoinType.SEMI || t == JoinType.ANTI)) {
				return j.withChildren(List.of(pushOrWrap(j.left(), conjunct), j.right()));
			}
		}
		return null;
	}

	private static boolean anyIn(Schema right, Set<String> refs, Join j) {
		for (String r : refs) {
			if (right.indexOf(r) >= 0 && !isKey(j, r)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isKey(Join j, String name) {
		for (Expr k : j.leftKeys()) {
			if (k instanceof ColumnRef c && c.name().equalsIgnoreCase(name)) {
				return true;
			}
		}
		return false;
	}

	private static LogicalPlan pushOrWrap(LogicalPlan plan, Expr conjunct) {
		LogicalPlan pushed = pushInto(plan, conjunct);
		return pushed == null ? new Filter(plan, conjunct) : pushed;
	}

	// ---- column pruning

	/**
	 * {@code plan} reduced to produce at least the {@code required} columns (lower-case
	 * names).
	 */
	static LogicalPlan prune(LogicalPlan plan, Set<String> required) {
		if (plan instanceof Scan scan) {
			Set<String> needed = new HashSet<>(required);
			List<Integer> columns = new ArrayList<>();
			for (int c : scan.columns()) {
				if (needed.contains(scan.fileSchema().field(c).name().toLowerCase(Locale.ROOT))) {
					columns.add(c);
				}
			}
			return scan.withColumns(columns);
		}
		if (plan instanceof Filter f) {
			Set<String> need = new HashSet<>(required);
			need.addAll(lower(Expressions.referencedColumns(f.condition())));
			return new Filter(prune(f.child(), need), f.condition());
		}
		if (plan instanceof Project p) {
			List<NamedExpr> kept = new ArrayList<>();
			Set<String> need = new HashSet<>();
			for (NamedExpr e : p.exprs()) {
				if (required.contains(e.outputName().toLowerCase(Locale.ROOT))) {
					kept.add(e);
					need.addAll(lower(Expressions.referencedColumns(e.expr())));
				}
			}
			LogicalPlan child = prune(p.child(), need);
			if (kept.size() == p.exprs().size()) {
				return new Project(child, p.exprs(), p.schema());
			}
			return Project.of(child, kept);
		}
		if (plan instanceof Aggregate a) {
			List<NamedExpr> aggregates = new ArrayList<>();
			List<Field> fields = new ArrayList<>(a.schema().fields().subList(0, a.keys().size()));
			for (int i = 0; i < a.aggregates().size(); i++) {
				NamedExpr agg = a.aggregates().get(i);
				if (required.contains(agg.outputName().toLowerCase(Locale.ROOT))) {
					aggregates.add(agg);
					fields.add(a.schema().field(a.keys().size() + i));
				}
			}
			if (aggregates.isEmpty() && a.keys().isEmpty() && !a.aggregates().isEmpty()) {
				// a global aggregate yields one row, whatever it computes: keep one
				aggregates.add(a.aggregates().get(0));
				fields.add(a.schema().field(0));
			}
			Set<String> need = new HashSet<>();
			a.keys().forEach(k -> need.addAll(lower(Expressions.referencedColumns(k.expr()))));
			aggregates.forEach(k -> need.addAll(lower(Expressions.referencedColumns(k.expr()))));
			return new Aggregate(prune(a.child(), need), a.keys(), aggregates, new Schema(fields));
		}
		if (plan instanceof Sort s) {
			Set<String> need = new HashSet<>(required);
			s.keys().forEach(k -> need.addAll(lower(Expressions.referencedColumns(k.expr()))));
			return new Sort(prune(s.child(), need), s.keys());
		}
		if (plan instanceof Limit l) {
			return new Limit(prune(l.child(), required), l.n());
		}
		if (plan instanceof Window w) {
			// the child's columns the output needs, and every column the functions read
			Set<String> need = new HashSet<>();
			for (String n : w.child().schema().names()) {
				if (required.contains(n.toLowerCase(Locale.ROOT))) {
					need.add(n.toLowerCase(Locale.ROOT));
				}
			}
			w.functions().forEach(f -> need.addAll(lower(Expressions.referencedColumns(f.expr()))));
			return w.withChildren(List.of(prune(w.child(), need)));
		}
		if (plan instanceof Repartition r) {
			Set<String> need = new HashSet<>(required);
			r.keys().forEach(k -> need.addAll(lower(Expressions.referencedColumns(k))));
			return r.withChildren(List.of(prune(r.child(), need)));
		}
		if (plan instanceof Distinct || plan instanceof Cache) {
			// Every column takes part in distinctness; a cache keeps whole rows for later
			// jobs.
			LogicalPlan child = plan.children().get(0);
			return plan.withChildren(List.of(prune(child, lower(child.schema().names()))));
		}
		if (plan instanceof Union u) {
			// every input keeps the same columns in the same order, so they stay aligned
			List<String> names = new ArrayList<>();
			for (String n : u.schema().names()) {
				if (required.contains(n.toLowerCase(Locale.ROOT))) {
					names.add(n);
				}
			}
			Set<String> need = lower(names);
			List<LogicalPlan> inputs = new ArrayList<>();
			Schema target = null;
			for (LogicalPlan input : u.inputs()) {
				LogicalPlan pruned = prune(input, need);
				target = (target != null) ? target : exactly(pruned, names, null).schema();
				inputs.add(exactly(pruned, names, target));
			}
			return new Union(inputs, target);
		}
		if (plan instanceof Join j && j.using()) {
			// A join on column names keeps its output layout; prune each side to what the
			// output and keys use.
			Set<String> need = new HashSet<>(lower(j.schema().names()));
			Set<String> left = new HashSet<>(need);
			Set<String> right = new HashSet<>(need);
			j.leftKeys().forEach(k -> left.addAll(lower(Expressions.referencedColumns(k))));
			j.rightKeys().forEach(k -> right.addAll(lower(Expressions.referencedColumns(k))));
			return j.withChildren(List.of(keepAll(j.left(), left), keepAll(j.right(), right)));
		}
		if (plan instanceof Join j) {
			Set<String> need = new HashSet<>(required);
			j.leftKeys().forEach(k -> need.addAll(lower(Expressions.referencedColumns(k))));
			j.rightKeys().forEach(k -> need.addAll(lower(Expressions.referencedColumns(k))));
			if (j.residual() != null) {
				need.addAll(lower(Expressions.referencedColumns(j.residual())));
			}
			LogicalPlan left = keepAll(j.left(), need);
			LogicalPlan right = keepAll(j.right(), need);
			List<Field> fields = new ArrayList<>(left.schema().fields());
			if (j.type() != JoinType.SEMI && j.type() != JoinType.ANTI) {
				fields.addAll(right.schema().fields());
			}
			return new Join(left, right, j.type(), j.leftKeys(), j.rightKeys(), j.residual(), false,
					new Schema(fields));
		}
		throw new IllegalStateException("unknown plan node " + plan.getClass().getSimpleName());
	}

	/**
	 * {@code plan} projected to exactly the columns {@code names}, in that order, with
	 * the {@code schema} (when given) of the other inputs of a union.
	 */
	private static LogicalPlan exactly(LogicalPlan plan, List<String> names, Schema schema) {
		if (plan.schema().names().equals(names) && (schema == null || plan.schema().equals(schema))) {
			return plan;
		}
		List<NamedExpr> exprs = new ArrayList<>();
		for (String n : names) {
			exprs.add(new NamedExpr(new ColumnRef(n, 0), n));
		}
		return (schema == null) ? Project.of(plan, exprs) : new Project(plan, exprs, schema);
	}

	/** Prunes a join side to the required columns it has. */
	private static LogicalPlan keepAll(LogicalPlan side, Set<String> required) {
		Set<String> need = new HashSet<>();
		for (String n : side.schema().names()) {
			if (required.contains(n.toLowerCase(Locale.ROOT))) {
				need.add(n.toLowerCase(Locale.ROOT));
			}
		}
		return prune(side, need);
	}

	private static NamedExpr find(List<NamedExpr> exprs, String lowerName) {
		for (NamedExpr e : exprs) {
			if (e.outputName().equalsIgnoreCase(lowerName)) {
				return e;
			}
		}
		return null;
	}

	private static boolean containsAll(Schema schema, Set<String> names) {
		for (String n : names) {
			if (schema.indexOf(n) < 0) {
				return false;
			}
		}
		return true;
	}

	static Set<String> lower(java.util.Collection<String> names) {
		Set<String> out = new LinkedHashSet<>();
		for (String n : names) {
			out.add(n.toLowerCase(Locale.ROOT));
		}
		return out;
	}

}
