package dev.kindling.engine.spec;

/**
 * How a job's expressions behave, as Spark's session settings do. The driver pins every
 * setting a job leaves out to its own configuration when it accepts the job, so the
 * executors, and the driver again after a restart, plan the job with the same settings.
 *
 * @param ansi ANSI mode (Spark's {@code spark.sql.ansi.enabled}): division by zero,
 * overflow and an invalid cast fail the job instead of giving null; {@code null} for the
 * driver's {@code kindling.sql.ansi.enabled}
 */
public record JobConf(Boolean ansi) {

	/** These settings, with those left out taken from the defaults given. */
	public JobConf withDefaults(boolean defaultAnsi) {
		return new JobConf((this.ansi != null) ? this.ansi : defaultAnsi);
	}

}
