package dev.kindling.scheduler.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.kindling.protocol.TaskDescriptor;
import dev.kindling.state.JobStatus;
import dev.kindling.state.TaskStatus;

import static dev.kindling.scheduler.core.CoreHarness.countJob;
import static dev.kindling.scheduler.core.CoreHarness.groupJob;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scheduling policy without Spring, HTTP or a database: the core with a fake clock, a
 * scripted cluster and a recording store, one rule of DESIGN §8 per test.
 */
class SchedulingPolicyTest {

	private CoreHarness h = new CoreHarness();

	private static long jobCount(CoreHarness h, String jobId) {
		String line = h.store.lastJobLine(jobId);
		return Long.parseLong(line.replaceAll(".*\\{\"count\":(\\d+)}.*", "$1"));
	}

	// ------------------------------------------------------------------ failures

	@Test
	void retriesAFailedTaskOnExecutorsItHasNotFailedOnUpToTheCapThenFailsWithTheLastError() {
		this.h.executor("a", 1);
		this.h.executor("b", 1);
		this.h.executor("c", 1);
		this.h.start(countJob("j", 1));

		TaskDescriptor first = this.h.pollOne("a");
		this.h.fail("a", first, "disk hiccup", false);
		assertThat(this.h.poll("a", 1)).as("the retry avoids the executor it failed on").isEmpty();
		TaskDescriptor second = this.h.pollOne("b");
		assertThat(second.attempt()).isEqualTo(2);
		this.h.fail("b", second, "disk hiccup", false);
		assertThat(this.h.poll("a", 1)).isEmpty();
		assertThat(this.h.poll("b", 1)).isEmpty();
		TaskDescriptor third = this.h.pollOne("c");
		this.h.fail("c", third, "disk hiccup", false);
		// Every live executor has failed it once: the last try may run anywhere.
		TaskDescriptor fourth = this.h.pollOne("a");
		assertThat(fourth.attempt()).isEqualTo(4);
		this.h.fail("a", fourth, "still the disk", false);

		assertThat(this.h.store.lastJobLine("j"))
			.isEqualTo("job j FAILED: task 0.0 failed 4 times; last error: still the disk");
		assertThat(this.h.store.count(TaskStatus.FAILED)).isEqualTo(4);
		assertThat(this.h.events).filteredOn(e -> e.startsWith("TASK_RETRIED")).hasSize(3);
		assertThat(this.h.core.isActive("j")).isFalse();
	}

	@Test
	void aDeterministicErrorFailsTheJobAtOnce() {
		this.h.executor("a", 1);
		this.h.executor("b", 1);
		this.h.start(countJob("j", 2));
		TaskDescriptor t = this.h.pollOne("a");
		TaskDescriptor other = this.h.pollOne("b");

		this.h.fail("a", t, "malformed CSV record at line 3", true);

		assertThat(this.h.store.lastJobLine("j")).isEqualTo("job j FAILED: malformed CSV record at line 3");
		assertThat(this.h.store.count(TaskStatus.FAILED)).isEqualTo(1);
		assertThat(this.h.cluster.kills).as("the job's other running task is killed")
			.containsExactly("b " + other.attemptId());
		assertThat(this.h.store.attempts.get(other.attemptId())).isEqualTo(TaskStatus.KILLED);
		assertThat(this.h.poll("a", 4)).isEmpty();
	}

	@Test
	void aLostExecutorsRunningTasksRunAgainElsewhereWithoutCountingAFailure() {
		// One attempt allowed: a loss counted as a failure would fail the job.
		this.h = new CoreHarness(new RoundRobinPolicy(), 1, 16, SchedulerSettings.Speculation.OFF);
		this.h.executor("a", 1);
		this.h.executor("b", 1);
		this.h.start(countJob("j", 1));
		TaskDescriptor onA = this.h.pollOne("a");

		this.h.cluster.remove("a");
		this.h.core.executorLost("a", "no heartbeat for 10000 ms");

		assertThat(this.h.store.attempts.get(onA.attemptId())).isEqualTo(TaskStatus.LOST);
		TaskDescriptor onB = this.h.pollOne("b");
		assertThat(onB.partition()).isEqualTo(onA.partition());
		assertThat(onB.attempt()).isEqualTo(2);
		this.h.succeed("b", onB, 2000);
		assertThat(this.h.store.lastJobLine("j")).startsWith("job j SUCCEEDED");
		assertThat(jobCount(this.h, "j")).isEqualTo(2000);
	}

	@Test
	void anAttemptMissingFromItsExecutorsHeartbeatsAfterTheGraceIsLostAndRunsAgain() {
		this.h.executor("a", 1);
		this.h.start(countJob("j", 1));
		TaskDescriptor t = this.h.pollOne("a");
		this.h.clock.advance(Duration.ofSeconds(3));
		this.h.cluster.heartbeat("a", t.attemptId());
		this.h.core.reconcile();
		assertThat(this.h.store.attempts.get(t.attemptId())).as("listed: still running").isEqualTo(TaskStatus.RUNNING);

		this.h.clock.advance(Duration.ofSeconds(3));
		this.h.cluster.heartbeat("a");
		this.h.core.reconcile();

		assertThat(this.h.store.attempts.get(t.attemptId())).isEqualTo(TaskStatus.LOST);
		assertThat(this.h.events).anyMatch(e -> e.startsWith("TASK_LOST"));
		assertThat(this.h.pollOne("a").attempt()).isEqualTo(2);
	}

	// ------------------------------------------------------------------ lineage

	@Test
	void lostMapOutputRunsItsStageAgainBeforeTheReduceStageRuns() {
		this.h.executor("a", 2);
		this.h.executor("b", 2);
		this.h.start(groupJob("g", 2));
		List<TaskDescriptor> maps = this.h.poll("a", 2);
		assertThat(maps).extracting(TaskDescriptor::stageId).containsExactly(0, 0);
		maps.forEach(m -> this.h.succeed("a", m, 0));

		this.h.cluster.remove("a");
		this.h.core.executorLost("a", "no heartbeat");

		assertThat(this.h.events).anyMatch(e -> e.startsWith("STAGE_RESUBMITTED stage 0 runs again (attempt 1)"));
		List<TaskDescriptor> again = this.h.poll("b", 4);
		assertThat(again).as("only the map stage runs: the reduce stage waits for its input")
			.extracting(TaskDescriptor::stageId, TaskDescriptor::stageAttempt)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(0, 1), org.assertj.core.groups.Tuple.tuple(0, 1));
		again.forEach(m -> this.h.succeed("b", m, 0));
		List<TaskDescriptor> reduces = this.h.poll("b", 4);
		assertThat(reduces).extracting(TaskDescriptor::stageId).containsExactly(1, 1);
		assertThat(reduces.get(0).shuffleInputs().get(0)).allSatisfy(l -> assertThat(l.executorId()).isEqualTo("b"));
		this.h.succeed("b", reduces.get(0), 3);
		this.h.succeed("b", reduces.get(1), 4);
		assertThat(jobCount(this.h, "g")).isEqualTo(7);
	}

	@Test
	void aFetchFailureRecomputesTheMissingMapOutputThenRunsTheReduceAgain() {
		this.h.executor("mapper", 2);
		this.h.executor("reducer", 2);
		this.h.start(groupJob("g", 2));
		this.h.poll("mapper", 2).forEach(m -> this.h.succeed("mapper", m, 0));
		List<TaskDescriptor> reduces = this.h.poll("reducer", 2);
		this.h.succeed("reducer", reduces.get(1), 7);

		this.h.fetchFailure("reducer", reduces.get(0), 0, 1, "mapper");

		assertThat(this.h.events).anyMatch(e -> e.startsWith("FETCH_FAILED"))
			.anyMatch(e -> e.startsWith("STAGE_RESUBMITTED"));
		TaskDescriptor rerun = this.h.pollOne("mapper");
		assertThat(rerun.stageId()).isZero();
		assertThat(rerun.partition()).isEqualTo(1);
		assertThat(rerun.stageAttempt()).isEqualTo(1);
		assertThat(this.h.poll("reducer", 2)).as("the reduce waits for the recomputed map output").isEmpty();
		this.h.succeed("mapper", rerun, 0);
		TaskDescriptor again = this.h.pollOne("reducer");
		assertThat(again.stageId()).isEqualTo(1);
		assertThat(again.partition()).isEqualTo(reduces.get(0).partition());
		this.h.succeed("reducer", again, 5);
		assertThat(jobCount(this.h, "g")).isEqualTo(12);
	}

	// ------------------------------------------------------------------ speculation

	@Test
	void aStragglerGetsACopyElsewhereTheFirstToFinishWinsAndTheOtherIsKilled() {
		this.h = new CoreHarness(new RoundRobinPolicy(), 4, 16,
				new SchedulerSettings.Speculation(true, 1.5, 0.75, Duration.ofMillis(100)));
		this.h.executor("fast", 2);
		this.h.executor("slow", 2);
		this.h.start(countJob("j", 4));
		List<TaskDescriptor> onFast = this.h.poll("fast", 2);
		List<TaskDescriptor> onSlow = this.h.poll("slow", 2);
		onFast.forEach(t -> this.h.succeed("fast", t, 10));
		this.h.succeed("slow", onSlow.get(0), 10);
		TaskDescriptor straggler = onSlow.get(1);
		this.h.core.speculate();
		assertThat(this.h.poll("fast", 1)).as("not yet slower than 1.5 x the median").isEmpty();

		this.h.clock.advance(Duration.ofSeconds(1));
		this.h.core.speculate();

		assertThat(this.h.poll("slow", 1)).as("a copy never runs beside its original").isEmpty();
		TaskDescriptor copy = this.h.pollOne("fast");
		assertThat(copy.partition()).isEqualTo(straggler.partition());
		assertThat(copy.attempt()).isEqualTo(2);
		this.h.succeed("fast", copy, 10);
		assertThat(jobCount(this.h, "j")).isEqualTo(40);
		assertThat(this.h.cluster.kills).containsExactly("slow " + straggler.attemptId());
		assertThat(this.h.events).anyMatch(e -> e.startsWith("TASK_SPECULATED"));
		// The straggler's late success changes nothing.
		this.h.succeed("slow", straggler, 1000);
		assertThat(jobCount(this.h, "j")).isEqualTo(40);
	}

	@Test
	void whenTheOriginalFinishesFirstItsCopyIsKilled() {
		this.h = new CoreHarness(new RoundRobinPolicy(), 4, 16,
				new SchedulerSettings.Speculation(true, 1.5, 0.5, Duration.ofMillis(100)));
		this.h.executor("a", 2);
		this.h.executor("b", 2);
		this.h.start(countJob("j", 2));
		TaskDescriptor quick = this.h.pollOne("a");
		TaskDescriptor slow = this.h.pollOne("b");
		this.h.succeed("a", quick, 1);
		this.h.clock.advance(Duration.ofSeconds(1));
		this.h.core.speculate();
		TaskDescriptor copy = this.h.pollOne("a");

		this.h.succeed("b", slow, 2);

		assertThat(this.h.cluster.kills).containsExactly("a " + copy.attemptId());
		assertThat(this.h.store.attempts.get(copy.attemptId())).isEqualTo(TaskStatus.KILLED);
		assertThat(jobCount(this.h, "j")).isEqualTo(3);
	}

	// ------------------------------------------------------------------ locality

	@Test
	void aTaskReadingACachedPartitionWaitsForTheExecutorHoldingIt() {
		this.h.executor("a", 2);
		this.h.executor("holder", 2);
		ActiveJob job = cachedJob("j");
		this.h.start(job);

		assertThat(this.h.poll("a", 2)).isEmpty();
		assertThat(this.h.poll("holder", 2)).extracting(TaskDescriptor::partition).containsExactlyInAnyOrder(0, 1);
	}

	@Test
	void whenTheExecutorHoldingACachedPartitionIsLostItsTaskRunsAnywhere() {
		this.h.executor("a", 2);
		this.h.executor("holder", 2);
		this.h.start(cachedJob("j"));
		assertThat(this.h.poll("a", 2)).isEmpty();

		this.h.cluster.remove("holder");
		this.h.core.executorLost("holder", "no heartbeat");

		assertThat(this.h.poll("a", 2)).extracting(TaskDescriptor::partition).containsExactlyInAnyOrder(0, 1);
	}

	/** A job whose two partitions read a dataset cached on executor "holder". */
	private ActiveJob cachedJob(String id) {
		return this.h.cachedJob(id, "holder");
	}

	// ------------------------------------------------------------------ admission and
	// fairness

	@Test
	void jobsBeyondTheRunningLimitWaitAndAWaitingJobCancelsAtOnce() {
		this.h = new CoreHarness(new RoundRobinPolicy(), 4, 1, SchedulerSettings.Speculation.OFF);
		this.h.executor("a", 4);
		this.h.start(countJob("first", 1));
		this.h.start(countJob("second", 1));
		this.h.start(countJob("third", 1));
		List<TaskDescriptor> tasks = this.h.poll("a", 4);
		assertThat(tasks).extracting(TaskDescriptor::jobId).containsExactly("first");

		CompletableFuture<JobStatus> cancelled = this.h.core.cancel("third");
		assertThat(cancelled).isCompletedWithValue(JobStatus.CANCELLED);
		assertThat(this.h.poll("a", 4)).as("no task of a waiting job is handed out").isEmpty();

		this.h.succeed("a", tasks.get(0), 1);
		assertThat(this.h.poll("a", 4)).extracting(TaskDescriptor::jobId).containsExactly("second");
		assertThat(this.h.store.jobs.get("third")).isEqualTo(JobStatus.CANCELLED);
	}

	@Test
	void roundRobinHandsOutASmallJobsTasksWhileABigJobHasTenThousandQueued() {
		this.h.executor("a", 4);
		this.h.start(countJob("big", 10_000));
		assertThat(this.h.pollOne("a").jobId()).isEqualTo("big");
		this.h.start(countJob("small", 2));

		List<TaskDescriptor> next = this.h.poll("a", 4);

		assertThat(next).extracting(TaskDescriptor::jobId).containsExactly("big", "small", "big", "small");
		next.stream().filter(t -> t.jobId().equals("small")).forEach(t -> this.h.succeed("a", t, 1));
		assertThat(this.h.store.lastJobLine("small")).startsWith("job small SUCCEEDED");
	}

	@Test
	void fifoRunsTheOlderJobsTasksFirst() {
		this.h = new CoreHarness(new FifoPolicy(), 4, 16, SchedulerSettings.Speculation.OFF);
		this.h.executor("a", 4);
		this.h.start(countJob("big", 10_000));
		this.h.start(countJob("small", 2));

		assertThat(this.h.poll("a", 4)).extracting(TaskDescriptor::jobId).containsOnly("big");
	}

	// ------------------------------------------------------------------ dispatch

	@Test
	void aReportThatOffersItsSlotGetsTheNextTaskAndAParkedPollIsAnsweredWhenTasksArrive() {
		this.h.executor("a", 1);
		List<List<TaskDescriptor>> delivered = new ArrayList<>();
		TaskSink sink = new TaskSink() {

			@Override
			public boolean isOpen() {
				return delivered.isEmpty();
			}

			@Override
			public boolean deliver(List<TaskDescriptor> tasks) {
				return delivered.add(tasks);
			}

		};
		assertThat(this.h.core.poll("a", 1, sink)).isEmpty();
		assertThat(this.h.core.parkedPolls()).isEqualTo(1);

		this.h.start(countJob("j", 2));

		assertThat(delivered).singleElement().satisfies(tasks -> assertThat(tasks).hasSize(1));
		List<TaskDescriptor> next = this.h.succeed("a", delivered.get(0).get(0), 1, 1);
		assertThat(next).singleElement()
			.satisfies(t -> assertThat(t.partition()).isNotEqualTo(delivered.get(0).get(0).partition()));
		assertThat(this.h.succeed("a", next.get(0), 1, 1)).as("nothing left: empty at once").isEmpty();
	}

	@Test
	void whilePausedNoTaskIsHandedOutButReportsAreKeptAndWorkResumesAfter() {
		this.h.executor("a", 1);
		this.h.start(countJob("j", 2));
		TaskDescriptor first = this.h.pollOne("a");

		this.h.core.pause(true);
		assertThat(this.h.succeed("a", first, 1, 1)).as("the report is applied, no task comes back").isEmpty();
		assertThat(this.h.poll("a", 1)).isEmpty();
		assertThat(this.h.store.attempts.get(first.attemptId())).isEqualTo(TaskStatus.SUCCEEDED);
		assertThat(this.h.store.lastJobLine("j")).isEqualTo("job j RUNNING");

		this.h.core.pause(false);
		this.h.succeed("a", this.h.pollOne("a"), 2);
		assertThat(jobCount(this.h, "j")).isEqualTo(3);
	}

	@Test
	void aJobsEndIsAcknowledgedOnlyOnceItIsStored() {
		this.h.store.holdEnds = true;
		this.h.executor("a", 1);
		this.h.start(countJob("j", 1));
		CompletableFuture<Void> finished = this.h.core.whenFinished("j");
		this.h.succeed("a", this.h.pollOne("a"), 5);

		assertThat(this.h.store.lastJobLine("j")).startsWith("job j SUCCEEDED");
		assertThat(finished).as("recorded, not yet stored").isNotDone();
		assertThat(this.h.core.isActive("j")).isTrue();

		this.h.store.ends.get("j").complete(null);

		assertThat(finished).isDone();
		assertThat(this.h.core.isActive("j")).isFalse();
		assertThat(this.h.cluster.dropped).containsExactly("j");
	}

	@Test
	void aLateOrForeignReportChangesNothing() {
		this.h.executor("a", 1);
		this.h.executor("b", 1);
		this.h.start(countJob("j", 1));
		TaskDescriptor t = this.h.pollOne("a");

		this.h.succeed("b", t, 999);
		assertThat(this.h.store.attempts.get(t.attemptId())).as("b does not run it").isEqualTo(TaskStatus.RUNNING);
		this.h.succeed("a", t, 1);
		this.h.succeed("a", t, 999);
		assertThat(jobCount(this.h, "j")).isEqualTo(1);
	}

	@Test
	void aCancelKillsRunningTasksAndEndsOnceTheyStopped() {
		this.h.executor("a", 2);
		this.h.start(countJob("j", 3));
		List<TaskDescriptor> running = this.h.poll("a", 2);

		CompletableFuture<JobStatus> cancel = this.h.core.cancel("j");

		assertThat(cancel).isCompletedWithValue(JobStatus.CANCELLING);
		assertThat(this.h.cluster.kills).hasSize(2);
		assertThat(this.h.poll("a", 2)).isEmpty();
		this.h.report("a", running.get(0), dev.kindling.protocol.TaskReport.State.KILLED, "killed", false, null, null,
				0);
		assertThat(this.h.store.jobs.get("j")).isEqualTo(JobStatus.CANCELLING);
		this.h.report("a", running.get(1), dev.kindling.protocol.TaskReport.State.KILLED, "killed", false, null, null,
				0);
		assertThat(this.h.store.jobs.get("j")).isEqualTo(JobStatus.CANCELLED);
		assertThat(this.h.core.cancel("j")).as("ended: nothing more to cancel here").isNull();
	}

}
