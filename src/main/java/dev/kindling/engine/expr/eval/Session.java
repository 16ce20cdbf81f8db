package dev.kindling.engine.expr.eval;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The settings of the session a job runs in, as Spark's {@code SQLConf}: the session time
 * zone ({@code spark.sql.session.timeZone}), ANSI mode ({@code spark.sql.ansi.enabled})
 * and the instant the job was accepted, which {@code current_timestamp()} and
 * {@code current_date()} return on every executor.
 *
 * <p>
 * As Spark reads {@code SQLConf.get}, the binder reads the session in scope
 * ({@link #current()}) once, when it binds, and the evaluators it makes keep what they
 * need: a job's planner runs inside {@link #with(Session, Supplier)} on the driver and on
 * every executor, so a stage's bound expressions carry the job's session wherever they
 * run. Outside any scope the session is {@link #DEFAULT}.
 *
 * @param timeZone the zone timestamps are wall-clock readings in, and that conversions to
 * and from instants (unix times, zone-aware patterns) use
 * @param ansi whether invalid input and overflow are errors (Spark 4's default) rather
 * than nulls
 * @param startMicros the job's start, in microseconds since the epoch (UTC)
 */
public record Session(ZoneId timeZone, boolean ansi, long startMicros) {

	/** UTC, ANSI mode, and the epoch as the start. */
	public static final Session DEFAULT = new Session(ZoneId.of("UTC"), true, 0L);

	private static final ThreadLocal<Session> CURRENT = new ThreadLocal<>();

	/** {@code +1:} in an offset, read as {@code +01:}. */
	private static final Pattern ONE_DIGIT_HOURS = Pattern.compile("(\\+|\\-)(\\d):");

	/** {@code +01:5} at the end of an offset, read as {@code +01:05}. */
	private static final Pattern ONE_DIGIT_MINUTES = Pattern.compile("(\\+|\\-)(\\d\\d):(\\d)$");

	public Session {
		Objects.requireNonNull(timeZone, "timeZone");
	}

	/**
	 * The session in scope on this thread, or {@link #DEFAULT} in the ANSI mode of
	 * {@link dev.kindling.engine.types.AnsiMode#current()}.
	 */
	public static Session current() {
		Session s = CURRENT.get();
		if (s != null) {
			return s;
		}
		boolean ansi = dev.kindling.engine.types.AnsiMode.current();
		return (ansi == DEFAULT.ansi) ? DEFAULT : new Session(DEFAULT.timeZone, ansi, DEFAULT.startMicros);
	}

	/** Runs {@code work} with {@code session} in scope on this thread. */
	public static <T> T with(Session session, Supplier<T> work) {
		Session previous = CURRENT.get();
		CURRENT.set(session);
		try {
			return work.get();
		}
		finally {
			if (previous == null) {
				CURRENT.remove();
			}
			else {
				CURRENT.set(previous);
			}
		}
	}

	/**
	 * A time zone as Spark reads {@code spark.sql.session.timeZone} and zone arguments: a
	 * region ({@code Europe/Oslo}), an offset ({@code +01:00}, {@code -7:00}),
	 * {@code UTC}, {@code GMT+1}, or a short id ({@code PST}).
	 * @throws DateTimeException when it names no zone
	 */
	public static ZoneId zone(String id) {
		String hours = ONE_DIGIT_HOURS.matcher(id.trim()).replaceFirst("$10$2:");
		String normalized = ONE_DIGIT_MINUTES.matcher(hours).replaceFirst("$1$2:0$3");
		return ZoneId.of(normalized, ZoneId.SHORT_IDS);
	}

	/** The job's start as an instant. */
	public Instant start() {
		return Instant.ofEpochSecond(Math.floorDiv(this.startMicros, 1_000_000L),
				Math.floorMod(this.startMicros, 1_000_000L) * 1_000L);
	}

	/** The job's start as a wall-clock reading in the session time zone. */
	public LocalDateTime startLocal() {
		return LocalDateTime.ofInstant(start(), this.timeZone);
	}

}
