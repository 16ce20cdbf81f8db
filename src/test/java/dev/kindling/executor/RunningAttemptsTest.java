package dev.kindling.executor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.kindling.protocol.TaskDescriptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The executor's last resort for a task that ignores its kill: once it has run on past
 * the bound, the watchdog settles it (so the slot can be reported and freed) and
 * interrupts its thread; when the thread finally returns, its own end is dropped.
 */
class RunningAttemptsTest {

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	static TaskDescriptor task(String id) {
		return new TaskDescriptor(id, "job", 0, 0, 0, 1, null, 1, List.of(), null, Map.of(), null, 10, List.of(), -1);
	}

	@Test
	void aTaskThatIgnoresItsKillIsGivenUpAfterTheBoundAndItsLateEndDropped() throws Exception {
		RunningAttempts running = new RunningAttempts();
		RunningAttempts.Attempt attempt = running.add(task("a1"));
		AtomicBoolean release = new AtomicBoolean();
		AtomicBoolean sawInterrupt = new AtomicBoolean();
		AtomicReference<Boolean> settledByThread = new AtomicReference<>();
		AtomicBoolean interruptLeftOver = new AtomicBoolean(true);
		Thread stuck = new Thread(() -> {
			attempt.thread = Thread.currentThread();
			// work that never asks whether it was cancelled
			while (!release.get()) {
				if (Thread.currentThread().isInterrupted()) {
					sawInterrupt.set(true);
				}
				Thread.onSpinWait();
			}
			settledByThread.set(running.settleByThread(attempt));
			interruptLeftOver.set(Thread.currentThread().isInterrupted());
		});
		stuck.start();
		while (attempt.thread == null) {
			Thread.onSpinWait();
		}
		RunningAttempts.kill(attempt);
		long killedAt = attempt.killedAtNanos;
		assertThat(attempt.cancelled.get()).isTrue();
		assertThat(running.giveUpStuck(killedAt + SECOND / 2, SECOND)).as("within the bound it may still stop")
			.isEmpty();
		assertThat(running.giveUpStuck(killedAt + 2 * SECOND, SECOND)).containsExactly(attempt);
		assertThat(running.giveUpStuck(killedAt + 3 * SECOND, SECOND)).as("given up once").isEmpty();
		long deadline = System.nanoTime() + 10 * SECOND;
		while (!sawInterrupt.get() && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(sawInterrupt).isTrue();
		release.set(true);
		stuck.join(10_000);
		assertThat(settledByThread.get()).as("the thread's late end is dropped").isFalse();
		assertThat(interruptLeftOver).as("the thread goes back to its pool without the interrupt").isFalse();
	}

	@Test
	void aTaskThatStopsInTimeIsNeverGivenUp() {
		RunningAttempts running = new RunningAttempts();
		RunningAttempts.Attempt attempt = running.add(task("a2"));
		attempt.thread = Thread.currentThread();
		RunningAttempts.kill(attempt);
		assertThat(running.settleByThread(attempt)).isTrue();
		assertThat(running.giveUpStuck(attempt.killedAtNanos + 10 * SECOND, SECOND)).isEmpty();
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
		RunningAttempts.Attempt untouched = running.add(task("a3"));
		assertThat(running.giveUpStuck(System.nanoTime() + 10 * SECOND, SECOND)).as("never asked to stop").isEmpty();
		assertThat(running.ids()).containsExactlyInAnyOrder("a2", "a3");
		assertThat(untouched.cancelled.get()).isFalse();
	}

}
