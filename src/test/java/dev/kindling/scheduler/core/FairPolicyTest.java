package dev.kindling.scheduler.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kindling.protocol.TaskDescriptor;

import static dev.kindling.scheduler.core.CoreHarness.countJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Spark's FAIR scheduler as a {@link SchedulingPolicy}: the core with a fake clock and a
 * scripted executor, every task taking the same 100 ms, so slot time is counted exactly
 * from the attempts' starts and ends rather than timed.
 */
class FairPolicyTest {

	private static final Duration TASK = Duration.ofMillis(100);

	private static CoreHarness fair(Map<String, FairPolicy.PoolSettings> pools) {
		return new CoreHarness(new FairPolicy(pools), 4, 1000, SchedulerSettings.Speculation.OFF);
	}

	private static String poolOf(TaskDescriptor t) {
		return t.jobId().substring(0, t.jobId().indexOf('-'));
	}

	/** A running attempt and when its 100 ms are up. */
	private record Running(TaskDescriptor task, Instant start) {
	}

	@Test
	void twoBusyPoolsWithWeightsOneAndThreeShareSlotTimeOneToThree() {
		CoreHarness h = fair(
				Map.of("light", new FairPolicy.PoolSettings(1, 0, 0), "heavy", new FairPolicy.PoolSettings(3, 0, 0)));
		h.executor("e", 8);
		// A flood: more jobs than slots in each pool, submitted alternately.
		for (int i = 0; i < 40; i++) {
			h.start(countJob("light-" + i, 10).inPool("light"));
			h.start(countJob("heavy-" + i, 10).inPool("heavy"));
		}
		List<Running> running = new ArrayList<>();
		for (TaskDescriptor t : h.poll("e", 8)) {
			running.add(new Running(t, h.clock.instant()));
		}
		assertThat(running).hasSize(8);
		Map<String, Long> slotMillis = new HashMap<>();
		Map<String, Integer> tasksLeft = new HashMap<>(Map.of("light", 400, "heavy", 400));
		// Measured while both pools still have queued tasks: a slot freed then goes by
		// the policy, never to the only pool left.
		while (tasksLeft.get("light") > 8 && tasksLeft.get("heavy") > 8) {
			Running done = running.stream().min((a, b) -> a.start().compareTo(b.start())).orElseThrow();
			Instant end = done.start().plus(TASK);
			if (end.isAfter(h.clock.instant())) {
				h.clock.advance(Duration.between(h.clock.instant(), end));
			}
			running.remove(done);
			String pool = poolOf(done.task());
			slotMillis.merge(pool, TASK.toMillis(), Long::sum);
			tasksLeft.merge(pool, -1, Integer::sum);
			for (TaskDescriptor next : h.succeed("e", done.task(), 1, 1)) {
				running.add(new Running(next, h.clock.instant()));
			}
			assertThat(running).as("every freed slot is filled").hasSize(8);
		}
		double ratio = (double) slotMillis.get("heavy") / slotMillis.get("light");
		assertThat(ratio).as("heavy : light slot time, " + slotMillis).isCloseTo(3.0, within(0.3));
		long heavyRunning = running.stream().filter((r) -> poolOf(r.task()).equals("heavy")).count();
		assertThat(heavyRunning).as("slots held now").isEqualTo(6);
	}

	@Test
	void aPoolBelowItsMinimumShareStartsItsJobBeforeAHeavierPoolsQueue() {
		CoreHarness h = fair(
				Map.of("batch", new FairPolicy.PoolSettings(10, 0, 0), "urgent", new FairPolicy.PoolSettings(1, 2, 0)));
		h.executor("e", 4);
		for (int i = 0; i < 3; i++) {
			h.start(countJob("batch-" + i, 20).inPool("batch"));
		}
		List<TaskDescriptor> first = h.poll("e", 4);
		assertThat(first).extracting(FairPolicyTest::poolOf).containsOnly("batch");
		h.start(countJob("urgent-0", 5).inPool("urgent"));

		// Two freed slots: both go to urgent, below its minimum share of 2, although
		// batch has queued jobs, the older submissions and ten times the weight.
		TaskDescriptor a = h.succeed("e", first.get(0), 1, 1).get(0);
		TaskDescriptor b = h.succeed("e", first.get(1), 1, 1).get(0);
		assertThat(List.of(a, b)).extracting(FairPolicyTest::poolOf).containsOnly("urgent");
		// At its minimum share, weights decide: 2 / 1 against 2 / 10, so batch.
		TaskDescriptor c = h.succeed("e", first.get(2), 1, 1).get(0);
		assertThat(poolOf(c)).isEqualTo("batch");
	}

	@Test
	void withoutAMinimumShareTheLighterPoolGetsOnlyItsWeightedTurn() {
		CoreHarness h = fair(
				Map.of("batch", new FairPolicy.PoolSettings(10, 0, 0), "urgent", new FairPolicy.PoolSettings(1, 0, 0)));
		h.executor("e", 4);
		for (int i = 0; i < 3; i++) {
			h.start(countJob("batch-" + i, 20).inPool("batch"));
		}
		List<TaskDescriptor> first = h.poll("e", 4);
		h.start(countJob("urgent-0", 5).inPool("urgent"));
		TaskDescriptor a = h.succeed("e", first.get(0), 1, 1).get(0);
		TaskDescriptor b = h.succeed("e", first.get(1), 1, 1).get(0);
		assertThat(poolOf(a)).isEqualTo("urgent");
		assertThat(poolOf(b)).as("1 / 1 against 2 / 10").isEqualTo("batch");
	}

	@Test
	void insideAPoolJobsRunInSubmissionOrder() {
		CoreHarness h = fair(Map.of());
		h.executor("e", 2);
		h.start(countJob("p-old", 3).inPool("p"));
		h.start(countJob("p-new", 3).inPool("p"));
		List<String> jobs = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			TaskDescriptor t = h.pollOne("e");
			jobs.add(t.jobId());
			h.succeed("e", t, 1);
		}
		assertThat(jobs).containsExactly("p-old", "p-old", "p-old", "p-new", "p-new", "p-new");
	}

	@Test
	void aPoolCappedAtOneRunningJobStartsTheNextOnlyWhenTheFirstEnds() {
		CoreHarness h = fair(Map.of("one", new FairPolicy.PoolSettings(1, 0, 1)));
		h.executor("e", 4);
		h.start(countJob("one-a", 2).inPool("one"));
		h.start(countJob("one-b", 2).inPool("one"));
		List<TaskDescriptor> first = h.poll("e", 4);
		assertThat(first).extracting(TaskDescriptor::jobId).containsExactly("one-a", "one-a");
		assertThat(h.poll("e", 4)).as("one-b waits though slots are free").isEmpty();
		h.succeed("e", first.get(0), 1);
		assertThat(h.poll("e", 4)).isEmpty();
		h.succeed("e", first.get(1), 1);
		assertThat(h.store.lastJobLine("one-a")).startsWith("job one-a SUCCEEDED");
		assertThat(h.poll("e", 4)).extracting(TaskDescriptor::jobId).containsExactly("one-b", "one-b");
	}

	@Test
	void thePoolLoadsShowRunningAndQueuedJobsAndTheSlotsTheyHold() {
		CoreHarness h = new CoreHarness(new FairPolicy(Map.of()), 4, 1, SchedulerSettings.Speculation.OFF);
		h.executor("e", 3);
		h.start(countJob("x-1", 5).inPool("x"));
		h.start(countJob("y-1", 5).inPool("y"));
		h.poll("e", 3);
		SchedulerCore.PoolLoad x = h.core.poolLoads().get("x");
		SchedulerCore.PoolLoad y = h.core.poolLoads().get("y");
		assertThat(x).isEqualTo(new SchedulerCore.PoolLoad("x", 1, 0, 3));
		assertThat(y).as("waits for the one running place").isEqualTo(new SchedulerCore.PoolLoad("y", 0, 1, 0));
	}

}
