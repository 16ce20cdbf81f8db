package dev.kindling.engine.expr;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.DecimalType;

/**
 * Queries and rewrites over unbound expression trees, for the planner and the optimizer.
 */
public final class Expressions {

	private Expressions() {
	}

	/**
	 * The column names the expression reads, as written, in order of first appearance.
	 */
	public static Set<String> referencedColumns(Expr expr) {
		Set<String> names = new LinkedHashSet<>();
		collectColumns(expr, names);
		return Collections.unmodifiableSet(names);
	}

	private static void collectColumns(Expr expr, Set<String> names) {
		if (expr instanceof ColumnRef ref) {
			names.add(ref.name());
			return;
		}
		for (Expr child : children(expr)) {
			collectColumns(child, names);
		}
	}

	/**
	 * The functions whose value is not a function of their arguments: a draw, or the
	 * task's partition and row number.
	 */
	private static final Set<String> NONDETERMINISTIC = Set.of("rand", "random", "randn", "monotonically_increasing_id",
			"spark_partition_id");

	/**
	 * Whether the expression always gives the same value for the same row: false when it
	 * calls {@code rand()} or another function of the task, which the optimizer must not
	 * move.
	 */
	public static boolean isDeterministic(Expr expr) {
		if (expr instanceof FunctionCall f && NONDETERMINISTIC.contains(f.name())) {
			return false;
		}
		for (Expr child : children(expr)) {
			if (!isDeterministic(child)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether the expression contains an aggregate call that is not itself the function
	 * of a window: {@code sum(x) OVER ()} is no aggregation, but the {@code sum(x)} in
	 * {@code sum(sum(x)) OVER ()} or {@code rank() OVER (ORDER BY sum(x))} is, as in
	 * Spark.
	 */
	public static boolean containsAggregate(Expr expr) {
		if (expr instanceof AggregateCall) {
			return true;
		}
		for (Expr child : (expr instanceof WindowExpr w) ? windowOperands(w) : children(expr)) {
			if (containsAggregate(child)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What a window reads: its function's arguments (not the function itself), its
	 * partition keys and its order keys.
	 */
	public static List<Expr> windowOperands(WindowExpr w) {
		List<Expr> operands = new ArrayList<>();
		operands.addAll(children(w.function()));
		operands.addAll(w.partitionBy());
		w.orderBy().forEach(k -> operands.add(k.expr()));
		return operands;
	}

	/** Whether the expression contains a function over a window anywhere. */
	public static boolean containsWindow(Expr expr) {
		if (expr instanceof WindowExpr) {
			return true;
		}
		for (Expr child : children(expr)) {
			if (containsWindow(child)) {
				return true;
			}
		}
		return false;
	}

	/** The functions over windows in the expression, outermost first, in source order. */
	public static List<WindowExpr> windows(Expr expr) {
		List<WindowExpr> out = new ArrayList<>();
		collectWindows(expr, out);
		return out;
	}

	private static void collectWindows(Expr expr, List<WindowExpr> out) {
		if (expr instanceof WindowExpr w) {
			out.add(w);
			return;
		}
		for (Expr child : children(expr)) {
			collectWindows(child, out);
		}
	}

	/** The aggregate calls in the expression, outermost first, in source order. */
	public static List<AggregateCall> aggregates(Expr expr) {
		List<AggregateCall> calls = new ArrayList<>();
		collectAggregates(expr, calls);
		return calls;
	}

	private static void collectAggregates(Expr expr, List<AggregateCall> calls) {
		if (expr instanceof AggregateCall call) {
			calls.add(call);
			return;
		}
		for (Expr child : (expr instanceof WindowExpr w) ? windowOperands(w) : children(expr)) {
			collectAggregates(child, calls);
		}
	}

	/**
	 * Text that {@link ExprParser#parse} reads back to the same tree (positions aside),
	 * for shipping an expression to an executor. Unlike {@link Expr#sql()}, strings are
	 * quoted, odd names backticked and bigint and decimal literals keep their type
	 * ({@code 5L}, {@code 1.5BD}).
	 */
	public static String toSource(Expr expr) {
		StringBuilder sb = new StringBuilder();
		appendSource(expr, sb);
		return sb.toString();
	}

	private static void appendSource(Expr expr, StringBuilder sb) {
		if (expr instanceof Literal l) {
			appendLiteral(l, sb);
		}
		else if (expr instanceof ColumnRef c) {
			if (c.qualifier() != null) {
				appendName(c.qualifier(), sb);
				sb.append('.');
			}
			appendName(c.name(), sb);
		}
		else if (expr instanceof Subquery q) {
			// SQL text travels as the job's sql, never as a shipped expression
			sb.append(q.sql());
		}
		else if (expr instanceof AggregateCall a) {
			sb.append(a.function()).append('(');
			if (a.isCountStar()) {
				sb.append('*');
			}
			else {
				sb.append(a.distinct() ? "DISTINCT " : "");
				for (int i = 0; i < a.arguments().size(); i++) {
					sb.append((i > 0) ? ", " : "");
					appendSource(a.arguments().get(i), sb);
				}
			}
			sb.append(')');
		}
		else if (expr instanceof Unary u) {
			sb.append((u.op() == Unary.Op.NOT) ? "(NOT " : (u.op() == Unary.Op.MINUS) ? "(- " : "(+ ");
			// the parser reads '-' before a number as one negative literal, so keep them
			// apart
			boolean number = u.operand() instanceof Literal l && l.value() instanceof Number;
			sb.append(number ? "(" : "");
			appendSource(u.operand(), sb);
			sb.append(number ? "))" : ")");
		}
		else if (expr instanceof Binary b) {
			sb.append('(');
			appendSource(b.left(), sb);
			sb.append(' ').append(b.op().symbol()).append(' ');
			appendSource(b.right(), sb);
			sb.append(')');
		}
		else if (expr instanceof IsNull n) {
			sb.append('(');
			appendSource(n.operand(), sb);
			sb.append(n.negated() ? " IS NOT NULL)" : " IS NULL)");
		}
		else if (expr instanceof In in) {
			sb.append('(');
			appendSource(in.operand(), sb);
			sb.append(in.negated() ? " NOT IN (" : " IN (");
			for (int i = 0; i < in.list().size(); i++) {
				sb.append((i > 0) ? ", " : "");
				appendSource(in.list().get(i), sb);
			}
			sb.append("))");
		}
		else if (expr instanceof Between b) {
			sb.append('(');
			appendSource(b.operand(), sb);
			sb.append(b.negated() ? " NOT BETWEEN " : " BETWEEN ");
			appendSource(b.low(), sb);
			sb.append(" AND ");
			appendSource(b.high(), sb);
			sb.append(')');
		}
		else if (expr instanceof Like l) {
			sb.append('(');
			appendSource(l.operand(), sb);
			sb.append(l.negated() ? " NOT LIKE " : " LIKE ");
			appendSource(l.pattern(), sb);
			sb.append(')');
		}
		else if (expr instanceof Case c) {
			sb.append("CASE");
			if (c.operand() != null) {
				sb.append(' ');
				appendSource(c.operand(), sb);
			}
			for (Case.When when : c.whens()) {
				sb.append(" WHEN ");
				appendSource(when.condition(), sb);
				sb.append(" THEN ");
				appendSource(when.result(), sb);
			}
			if (c.otherwise() != null) {
				sb.append(" ELSE ");
				appendSource(c.otherwise(), sb);
			}
			sb.append(" END");
		}
		else if (expr instanceof Cast c) {
			sb.append(c.lenient() ? "TRY_CAST(" : "CAST(");
			appendSource(c.operand(), sb);
			sb.append(" AS ").append(c.type().sqlName()).append(')');
		}
		else if (expr instanceof WindowExpr w) {
			appendSource(w.function(), sb);
			sb.append(w.ignoreNulls() ? " IGNORE NULLS" : "").append(" OVER (");
			for (int i = 0; i < w.partitionBy().size(); i++) {
				sb.append((i == 0) ? "PARTITION BY " : ", ");
				appendSource(w.partitionBy().get(i), sb);
			}
			for (int i = 0; i < w.orderBy().size(); i++) {
				SortKey k = w.orderBy().get(i);
				sb.append((i == 0) ? (w.partitionBy().isEmpty() ? "ORDER BY " : " ORDER BY ") : ", ");
				appendSource(k.expr(), sb);
				sb.append(k.ascending() ? " ASC" : " DESC").append(k.nullsFirst() ? " NULLS FIRST" : " NULLS LAST");
			}
			if (w.frame() != null) {
				sb.append(' ').append(w.frame().sql());
			}
			sb.append(')');
		}
		else {
			FunctionCall f = (FunctionCall) expr;
			sb.append(f.name()).append('(');
			for (int i = 0; i < f.arguments().size(); i++) {
				sb.append((i > 0) ? ", " : "");
				appendSource(f.arguments().get(i), sb);
			}
			sb.append(')');
		}
	}

	private static void appendLiteral(Literal l, StringBuilder sb) {
		Object v = l.value();
		if (v == null) {
			sb.append((l.type() == DataType.NULL) ? "NULL" : "CAST(NULL AS " + l.type().sqlName() + ")");
		}
		else if (v instanceof String s) {
			sb.append('\'').append(s.replace("\\", "\\\\").replace("'", "''")).append('\'');
		}
		else if (v instanceof Long n) {
			sb.append(n).append('L');
		}
		else if (v instanceof BigDecimal d) {
			// 1.50BD reads back as decimal(3,2): a literal of a wider type keeps it by a
			// cast
			String text = d.toPlainString() + "BD";
			DecimalType type = (DecimalType) l.type();
			boolean same = d.scale() == type.scale() && Math.max(d.precision(), d.scale()) == type.precision();
			sb.append(same ? text : "CAST(" + text + " AS " + type.sqlName() + ")");
		}
		else if (v instanceof Double d) {
			sb.append((d.isNaN() || d.isInfinite()) ? "CAST('" + d + "' AS double)" : Double.toString(d) + "D");
		}
		else {
			// int, boolean, DATE '...', TIMESTAMP '...'
			sb.append(l.sql());
		}
	}

	private static void appendName(String name, StringBuilder sb) {
		boolean plain = !name.isEmpty() && (Character.isLetter(name.charAt(0)) || name.charAt(0) == '_')
				&& name.chars().allMatch((c) -> Character.isLetterOrDigit(c) || c == '_')
				&& !ExprParser.isReservedWord(name);
		if (plain) {
			sb.append(name);
		}
		else {
			sb.append('`').append(name.replace("`", "``")).append('`');
		}
	}

	/** The direct sub-expressions, in source order. */
	public static List<Expr> children(Expr expr) {
		if (expr instanceof Unary u) {
			return List.of(u.operand());
		}
		if (expr instanceof Binary b) {
			return List.of(b.left(), b.right());
		}
		if (expr instanceof AggregateCall a) {
			return a.arguments();
		}
		if (expr instanceof IsNull n) {
			return List.of(n.operand());
		}
		if (expr instanceof In in) {
			List<Expr> out = new ArrayList<>();
			out.add(in.operand());
			out.addAll(in.list());
			return out;
		}
		if (expr instanceof Between b) {
			return List.of(b.operand(), b.low(), b.high());
		}
		if (expr instanceof Like l) {
			return List.of(l.operand(), l.pattern());
		}
		if (expr instanceof Case c) {
			List<Expr> out = new ArrayList<>();
			if (c.operand() != null) {
				out.add(c.operand());
			}
			for (Case.When when : c.whens()) {
				out.add(when.condition());
				out.add(when.result());
			}
			if (c.otherwise() != null) {
				out.add(c.otherwise());
			}
			return out;
		}
		if (expr instanceof Cast c) {
			return List.of(c.operand());
		}
		if (expr instanceof FunctionCall f) {
			return f.arguments();
		}
		if (expr instanceof WindowExpr w) {
			List<Expr> out = new ArrayList<>();
			out.add(w.function());
			out.addAll(w.partitionBy());
			w.orderBy().forEach((k) -> out.add(k.expr()));
			return out;
		}
		if (expr instanceof Subquery q && q.operand() != null) {
			return List.of(q.operand());
		}
		return List.of();
	}

	/**
	 * Rewrites the tree top-down: {@code rule} is offered each node first; if it returns
	 * a different node, that node is kept as is, else the node's children are rewritten.
	 * Used, for example, to replace aggregate calls by references to the aggregate's
	 * output columns.
	 */
	public static Expr transform(Expr expr, UnaryOperator<Expr> rule) {
		Expr replaced = rule.apply(expr);
		if (replaced != expr) {
			return replaced;
		}
		if (expr instanceof Unary u) {
			return new Unary(u.op(), transform(u.operand(), rule), u.position());
		}
		if (expr instanceof Binary b) {
			return new Binary(b.op(), transform(b.left(), rule), transform(b.right(), rule), b.position());
		}
		if (expr instanceof AggregateCall a) {
			return new AggregateCall(a.function(), a.arguments().stream().map((e) -> transform(e, rule)).toList(),
					a.distinct(), a.position());
		}
		if (expr instanceof IsNull n) {
			return new IsNull(transform(n.operand(), rule), n.negated(), n.position());
		}
		if (expr instanceof In in) {
			return new In(transform(in.operand(), rule), in.list().stream().map((e) -> transform(e, rule)).toList(),
					in.negated(), in.position());
		}
		if (expr instanceof Between b) {
			return new Between(transform(b.operand(), rule), transform(b.low(), rule), transform(b.high(), rule),
					b.negated(), b.position());
		}
		if (expr instanceof Like l) {
			return new Like(transform(l.operand(), rule), transform(l.pattern(), rule), l.negated(), l.position());
		}
		if (expr instanceof Case c) {
			return new Case((c.operand() != null) ? transform(c.operand(), rule) : null,
					c.whens()
						.stream()
						.map((w) -> new Case.When(transform(w.condition(), rule), transform(w.result(), rule)))
						.toList(),
					(c.otherwise() != null) ? transform(c.otherwise(), rule) : null, c.position());
		}
		if (expr instanceof Cast c) {
			return new Cast(transform(c.operand(), rule), c.type(), c.lenient(), c.position());
		}
		if (expr instanceof FunctionCall f) {
			return new FunctionCall(f.name(), f.arguments().stream().map((e) -> transform(e, rule)).toList(),
					f.position());
		}
		if (expr instanceof WindowExpr w) {
			return new WindowExpr(transform(w.function(), rule),
					w.partitionBy().stream().map((e) -> transform(e, rule)).toList(),
					w.orderBy()
						.stream()
						.map((k) -> new SortKey(transform(k.expr(), rule), k.ascending(), k.nullsFirst()))
						.toList(),
					w.frame(), w.ignoreNulls(), w.position());
		}
		if (expr instanceof Subquery q && q.operand() != null) {
			return new Subquery(q.kind(), transform(q.operand(), rule), q.query(), q.negated(), q.position());
		}
		return expr;
	}

}
