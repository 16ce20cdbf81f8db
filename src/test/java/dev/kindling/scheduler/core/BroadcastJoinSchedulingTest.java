package dev.kindling.scheduler.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.planner.JobPlanner;
import dev.kindling.engine.planner.JobPlanner.PlannedJob;
import dev.kindling.engine.planner.StagePlanner;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.protocol.TaskDescriptor;
import dev.kindling.protocol.TaskReport;
import dev.kindling.state.JobStatus;
import dev.kindling.state.TaskStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shuffled join turned into a broadcast join by adaptive execution, in the scheduler
 * with scripted executors and block sizes: the decision is stored before any join task,
 * each task reads a range of the big side's map outputs (all their reduce partitions) and
 * the whole small side, runs where those map outputs are, is told which side to build,
 * and lost map output or a restarted driver run the same tasks.
 */
class BroadcastJoinSchedulingTest {

	/** Tiny sizes; a side of at most 500 bytes is broadcast. */
	private static final AdaptiveRules.Settings BROADCAST = new AdaptiveRules.Settings(true, 1000, 10, 5, 2000, 500);

	private static String join(String type) {
		return "[{\"op\":\"join\",\"right\":{\"source\":{\"format\":\"csv\",\"path\":\"m.csv\",\"header\":true,"
				+ "\"schema\":\"n INT\"}},\"on\":[\"n\"],\"type\":\"" + type + "\"}]";
	}

	/** A join of two 4-split files whose shuffles have 8 partitions. */
	private static ActiveJob job(String type) {
		JobSpec spec = CoreHarness.spec(join(type));
		List<StagePlanner.ScanStats> scans = List.of(new StagePlanner.ScanStats(4, 1L << 30),
				new StagePlanner.ScanStats(4, 1L << 30));
		PlannedJob plan = new JobPlanner(1000).plan(spec, 8, scans, Set.of(), -1);
		ActiveJob.Inputs inputs = new ActiveJob.Inputs(spec, plan, scans, -1, 8, Map.of(), List.of(), "v1", null);
		return new ActiveJob("j", "test", inputs, JobStatus.QUEUED, Instant.parse("2026-01-01T00:00:00Z"));
	}

	private static List<Long> each(long bytes) {
		List<Long> out = new ArrayList<>();
		for (int r = 0; r < 8; r++) {
			out.add(bytes);
		}
		return out;
	}

	/**
	 * Runs both map stages, e1 and e2 taking a task in turn; the left side (stage 0)
	 * writes {@code leftBlock} bytes to each reduce partition, the right side
	 * {@code rightBlock}. Returns the executor of each left map task.
	 */
	private static Map<Integer, String> runMaps(CoreHarness h, ActiveJob job, long leftBlock, long rightBlock) {
		Map<Integer, String> where = new HashMap<>();
		while (!job.stages[0].complete() || !job.stages[1].complete()) {
			boolean ran = false;
			for (String executor : List.of("e1", "e2")) {
				for (TaskDescriptor t : h.poll(executor, 1)) {
					assertThat(t.stageId()).as("a map stage").isLessThan(2);
					if (t.stageId() == 0) {
						where.put(t.partition(), executor);
					}
					h.report(executor, t, TaskReport.State.SUCCEEDED, null, false, null, new TaskReport.Result(null,
							null, null, null, each(t.stageId() == 0 ? leftBlock : rightBlock)), 0);
					ran = true;
				}
			}
			assertThat(ran).as("map tasks keep coming").isTrue();
		}
		return where;
	}

	/** (reduce partition, map partition) of each block a task reads of a parent stage. */
	private static List<String> reads(TaskDescriptor t, int parent) {
		return t.shuffleInputs().get(parent).stream().map(l -> l.reducePartition() + "/" + l.mapPartition()).toList();
	}

	private static List<String> leftMapOutput(int map) {
		List<String> out = new ArrayList<>();
		for (int r = 0; r < 8; r++) {
			out.add(r + "/" + map);
		}
		return out;
	}

	/** Takes every join task the executors are offered, each where it was offered. */
	private static Map<String, List<TaskDescriptor>> joinTasks(CoreHarness h) {
		Map<String, List<TaskDescriptor>> out = new HashMap<>();
		for (String executor : List.of("e1", "e2")) {
			List<TaskDescriptor> tasks = new ArrayList<>(h.poll(executor, 10));
			assertThat(tasks).extracting(TaskDescriptor::stageId).containsOnly(2);
			out.put(executor, tasks);
		}
		return out;
	}

	@Test
	void aRightSideThatTurnedOutSmallIsBroadcastAndEachTaskReadsLeftMapOutputsWhereTheyAre() {
		CoreHarness h = new CoreHarness(BROADCAST);
		h.executor("e1", 2);
		h.executor("e2", 2);
		ActiveJob job = h.start(job("inner"));
		// left: 4 map outputs of 8 x 125 = 1000 bytes; right: 4 x 8 x 10 = 320 bytes
		Map<Integer, String> where = runMaps(h, job, 125, 10);
		assertThat(h.events).containsExactly("JOIN_CONVERTED_TO_BROADCAST stage 2: shuffled join converted to a "
				+ "broadcast join (right side 320 B ≤ 500 B); 4 tasks read the left side's map outputs locally");
		assertThat(h.store.adapted).containsEntry("j:2", "build=right|0-8:0@0-1;0-8:0@1-2;0-8:0@2-3;0-8:0@3-4");
		assertThat(job.stages[2].parts).hasSize(4);

		assertThat(where.values()).as("left map outputs on both executors").contains("e1", "e2");
		Map<String, List<TaskDescriptor>> tasks = joinTasks(h);
		int count = 0;
		for (Map.Entry<String, List<TaskDescriptor>> e : tasks.entrySet()) {
			for (TaskDescriptor t : e.getValue()) {
				int map = t.partition();
				assertThat(where.get(map)).as("task %d runs where left map output %d is", map, map)
					.isEqualTo(e.getKey());
				assertThat(reads(t, 0)).as("left: every reduce partition of map output %d", map)
					.isEqualTo(leftMapOutput(map));
				assertThat(reads(t, 1)).as("right: every block").hasSize(32);
				assertThat(t.joinBuildsLeft()).isFalse();
				h.succeed(e.getKey(), t, 1);
				count++;
			}
		}
		assertThat(count).isEqualTo(4);
		assertThat(h.store.lastJobLine("j")).isEqualTo("job j SUCCEEDED {\"count\":4}");
	}

	@Test
	void aRightJoinWhoseLeftSideTurnedOutSmallBuildsTheLeftSide() {
		CoreHarness h = new CoreHarness(BROADCAST);
		h.executor("e1", 2);
		h.executor("e2", 2);
		ActiveJob job = h.start(job("right"));
		runMaps(h, job, 10, 125);
		assertThat(h.events).singleElement()
			.asString()
			.startsWith("JOIN_CONVERTED_TO_BROADCAST stage 2: shuffled join converted to a broadcast join (left side "
					+ "320 B ≤ 500 B); 4 tasks read the right side's map outputs locally");
		assertThat(h.store.adapted.get("j:2")).startsWith("build=left|");
		Map<String, List<TaskDescriptor>> tasks = joinTasks(h);
		assertThat(tasks.values().stream().flatMap(List::stream)).hasSize(4).allSatisfy(t -> {
			assertThat(t.joinBuildsLeft()).isTrue();
			assertThat(reads(t, 0)).as("left: every block").hasSize(32);
			assertThat(reads(t, 1)).hasSize(8);
		});
	}

	@Test
	void aFullJoinIsNotConvertedWhateverItsSizes() {
		CoreHarness h = new CoreHarness(BROADCAST);
		h.executor("e1", 2);
		h.executor("e2", 2);
		ActiveJob job = h.start(job("full"));
		runMaps(h, job, 10, 10);
		assertThat(h.events).noneMatch(e -> e.startsWith("JOIN_CONVERTED_TO_BROADCAST"));
		assertThat(job.stages[2].broadcastBuild).isNull();
	}

	@Test
	void lostMapOutputRunsTheSameBroadcastTasksAgain() {
		CoreHarness h = new CoreHarness(BROADCAST);
		h.executor("e1", 2);
		h.executor("e2", 2);
		ActiveJob job = h.start(job("right"));
		runMaps(h, job, 10, 125);
		Map<String, List<TaskDescriptor>> tasks = joinTasks(h);
		TaskDescriptor lost = tasks.get("e2").get(0);
		int map = lost.shuffleInputs().get(1).get(0).mapPartition();
		h.fetchFailure("e2", lost, 1, map, "e2");
		// the right map output runs again (now far bigger): the join stage keeps its
		// tasks, its decision and its build side
		TaskDescriptor again = null;
		for (String executor : List.of("e1", "e2")) {
			for (TaskDescriptor t : h.poll(executor, 10)) {
				if (t.stageId() == 1) {
					again = t;
					h.report(executor, t, TaskReport.State.SUCCEEDED, null, false, null,
							new TaskReport.Result(null, null, null, null, each(100_000)), 0);
				}
			}
		}
		assertThat(again).as("the lost map output is computed again").isNotNull();
		assertThat(job.stages[2].parts).hasSize(4);
		assertThat(h.store.adapted).hasSize(1);
		assertThat(h.events).filteredOn(e -> e.startsWith("JOIN_CONVERTED_TO_BROADCAST")).hasSize(1);
		TaskDescriptor retried = null;
		for (String executor : List.of("e1", "e2")) {
			for (TaskDescriptor t : h.poll(executor, 10)) {
				if (t.stageId() == 2 && t.partition() == lost.partition()) {
					retried = t;
				}
			}
		}
		assertThat(retried).as("the failed join task runs again").isNotNull();
		assertThat(reads(retried, 1)).isEqualTo(reads(lost, 1));
		assertThat(reads(retried, 0)).isEqualTo(reads(lost, 0));
		assertThat(retried.joinBuildsLeft()).isTrue();
	}

	@Test
	void aRestartedDriverRunsTheBroadcastTasksThePreviousOneMade() {
		CoreHarness first = new CoreHarness(BROADCAST);
		first.executor("e1", 2);
		first.executor("e2", 2);
		ActiveJob before = first.start(job("right"));
		runMaps(first, before, 10, 125);
		Map<String, List<TaskDescriptor>> tasks = joinTasks(first);
		TaskDescriptor done = tasks.get("e1").get(0);
		first.succeed("e1", done, 7);
		String stored = first.store.adapted.get("j:2");

		CoreHarness second = new CoreHarness(BROADCAST);
		second.executor("e1", 2);
		second.executor("e2", 2);
		ActiveJob resumed = job("right");
		resumed.restoreAdaptive(2, ReduceSlice.decode(stored), List.of(), ReduceSlice.buildSide(stored));
		second.core.resume(resumed, List.of(new StoredAttempt(done.attemptId(), 2, done.partition(), 1,
				TaskStatus.SUCCEEDED, new TaskReport.Result(7L, null, null, null, null), 20)));
		// the map stages run again with sizes that would not convert the join now: the
		// stored tasks stand
		runMaps(second, resumed, 125, 125);
		assertThat(second.store.adapted).isEmpty();
		List<TaskDescriptor> rest = joinTasks(second).values().stream().flatMap(List::stream).toList();
		List<Integer> others = new ArrayList<>(List.of(0, 1, 2, 3));
		others.remove(Integer.valueOf(done.partition()));
		assertThat(rest).extracting(TaskDescriptor::partition).containsExactlyInAnyOrderElementsOf(others);
		for (TaskDescriptor t : rest) {
			assertThat(t.joinBuildsLeft()).isTrue();
			assertThat(reads(t, 0)).hasSize(32);
			assertThat(reads(t, 1)).hasSize(8);
		}
	}

}
