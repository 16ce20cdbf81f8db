package dev.kindling.engine.spec;

/**
 * The session settings a job runs with, as Spark's session configuration. A job may set
 * {@code timeZone} and {@code ansiEnabled}; the driver fills in the rest from its
 * configuration when it accepts the job, and always sets {@code currentTimestamp}, so
 * every executor evaluates the job alike.
 *
 * @param timeZone the session time zone ({@code spark.sql.session.timeZone}): a region
 * such as {@code Europe/Oslo}, an offset such as {@code +01:00}, or {@code UTC}; default
 * {@code kindling.sql.session-time-zone}
 * @param ansiEnabled whether invalid input and overflow are errors
 * ({@code spark.sql.ansi.enabled}); default {@code kindling.sql.ansi.enabled}
 * @param currentTimestamp the instant the job was accepted (ISO-8601, UTC), set by the
 * driver: what {@code current_timestamp()} returns
 */
public record SessionSpec(String timeZone, Boolean ansiEnabled, String currentTimestamp) {

	/** This session with the gaps filled: a zone, an ANSI flag and the start instant. */
	public SessionSpec pinned(String defaultTimeZone, boolean defaultAnsi, String now) {
		return new SessionSpec((this.timeZone != null) ? this.timeZone : defaultTimeZone,
				(this.ansiEnabled != null) ? this.ansiEnabled : defaultAnsi, now);
	}

}
