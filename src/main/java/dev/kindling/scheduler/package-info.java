/**
 * The driver's scheduler as Spring beans: a submission planned ({@code JobPlanning}),
 * stored and started; executors' polls and reports passed to the plain-Java scheduling
 * core ({@code dev.kindling.scheduler.core}), which these beans wire to the clock, the
 * state writer, the executor registry and the metrics; the timers and executor events
 * that move it; and the recovery of accepted jobs after a driver restart.
 */
package dev.kindling.scheduler;
