package dev.kindling.scheduler;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The executors an autoscaler is told the work would keep busy. */
class DesiredExecutorsTest {

	@Test
	void queuedAndRunningTasksOverOneExecutorsSlotsRoundedUp() {
		assertThat(DesiredExecutors.of(10, 3, 2, 4, 0)).as("13 tasks, 2 slots each").isEqualTo(7);
		assertThat(DesiredExecutors.of(0, 4, 2, 4, 0)).as("busy, nothing queued: as many as now").isEqualTo(2);
		assertThat(DesiredExecutors.of(1, 0, 3, 6, 0)).isEqualTo(1);
	}

	@Test
	void noWorkWantsNoExecutor() {
		assertThat(DesiredExecutors.of(0, 0, 5, 10, 0)).isZero();
	}

	@Test
	void configuredSlotsWinAndWithoutExecutorsEachTaskCountsAsOne() {
		assertThat(DesiredExecutors.of(9, 0, 1, 8, 4)).as("the configured 4 slots, not the live executor's 8")
			.isEqualTo(3);
		assertThat(DesiredExecutors.of(5, 0, 0, 0, 0)).as("no executor yet, none configured").isEqualTo(5);
		assertThat(DesiredExecutors.of(5, 0, 0, 0, 2)).isEqualTo(3);
	}

	@Test
	void aHugeQueueDoesNotOverflow() {
		assertThat(DesiredExecutors.of(Integer.MAX_VALUE, Integer.MAX_VALUE, 0, 0, 0)).isEqualTo(Integer.MAX_VALUE);
	}

}
