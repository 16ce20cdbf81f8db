/**
 * Rewrite rules on logical plans: outer joins made inner where a filter drops their null
 * rows, filter pushdown (through renames, joins, unions) into the scan, ordering of inner
 * joins from file sizes ({@link dev.kindling.engine.optimizer.JoinReorder}), and column
 * pruning through every operator into the scan. Each rule is a pure, deterministic
 * function from plan to plan; {@link dev.kindling.engine.optimizer.Optimizer} runs them
 * in order and records which ones changed the plan, for {@code GET /jobs/{id}/plan}.
 */
package dev.kindling.engine.optimizer;
