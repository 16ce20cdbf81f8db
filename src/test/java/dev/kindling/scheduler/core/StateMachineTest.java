package dev.kindling.scheduler.core;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kindling.state.JobStatus;
import dev.kindling.state.StageStatus;
import dev.kindling.state.TaskStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each state machine has one transition point, and it refuses the moves drawn as absent.
 */
class StateMachineTest {

	@Test
	void aJobMovesOnlyAlongItsMachine() {
		ActiveJob job = CoreHarness.countJob("j", 1);
		job.moveTo(JobStatus.RUNNING);
		assertThatThrownBy(() -> job.moveTo(JobStatus.QUEUED)).isInstanceOf(IllegalStateException.class)
			.hasMessage("job j cannot go from RUNNING to QUEUED");
		job.moveTo(JobStatus.SUCCEEDED);
		for (JobStatus next : JobStatus.values()) {
			assertThat(JobStatus.SUCCEEDED.canMoveTo(next)).as("a final job stays").isFalse();
		}
		assertThat(JobStatus.CANCELLING.canMoveTo(JobStatus.FAILED)).isFalse();
	}

	@Test
	void aStageRunsAgainOnlyAfterItSucceeded() {
		StageRun stage = CoreHarness.countJob("j", 1).stages[0];
		assertThatThrownBy(() -> stage.moveTo(StageStatus.SUCCEEDED)).isInstanceOf(IllegalStateException.class);
		stage.moveTo(StageStatus.RUNNING);
		stage.moveTo(StageStatus.SUCCEEDED);
		stage.moveTo(StageStatus.WAITING);
		stage.moveTo(StageStatus.CANCELLED);
		assertThat(StageStatus.FAILED.canMoveTo(StageStatus.WAITING)).isFalse();
	}

	@Test
	void anAttemptNeverComesBack() {
		ActiveJob job = CoreHarness.countJob("j", 1);
		TaskSetManager set = new TaskSetManager(job, job.stages[0],
				new LiveCluster(new CoreHarness.FakeCluster(new CoreHarness.FakeClock())), "e");
		Attempt a = new Attempt(set, job.stages[0].parts[0], 1, false, List.of(), "e");
		assertThatThrownBy(() -> a.moveTo(TaskStatus.SUCCEEDED)).as("queued, never ran")
			.isInstanceOf(IllegalStateException.class);
		a.moveTo(TaskStatus.RUNNING);
		a.moveTo(TaskStatus.LOST);
		for (TaskStatus next : TaskStatus.values()) {
			assertThat(TaskStatus.LOST.canMoveTo(next)).isFalse();
		}
		assertThat(TaskStatus.QUEUED.canMoveTo(TaskStatus.KILLED)).isTrue();
	}

}
