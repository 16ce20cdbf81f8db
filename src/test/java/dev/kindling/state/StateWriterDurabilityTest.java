package dev.kindling.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The state writer on a real H2 database with the real schema: nothing it was given is
 * dropped while the database is away, a write the database refuses fails loudly without
 * holding back the others, and a job's acceptance can be taken back until it is stored.
 */
class StateWriterDurabilityTest {

	private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

	private final SwitchableDataSource db = SwitchableDataSource.migrated("writer-" + UUID.randomUUID());

	private final JdbcTemplate jdbc = new JdbcTemplate(this.db);

	private final DatabaseHealth health = new DatabaseHealth(this.db, Clock.systemUTC(), Duration.ofMinutes(1),
			Duration.ofSeconds(2));

	private final StateWriter writer = new StateWriter(this.jdbc,
			new TransactionTemplate(new DataSourceTransactionManager(this.db)), this.health);

	@AfterEach
	void stop() {
		this.db.mode(SwitchableDataSource.Mode.UP);
		this.writer.stop();
	}

	private static StateWriter.NewJob job(String id, String key) {
		return new StateWriter.NewJob(id, "job", "{}", "{}", "[]", 2, -1, "[]", key, T0,
				List.of(new StateWriter.NewStage(0, "RESULT", 1, "", "scan")));
	}

	private static void await(BooleanSupplier condition, String what) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("timed out waiting for " + what);
			}
			Thread.onSpinWait();
		}
	}

	private int rows(String table) {
		return this.jdbc.queryForObject("select count(*) from " + table, Integer.class);
	}

	@Test
	void keepsEveryWriteWhileTheDatabaseIsUnreachableAndStoresThemInOrderWhenItIsBack() throws Exception {
		this.writer.start();
		this.db.mode(SwitchableDataSource.Mode.UNREACHABLE);
		CompletableFuture<Void> accepted = this.writer.jobAccepted(job("j", null)).stored();
		for (int i = 0; i < 50; i++) {
			this.writer.attemptQueued("j:0.0:" + i + ".1", "j", 0, 0, i, 1, T0);
		}
		CompletableFuture<Void> end = this.writer.jobEnded("j", JobStatus.SUCCEEDED, T0, "{\"count\":1}", null);
		await(() -> !this.health.isReachable(), "the writer to report the database unreachable");
		assertThat(accepted).isNotDone();
		assertThat(end).isNotDone();

		this.db.mode(SwitchableDataSource.Mode.UP);

		end.get(10, TimeUnit.SECONDS);
		assertThat(accepted).isCompleted();
		assertThat(rows("task_attempts")).isEqualTo(50);
		assertThat(this.jdbc.queryForObject("select status from jobs where id = 'j'", String.class))
			.isEqualTo("SUCCEEDED");
		assertThat(this.health.isReachable()).isTrue();
		assertThat(this.writer.flush()).succeedsWithin(Duration.ofSeconds(10));
	}

	@Test
	void aWriteTheDatabaseRefusesFailsLoudlyAndTheOthersAreStored() {
		this.writer.jobAccepted(job("first", "same-key"));
		StateWriter.Acceptance duplicate = this.writer.jobAccepted(job("second", "same-key"));
		this.writer.jobAccepted(job("third", null));
		CompletableFuture<Void> flush = this.writer.flush();

		assertThat(duplicate.stored()).isCompletedExceptionally();
		assertThatThrownBy(flush::join).isInstanceOf(CompletionException.class)
			.hasMessageContaining("refused a write queued before this flush");
		assertThat(this.jdbc.queryForList("select id from jobs order by id", String.class)).containsExactly("first",
				"third");
		assertThat(this.writer.flush()).as("the next flush has nothing refused before it").isCompleted();
	}

	@Test
	void aJobsAcceptanceTakenBackBeforeItIsStoredIsNeverStored() {
		this.writer.start();
		this.db.mode(SwitchableDataSource.Mode.UNREACHABLE);
		StateWriter.Acceptance accepted = this.writer.jobAccepted(job("withdrawn", null));
		this.writer.jobAccepted(job("kept", null));
		await(() -> !this.health.isReachable(), "the database to be seen unreachable");

		assertThat(accepted.withdraw()).isTrue();
		this.db.mode(SwitchableDataSource.Mode.UP);

		assertThat(this.writer.flush()).succeedsWithin(Duration.ofSeconds(10));
		assertThat(this.jdbc.queryForList("select id from jobs", String.class)).containsExactly("kept");
		assertThat(rows("stages")).isEqualTo(1);
		assertThatThrownBy(() -> accepted.stored().join()).isInstanceOf(CancellationException.class);
		assertThat(accepted.withdraw()).as("only once").isFalse();
	}

	@Test
	void aStoredAcceptanceCannotBeTakenBack() {
		StateWriter.Acceptance accepted = this.writer.jobAccepted(job("stored", null));
		this.writer.flush().join();

		assertThat(accepted.stored()).isCompleted();
		assertThat(accepted.withdraw()).isFalse();
	}

}
