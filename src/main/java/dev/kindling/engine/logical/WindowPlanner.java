package dev.kindling.engine.logical;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.kindling.engine.expr.AggregateCall;
import dev.kindling.engine.expr.ColumnRef;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.expr.Expressions;
import dev.kindling.engine.expr.FunctionCall;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.expr.WindowExpr;
import dev.kindling.engine.expr.WindowFrame;
import dev.kindling.engine.expr.eval.WindowFunctions;
import dev.kindling.engine.spec.StepSpec;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

import static dev.kindling.engine.logical.PlanChecks.parse;
import static dev.kindling.engine.logical.PlanChecks.parseNamed;
import static dev.kindling.engine.logical.PlanChecks.required;
import static dev.kindling.engine.logical.PlanChecks.wrap;

/**
 * Plans functions over windows: a {@code window} step (its partitionBy, orderBy and frame
 * shared by its columns) and {@code OVER} inside select and withColumn. Each distinct
 * window becomes one {@link Window} node over the child; an expression that uses a window
 * function reads the node's column. The SQL planner uses {@link #extract} for OVER in a
 * SELECT list.
 */
public final class WindowPlanner {

	private WindowPlanner() {
	}

	/**
	 * {@code {"op":"window","partitionBy":["dept"],"orderBy":["salary DESC"],
	 * "frame":"ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW",
	 * "columns":["row_number() AS rn","sum(salary) AS running"]}}: the child's columns
	 * and one per function.
	 */
	static LogicalPlan step(LogicalPlan child, StepSpec step, String at) {
		List<String> columns = PlanChecks.requiredList(step.columns(), at + "/columns");
		List<Expr> partitionBy = new ArrayList<>();
		List<String> partitionTexts = (step.partitionBy() == null) ? List.of() : step.partitionBy();
		for (int i = 0; i < partitionTexts.size(); i++) {
			String field = at + "/partitionBy/" + i;
			Expr key = parse(required(partitionTexts.get(i), field), field);
			PlanChecks.bindScalar(key, child.schema(), field);
			partitionBy.add(key);
		}
		List<SortKey> orderBy = new ArrayList<>();
		List<String> orderTexts = (step.orderBy() == null) ? List.of() : step.orderBy();
		for (int i = 0; i < orderTexts.size(); i++) {
			String field = at + "/orderBy/" + i;
			String text = required(orderTexts.get(i), field);
			SortKey key = wrap(() -> ExprParser.parseSortKey(text), field);
			PlanChecks.bindScalar(key.expr(), child.schema(), field);
			orderBy.add(key);
		}
		WindowFrame frame = (step.frame() == null) ? null
				: wrap(() -> ExprParser.parseFrame(step.frame()), at + "/frame");
		List<NamedExpr> functions = new ArrayList<>();
		for (int i = 0; i < columns.size(); i++) {
			String field = at + "/columns/" + i;
			NamedExpr named = parseNamed(required(columns.get(i), field), field);
			Expr e = named.expr();
			WindowExpr w;
			if (e instanceof WindowExpr own) {
				w = own;
			}
			else if (e instanceof AggregateCall
					|| (e instanceof FunctionCall f && (WindowFunctions.isWindowFunction(f.name()) || isUnknown(f)))) {
				w = new WindowExpr(e, partitionBy, orderBy, frame, false, e.position());
			}
			else {
				throw new PlanException(field, "a window step's column must be a window function or an aggregate, "
						+ "such as row_number() AS rn or sum(salary) AS total; for other expressions use withColumn "
						+ "with OVER (...)");
			}
			String name = (named.alias() != null) ? named.alias() : e.sql();
			functions.add(new NamedExpr(w, name));
		}
		if (frame != null) {
			// the frame's own mistakes point at it, before any function is bound
			WindowExpr probe = new WindowExpr(new AggregateCall("count", List.of(), false, 0), partitionBy, orderBy,
					frame, false, 0);
			wrap(() -> WindowFunctions.frame(probe, child.schema()), at + "/frame");
		}
		return windows(child, functions, at + "/columns");
	}

	private static boolean isUnknown(FunctionCall f) {
		return dev.kindling.engine.expr.eval.ScalarFunctions.find(f.name()) == null;
	}

	/**
	 * Window nodes computing {@code functions} (each a {@link WindowExpr} with its output
	 * name) on top of {@code child}, one per distinct window, in order.
	 */
	static LogicalPlan windows(LogicalPlan child, List<NamedExpr> functions, String at) {
		Set<String> names = new HashSet<>();
		child.schema().names().forEach((n) -> names.add(n.toLowerCase(Locale.ROOT)));
		Map<String, List<NamedExpr>> byWindow = new LinkedHashMap<>();
		Map<String, List<Field>> fieldsByWindow = new LinkedHashMap<>();
		for (int i = 0; i < functions.size(); i++) {
			NamedExpr f = functions.get(i);
			WindowExpr w = (WindowExpr) f.expr();
			String field = (functions.size() > 1 || at.endsWith("/columns")) ? at + "/" + i : at;
			if (!names.add(f.outputName().toLowerCase(Locale.ROOT))) {
				throw new PlanException(field, "duplicate output column '" + f.outputName() + "' (use AS to rename)");
			}
			var bound = wrap(() -> WindowFunctions.bind(w, child.schema()), field);
			String key = w.partitionBy().stream().map(Expressions::toSource).toList() + "|"
					+ w.orderBy().stream().map(SortKey::sql).toList();
			byWindow.computeIfAbsent(key, (k) -> new ArrayList<>()).add(f);
			fieldsByWindow.computeIfAbsent(key, (k) -> new ArrayList<>()).add(new Field(f.outputName(), bound.type()));
		}
		LogicalPlan plan = child;
		for (Map.Entry<String, List<NamedExpr>> e : byWindow.entrySet()) {
			plan = new Window(plan, e.getValue(), fieldsByWindow.get(e.getKey()));
		}
		return plan;
	}

	/**
	 * The expressions of a select or withColumn with every function over a window
	 * computed below: the child with Window nodes, and the expressions reading their
	 * columns.
	 */
	public record Extracted(LogicalPlan child, List<NamedExpr> exprs) {
	}

	public static Extracted extract(LogicalPlan child, List<NamedExpr> exprs, List<String> fields) {
		List<NamedExpr> functions = new ArrayList<>();
		Map<String, String> columnOf = new LinkedHashMap<>();
		Set<String> taken = new HashSet<>();
		child.schema().names().forEach((n) -> taken.add(n.toLowerCase(Locale.ROOT)));
		List<String> at = new ArrayList<>();
		for (int i = 0; i < exprs.size(); i++) {
			for (WindowExpr w : Expressions.windows(exprs.get(i).expr())) {
				String source = Expressions.toSource(w);
				if (!columnOf.containsKey(source)) {
					String name;
					int n = columnOf.size();
					do {
						name = "__w" + n++;
					}
					while (taken.contains(name));
					taken.add(name);
					columnOf.put(source, name);
					functions.add(new NamedExpr(w, name));
					at.add(fields.get(i));
				}
			}
		}
		if (functions.isEmpty()) {
			return new Extracted(child, exprs);
		}
		LogicalPlan plan = child;
		for (int i = 0; i < functions.size(); i++) {
			plan = windows(plan, List.of(functions.get(i)), at.get(i));
		}
		List<NamedExpr> rewritten = new ArrayList<>();
		for (NamedExpr e : exprs) {
			Expr r = Expressions.transform(e.expr(), (x) -> (x instanceof WindowExpr w)
					? new ColumnRef(columnOf.get(Expressions.toSource(w)), w.position()) : x);
			rewritten.add(new NamedExpr(r, e.outputName()));
		}
		return new Extracted(merge(plan), rewritten);
	}

	/** Adjacent Window nodes of the same window merged into one. */
	private static LogicalPlan merge(LogicalPlan plan) {
		if (!(plan instanceof Window top) || !(top.child() instanceof Window below)) {
			return plan;
		}
		LogicalPlan child = merge(below);
		if (child instanceof Window lower && sameWindow(lower, top)) {
			List<NamedExpr> functions = new ArrayList<>(lower.functions());
			functions.addAll(top.functions());
			List<Field> outputs = new ArrayList<>(lower.outputs());
			outputs.addAll(top.outputs());
			return new Window(lower.child(), functions, outputs);
		}
		return top.withChildren(List.of(child));
	}

	private static boolean sameWindow(Window a, Window b) {
		return a.partitionBy()
			.stream()
			.map(Expressions::toSource)
			.toList()
			.equals(b.partitionBy().stream().map(Expressions::toSource).toList())
				&& a.orderBy()
					.stream()
					.map(SortKey::sql)
					.toList()
					.equals(b.orderBy().stream().map(SortKey::sql).toList());
	}

}
