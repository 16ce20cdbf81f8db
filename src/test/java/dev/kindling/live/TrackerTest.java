package dev.kindling.live;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kindling.state.JobStatus;
import dev.kindling.job.JobViews.JobView;
import dev.kindling.job.JobViews.Progress;
import dev.kindling.job.JobViews.StageView;
import dev.kindling.job.JobViews.TaskView;
import dev.kindling.state.StageStatus;
import dev.kindling.state.TaskStatus;
import dev.kindling.live.LiveViews.ProgressUpdate;
import dev.kindling.live.LiveViews.StageUpdate;
import dev.kindling.state.StateChange.AttemptEnded;
import dev.kindling.state.StateChange.AttemptQueued;
import dev.kindling.state.StateChange.AttemptStarted;
import dev.kindling.state.StateChange.JobAccepted;
import dev.kindling.state.StateChange.JobStatusChanged;
import dev.kindling.state.StateChange.NewStage;
import dev.kindling.state.StateChange.StageAdapted;
import dev.kindling.state.StateChange.StageShuffle;
import dev.kindling.state.StateChange.StageStatusChanged;
import dev.kindling.state.StateChange;
import dev.kindling.state.StateWriter.AttemptCounters;

import static org.assertj.core.api.Assertions.assertThat;

/** The feed's counts follow the job API's rules, change by change. */
class TrackerTest {

	private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

	private final Tracker tracker = new Tracker();

	private final List<Tracker.Out> out = new ArrayList<>();

	private void apply(StateChange... changes) {
		this.out.clear();
		this.out.addAll(this.tracker.apply(List.of(changes)));
	}

	private <T> T last(String type, Class<T> data) {
		for (int i = this.out.size() - 1; i >= 0; i--) {
			if (this.out.get(i).type().equals(type)) {
				return data.cast(this.out.get(i).data());
			}
		}
		throw new AssertionError("no " + type + " event in " + this.out);
	}

	private static String attempt(int stage, int partition, int attempt) {
		return "j1:" + stage + ".0:" + partition + "." + attempt;
	}

	private void accept() {
		apply(new JobAccepted("j1", "two-stages", T,
				List.of(new NewStage(0, "MAP", 2, List.of()), new NewStage(1, "RESULT", 1, List.of(0)))));
	}

	@Test
	void anAcceptedJobIsAnnouncedWithItsStagesAndNothingDone() {
		accept();
		assertThat(this.out).extracting(Tracker.Out::type).containsExactly("job", "stage", "stage", "progress");
		assertThat(last("progress", ProgressUpdate.class).progress()).isEqualTo(new Progress(3, 3, 0, 0, 0, 0, 0));
		assertThat(last("job", JobView.class).status()).isEqualTo(JobStatus.QUEUED);
	}

	@Test
	void countsRetriesAndLostAttemptsAsTheJobDocumentDoes() {
		accept();
		apply(new StageStatusChanged("j1", 0, StageStatus.RUNNING, 0, T),
				new AttemptQueued("j1", attempt(0, 0, 0), 0, 0, 0, 0, T),
				new AttemptQueued("j1", attempt(0, 1, 0), 0, 0, 1, 0, T));
		apply(new AttemptStarted("j1", attempt(0, 0, 0), "e1", T.plusMillis(1)),
				new AttemptStarted("j1", attempt(0, 1, 0), "e2", T.plusMillis(1)),
				new JobStatusChanged("j1", JobStatus.RUNNING, T.plusMillis(1)));
		assertThat(last("stage", StageUpdate.class).progress()).isEqualTo(new Progress(2, 0, 2, 0, 0, 0, 0));
		assertThat(last("job", JobView.class).startedAt()).isEqualTo(T.plusMillis(1));

		apply(endOf(attempt(0, 0, 0), TaskStatus.FAILED, null), endOf(attempt(0, 1, 0), TaskStatus.LOST, null),
				new AttemptQueued("j1", attempt(0, 0, 1), 0, 0, 0, 1, T),
				new AttemptQueued("j1", attempt(0, 1, 1), 0, 0, 1, 1, T));
		assertThat(last("stage", StageUpdate.class).progress()).as("failed and lost both count as failed")
			.isEqualTo(new Progress(2, 2, 0, 0, 2, 0, 0));

		apply(new AttemptStarted("j1", attempt(0, 0, 1), "e2", T.plusMillis(1)),
				endOf(attempt(0, 0, 1), TaskStatus.SUCCEEDED, 0), new StageShuffle("j1", 0, 100, 0));
		StageUpdate stage = last("stage", StageUpdate.class);
		assertThat(stage.progress()).isEqualTo(new Progress(2, 1, 0, 1, 2, 0, 1));
		assertThat(stage.shuffleBytesWritten()).isEqualTo(100);
		TaskView task = last("task", TaskView.class);
		assertThat(task.status()).isEqualTo(TaskStatus.SUCCEEDED);
		assertThat(task.executorId()).isEqualTo("e2");
		assertThat(task.slot()).isZero();
		assertThat(task.durationMs()).isEqualTo(2);
		assertThat(task.partition()).isZero();
		assertThat(task.attempt()).isOne();
	}

	@Test
	void aStageAdaptiveExecutionChangedCountsItsNewTasks() {
		apply(new JobAccepted("j1", "adaptive", T,
				List.of(new NewStage(0, "MAP", 2, List.of()), new NewStage(1, "RESULT", 8, List.of(0)))));
		assertThat(last("progress", ProgressUpdate.class).progress().totalTasks()).isEqualTo(10);
		apply(new StageAdapted("j1", 1, 3));
		assertThat(last("stage", StageUpdate.class).numTasks()).isEqualTo(3);
		assertThat(last("progress", ProgressUpdate.class).progress()).isEqualTo(new Progress(5, 5, 0, 0, 0, 0, 0));
	}

	@Test
	void aJobsEndComesAfterItsLastStageAndProgressAndForgetsTheJob() {
		accept();
		apply(new AttemptQueued("j1", attempt(0, 0, 0), 0, 0, 0, 0, T),
				new AttemptStarted("j1", attempt(0, 0, 0), "e1", T));
		apply(endOf(attempt(0, 0, 0), TaskStatus.KILLED, null),
				new StageStatusChanged("j1", 0, StageStatus.CANCELLED, 0, T.plusSeconds(1)),
				new StageStatusChanged("j1", 1, StageStatus.CANCELLED, 0, T.plusSeconds(1)),
				new JobStatusChanged("j1", JobStatus.CANCELLED, T.plusSeconds(1)));
		assertThat(this.out).extracting(Tracker.Out::type).containsExactly("task", "stage", "stage", "progress", "job");
		assertThat(last("progress", ProgressUpdate.class).progress()).isEqualTo(new Progress(3, 3, 0, 0, 0, 1, 0));
		JobView end = last("job", JobView.class);
		assertThat(end.status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(end.durationMs()).isEqualTo(1000);
		assertThat(this.tracker.size()).isZero();

		apply(endOf(attempt(0, 1, 0), TaskStatus.KILLED, null));
		assertThat(this.out).as("a straggling change of an ended job").isEmpty();
	}

	@Test
	void aTasksSpillsShowOnItAndAddUpOnItsStage() {
		accept();
		apply(new AttemptQueued("j1", attempt(0, 0, 0), 0, 0, 0, 0, T),
				new AttemptQueued("j1", attempt(0, 1, 0), 0, 0, 1, 0, T));
		apply(new AttemptStarted("j1", attempt(0, 0, 0), "e1", T), new AttemptStarted("j1", attempt(0, 1, 0), "e1", T));
		apply(new AttemptEnded("j1", attempt(0, 0, 0), TaskStatus.SUCCEEDED, T.plusMillis(3), null,
				new AttemptCounters(10, 5, 100, 0, 0, 0, 3, 4096, 0)));
		assertThat(last("task", TaskView.class).spills()).isEqualTo(3);
		assertThat(last("task", TaskView.class).spillBytes()).isEqualTo(4096);
		apply(new AttemptEnded("j1", attempt(0, 1, 0), TaskStatus.SUCCEEDED, T.plusMillis(3), null,
				new AttemptCounters(10, 5, 100, 0, 0, 0, 1, 1000, 1)));
		StageUpdate stage = last("stage", StageUpdate.class);
		assertThat(stage.spills()).isEqualTo(4);
		assertThat(stage.spillBytes()).isEqualTo(5096);
	}

	@Test
	void aResumedJobStartsFromTheDatabasesCounts() {
		StageView stage = new StageView(0, StageStatus.RUNNING, 0, "RESULT", 2, List.of(), null, 0, 0, 0, 0, T, null,
				"");
		JobView job = new JobView("j1", "resumed", JobStatus.RUNNING, T, T, null, null, null, null, null,
				List.of(stage), "alice", "default");
		TaskView done = new TaskView(attempt(0, 0, 0), 0, 0, 0, 0, TaskStatus.SUCCEEDED, "e1", 0, T, T, T, 0L, 1, 1, 1,
				0, 0, 0, 0, 0, null, null);
		TaskView running = new TaskView(attempt(0, 1, 0), 0, 0, 1, 0, TaskStatus.RUNNING, "e1", null, T, T, null, null,
				0, 0, 0, 0, 0, 0, 0, 0, null, null);
		StateChange lost = endOf(attempt(0, 1, 0), TaskStatus.LOST, null);
		assertThat(this.tracker.needsSeed(lost)).isTrue();
		this.tracker.seed("j1", new Tracker.Seed(job, List.of(done, running)));
		assertThat(this.tracker.needsSeed(lost)).isFalse();
		apply(lost);
		assertThat(last("stage", StageUpdate.class).progress()).isEqualTo(new Progress(2, 1, 0, 1, 1, 0, 1));
	}

	private static AttemptEnded endOf(String attemptId, TaskStatus status, Integer slot) {
		return new AttemptEnded("j1", attemptId, status, T.plusMillis(3), status == TaskStatus.FAILED ? "boom" : null,
				new AttemptCounters(10, 5, 100, 0, 0, 0, 0, 0, slot));
	}

}
