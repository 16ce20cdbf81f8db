package dev.kindling.scheduler.core;

import java.time.Duration;

/**
 * The settings scheduling policy follows.
 *
 * @param maxAttempts attempts per task before its job fails
 * @param maxRunningJobs jobs that run at once; later ones wait
 * @param maxResultBytes the largest result a job may return, as JSON
 * @param maxCollectRows the collect row cap, shipped with each task
 * @param lostAttemptGrace how long a running attempt may be missing from its executor's
 * heartbeats before it is declared lost
 * @param speculation speculative copies of stragglers
 */
public record SchedulerSettings(int maxAttempts, int maxRunningJobs, long maxResultBytes, int maxCollectRows,
		Duration lostAttemptGrace, Speculation speculation) {

	/**
	 * @param enabled whether stragglers get a copy
	 * @param multiplier how many times slower than the stage's median a straggler is
	 * @param quantile the share of a stage that must be done first
	 * @param minRuntime attempts shorter than this are never speculated
	 */
	public record Speculation(boolean enabled, double multiplier, double quantile, Duration minRuntime) {

		public static final Speculation OFF = new Speculation(false, 1.5, 0.75, Duration.ofMillis(100));

	}

}
