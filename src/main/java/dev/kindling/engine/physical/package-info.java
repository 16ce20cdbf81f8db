/**
 * Physical plans and the operators that execute them. A
 * {@link dev.kindling.engine.physical.PhysicalPlan} is an immutable description of one
 * stage's work on one partition; {@link dev.kindling.engine.physical.Operators#build}
 * turns it into a tree of pull-based {@link dev.kindling.engine.physical.Operator}s that
 * yield column batches.
 */
package dev.kindling.engine.physical;
