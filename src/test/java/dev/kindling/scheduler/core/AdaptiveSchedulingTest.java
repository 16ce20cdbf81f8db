package dev.kindling.scheduler.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.planner.JobPlanner;
import dev.kindling.engine.planner.JobPlanner.PlannedJob;
import dev.kindling.engine.planner.StagePlanner;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.protocol.TaskDescriptor;
import dev.kindling.protocol.TaskDescriptor.MapOutputLocation;
import dev.kindling.protocol.TaskReport;
import dev.kindling.state.JobStatus;
import dev.kindling.state.TaskStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adaptive execution in the scheduler, with scripted executors and block sizes: a reduce
 * stage's tasks are made from the sizes its map stages reported, each task is told which
 * blocks to read, and retries, lost map output and a driver restart keep the same tasks.
 */
class AdaptiveSchedulingTest {

	private static final AdaptiveRules.Settings TINY = new AdaptiveRules.Settings(true, 1000, 10, 5, 2000);

	private static final String GROUP = "[{\"op\":\"groupBy\",\"keys\":[\"n\"],\"aggregations\":[\"count(*) AS c\"]}]";

	private static String join(String type) {
		return "[{\"op\":\"join\",\"right\":{\"source\":{\"format\":\"csv\",\"path\":\"m.csv\",\"header\":true,"
				+ "\"schema\":\"n INT\"}},\"on\":[\"n\"],\"type\":\"" + type + "\"}]";
	}

	/** A job over {@code splits}-split files whose shuffles have 8 partitions. */
	private static ActiveJob job(String id, String pipeline, int splits) {
		JobSpec spec = CoreHarness.spec(pipeline);
		List<StagePlanner.ScanStats> scans = List.of(new StagePlanner.ScanStats(splits, 1L << 30),
				new StagePlanner.ScanStats(splits, 1L << 30));
		PlannedJob plan = new JobPlanner(1000).plan(spec, 8, scans, Set.of(), -1);
		ActiveJob.Inputs inputs = new ActiveJob.Inputs(spec, plan, scans, -1, 8, Map.of(), List.of(), "v1", null);
		return new ActiveJob(id, "test", inputs, JobStatus.QUEUED, Instant.parse("2026-01-01T00:00:00Z"));
	}

	private static List<Long> sizes(long... bytes) {
		List<Long> out = new ArrayList<>();
		for (long b : bytes) {
			out.add(b);
		}
		return out;
	}

	/** Runs the job's map stages to success, each task reporting {@code blocks}. */
	private static void runMaps(CoreHarness h, ActiveJob job, String executor, int mapStages, List<Long> blocks) {
		while (!mapsDone(job, mapStages)) {
			TaskDescriptor t = h.pollOne(executor);
			assertThat(t.stageId()).as("a map stage").isLessThan(mapStages);
			h.report(executor, t, TaskReport.State.SUCCEEDED, null, false, null,
					new TaskReport.Result(null, null, null, null, blocks), 0);
		}
	}

	private static boolean mapsDone(ActiveJob job, int mapStages) {
		for (int s = 0; s < mapStages; s++) {
			if (!job.stages[s].complete()) {
				return false;
			}
		}
		return true;
	}

	/** (reduce partition, map partition) of each block a task reads of a parent stage. */
	private static List<String> reads(TaskDescriptor t, int parent) {
		return t.shuffleInputs().get(parent).stream().map(l -> l.reducePartition() + "/" + l.mapPartition()).toList();
	}

	@Test
	void smallPartitionsOfAGroupByAreReadByFewerTasksInOrder() {
		CoreHarness h = new CoreHarness(TINY);
		h.executor("e1", 1);
		ActiveJob job = h.start(job("j", GROUP, 4));
		// 4 maps: partitions of 400 bytes each in all, 4 and 5 empty; target 1000
		runMaps(h, job, "e1", 1, sizes(100, 100, 100, 100, 0, 0, 100, 100));
		assertThat(job.stages[1].parts).hasSize(3);
		assertThat(h.events).containsExactly(
				"PARTITIONS_COALESCED stage 1: 8 partitions coalesced to 3 (2.3 KB in all; target 1000 B per task, "
						+ "advisory 1000 B)");
		assertThat(h.store.adapted).containsEntry("j:1", "0-2;2-6;6-8");
		List<TaskDescriptor> reduces = new ArrayList<>();
		long total = 0;
		for (int i = 0; i < 3; i++) {
			TaskDescriptor t = h.pollOne("e1");
			reduces.add(t);
			assertThat(t.stageId()).isEqualTo(1);
			h.succeed("e1", t, 10 + i);
			total += 10 + i;
		}
		assertThat(reduces).extracting(TaskDescriptor::partition).containsExactly(0, 1, 2);
		assertThat(reads(reduces.get(0), 0)).containsExactly("0/0", "0/1", "0/2", "0/3", "1/0", "1/1", "1/2", "1/3");
		assertThat(reads(reduces.get(1), 0)).hasSize(16).startsWith("2/0").endsWith("5/3");
		assertThat(reduces.get(1).shuffleInputs().get(0).stream().filter(l -> l.reducePartition() >= 4))
			.allMatch(l -> l.blockBytes() == 0);
		assertThat(h.store.lastJobLine("j")).isEqualTo("job j SUCCEEDED {\"count\":" + total + "}");
	}

	@Test
	void aSkewedJoinPartitionIsSplitIntoTasksEachReadingSomeMapOutputsAndTheWholeOtherSide() {
		CoreHarness h = new CoreHarness(TINY);
		h.executor("e1", 1);
		ActiveJob job = h.start(job("j", join("inner"), 4));
		List<TaskDescriptor> maps = h.poll("e1", 100);
		maps.addAll(h.poll("e1", 100));
		for (int i = 0; i < 8; i++) {
			TaskDescriptor t = i < maps.size() ? maps.get(i) : h.pollOne("e1");
			if (i >= maps.size()) {
				maps.add(t);
			}
			// the left side (stage 0) sends 1000 bytes of every map task to partition 3
			List<Long> blocks = t.stageId() == 0 ? sizes(10, 10, 10, 1000, 10, 10, 10, 10)
					: sizes(10, 10, 10, 10, 10, 10, 10, 10);
			h.report("e1", t, TaskReport.State.SUCCEEDED, null, false, null,
					new TaskReport.Result(null, null, null, null, blocks), 0);
		}
		assertThat(h.events)
			.contains("SKEWED_PARTITION_SPLIT stage 2: join partition 3 (3.9 KB, median 40 B) split " + "into 4 tasks");
		assertThat(job.stages[2].parts).hasSize(6);
		List<TaskDescriptor> tasks = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			TaskDescriptor t = h.pollOne("e1");
			tasks.add(t);
			h.succeed("e1", t, 1);
		}
		assertThat(reads(tasks.get(0), 0)).hasSize(12).allMatch(r -> r.compareTo("3") < 0);
		for (int piece = 0; piece < 4; piece++) {
			TaskDescriptor t = tasks.get(1 + piece);
			assertThat(reads(t, 0)).as("left: one map output of partition 3").containsExactly("3/" + piece);
			assertThat(reads(t, 1)).as("right: the whole partition 3").containsExactly("3/0", "3/1", "3/2", "3/3");
		}
		assertThat(reads(tasks.get(5), 1)).hasSize(16);
		assertThat(h.store.lastJobLine("j")).isEqualTo("job j SUCCEEDED {\"count\":6}");
	}

	@Test
	void aFullJoinIsNeverSplitButStillCoalesced() {
		CoreHarness h = new CoreHarness(TINY);
		h.executor("e1", 8);
		ActiveJob job = h.start(job("j", join("full"), 4));
		for (TaskDescriptor t : h.poll("e1", 100)) {
			List<Long> blocks = t.stageId() == 0 ? sizes(10, 10, 10, 1000, 10, 10, 10, 10)
					: sizes(10, 10, 10, 10, 10, 10, 10, 10);
			h.report("e1", t, TaskReport.State.SUCCEEDED, null, false, null,
					new TaskReport.Result(null, null, null, null, blocks), 0);
		}
		assertThat(h.events).noneMatch(e -> e.startsWith("SKEWED_PARTITION_SPLIT"));
		assertThat(job.stages[2].slices).allMatch(s -> s.ranges().isEmpty());
	}

	@Test
	void lostMapOutputRunsTheSameAdaptiveTasksAgain() {
		CoreHarness h = new CoreHarness(TINY);
		h.executor("e1", 1);
		h.executor("e2", 1);
		ActiveJob job = h.start(job("j", GROUP, 2));
		for (int i = 0; i < 2; i++) {
			TaskDescriptor t = h.pollOne(i == 0 ? "e1" : "e2");
			h.report(i == 0 ? "e1" : "e2", t, TaskReport.State.SUCCEEDED, null, false, null,
					new TaskReport.Result(null, null, null, null, sizes(300, 300, 300, 300, 0, 0, 0, 0)), 0);
		}
		assertThat(h.store.adapted).containsEntry("j:1", "0-1;1-2;2-3;3-8");
		TaskDescriptor reduce = h.pollOne("e1");
		h.fetchFailure("e1", reduce, 0, 1, "e2");
		// the map task runs again and now reports other sizes: the reduce stage keeps its
		// tasks
		TaskDescriptor again = h.pollOne("e1");
		assertThat(again.stageId()).isZero();
		h.report("e1", again, TaskReport.State.SUCCEEDED, null, false, null,
				new TaskReport.Result(null, null, null, null, sizes(1, 1, 1, 1, 1, 1, 1, 1)), 0);
		assertThat(job.stages[1].parts).hasSize(4);
		assertThat(h.store.adapted).hasSize(1);
		h.executor("e3", 8);
		List<TaskDescriptor> reduces = h.poll("e3", 8);
		assertThat(reduces).extracting(TaskDescriptor::stageId).containsOnly(1);
		assertThat(reduces).extracting(TaskDescriptor::partition).containsExactlyInAnyOrder(0, 1, 2, 3);
		TaskDescriptor retried = reduces.stream().filter(t -> t.partition() == reduce.partition()).findFirst().get();
		assertThat(reads(retried, 0)).isEqualTo(reads(reduce, 0));
		assertThat(h.events).filteredOn(e -> e.startsWith("PARTITIONS_COALESCED")).hasSize(1);
	}

	@Test
	void aRestartedDriverRunsTheTasksThePreviousOneMade() {
		CoreHarness first = new CoreHarness(TINY);
		first.executor("e1", 1);
		ActiveJob before = first.start(job("j", GROUP, 4));
		runMaps(first, before, "e1", 1, sizes(100, 100, 100, 100, 0, 0, 100, 100));
		TaskDescriptor done = first.pollOne("e1");
		first.succeed("e1", done, 7);
		String stored = first.store.adapted.get("j:1");

		CoreHarness second = new CoreHarness(TINY);
		second.executor("e1", 1);
		ActiveJob resumed = job("j", GROUP, 4);
		resumed.restoreAdaptive(1, ReduceSlice.decode(stored), List.of());
		second.core.resume(resumed, List.of(new StoredAttempt(done.attemptId(), 1, done.partition(), 1,
				TaskStatus.SUCCEEDED, new TaskReport.Result(7L, null, null, null, null), 20)));
		// the map stage runs again with other sizes: the stored tasks stand
		runMaps(second, resumed, "e1", 1, sizes(5000, 0, 0, 0, 0, 0, 0, 1));
		assertThat(second.store.adapted).isEmpty();
		TaskDescriptor t1 = second.pollOne("e1");
		TaskDescriptor t2 = second.pollOne("e1");
		assertThat(List.of(t1.partition(), t2.partition())).containsExactly(1, 2);
		assertThat(reads(t1, 0)).hasSize(16).startsWith("2/0").endsWith("5/3");
		assertThat(reads(t2, 0)).hasSize(8).startsWith("6/0").endsWith("7/3");
		second.succeed("e1", t1, 1);
		second.succeed("e1", t2, 2);
		assertThat(second.store.lastJobLine("j")).isEqualTo("job j SUCCEEDED {\"count\":10}");
	}

	@Test
	void withAdaptiveExecutionOffEveryPartitionIsATask() {
		CoreHarness h = new CoreHarness(AdaptiveRules.Settings.OFF);
		h.executor("e1", 8);
		ActiveJob job = h.start(job("j", GROUP, 4));
		runMaps(h, job, "e1", 1, sizes(100, 100, 100, 100, 0, 0, 100, 100));
		assertThat(job.stages[1].parts).hasSize(8);
		List<TaskDescriptor> reduces = h.poll("e1", 100);
		assertThat(reduces).hasSize(8);
		assertThat(reduces.get(3).shuffleInputs().get(0)).extracting(MapOutputLocation::reducePartition)
			.containsOnly(3);
	}

}
