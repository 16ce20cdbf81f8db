package dev.kindling.engine.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One pipeline step. Which fields apply depends on {@code op}; see DESIGN §4.
 *
 * @param op filter, select, withColumn, withColumnRenamed, drop, groupBy, join, orderBy,
 * limit, distinct, dropDuplicates, fillna, dropna, sample, repartition, coalesce, window,
 * union, unionByName, cache
 * @param condition filter condition, or a join condition
 * @param columns select expressions, drop names, orderBy sort keys, dropDuplicates and
 * repartition columns, or a window step's window expressions
 * @param name withColumn's new column, or withColumnRenamed's new name
 * @param expression withColumn's expression
 * @param keys groupBy keys
 * @param aggregations groupBy aggregations
 * @param right the right side of a join, or the other side of a union
 * @param on join column names
 * @param type join type
 * @param n limit's row count, or the partitions of repartition and coalesce
 * @param existing withColumnRenamed's column to rename
 * @param subset the columns fillna and dropna look at (default: all)
 * @param value fillna's value for every column of its type
 * @param values fillna's value per column
 * @param how dropna's rule: {@code any} (default) or {@code all}
 * @param thresh dropna's minimum number of non-null values a row keeps
 * @param fraction sample's expected fraction of rows, 0 to 1
 * @param seed sample's random seed
 * @param withReplacement sample with replacement (not supported)
 * @param partitionBy a window step's partition keys
 * @param orderBy a window step's sort keys ({@code x DESC NULLS LAST})
 * @param frame a window step's frame ({@code ROWS BETWEEN 2 PRECEDING AND CURRENT ROW})
 * @param allowMissingColumns unionByName: fill the columns one side lacks with nulls
 */
public record StepSpec(String op, String condition, List<String> columns, String name, String expression,
		List<String> keys, List<String> aggregations, RightSpec right, List<String> on, String type, Integer n,
		String existing, List<String> subset, Object value, Map<String, Object> values, String how, Integer thresh,
		Double fraction, Long seed, Boolean withReplacement, List<String> partitionBy, List<String> orderBy,
		String frame, Boolean allowMissingColumns) {

	/** A step of the fields the first steps had (the others unset). */
	public StepSpec(String op, String condition, List<String> columns, String name, String expression,
			List<String> keys, List<String> aggregations, RightSpec right, List<String> on, String type, Integer n) {
		this(op, condition, columns, name, expression, keys, aggregations, right, on, type, n, null, null, null, null,
				null, null, null, null, null, null, null, null, null);
	}

	/** This step with another right side (the driver pins its source). */
	public StepSpec withRight(RightSpec newRight) {
		return new StepSpec(this.op, this.condition, this.columns, this.name, this.expression, this.keys,
				this.aggregations, newRight, this.on, this.type, this.n, this.existing, this.subset, this.value,
				this.values, this.how, this.thresh, this.fraction, this.seed, this.withReplacement, this.partitionBy,
				this.orderBy, this.frame, this.allowMissingColumns);
	}

	public static StepSpec filter(String condition) {
		return new StepSpec("filter", condition, null, null, null, null, null, null, null, null, null);
	}

	public static StepSpec select(String... columns) {
		return new StepSpec("select", null, List.of(columns), null, null, null, null, null, null, null, null);
	}

	public static StepSpec withColumn(String name, String expression) {
		return new StepSpec("withColumn", null, null, name, expression, null, null, null, null, null, null);
	}

	public static StepSpec groupBy(List<String> keys, List<String> aggregations) {
		return new StepSpec("groupBy", null, null, null, null, keys, aggregations, null, null, null, null);
	}

	public static StepSpec orderBy(String... columns) {
		return new StepSpec("orderBy", null, List.of(columns), null, null, null, null, null, null, null, null);
	}

	public static StepSpec limit(int n) {
		return new StepSpec("limit", null, null, null, null, null, null, null, null, null, n);
	}

	public static StepSpec of(String op) {
		return new StepSpec(op, null, null, null, null, null, null, null, null, null, null);
	}

	/**
	 * The right side of a join, or the other side of a union: its own source and
	 * pipeline.
	 *
	 * @param source the right source
	 * @param pipeline steps applied to the right side before the join
	 */
	public record RightSpec(SourceSpec source, List<StepSpec> pipeline) {

		public RightSpec {
			pipeline = pipeline == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(pipeline));
		}

	}

}
