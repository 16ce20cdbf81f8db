/**
 * Scheduling policy as plain Java, along the lines Spark draws, driven by the Spring
 * beans of {@code dev.kindling.scheduler} and by tests with a fake clock and scripted
 * executors: {@link dev.kindling.scheduler.core.SchedulerCore} (the one lock and the
 * entry points), {@link dev.kindling.scheduler.core.DagScheduler} (jobs, stages, lineage,
 * a job's end), {@link dev.kindling.scheduler.core.TaskSetManager} (one stage attempt's
 * tasks: retries, avoided executors, locality, speculation),
 * {@link dev.kindling.scheduler.core.Dispatcher} (the runnable task sets, parked polls,
 * refill on a report) with a pluggable
 * {@link dev.kindling.scheduler.core.SchedulingPolicy}, {@code ExecutorLoss},
 * {@code Speculator} and {@code Admission}. The outside world is reached through ports
 * ({@link dev.kindling.scheduler.core.StateStore},
 * {@link dev.kindling.scheduler.core.Cluster},
 * {@link dev.kindling.scheduler.core.SchedulerListener}), never by blocking I/O under the
 * lock.
 */
package dev.kindling.scheduler.core;
