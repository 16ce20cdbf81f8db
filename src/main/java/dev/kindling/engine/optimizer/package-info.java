/**
 * Rewrite rules on logical plans: filter pushdown into the scan, column pruning into the
 * scan. Each rule is a pure function from plan to plan;
 * {@link dev.kindling.engine.optimizer.Optimizer} runs them in order and records which
 * ones changed the plan, for {@code GET /jobs/{id}/plan}.
 */
package dev.kindling.engine.optimizer;
