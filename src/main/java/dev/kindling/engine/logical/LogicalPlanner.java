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

import dev.kindling.engine.datasource.formats.Formats;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.spec.ActionSpec;
import dev.kindling.engine.spec.ActionType;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.engine.spec.SourceSpec;
import dev.kindling.engine.spec.StepSpec;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Schema;

import static dev.kindling.engine.logical.PlanChecks.required;
import static dev.kindling.engine.logical.PlanChecks.requiredList;
import static dev.kindling.engine.logical.PlanChecks.parse;
import static dev.kindling.engine.logical.PlanChecks.parseNamed;
import static dev.kindling.engine.logical.PlanChecks.bind;
import static dev.kindling.engine.logical.PlanChecks.bindScalar;
import static dev.kindling.engine.logical.PlanChecks.wrap;
import static dev.kindling.engine.logical.PlanChecks.columnRef;

/**
 * Turns a job spec whose sources have pinned schemas into a logical plan, checking every
 * step and expression on the way. Every error is a {@link PlanException} naming the field
 * at fault. The narrow steps and the action are checked here; a groupBy is planned by
 * {@link GroupByPlanner} and a join by {@link JoinPlanner}, all with the shared checks of
 * {@link PlanChecks}.
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
		for (int i = 0; i < pipeline.size(); i++) {
			StepSpec step = pipeline.get(i);
			String at = prefix + "/pipeline/" + i;
			if (step == null) {
				throw new PlanException(at, "step is empty");
			}
			int index = i;
			plan = step(plan, step, at, () -> lineage(source, pipeline, index));
		}
		return plan;
	}

	/**
	 * What a {@code cache} step at {@code index} caches: the source and the steps up to
	 * it, as written (with the schema pinned), so the same lineage finds the same cached
	 * partitions. Built only when a cache step asks for it: the records' text is long and
	 * a plan without one never needs it.
	 */
	private static String lineage(SourceSpec source, List<StepSpec> pipeline, int index) {
		StringBuilder lineage = new StringBuilder(source.toString());
		for (int i = 0; i <= index; i++) {
			lineage.append('|').append(pipeline.get(i));
		}
		return lineage.toString();
	}

	private static Scan scan(SourceSpec source, String at) {
		try {
			Formats.of(source.format());
		}
		catch (IllegalArgumentException ex) {
			throw new PlanException(at + "/format", ex.getMessage());
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

	private LogicalPlan step(LogicalPlan child, StepSpec step, String at, Supplier<String> lineage) {
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
				List<String> fields = new ArrayList<>();
				for (int i = 0; i < columns.size(); i++) {
					String text = columns.get(i);
					String field = at + "/columns/" + i;
					if (text != null && text.trim().equals("*")) {
						child.schema().names().forEach(n -> {
							exprs.add(columnRef(n));
							fields.add(field);
						});
						continue;
					}
					exprs.add(parseNamed(required(text, field), field));
					fields.add(field);
				}
				// functions over windows are computed below the projection, which reads
				// them
				WindowPlanner.Extracted extracted = WindowPlanner.extract(child, exprs, fields);
				for (int i = 0; i < extracted.exprs().size(); i++) {
					bindScalar(extracted.exprs().get(i).expr(), extracted.child().schema(), fields.get(i));
				}
				yield project(extracted.child(), extracted.exprs(), at + "/columns");
			}
			case "window" -> WindowPlanner.step(child, step, at);
			case "withColumn" -> {
				String name = required(step.name(), at + "/name");
				Expr written = parse(required(step.expression(), at + "/expression"), at + "/expression");
				WindowPlanner.Extracted extracted = WindowPlanner.extract(child, List.of(new NamedExpr(written, name)),
						List.of(at + "/expression"));
				Expr expr = extracted.exprs().get(0).expr();
				LogicalPlan windowed = extracted.child();
				bindScalar(expr, windowed.schema(), at + "/expression");
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
				yield project(windowed, exprs, at);
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
			case "groupBy" -> GroupByPlanner.plan(child, step, at);
			case "join" -> JoinPlanner.plan(this, child, step, at);
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
			case "withColumnRenamed" -> RowStepsPlanner.withColumnRenamed(child, step, at);
			case "distinct" -> new Distinct(child);
			case "dropDuplicates", "drop_duplicates" -> RowStepsPlanner.dropDuplicates(child, step, at);
			case "fillna", "na.fill" -> NaPlanner.fillna(child, step, at);
			case "dropna", "na.drop" -> NaPlanner.dropna(child, step, at);
			case "sample" -> RowStepsPlanner.sample(child, step, at);
			case "repartition" -> RowStepsPlanner.repartition(child, step, at);
			case "coalesce" -> RowStepsPlanner.coalesce(child, step, at);
			case "union", "unionByName" -> UnionPlanner.plan(this, child, step, at);
			case "cache" -> new Cache(child, sha256(lineage.get()));
			default -> throw new PlanException(at + "/op", "unknown op '" + op + "' (expected one of " + OPS + ")");
		};
	}

	private static final String OPS = "filter, select, withColumn, withColumnRenamed, drop, groupBy, join, orderBy, "
			+ "limit, distinct, dropDuplicates, fillna, dropna, sample, repartition, coalesce, window, union, unionByName, cache";

	private static LogicalPlan project(LogicalPlan child, List<NamedExpr> exprs, String at) {
		Set<String> seen = new HashSet<>();
		for (NamedExpr e : exprs) {
			if (!seen.add(e.outputName().toLowerCase(Locale.ROOT))) {
				throw new PlanException(at, "duplicate output column '" + e.outputName() + "'");
			}
		}
		return Project.of(child, exprs);
	}

	/** Checks the action's fields (every job form has one). */
	public void checkAction(ActionSpec action) {
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
				try {
					Formats.of(action.format());
				}
				catch (IllegalArgumentException ex) {
					throw new PlanException("/action/format", ex.getMessage());
				}
				if (action.path() == null || action.path().isBlank()) {
					throw new PlanException("/action/path", "path is required");
				}
				if (action.mode() != null && !WRITE_MODES.contains(action.mode())) {
					throw new PlanException("/action/mode",
							"mode must be one of " + String.join(", ", WRITE_MODES) + ", got '" + action.mode() + "'");
				}
			}
		}
	}

	/** A write's modes, as Spark names them ({@code errorifexists} is {@code error}). */
	public static final List<String> WRITE_MODES = List.of("error", "errorifexists", "overwrite", "append", "ignore");

	/**
	 * Checks a write's {@code partitionBy} against the rows it writes: names of columns,
	 * each once, not all of them (the files would hold no column), and of types a folder
	 * name can hold.
	 */
	public static void checkPartitionBy(ActionSpec action, Schema schema) {
		if (action == null || action.type() != ActionType.WRITE || action.partitionBy() == null) {
			return;
		}
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < action.partitionBy().size(); i++) {
			String name = action.partitionBy().get(i);
			String at = "/action/partitionBy/" + i;
			if (name == null || name.isBlank()) {
				throw new PlanException(at, "a partition column name is required");
			}
			int index = schema.indexOf(name);
			if (index < 0) {
				throw new PlanException(at,
						"partition column '" + name + "' is not a column of the output (" + schema.names() + ")");
			}
			if (!seen.add(schema.field(index).name().toLowerCase(Locale.ROOT))) {
				throw new PlanException(at, "partition column '" + name + "' is named twice");
			}
		}
		if (!seen.isEmpty() && seen.size() == schema.size()) {
			throw new PlanException("/action/partitionBy",
					"every column is a partition column; the files would hold no column");
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
