package dev.kindling.scheduler.core;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kindling.protocol.MigrationReport.ShuffleOutput;
import dev.kindling.protocol.TaskDescriptor;
import dev.kindling.protocol.TaskDescriptor.MapOutputLocation;
import dev.kindling.state.TaskStatus;

import static dev.kindling.scheduler.core.CoreHarness.countJob;
import static dev.kindling.scheduler.core.CoreHarness.groupJob;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decommissioning, as Spark 3.1+ does it, in the core alone (fake clock, scripted
 * executors): a DECOMMISSIONING executor takes no new task but finishes its own; the map
 * output it hands on is read at its new place and survives its leaving; what it leaves
 * behind is recomputed without counting against the job.
 */
class DecommissionTest {

	private CoreHarness h = new CoreHarness();

	private static long jobCount(CoreHarness h, String jobId) {
		String line = h.store.lastJobLine(jobId);
		return Long.parseLong(line.replaceAll(".*\\{\"count\":(\\d+)}.*", "$1"));
	}

	private List<String> events(String type) {
		return this.h.events.stream().filter((e) -> e.startsWith(type + " ")).toList();
	}

	@Test
	void aDecommissionedExecutorTakesNoNewTaskButItsRunningAttemptsFinishAndCount() {
		this.h.executor("a", 2);
		this.h.executor("b", 2);
		this.h.start(countJob("j", 4));
		List<TaskDescriptor> onA = this.h.poll("a", 2);

		assertThat(this.h.core.decommission("a", "SIGTERM")).isTrue();

		assertThat(this.h.poll("a", 2)).as("no new task for a leaving executor").isEmpty();
		assertThat(this.h.succeed("a", onA.get(0), 10, 1)).as("nor on a report that offers its slot").isEmpty();
		this.h.succeed("a", onA.get(1), 10);
		List<TaskDescriptor> onB = this.h.poll("b", 2);
		assertThat(onB).extracting(TaskDescriptor::partition).doesNotContainAnyElementsOf(List.of(0, 1));
		onB.forEach((t) -> this.h.succeed("b", t, 10));

		assertThat(jobCount(this.h, "j")).isEqualTo(40);
		assertThat(this.h.store.count(TaskStatus.SUCCEEDED)).isEqualTo(4);
		assertThat(this.h.store.count(TaskStatus.FAILED) + this.h.store.count(TaskStatus.LOST)).isZero();
		assertThat(events("EXECUTOR_DECOMMISSIONING")).singleElement()
			.asString()
			.contains("executor a is decommissioned (SIGTERM)");
		assertThat(this.h.core.decommission("a", "again")).as("repeating it changes nothing").isFalse();
	}

	@Test
	void aParkedPollOfADecommissionedExecutorIsAnsweredEmptyAtOnceAndNoneIsParkedAfter() {
		this.h.executor("a", 1);
		List<List<TaskDescriptor>> delivered = new ArrayList<>();
		TaskSink sink = sink(delivered);
		assertThat(this.h.core.poll("a", 1, sink)).isEmpty();
		assertThat(this.h.core.parkedPolls()).isEqualTo(1);

		this.h.core.decommission("a", "drained by an operator");

		assertThat(delivered).containsExactly(List.of());
		assertThat(this.h.core.parkedPolls()).isZero();
		assertThat(this.h.core.poll("a", 1, sink(new ArrayList<>()))).isEmpty();
		assertThat(this.h.core.parkedPolls()).as("a leaving executor's poll is answered, not parked").isZero();
	}

	@Test
	void aTaskWaitingForADecommissionedExecutorsCachedPartitionRunsElsewhere() {
		this.h.executor("a", 2);
		this.h.executor("holder", 2);
		this.h.start(this.h.cachedJob("j", "holder"));
		assertThat(this.h.poll("a", 2)).isEmpty();

		this.h.core.decommission("holder", "SIGTERM");

		assertThat(this.h.poll("a", 2)).extracting(TaskDescriptor::partition).containsExactlyInAnyOrder(0, 1);
	}

	@Test
	void shuffleOutputHandedOnIsReadAtItsNewPlaceAndNotRecomputedWhenItsExecutorLeaves() {
		this.h.executor("a", 2);
		this.h.executor("b", 2);
		this.h.start(groupJob("g", 2));
		this.h.poll("a", 2).forEach((m) -> this.h.succeed("a", m, 0));
		this.h.core.decommission("a", "SIGTERM");

		int moved = this.h.core.outputsMoved("a",
				List.of(new ShuffleOutput("g", 0, 0, "b"), new ShuffleOutput("g", 0, 1, "b")));
		this.h.cluster.remove("a");
		this.h.core.executorLost("a", "deregistered");

		assertThat(moved).isEqualTo(2);
		assertThat(events("SHUFFLE_MIGRATED")).singleElement()
			.asString()
			.isEqualTo("SHUFFLE_MIGRATED 2 shuffle outputs of stage 0 moved from a to b: reduce tasks read them there");
		assertThat(events("STAGE_RESUBMITTED")).as("nothing to recompute").isEmpty();
		assertThat(events("SHUFFLE_RECOMPUTED")).isEmpty();
		List<TaskDescriptor> reduces = this.h.poll("b", 2);
		assertThat(reduces).extracting(TaskDescriptor::stageId).containsExactly(1, 1);
		assertThat(reduces.get(0).shuffleInputs().get(0)).allSatisfy((l) -> {
			assertThat(l.executorId()).isEqualTo("b");
			assertThat(l.url()).isEqualTo("http://b");
		});
		this.h.succeed("b", reduces.get(0), 3);
		this.h.succeed("b", reduces.get(1), 4);
		assertThat(jobCount(this.h, "g")).isEqualTo(7);
	}

	@Test
	void aReduceTaskThatMissesAMovedOutputIsToldWhereItIsNow() {
		this.h.executor("a", 2);
		this.h.executor("b", 2);
		this.h.start(groupJob("g", 2));
		this.h.poll("a", 2).forEach((m) -> this.h.succeed("a", m, 0));
		TaskDescriptor reduce = this.h.pollOne("b");
		assertThat(reduce.shuffleInputs().get(0)).extracting(MapOutputLocation::executorId).containsOnly("a");

		this.h.core.decommission("a", "SIGTERM");
		this.h.core.outputsMoved("a", List.of(new ShuffleOutput("g", 0, 1, "b")));

		assertThat(this.h.core.mapOutput("g", 0, 1)).isEqualTo(new MapOutputLocation(1, "b", "http://b", 0));
		assertThat(this.h.core.mapOutput("g", 0, 0)).as("not moved: still where it was")
			.isEqualTo(new MapOutputLocation(0, "a", "http://a", 0));
		assertThat(this.h.core.mapOutput("g", 0, 5)).isNull();
		assertThat(this.h.core.mapOutput("nope", 0, 0)).isNull();
	}

	@Test
	void outputLeftOnADecommissionedExecutorIsRecomputedWithoutCountingAgainstTheJob() {
		// One attempt per stage allowed: a loss that counted would fail the job.
		this.h = new CoreHarness(new RoundRobinPolicy(), 1, 16, SchedulerSettings.Speculation.OFF);
		this.h.executor("a", 2);
		this.h.executor("b", 2);
		this.h.start(groupJob("g", 2));
		this.h.poll("a", 2).forEach((m) -> this.h.succeed("a", m, 0));
		this.h.core.decommission("a", "SIGTERM");
		this.h.core.outputsMoved("a", List.of(new ShuffleOutput("g", 0, 0, "b")));

		this.h.cluster.remove("a");
		this.h.core.executorLost("a", "deregistered");

		assertThat(events("SHUFFLE_RECOMPUTED")).singleElement()
			.asString()
			.contains("1 shuffle output of stage 0 left with decommissioned executor a: recomputed from lineage");
		assertThat(events("STAGE_RESUBMITTED")).hasSize(1);
		TaskDescriptor rerun = this.h.pollOne("b");
		assertThat(rerun.stageId()).isZero();
		assertThat(rerun.partition()).isEqualTo(1);
		this.h.succeed("b", rerun, 0);
		this.h.poll("b", 2).forEach((r) -> this.h.succeed("b", r, 5));
		assertThat(jobCount(this.h, "g")).isEqualTo(10);
	}

	@Test
	void aMoveToAnExecutorThatIsLeavingTooIsIgnoredAndTheOutputStaysWhereItWas() {
		this.h.executor("a", 2);
		this.h.executor("b", 2);
		this.h.executor("c", 2);
		this.h.start(groupJob("g", 2));
		this.h.poll("a", 2).forEach((m) -> this.h.succeed("a", m, 0));
		this.h.core.decommission("a", "SIGTERM");
		this.h.core.decommission("b", "SIGTERM");

		assertThat(this.h.core.outputsMoved("a", List.of(new ShuffleOutput("g", 0, 0, "b")))).isZero();
		assertThat(this.h.core.outputsMoved("b", List.of(new ShuffleOutput("g", 0, 1, "c"))))
			.as("only the executor holding an output can hand it on")
			.isZero();
		assertThat(this.h.core.mapOutput("g", 0, 0).executorId()).isEqualTo("a");
		assertThat(events("SHUFFLE_MIGRATED")).isEmpty();
	}

	@Test
	void aRetryDoesNotWaitForALeavingExecutorWhenItIsTheOnlyOneItHasNotFailedOn() {
		this.h.executor("a", 1);
		this.h.executor("b", 1);
		this.h.start(countJob("j", 1));
		TaskDescriptor first = this.h.pollOne("a");
		this.h.core.decommission("b", "SIGTERM");

		this.h.fail("a", first, "disk hiccup", false);

		assertThat(this.h.poll("a", 1)).as("b takes no task, so the retry may run where it failed")
			.extracting(TaskDescriptor::attempt)
			.containsExactly(2);
	}

	private static TaskSink sink(List<List<TaskDescriptor>> delivered) {
		return new TaskSink() {

			@Override
			public boolean isOpen() {
				return delivered.isEmpty();
			}

			@Override
			public boolean deliver(List<TaskDescriptor> tasks) {
				return delivered.add(tasks);
			}

		};
	}

}
