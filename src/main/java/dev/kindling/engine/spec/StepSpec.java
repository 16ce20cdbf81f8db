package dev.kindling.engine.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One pipeline step. Which fields apply depends on {@code op}; see DESIGN §4.
 *
 * @param op filter, select, withColumn, drop, groupBy, join, orderBy, limit, distinct,
 * cache
 * @param condition filter condition, or a join condition
 * @param columns select expressions, drop names, or orderBy sort keys
 * @param name withColumn's new column
 * @param expression withColumn's expression
 * @param keys groupBy keys
 * @param aggregations groupBy aggregations
 * @param right the right side of a join
 * @param on join column names
 * @param type join type
 * @param n limit's row count
 */
public record StepSpec(String op, String condition, List<String> columns, String name, String expression,
		List<String> keys, List<String> aggregations, RightSpec right, List<String> on, String type, Integer n) {

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
	 * The right side of a join: its own source and pipeline.
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
