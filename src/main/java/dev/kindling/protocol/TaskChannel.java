package dev.kindling.protocol;

/**
 * The driver's two task calls, {@code POST} {@link Paths#POLL} and {@link Paths#REPORT},
 * as a Java interface: what a local-mode executor uses in the driver's own JVM, the same
 * records without a round trip through HTTP and JSON (as Spark's local mode hands tasks
 * over in process). Registration, heartbeats and shuffle blocks still go over HTTP.
 */
public interface TaskChannel {

	/**
	 * Tasks for up to {@code request.freeSlots()} slots, waiting up to
	 * {@code request.waitMs()} when none is runnable.
	 * @throws InterruptedException when the calling thread is interrupted while it waits
	 */
	PollResponse poll(String executorId, PollRequest request) throws InterruptedException;

	/**
	 * An attempt's end; the answer carries up to {@code freeSlots} tasks to start now.
	 */
	PollResponse report(TaskReport report, int freeSlots);

}
