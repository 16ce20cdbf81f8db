package dev.kindling.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * An end-to-end test of the slow suite: faults and recovery beyond the executor and
 * driver killed mid-job that {@code FaultToleranceIT} proves in {@code ./mvnw verify}
 * (writes interrupted, a database outage, graceful shutdown, decommission, a driver on a
 * plain H2 file killed after a 202), TLS, object storage, memory bounds and the TPC-H and
 * window queries across processes. Each takes half a minute to two minutes, most of it
 * JVMs starting and faults running their course, so together they would take
 * {@code ./mvnw verify} past its 15 minutes on two slow cores. They run with
 * {@code ./mvnw verify -Pslow-e2e}, which skips the unit tests and the other end-to-end
 * tests, and {@code .ci/run} runs that after {@code ./mvnw verify}: every CI run runs
 * both.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("slow")
@interface SlowEndToEnd {

}
