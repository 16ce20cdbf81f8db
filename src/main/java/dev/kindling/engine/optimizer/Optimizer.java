package dev.kindling.engine.optimizer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.expr.Expressions;
import dev.kindling.engine.expr.ColumnRef;
import dev.kindling.engine.logical.Predicates;
import dev.kindling.engine.logical.Aggregate;
import dev.kindling.engine.logical.Cache;
import dev.kindling.engine.logical.Distinct;
import dev.kindling.engine.logical.Filter;
import dev.kindling.engine.logical.Join;
import dev.kindling.engine.logical.Join.JoinType;
import dev.kindling.engine.logical.Limit;
import dev.kindling.engine.logical.LogicalPlan;
import dev.kindling.engine.logical.Project;
import dev.kindling.engine.logical.Repartition;
import dev.kindling.engine.logical.Window;
import dev.kindling.engine.logical.Scan;
import dev.kindling.engine.logical.Sort;
import dev.kindling.engine.logical.Union;
import dev.kindling.engine.types.Schema;

/**
 * The rule-based optimizer: pushes filters down (through projections, sorts and into
 * either side of a join where that keeps the join's meaning) into the scan, then prunes
 * every column the plan never reads, so the CSV reader parses only what is needed.
 */
public final class Optimizer {

	/** The optimized plan and the names of the rules that changed it. */
	public record Result(LogicalPlan plan, List<String> applied) {
	}

	/**
	 * Optimizes a plan whose root output is needed in full ({@code rootNeedsColumns}) or
	 * only for its row count (a count action reads no column).
	 */
	public Result optimize(LogicalPlan plan, boolean rootNeedsColumns) {
		List<String> applied = new ArrayList<>();
		LogicalPlan pushed = pushFilters(plan);
		if (!pushed.equals(plan)) {
			applied.add("filter pushdown");
		}
		Set<String> required = rootNeedsColumns ? lower(pushed.schema().names()) : Set.of();
		LogicalPlan pruned = prune(pushed, required);
		if (!pruned.equals(pushed)) {
			applied.add("column pruning");
		}
		return new Result(pruned, applied);
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
			for (Expr conjunct : Predicates.conjuncts(filter.condition())) {
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
		if (plan instanceof Union u) {
			// both sides have the union's column names
			return u.withChildren(List.of(pushOrWrap(u.left(), conjunct), pushOrWrap(u.right(), conjunct)));
		}
		if (plan instanceof Sort s) {
			LogicalPlan pushed = pushInto(s.child(), conjunct);
			return new Sort(pushed == null ? new Filter(s.child(), conjunct) : pushed, s.keys());
		}
		if (plan instanceof Project p) {
			if (p.exprs().stream().anyMatch((e) -> !Expressions.isDeterministic(e.expr()))) {
				// monotonically_increasing_id() numbers the rows the projection sees
				return null;
			}
			// Only through columns the projection passes on unchanged.
			for (String ref : refs) {
				NamedExpr e = find(p.exprs(), ref);
				if (e == null || !(e.expr() instanceof ColumnRef c) || !c.name().equalsIgnoreCase(ref)) {
					return null;
				}
			}
			LogicalPlan pushed = pushInto(p.child(), conjunct);
			return new Project(pushed == null ? new Filter(p.child(), conjunct) : pushed, p.exprs(), p.schema());
		}
		if (plan instanceof Join j && !j.using()) {
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
			Set<String> need = new HashSet<>();
			a.keys().forEach(k -> need.addAll(lower(Expressions.referencedColumns(k.expr()))));
			a.aggregates().forEach(k -> need.addAll(lower(Expressions.referencedColumns(k.expr()))));
			return a.withChildren(List.of(prune(a.child(), need)));
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
		if (plan instanceof Union u) {
			// both sides keep the same columns in the same order, so that they stay
			// aligned
			List<String> names = new ArrayList<>();
			for (String n : u.schema().names()) {
				if (required.contains(n.toLowerCase(Locale.ROOT))) {
					names.add(n);
				}
			}
			Set<String> need = lower(names);
			return u
				.withChildren(List.of(exactly(prune(u.left(), need), names), exactly(prune(u.right(), need), names)));
		}
		if (plan instanceof Distinct || plan instanceof Cache) {
			// Every column takes part in distinctness; a cache keeps whole rows for later
			// jobs.
			LogicalPlan child = plan.children().get(0);
			return plan.withChildren(List.of(prune(child, lower(child.schema().names()))));
		}
		if (plan instanceof Join j) {
			// The join's output schema is fixed; prune each side to what the output and
			// keys use.
			Set<String> need = new HashSet<>(lower(j.schema().names()));
			Set<String> left = new HashSet<>(need);
			Set<String> right = new HashSet<>(need);
			j.leftKeys().forEach(k -> left.addAll(lower(Expressions.referencedColumns(k))));
			j.rightKeys().forEach(k -> right.addAll(lower(Expressions.referencedColumns(k))));
			if (j.residual() != null) {
				left.addAll(lower(Expressions.referencedColumns(j.residual())));
				right.addAll(lower(Expressions.referencedColumns(j.residual())));
			}
			return j.withChildren(List.of(keepAll(j.left(), left), keepAll(j.right(), right)));
		}
		throw new IllegalStateException("unknown plan node " + plan.getClass().getSimpleName());
	}

	/** {@code plan} projected to exactly the columns {@code names}, in that order. */
	private static LogicalPlan exactly(LogicalPlan plan, List<String> names) {
		if (plan.schema().names().equals(names)) {
			return plan;
		}
		List<NamedExpr> exprs = new ArrayList<>();
		for (String n : names) {
			exprs.add(new NamedExpr(new ColumnRef(n, 0), n));
		}
		return Project.of(plan, exprs);
	}

	/**
	 * Prunes a join side without dropping columns the join's fixed output schema names.
	 */
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

	private static Set<String> lower(java.util.Collection<String> names) {
		Set<String> out = new LinkedHashSet<>();
		for (String n : names) {
			out.add(n.toLowerCase(Locale.ROOT));
		}
		return out;
	}

}
