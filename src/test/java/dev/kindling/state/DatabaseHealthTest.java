package dev.kindling.state;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness follows the database from the first failure; liveness only when the driver
 * cannot recover by itself: the database closed under it, or away for longer than the
 * grace.
 */
class DatabaseHealthTest {

	private final MovingClock clock = new MovingClock();

	private final SwitchableDataSource db = SwitchableDataSource.migrated("health-" + UUID.randomUUID());

	private final DatabaseHealth health = new DatabaseHealth(this.db, this.clock, Duration.ofSeconds(60),
			Duration.ofSeconds(2));

	@Test
	void aTenSecondOutageTakesReadinessDownButNotLiveness() {
		List<Boolean> changes = new ArrayList<>();
		this.health.onChange(changes::add);
		assertThat(this.health.probe()).isTrue();
		assertThat(this.health.isReachable()).isTrue();

		this.db.mode(SwitchableDataSource.Mode.UNREACHABLE);
		assertThat(this.health.probe()).isFalse();
		assertThat(this.health.isReachable()).isFalse();
		this.clock.advance(Duration.ofSeconds(10));
		this.health.probe();
		assertThat(this.health.isAlive()).isTrue();

		this.db.mode(SwitchableDataSource.Mode.UP);
		assertThat(this.health.probe()).isTrue();
		assertThat(this.health.isReachable()).isTrue();
		assertThat(changes).containsExactly(false, true);
	}

	@Test
	void anOutageLongerThanTheGraceTakesLivenessDown() {
		this.db.mode(SwitchableDataSource.Mode.UNREACHABLE);
		this.health.probe();
		this.clock.advance(Duration.ofSeconds(59));
		this.health.probe();
		assertThat(this.health.isAlive()).isTrue();

		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.health.isAlive()).isFalse();

		this.db.mode(SwitchableDataSource.Mode.UP);
		this.health.probe();
		assertThat(this.health.isAlive()).as("back within the orchestrator's patience").isTrue();
	}

	@Test
	void aDatabaseClosedUnderTheDriverTakesLivenessDownForGood() {
		this.db.mode(SwitchableDataSource.Mode.CLOSED);
		this.health.probe();

		assertThat(this.health.isAlive()).isFalse();
		assertThat(this.health.isClosed()).isTrue();

		this.db.mode(SwitchableDataSource.Mode.UP);
		this.health.probe();
		assertThat(this.health.isAlive()).as("only a restart helps after that").isFalse();
	}

	@Test
	void aFailedWriteTakesReadinessDownUntilAWriteSucceeds() {
		this.health.writeFailed(new SQLException("Connection refused", "08001"));
		assertThat(this.health.isReachable()).isFalse();
		this.health.writeSucceeded();
		assertThat(this.health.isReachable()).isTrue();
	}

	private static final class MovingClock extends Clock {

		private Instant now = Instant.parse("2026-03-01T10:00:00Z");

		void advance(Duration d) {
			this.now = this.now.plus(d);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
