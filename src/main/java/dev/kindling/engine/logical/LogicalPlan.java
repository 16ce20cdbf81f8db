package dev.kindling.engine.logical;

import java.util.List;

import dev.kindling.engine.types.Schema;

/** A node of a logical plan: a relation with a schema, built from its children. */
public sealed interface LogicalPlan
		permits Scan, Filter, Project, Aggregate, Join, Sort, Limit, Distinct, Cache, Repartition, Window, Union {

	Schema schema();

	List<LogicalPlan> children();

	/** One line describing this node alone, for plan printing. */
	String describe();

	/** This node with new children (same count and order as {@link #children()}). */
	LogicalPlan withChildren(List<LogicalPlan> children);

}
