/**
 * The driver's scheduler: a job's stages become task attempts in a queue, handed to
 * executors by long-poll or in the answer to a report the moment they are runnable;
 * status reports move the state machines on, retry failed attempts, recover lost
 * executors' work from lineage, and combine the result. Task state reaches the database
 * through a batching writer so the database never limits task throughput.
 */
package dev.kindling.scheduler;
