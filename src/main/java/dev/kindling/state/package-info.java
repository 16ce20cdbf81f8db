/**
 * The driver's stored state: the job, stage and task attempt state machines, the entities
 * and read-only repositories of the five tables, the {@link StateWriter} that is their
 * one write path (ordered, batched, retried, never dropped), and the database's health
 * (readiness and liveness) that the writer and a probe feed.
 */
package dev.kindling.state;
