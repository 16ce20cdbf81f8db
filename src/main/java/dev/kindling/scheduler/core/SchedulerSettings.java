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
 * @param adaptive how reduce stages adapt to the sizes their map stages reported
 */
public record SchedulerSettings(int maxAttempts, int maxRunningJobs, long maxResultBytes, int maxCollectRows,
		Duration lostAttemptGrace, Speculation speculation, AdaptiveRules.Settings adaptive) {

	/** Settings without adaptive execution. */
	public SchedulerSettings(int maxAttempts, int maxRunningJobs, long maxResultBytes, int maxCollectRows,
			Duration lostAttemptGrace, Speculation speculation) {
		this(maxAttempts, maxRunningJobs, maxResultBytes, maxCollectRows, lostAttemptGrace, speculation,
				AdaptiveRules.Settings.OFF);
	}

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
