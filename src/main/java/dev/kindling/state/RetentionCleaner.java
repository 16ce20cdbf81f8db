package dev.kindling.state;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.kindling.platform.DriverRole;
import dev.kindling.platform.KindlingProperties;

/**
 * The retention policy's background cleaner ({@code kindling.retention.*}): every
 * {@code interval} it finds finished jobs older than {@code max-age}, or beyond the
 * newest {@code max-jobs} finished ones, and has the {@link StateWriter} delete them in
 * batches of {@code batch-size} (one transaction each, waiting for each before the next,
 * so the writer's queue stays short), leaving a tombstone whose id answers 410. Then it
 * drops tombstones past {@code tombstone-age} or beyond {@code max-tombstones}. It reads
 * with plain SQL and writes only through the state writer, the single write path; it
 * never selects a job that has not finished ({@code SUCCEEDED}, {@code FAILED},
 * {@code CANCELLED}), and a finished job never changes again. It does nothing while the
 * database is unreachable.
 */
@Component
@DriverRole
public class RetentionCleaner implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RetentionCleaner.class);

	private static final String FINISHED = "status in ('SUCCEEDED', 'FAILED', 'CANCELLED') and finished_at is not null";

	private final JdbcTemplate jdbc;

	private final StateWriter writer;

	private final DatabaseHealth health;

	private final KindlingProperties.Retention retention;

	private final Clock clock;

	private ScheduledExecutorService timer;

	public RetentionCleaner(JdbcTemplate jdbc, StateWriter writer, DatabaseHealth health, KindlingProperties properties,
			Clock clock) {
		this.jdbc = jdbc;
		this.writer = writer;
		this.health = health;
		this.retention = properties.retention();
		this.clock = clock;
	}

	/**
	 * Deletes every job past the policy now, batch by batch.
	 * @return how many jobs were deleted
	 */
	public synchronized int runOnce() {
		if (!this.health.isReachable()) {
			return 0;
		}
		int deleted = 0;
		Instant now = this.clock.instant();
		Instant cutoff = now.minus(this.retention.maxAge());
		// Bounded, so one run ends even if the database kept what it was told to delete.
		for (int round = 0; round < 1000; round++) {
			List<String> batch = expired(cutoff);
			if (batch.isEmpty() || !await(this.writer.jobsExpired(batch, now))) {
				break;
			}
			deleted += batch.size();
		}
		forgetTombstones(now);
		if (deleted > 0) {
			log.info("Retention deleted {} finished jobs (max-age {}, max-jobs {})", deleted, this.retention.maxAge(),
					this.retention.maxJobs());
		}
		return deleted;
	}

	/** Up to a batch of finished jobs past the age or beyond the count. */
	private List<String> expired(Instant cutoff) {
		int size = this.retention.batchSize();
		Set<String> ids = new LinkedHashSet<>(this.jdbc.queryForList(
				"select id from jobs where " + FINISHED + " and finished_at < ? order by finished_at, id fetch first "
						+ size + " rows only",
				String.class, Timestamp.valueOf(LocalDateTime.ofInstant(cutoff, ZoneOffset.UTC))));
		int max = this.retention.maxJobs();
		if (ids.size() < size && max > 0) {
			ids.addAll(this.jdbc
				.queryForList("select id from jobs where " + FINISHED + " order by finished_at desc, id desc offset "
						+ max + " rows fetch first " + (size - ids.size()) + " rows only", String.class));
		}
		return new ArrayList<>(ids);
	}

	private void forgetTombstones(Instant now) {
		Instant before = now.minus(this.retention.tombstoneAge());
		List<Timestamp> beyond = this.jdbc
			.queryForList("select expired_at from expired_jobs order by expired_at desc offset "
					+ this.retention.maxTombstones() + " rows fetch first 1 rows only", Timestamp.class);
		if (!beyond.isEmpty()) {
			Instant newestBeyond = beyond.get(0).toLocalDateTime().toInstant(ZoneOffset.UTC).plusNanos(1000);
			if (newestBeyond.isAfter(before)) {
				before = newestBeyond;
			}
		}
		this.writer.tombstonesForgotten(before);
	}

	private static boolean await(java.util.concurrent.CompletableFuture<Void> done) {
		try {
			done.get(60, TimeUnit.SECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException ex) {
			log.warn("Retention could not delete a batch of expired jobs; it tries again later: {}", ex.toString());
			return false;
		}
	}

	@Override
	public void start() {
		this.timer = Executors.newSingleThreadScheduledExecutor((r) -> {
			Thread t = new Thread(r, "kindling-retention");
			t.setDaemon(true);
			return t;
		});
		long every = Math.max(10, this.retention.interval().toMillis());
		this.timer.scheduleWithFixedDelay(() -> {
			try {
				runOnce();
			}
			catch (RuntimeException ex) {
				log.warn("Retention failed; it tries again in {}: {}", this.retention.interval(), ex.toString());
			}
		}, every, every, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		if (this.timer != null) {
			this.timer.shutdownNow();
			this.timer = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.timer != null;
	}

}
