package dev.kindling.engine.optimizer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToLongFunction;

import dev.kindling.engine.expr.Binary;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.ColumnRef;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.Expressions;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.logical.Aggregate;
import dev.kindling.engine.logical.Distinct;
import dev.kindling.engine.logical.Filter;
import dev.kindling.engine.logical.Join;
import dev.kindling.engine.logical.Join.JoinType;
import dev.kindling.engine.logical.Limit;
import dev.kindling.engine.logical.LogicalPlan;
import dev.kindling.engine.logical.Predicates;
import dev.kindling.engine.logical.Project;
import dev.kindling.engine.logical.Scan;
import dev.kindling.engine.logical.Union;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

/**
 * Orders each region of inner joins (the relations of {@code FROM a, b, c} and
 * {@code JOIN ... ON}, with the filters over them) from sizes: it starts with the largest
 * relation and adds, one at a time, the smallest relation an equality connects to those
 * already joined, on the right (the side the hash join builds and may broadcast). So
 * every equality between relations becomes a join key, a cross product is planned only
 * where no key exists, and small dimension tables are joined (and filter) before large
 * ones. Conditions on one relation are put on it. Sizes are file bytes times a rough
 * selectivity per condition; the rule is deterministic, so the driver and executors plan
 * the same joins.
 */
final class JoinReorder {

	private final ToLongFunction<Scan> bytes;

	JoinReorder(ToLongFunction<Scan> bytes) {
		this.bytes = bytes;
	}

	LogicalPlan apply(LogicalPlan plan) {
		if (inRegion(plan)) {
			return reorder(plan);
		}
		if (plan instanceof Join j && (j.type() == JoinType.SEMI || j.type() == JoinType.ANTI) && !j.using()
				&& inRegion(j.left())) {
			LogicalPlan pushed = pushSemiJoin(j);
			if (pushed != null) {
				return pushed;
			}
		}
		List<LogicalPlan> children = new ArrayList<>();
		for (LogicalPlan child : plan.children()) {
			children.add(apply(child));
		}
		return children.isEmpty() ? plan : plan.withChildren(children);
	}

	/** Whether the node is an inner join, or filters over one. */
	private static boolean inRegion(LogicalPlan plan) {
		if (plan instanceof Join j) {
			return j.type() == JoinType.INNER && !j.using();
		}
		return plan instanceof Filter f && inRegion(f.child());
	}

	private void collect(LogicalPlan plan, List<LogicalPlan> leaves, List<Expr> conditions) {
		if (plan instanceof Filter f && inRegion(f)) {
			conditions.addAll(Conditions.factored(f.condition()));
			collect(f.child(), leaves, conditions);
		}
		else if (plan instanceof Join j && inRegion(j)) {
			collect(j.left(), leaves, conditions);
			collect(j.right(), leaves, conditions);
			for (int i = 0; i < j.leftKeys().size(); i++) {
				conditions.add(new Binary(Binary.Op.EQ, j.leftKeys().get(i), j.rightKeys().get(i),
						j.leftKeys().get(i).position()));
			}
			if (j.residual() != null) {
				conditions.addAll(Conditions.factored(j.residual()));
			}
		}
		else {
			leaves.add(apply(plan));
		}
	}

	/**
	 * A semi or anti join over a region of inner joins, moved onto the one relation of
	 * the region it reads, when that relation is not the region's largest: the rows it
	 * keeps then shrink the build side of the larger joins (TPC-H Q18's orders, kept by
	 * an IN subquery, before they meet lineitem). On the largest relation, the other
	 * joins usually shrink it more cheaply first, so there it stays above. Null when it
	 * stays.
	 */
	private LogicalPlan pushSemiJoin(Join semi) {
		List<LogicalPlan> leaves = new ArrayList<>();
		List<Expr> conditions = new ArrayList<>();
		collect(semi.left(), leaves, conditions);
		Set<String> reads = new HashSet<>();
		semi.leftKeys().forEach(k -> reads.addAll(lower(Expressions.referencedColumns(k))));
		if (semi.residual() != null) {
			Set<String> left = lower(semi.left().schema().names());
			lower(Expressions.referencedColumns(semi.residual())).stream().filter(left::contains).forEach(reads::add);
		}
		int home = -1;
		int largest = 0;
		for (int i = 0; i < leaves.size(); i++) {
			if (estimate(leaves.get(i)) > estimate(leaves.get(largest))) {
				largest = i;
			}
			if (home < 0 && !reads.isEmpty() && lower(leaves.get(i).schema().names()).containsAll(reads)) {
				home = i;
			}
		}
		if (home < 0 || home == largest) {
			return null;
		}
		LogicalPlan leaf = leaves.get(home);
		leaves.set(home, new Join(leaf, apply(semi.right()), semi.type(), semi.leftKeys(), semi.rightKeys(),
				semi.residual(), false, leaf.schema()));
		return reorder(leaves, conditions, semi.left().schema());
	}

	private LogicalPlan reorder(LogicalPlan region) {
		List<LogicalPlan> leaves = new ArrayList<>();
		List<Expr> conditions = new ArrayList<>();
		collect(region, leaves, conditions);
		return reorder(leaves, conditions, region.schema());
	}

	private LogicalPlan reorder(List<LogicalPlan> leaves, List<Expr> conditions, Schema output) {
		int n = leaves.size();
		List<Set<String>> names = new ArrayList<>();
		for (LogicalPlan leaf : leaves) {
			names.add(lower(leaf.schema().names()));
		}
		// conditions on one relation filter it
		List<Expr> rest = new ArrayList<>();
		List<List<Expr>> own = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			own.add(new ArrayList<>());
		}
		for (Expr c : conditions) {
			Set<String> refs = lower(Expressions.referencedColumns(c));
			int home = -1;
			for (int i = 0; i < n && !refs.isEmpty(); i++) {
				if (names.get(i).containsAll(refs)) {
					home = i;
					break;
				}
			}
			if (home >= 0) {
				own.get(home).add(c);
			}
			else {
				rest.add(c);
			}
		}
		double[] size = new double[n];
		for (int i = 0; i < n; i++) {
			if (!own.get(i).isEmpty()) {
				leaves.set(i, new Filter(leaves.get(i), Predicates.and(own.get(i))));
			}
			size[i] = estimate(leaves.get(i));
		}
		int start = 0;
		for (int i = 1; i < n; i++) {
			if (size[i] > size[start]) {
				start = i;
			}
		}
		Keys keys = new Keys(rest, names, size);
		boolean[] joined = new boolean[n];
		joined[start] = true;
		LogicalPlan plan = leaves.get(start);
		Set<String> planNames = new HashSet<>(names.get(start));
		double planSize = size[start];
		for (int step = 1; step < n; step++) {
			int next = -1;
			int nextRank = -1;
			for (int i = 0; i < n; i++) {
				if (joined[i]) {
					continue;
				}
				// a join on the new relation's key first, then any equality, then none
				int rank = keys.onKeyOf(i, rest, planNames) ? 2 : connects(rest, planNames, names.get(i)) ? 1 : 0;
				if (rank > nextRank || (rank == nextRank && size[i] < size[next])) {
					next = i;
					nextRank = rank;
				}
			}
			Set<String> both = new HashSet<>(planNames);
			both.addAll(names.get(next));
			List<Expr> on = new ArrayList<>();
			for (Expr c : new ArrayList<>(rest)) {
				if (both.containsAll(lower(Expressions.referencedColumns(c)))) {
					on.add(c);
					rest.remove(c);
				}
			}
			LogicalPlan leaf = leaves.get(next);
			plan = size[next] <= planSize ? join(plan, leaf, on) : join(leaf, plan, on);
			planSize = Math.max(planSize, size[next]);
			planNames = both;
			joined[next] = true;
		}
		if (!rest.isEmpty()) {
			plan = new Filter(plan, Predicates.and(rest));
		}
		if (!plan.schema().names().equals(output.names())) {
			List<NamedExpr> order = new ArrayList<>();
			for (String name : output.names()) {
				order.add(new NamedExpr(new ColumnRef(name, -1), name));
			}
			plan = new Project(plan, order, output);
		}
		return plan;
	}

	/**
	 * Which column of each set of columns that equalities make equal is a key: the one of
	 * the smallest relation (a dimension's key, which the larger relations reference).
	 * Joining a relation on its key keeps the row count of the relations joined so far;
	 * joining it on another column of the set (two references to the same key, as
	 * {@code c_nationkey = s_nationkey}) multiplies rows, so it waits while a key join
	 * remains.
	 */
	private static final class Keys {

		private final java.util.Map<String, String> parent = new java.util.HashMap<>();

		private final java.util.Map<String, Integer> owner = new java.util.HashMap<>();

		private final java.util.Map<String, String> key = new java.util.HashMap<>();

		Keys(List<Expr> conditions, List<Set<String>> names, double[] size) {
			for (Expr c : conditions) {
				if (c instanceof Binary b && b.op() == Binary.Op.EQ && b.left() instanceof ColumnRef l
						&& b.right() instanceof ColumnRef r) {
					union(lower(l.name()), lower(r.name()));
				}
			}
			for (String column : this.parent.keySet()) {
				for (int i = 0; i < names.size(); i++) {
					if (names.get(i).contains(column)) {
						this.owner.put(column, i);
						break;
					}
				}
			}
			for (String column : new java.util.TreeSet<>(this.parent.keySet())) {
				Integer rel = this.owner.get(column);
				if (rel == null) {
					continue;
				}
				String root = find(column);
				String best = this.key.get(root);
				if (best == null || size[rel] < size[this.owner.get(best)]) {
					this.key.put(root, column);
				}
			}
		}

		/** Whether an equality joins relation {@code i} on its key to the joined ones. */
		boolean onKeyOf(int i, List<Expr> conditions, Set<String> joined) {
			for (Expr c : conditions) {
				if (c instanceof Binary b && b.op() == Binary.Op.EQ && b.left() instanceof ColumnRef l
						&& b.right() instanceof ColumnRef r) {
					String ln = lower(l.name());
					String rn = lower(r.name());
					String mine = isOf(ln, i) && joined.contains(rn) ? ln
							: isOf(rn, i) && joined.contains(ln) ? rn : null;
					if (mine != null && mine.equals(this.key.get(find(mine)))) {
						return true;
					}
				}
			}
			return false;
		}

		private boolean isOf(String column, int relation) {
			Integer rel = this.owner.get(column);
			return rel != null && rel == relation;
		}

		private String find(String column) {
			String p = this.parent.get(column);
			if (p == null || p.equals(column)) {
				return column;
			}
			String root = find(p);
			this.parent.put(column, root);
			return root;
		}

		private void union(String a, String b) {
			this.parent.putIfAbsent(a, a);
			this.parent.putIfAbsent(b, b);
			String ra = find(a);
			String rb = find(b);
			if (!ra.equals(rb)) {
				// the smaller name is the root, so the classes do not depend on order
				if (ra.compareTo(rb) < 0) {
					this.parent.put(rb, ra);
				}
				else {
					this.parent.put(ra, rb);
				}
			}
		}

		private static String lower(String name) {
			return name.toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * Whether an equality joins the relation with {@code names} to those joined so far.
	 */
	private static boolean connects(List<Expr> conditions, Set<String> joined, Set<String> names) {
		for (Expr c : conditions) {
			if (c instanceof Binary b && b.op() == Binary.Op.EQ) {
				Set<String> l = lower(Expressions.referencedColumns(b.left()));
				Set<String> r = lower(Expressions.referencedColumns(b.right()));
				if (!l.isEmpty() && !r.isEmpty() && ((joined.containsAll(l) && names.containsAll(r))
						|| (joined.containsAll(r) && names.containsAll(l)))) {
					return true;
				}
			}
		}
		return false;
	}

	/** An inner join of two relations on these conditions: equalities across are keys. */
	static Join join(LogicalPlan left, LogicalPlan right, List<Expr> conditions) {
		Set<String> ln = lower(left.schema().names());
		Set<String> rn = lower(right.schema().names());
		List<Expr> lk = new ArrayList<>();
		List<Expr> rk = new ArrayList<>();
		List<Expr> residual = new ArrayList<>();
		for (Expr c : conditions) {
			if (c instanceof Binary b && b.op() == Binary.Op.EQ) {
				Set<String> l = lower(Expressions.referencedColumns(b.left()));
				Set<String> r = lower(Expressions.referencedColumns(b.right()));
				if (!l.isEmpty() && !r.isEmpty()) {
					if (ln.containsAll(l) && rn.containsAll(r) && hashable(b.left(), left, b.right(), right)) {
						lk.add(b.left());
						rk.add(b.right());
						continue;
					}
					if (ln.containsAll(r) && rn.containsAll(l) && hashable(b.right(), left, b.left(), right)) {
						lk.add(b.right());
						rk.add(b.left());
						continue;
					}
				}
			}
			residual.add(c);
		}
		List<Field> fields = new ArrayList<>(left.schema().fields());
		fields.addAll(right.schema().fields());
		return new Join(left, right, JoinType.INNER, lk, rk, residual.isEmpty() ? null : Predicates.and(residual),
				false, new Schema(fields));
	}

	private static boolean hashable(Expr l, LogicalPlan left, Expr r, LogicalPlan right) {
		DataType lt = Binder.bind(l, left.schema()).type();
		DataType rt = Binder.bind(r, right.schema()).type();
		return lt == rt || (lt.isNumeric() && rt.isNumeric());
	}

	/** A rough size of a plan's output, in the units of file bytes. */
	double estimate(LogicalPlan plan) {
		if (plan instanceof Scan scan) {
			double size = Math.max(1.0, (double) this.bytes.applyAsLong(scan));
			for (Expr f : scan.filters()) {
				size *= Conditions.selectivity(f);
			}
			return size;
		}
		if (plan instanceof Filter f) {
			double size = estimate(f.child());
			for (Expr c : Predicates.conjuncts(f.condition())) {
				size *= Conditions.selectivity(c);
			}
			return size;
		}
		if (plan instanceof Aggregate a) {
			return a.keys().isEmpty() ? 1.0 : estimate(a.child()) * 0.25;
		}
		if (plan instanceof Distinct d) {
			return estimate(d.child()) * 0.5;
		}
		if (plan instanceof Limit l) {
			return Math.min(estimate(l.child()), l.n() * 100.0);
		}
		if (plan instanceof Union u) {
			return u.inputs().stream().mapToDouble(this::estimate).sum();
		}
		if (plan instanceof Join j) {
			double l = estimate(j.left());
			double r = estimate(j.right());
			return switch (j.type()) {
				case INNER -> Math.max(l, r);
				case LEFT, SEMI, ANTI -> l;
				case RIGHT -> r;
				case FULL -> l + r;
			};
		}
		return plan.children().isEmpty() ? 1.0 : estimate(plan.children().get(0));
	}

	private static Set<String> lower(java.util.Collection<String> names) {
		Set<String> out = new HashSet<>();
		for (String n : names) {
			out.add(n.toLowerCase(Locale.ROOT));
		}
		return out;
	}

}
