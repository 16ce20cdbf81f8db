package dev.kindling.engine.logical;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.kindling.engine.expr.AggregateCall;
import dev.kindling.engine.expr.Binary;
import dev.kindling.engine.expr.ColumnRef;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.FunctionCall;
import dev.kindling.engine.expr.Literal;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.spec.StepSpec;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

import static dev.kindling.engine.logical.PlanChecks.bindScalar;
import static dev.kindling.engine.logical.PlanChecks.columnRef;
import static dev.kindling.engine.logical.PlanChecks.parse;
import static dev.kindling.engine.logical.PlanChecks.required;

/**
 * Plans the DataFrame steps Spark users reach for that are made of the other nodes:
 * {@code withColumnRenamed} (a projection), {@code dropDuplicates} (an aggregation that
 * keeps the first row of each key), {@code sample} (a filter on Spark's per-partition
 * random draw), {@code repartition} and {@code coalesce}. Every error names the field.
 */
final class RowStepsPlanner {

	private RowStepsPlanner() {
	}

	/**
	 * {@code withColumnRenamed(existing, name)}: the column renamed, every other kept.
	 * Spark ignores an unknown column; Kindling refuses it, so a typo does not pass
	 * silently.
	 */
	static LogicalPlan withColumnRenamed(LogicalPlan child, StepSpec step, String at) {
		String existing = required(step.existing(), at + "/existing");
		String name = required(step.name(), at + "/name");
		Schema schema = child.schema();
		if (schema.indexOf(existing) < 0) {
			throw unknownColumn(at + "/existing", existing, schema);
		}
		List<NamedExpr> exprs = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (String n : schema.names()) {
			String out = n.equalsIgnoreCase(existing) ? name : n;
			if (!seen.add(out.toLowerCase(Locale.ROOT))) {
				throw new PlanException(at + "/name",
						"renaming '" + existing + "' to '" + name + "' would make two columns named '" + out + "'");
			}
			exprs.add(new NamedExpr(new ColumnRef(n, 0), out));
		}
		return Project.of(child, exprs);
	}

	/**
	 * {@code dropDuplicates([columns])}: one row per distinct value of the columns (every
	 * column by default), the first the aggregation sees of each, as Spark keeps it.
	 */
	static LogicalPlan dropDuplicates(LogicalPlan child, StepSpec step, String at) {
		Schema schema = child.schema();
		if (step.columns() == null || step.columns().isEmpty()) {
			return new Distinct(child);
		}
		Set<String> keyNames = new HashSet<>();
		List<NamedExpr> keys = new ArrayList<>();
		for (int i = 0; i < step.columns().size(); i++) {
			String name = required(step.columns().get(i), at + "/columns/" + i);
			int index = schema.indexOf(name);
			if (index < 0) {
				throw unknownColumn(at + "/columns/" + i, name, schema);
			}
			String actual = schema.field(index).name();
			if (keyNames.add(actual.toLowerCase(Locale.ROOT))) {
				keys.add(columnRef(actual));
			}
		}
		List<NamedExpr> firsts = new ArrayList<>();
		List<Field> fields = new ArrayList<>();
		keys.forEach((k) -> fields.add(schema.field(schema.indexOf(k.outputName()))));
		for (Field f : schema.fields()) {
			if (!keyNames.contains(f.name().toLowerCase(Locale.ROOT))) {
				firsts.add(new NamedExpr(AggregateCall.of("first", new ColumnRef(f.name(), 0), false, 0), f.name()));
				fields.add(f);
			}
		}
		Aggregate aggregate = new Aggregate(child, keys, firsts, new Schema(fields));
		List<NamedExpr> order = new ArrayList<>();
		for (String n : schema.names()) {
			order.add(columnRef(n));
		}
		return Project.of(aggregate, order);
	}

	/**
	 * {@code sample(fraction, seed)} without replacement: each row is kept when its draw
	 * from Spark's generator, seeded with {@code seed} plus the partition, is below the
	 * fraction (Spark's Bernoulli sampler); the same seed and partitioning give the same
	 * rows.
	 */
	static LogicalPlan sample(LogicalPlan child, StepSpec step, String at) {
		if (Boolean.TRUE.equals(step.withReplacement())) {
			throw new PlanException(at + "/withReplacement", "sampling with replacement is not supported yet");
		}
		if (step.fraction() == null) {
			throw new PlanException(at + "/fraction", "fraction is required");
		}
		double fraction = step.fraction();
		if (!(fraction >= 0.0 && fraction <= 1.0)) {
			throw new PlanException(at + "/fraction", "fraction must be between 0.0 and 1.0, got " + fraction);
		}
		Expr draw = new FunctionCall("rand",
				(step.seed() != null) ? List.of(new Literal(step.seed(), DataType.BIGINT, -1)) : List.of(), -1);
		return new Filter(child, new Binary(Binary.Op.LT, draw, new Literal(fraction, DataType.DOUBLE, -1), -1));
	}

	/**
	 * {@code repartition(n[, columns])}: a shuffle into n partitions (or
	 * {@code kindling.shuffle.partitions} without n) by a hash of the columns, or
	 * round-robin without columns.
	 */
	static LogicalPlan repartition(LogicalPlan child, StepSpec step, String at) {
		List<String> columns = (step.columns() == null) ? List.of() : step.columns();
		if (step.n() == null && columns.isEmpty()) {
			throw new PlanException(at + "/n", "repartition needs n, columns, or both");
		}
		int n = partitions(step, at, false);
		List<Expr> keys = new ArrayList<>();
		for (int i = 0; i < columns.size(); i++) {
			String field = at + "/columns/" + i;
			Expr key = parse(required(columns.get(i), field), field);
			bindScalar(key, child.schema(), field);
			keys.add(key);
		}
		return new Repartition(child, n, keys, keys.isEmpty() ? Repartition.Mode.ROUND_ROBIN : Repartition.Mode.HASH);
	}

	/** {@code coalesce(n)}: at most n partitions, neighbours merged. */
	static LogicalPlan coalesce(LogicalPlan child, StepSpec step, String at) {
		return new Repartition(child, partitions(step, at, true), List.of(), Repartition.Mode.COALESCE);
	}

	private static int partitions(StepSpec step, String at, boolean required) {
		if (step.n() == null) {
			if (required) {
				throw new PlanException(at + "/n", "n is required");
			}
			return 0;
		}
		if (step.n() < 1) {
			throw new PlanException(at + "/n", "n must be 1 or more, got " + step.n());
		}
		return step.n();
	}

	static PlanException unknownColumn(String at, String name, Schema schema) {
		return new PlanException(at,
				"unknown column '" + name + "' (available: " + String.join(", ", schema.names()) + ")", -1, name, null);
	}

}
