/**
 * The executor role: registers with the driver, heartbeats from its own thread,
 * long-polls for tasks and runs them on its slots, keeps shuffle blocks and serves them
 * to other executors, and reports every attempt's end. Talks to the driver only through
 * {@link dev.kindling.protocol}.
 */
package dev.kindling.executor;
