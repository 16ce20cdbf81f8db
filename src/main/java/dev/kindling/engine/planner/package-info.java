/**
 * From an optimized logical plan to stages: the
 * {@link dev.kindling.engine.planner.StagePlanner} turns logical nodes into physical ones
 * and cuts a stage wherever an operator needs rows that other partitions hold (groupBy,
 * join, orderBy, distinct, a global limit), putting a partial aggregation before every
 * such shuffle.
 */
package dev.kindling.engine.planner;
