/**
 * Physical plans and the operators that execute them. A
 * {@link dev.kindling.engine.physical.PhysicalPlan} is an immutable description of one
 * stage's work on one partition, its expressions already bound (each node's {@code of}
 * factory binds them when the stage planner makes it, and keeps the parsed form only for
 * printing); {@link dev.kindling.engine.physical.Operators#build} turns it into a tree of
 * pull-based {@link dev.kindling.engine.physical.Operator}s that yield column batches and
 * take the bound expressions as given.
 */
package dev.kindling.engine.physical;
