package dev.kindling.engine.logical;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import dev.kindling.engine.aggregate.AggregateFunctions;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.eval.BoundAggregate;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.expr.Expressions;
import dev.kindling.engine.expr.AggregateCall;
import dev.kindling.engine.expr.Binary;
import dev.kindling.engine.expr.ColumnRef;
import dev.kindling.engine.logical.Join.JoinType;
import dev.kindling.engine.spec.ActionSpec;
import dev.kindling.engine.spec.ActionType;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.engine.spec.SourceSpec;
import dev.kindling.engine.spec.StepSpec;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

/**
 * Turns a job spec whose sources have pinned schemas into a logical plan, checking every
 * step and expression on the way. Every error is a {@link PlanException} naming the field
 * at fault.
 */
public final class LogicalPlanner {

	private final int maxCollectRows;

	public LogicalPlanner(int maxCollectRows) {
		this.maxCollectRows = maxCollectRows;
	}

	/**
	 * The plan of the whole job (the action is checked here, and applied by the stage
	 * planner).
	 */
	public LogicalPlan plan(JobSpec spec) {
		if (spec.source() == null) {
			throw new PlanException("/source", "source is required");
		}
		LogicalPlan plan = planPipeline(spec.source(), spec.pipeline(), "");
		checkAction(spec.action());
		return plan;
	}

	/**
	 * A source and its pipeline (also the right side of a join, under {@code prefix}).
	 */
	LogicalPlan planPipeline(SourceSpec source, List<StepSpec> pipeline, String prefix) {
		LogicalPlan plan = scan(source, prefix + "/source");
		StringBuilder lineage = new StringBuilder(source.toString());
		for (int i = 0; i < pipeline.size(); i++) {
			StepSpec step = pipeline.get(i);
			String at = prefix + "/pipeline/" + i;
			if (step == null) {
				throw new PlanException(at, "step is empty");
			}
			lineage.append('|').append(step);
			plan = step(plan, step, at, lineage.toString());
		}
		return plan;
	}

	private static Scan scan(SourceSpec source, String at) {
		if (source.format() != null && !source.format().equalsIgnoreCase("csv")) {
			throw new PlanException(at + "/format", "unsupported format '" + source.format() + "' (expected csv)");
		}
		if (source.path() == null || source.path().isBlank()) {
			throw new PlanException(at + "/path", "path is required");
		}
		if (source.schema() == null) {
			throw new IllegalStateException("source schema must be pinned before planning");
		}
		Schema schema;
		try {
			schema = Schema.parse(source.schema());
		}
		catch (IllegalArgumentException ex) {
			throw new PlanException(at + "/schema", "invalid schema: " + ex.getMessage());
		}
		return Scan.of(source.path(), source.options(), schema);
	}

	private LogicalPlan step(LogicalPlan child, StepSpec step, String at, String lineage) {
		String op = step.op();
		if (op == null) {
			throw new PlanException(at + "/op", "op is required (one of " + OPS + ")");
		}
		return switch (op) {
			case "filter" -> {
				Expr condition = parse(required(step.condition(), at + "/condition"), at + "/condition");
				DataType type = bind(condition, child.schema(), at + "/condition").type();
				if (type != DataType.BOOLEAN && type != DataType.NULL) {
					throw new PlanException(at + "/condition", "condition must be boolean, but is " + type.sqlName());
				}
				yield new Filter(child, condition);
			}
			case "select" -> {
				List<String> columns = requiredList(step.columns(), at + "/columns");
				List<NamedExpr> exprs = new ArrayList<>();
				for (int i = 0; i < columns.size(); i++) {
					String text = columns.get(i);
					String field = at + "/columns/" + i;
					if (text != null && text.trim().equals("*")) {
						child.schema().names().forEach(n -> exprs.add(columnRef(n)));
						continue;
					}
					NamedExpr e = parseNamed(required(text, field), field);
					bindScalar(e.expr(), child.schema(), field);
					exprs.add(e);
				}
				yield project(child, exprs, at + "/columns");
			}
			case "withColumn" -> {
				String name = required(step.name(), at + "/name");
				Expr expr = parse(required(step.expression(), at + "/expression"), at + "/expression");
				bindScalar(expr, child.schema(), at + "/expression");
				List<NamedExpr> exprs = new ArrayList<>();
				boolean replaced = false;
				for (String n : child.schema().names()) {
					if (n.equalsIgnoreCase(name)) {
						exprs.add(new NamedExpr(expr, name));
						replaced = true;
					}
					else {
						exprs.add(columnRef(n));
					}
				}
				if (!replaced) {
					exprs.add(new NamedExpr(expr, name));
				}
				yield project(child, exprs, at);
			}
			case "drop" -> {
				List<String> columns = requiredList(step.columns(), at + "/columns");
				Set<String> dropped = new HashSet<>();
				for (int i = 0; i < columns.size(); i++) {
					String name = required(columns.get(i), at + "/columns/" + i);
					if (child.schema().indexOf(name) < 0) {
						throw new PlanException(at + "/columns/" + i, "unknown column '" + name + "' (available: "
								+ String.join(", ", child.schema().names()) + ")", -1, name, null);
					}
					dropped.add(name.toLowerCase(Locale.ROOT));
				}
				List<NamedExpr> exprs = new ArrayList<>();
				for (String n : child.schema().names()) {
					if (!dropped.contains(n.toLowerCase(Locale.ROOT))) {
						exprs.add(columnRef(n));
					}
				}
				yield project(child, exprs, at);
			}
			case "groupBy" -> groupBy(child, step, at);
			case "join" -> join(child, step, at);
			case "orderBy" -> {
				List<String> columns = requiredList(step.columns(), at + "/columns");
				List<SortKey> keys = new ArrayList<>();
				for (int i = 0; i < columns.size(); i++) {
					String field = at + "/columns/" + i;
					String text = required(columns.get(i), field);
					SortKey key = wrap(() -> ExprParser.parseSortKey(text), field);
					bindScalar(key.expr(), child.schema(), field);
					keys.add(key);
				}
				yield new Sort(child, keys);
			}
			case "limit" -> {
				if (step.n() == null) {
					throw new PlanException(at + "/n", "n is required");
				}
				if (step.n() < 0) {
					throw new PlanException(at + "/n", "n must be 0 or more, got " + step.n());
				}
				yield new Limit(child, step.n());
			}
			case "distinct" -> new Distinct(child);
			case "cache" -> new Cache(child, sha256(lineage));
			default -> throw new PlanException(at + "/op", "unknown op '" + op + "' (expected one of " + OPS + ")");
		};
	}

	private static final String OPS = "filter, select, withColumn, drop, groupBy, join, orderBy, limit, distinct, cache";

	private static LogicalPlan project(LogicalPlan child, List<NamedExpr> exprs, String at) {
		Set<String> seen = new HashSet<>();
		for (NamedExpr e : exprs) {
			if (!seen.add(e.outputName().toLowerCase(Locale.ROOT))) {
				throw new PlanException(at, "duplicate output column '" + e.outputName() + "'");
			}
		}
		return Project.of(child, exprs);
	}

	private LogicalPlan groupBy(LogicalPlan child, StepSpec step, String at) {
		List<String> keyTexts = step.keys() == null ? List.of() : step.keys();
		List<String> aggTexts = step.aggregations() == null ? List.of() : step.aggregations();
		if (keyTexts.isEmpty() && aggTexts.isEmpty()) {
			throw new PlanException(at + "/aggregations", "groupBy needs keys or aggregations");
		}
		List<NamedExpr> keys = new ArrayList<>();
		List<Field> fields = new ArrayList<>();
		for (int i = 0; i < keyTexts.size(); i++) {
			String field = at + "/keys/" + i;
			NamedExpr key = parseNamed(required(keyTexts.get(i), field), field);
			fields.add(new Field(key.outputName(), bindScalar(key.expr(), child.schema(), field).type()));
			keys.add(key);
		}
		List<NamedExpr> aggregates = new ArrayList<>();
		for (int i = 0; i < aggTexts.size(); i++) {
			String field = at + "/aggregations/" + i;
			NamedExpr agg = parseNamed(required(aggTexts.get(i), field), field);
			if (!(agg.expr() instanceof AggregateCall call)) {
				throw new PlanException(field, "aggregation must be a call of an aggregate function ("
						+ String.join(", ", AggregateFunctions.names()) + "), such as count(*) or sum(x)");
			}
			DataType type = wrap(() -> BoundAggregate.bind(call, child.schema()), field).resultType();
			fields.add(new Field(agg.outputName(), type));
			aggregates.add(agg);
		}
		Set<String> seen = new HashSet<>();
		for (Field f : fields) {
			if (!seen.add(f.name().toLowerCase(Locale.ROOT))) {
				throw new PlanException(at, "duplicate output column '" + f.name() + "' (use AS to rename)");
			}
		}
		return new Aggregate(child, keys, aggregates, new Schema(fields));
	}

	private LogicalPlan join(LogicalPlan left, StepSpec step, String at) {
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
		LogicalPlan right = planPipeline(step.right().source(), step.right().pipeline(), at + "/right");
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

	private void checkAction(ActionSpec action) {
		if (action == null || action.type() == null) {
			throw new PlanException("/action/type", "action.type is required (" + ActionType.names() + ")");
		}
		switch (action.type()) {
			case COUNT -> {
			}
			case COLLECT -> {
				if (action.maxRows() != null && (action.maxRows() < 0 || action.maxRows() > this.maxCollectRows)) {
					throw new PlanException("/action/maxRows",
							"maxRows must be between 0 and " + this.maxCollectRows + ", got " + action.maxRows());
				}
			}
			case SHOW -> {
				if (action.n() != null && (action.n() < 0 || action.n() > this.maxCollectRows)) {
					throw new PlanException("/action/n",
							"n must be between 0 and " + this.maxCollectRows + ", got " + action.n());
				}
			}
			case WRITE -> {
				if (action.format() != null && !action.format().equalsIgnoreCase("csv")) {
					throw new PlanException("/action/format",
							"unsupported format '" + action.format() + "' (expected csv)");
				}
				if (action.path() == null || action.path().isBlank()) {
					throw new PlanException("/action/path", "path is required");
				}
				if (action.mode() != null && !action.mode().equals("error") && !action.mode().equals("overwrite")) {
					throw new PlanException("/action/mode",
							"mode must be 'error' or 'overwrite', got '" + action.mode() + "'");
				}
			}
		}
	}

	/** The row cap an action puts on its result, or -1 for none. */
	public int rowCap(ActionSpec action) {
		return switch (action.type()) {
			case COLLECT -> action.maxRows() != null ? action.maxRows() : this.maxCollectRows;
			case SHOW -> action.n() != null ? action.n() : 20;
			case COUNT, WRITE -> -1;
		};
	}

	private static NamedExpr columnRef(String name) {
		return new NamedExpr(new ColumnRef(name, 0), name);
	}

	private static String required(String value, String at) {
		if (value == null || value.isBlank()) {
			throw new PlanException(at, at.substring(at.lastIndexOf('/') + 1) + " is required");
		}
		return value;
	}

	private static List<String> requiredList(List<String> value, String at) {
		if (value == null || value.isEmpty()) {
			throw new PlanException(at, "columns must list at least one column");
		}
		return value;
	}

	private static Expr parse(String text, String at) {
		return wrap(() -> ExprParser.parse(text), at);
	}

	private static NamedExpr parseNamed(String text, String at) {
		return wrap(() -> ExprParser.parseNamed(text), at);
	}

	private static BoundExpr bind(Expr expr, Schema schema, String at) {
		return wrap(() -> Binder.bind(expr, schema), at);
	}

	/** Binds an expression that must not contain an aggregate. */
	private static BoundExpr bindScalar(Expr expr, Schema schema, String at) {
		if (Expressions.containsAggregate(expr)) {
			throw new PlanException(at, "aggregate functions are only allowed in groupBy aggregations", expr.position(),
					null, null);
		}
		return bind(expr, schema, at);
	}

	private static <T> T wrap(Supplier<T> work, String at) {
		try {
			return work.get();
		}
		catch (ExprException ex) {
			throw new PlanException(at, ex.getMessage(), ex.position(), ex.column(), ex);
		}
	}

	private static String sha256(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
