/**
 * Logical plans: immutable records behind the sealed
 * {@link dev.kindling.engine.logical.LogicalPlan} interface, each knowing its output
 * schema and children and never executing. The
 * {@link dev.kindling.engine.logical.LogicalPlanner} builds one from a job spec, checking
 * every expression against the schema it will see.
 */
package dev.kindling.engine.logical;
