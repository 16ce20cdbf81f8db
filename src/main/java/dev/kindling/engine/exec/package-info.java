/**
 * Running one task: the {@link dev.kindling.engine.exec.TaskRunner} pulls a stage's
 * operator tree for one partition and sends the rows to the stage's output (a shuffle, or
 * a partial result for the driver: a count, rows, or written files).
 */
package dev.kindling.engine.exec;
