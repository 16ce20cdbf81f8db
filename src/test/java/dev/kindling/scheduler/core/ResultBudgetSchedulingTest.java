package dev.kindling.scheduler.core;

import java.time.Instant;
import java.util.List;
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
 * A collect's result budget (the harness's max result size is 1 MiB): each task is given
 * what is left of it, a task's result is checked against it before anything of it is
 * stored, and a job past it fails with Spark's words, once, with no partial result of the
 * refused task stored.
 */
class ResultBudgetSchedulingTest {

	static final long LIMIT = 1 << 20;

	final CoreHarness h = new CoreHarness();

	static ActiveJob collectJob(String id, int splits) {
		JobSpec spec = CoreHarness.JSON.readValue(
				"{\"name\":\"t\",\"source\":{\"format\":\"csv\",\"path\":\"n.csv\","
						+ "\"header\":true,\"schema\":\"s STRING\"},\"pipeline\":[],\"action\":{\"type\":\"collect\"}}",
				JobSpec.class);
		List<StagePlanner.ScanStats> scans = List.of(new StagePlanner.ScanStats(splits, 1L << 30));
		PlannedJob plan = new JobPlanner(1000).plan(spec, 2, scans, Set.of(), -1);
		return new ActiveJob(id, "test",
				new ActiveJob.Inputs(spec, plan, scans, -1, 2, java.util.Map.of(), List.of(), "v1", null),
				JobStatus.QUEUED, Instant.parse("2026-01-01T00:00:00Z"));
	}

	static TaskReport.Result rows(int chars) {
		return new TaskReport.Result(null, List.of(new TaskReport.Column("s", "string")),
				List.of(List.of("x".repeat(chars))), null, null);
	}

	@Test
	void eachTaskIsGivenWhatIsLeftAndTheTaskThatPassesItFailsTheJobWithNothingOfItStored() {
		this.h.executor("e1", 1);
		ActiveJob job = this.h.start(collectJob("j1", 3));
		TaskDescriptor first = this.h.pollOne("e1");
		assertThat(first.resultBudget()).isEqualTo(LIMIT);
		this.h.report("e1", first, TaskReport.State.SUCCEEDED, null, false, null, rows(400_000), 0);
		String stored = this.h.store.outputs.get(first.attemptId());
		assertThat(stored).as("a partial result within the budget is kept for a restart").isNotNull();

		TaskDescriptor second = this.h.pollOne("e1");
		assertThat(second.resultBudget()).isEqualTo(LIMIT - stored.length());
		this.h.report("e1", second, TaskReport.State.SUCCEEDED, null, false, null, rows(700_000), 0);

		assertThat(job.status()).isEqualTo(JobStatus.FAILED);
		assertThat(this.h.store.outputs).as("the refused task's rows are never stored")
			.doesNotContainKey(second.attemptId());
		assertThat(this.h.store.attempts.get(second.attemptId())).isEqualTo(TaskStatus.FAILED);
		assertThat(String.join("\n", this.h.store.log))
			.containsPattern("job j1 FAILED: Total size of serialized results of 2 tasks \\(1074\\.\\d KiB\\) is "
					+ "bigger than kindling.driver.max-result-size \\(1024\\.0 KiB\\)");
	}

	@Test
	void aTaskThatStoppedAtItsBudgetFailsTheJobAtOnceWithoutARetry() {
		this.h.executor("e1", 2);
		ActiveJob job = this.h.start(collectJob("j2", 2));
		List<TaskDescriptor> tasks = this.h.poll("e1", 2);
		assertThat(tasks).hasSize(2).allSatisfy(t -> assertThat(t.resultBudget()).isEqualTo(LIMIT));
		TaskDescriptor t = tasks.get(0);
		TaskReport stopped = new TaskReport(t.attemptId(), t.jobId(), t.stageId(), t.stageAttempt(), t.partition(),
				t.attempt(), "e1", TaskReport.State.FAILED, "rows past the budget", true, null,
				new TaskReport.Metrics(1, 1, 1, 0, 0, 5, 0), null, List.of(), LIMIT + 1000);
		this.h.core.report(stopped, null, 0);

		assertThat(job.status()).isEqualTo(JobStatus.FAILED);
		assertThat(this.h.store.count(TaskStatus.QUEUED)).as("no retry").isZero();
		assertThat(String.join(" ", this.h.cluster.kills)).as("the other task is stopped")
			.contains(tasks.get(1).attemptId());
		assertThat(String.join("\n", this.h.store.log))
			.contains("job j2 FAILED: Total size of serialized results of 1 tasks (1025.0 KiB) is bigger than "
					+ "kindling.driver.max-result-size (1024.0 KiB)");
	}

	@Test
	void aPartialResultTooBigForOneRowIsKeptInMemoryOnlyAndStillCounts() {
		this.h.executor("e1", 1);
		ActiveJob job = this.h.start(collectJob("j4", 2));
		TaskDescriptor first = this.h.pollOne("e1");
		this.h.report("e1", first, TaskReport.State.SUCCEEDED, null, false, null,
				rows(ResultBudget.MAX_STORED_OUTPUT_CHARS + 1), 0);
		assertThat(this.h.store.outputs).as("no row holds more than a chunk").doesNotContainKey(first.attemptId());
		assertThat(this.h.store.attempts.get(first.attemptId())).isEqualTo(TaskStatus.SUCCEEDED);
		assertThat(this.h.pollOne("e1").resultBudget()).isLessThan(LIMIT - ResultBudget.MAX_STORED_OUTPUT_CHARS);
		assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
	}

	@Test
	void aResumedJobCountsThePartialResultsAPreviousDriverStored() {
		this.h.executor("e1", 1);
		ActiveJob job = collectJob("j5", 2);
		TaskReport.Result stored = rows(300_000);
		long chars = CoreHarness.JSON.writeValueAsString(stored).length();
		this.h.core.resume(job, List.of(new StoredAttempt("j5:0.0:0.1", 0, 0, 1, TaskStatus.SUCCEEDED, stored, chars)));
		assertThat(this.h.pollOne("e1").resultBudget()).isEqualTo(LIMIT - chars);
	}

	@Test
	void aSucceededCountKeepsItsFewBytesOfPartialOutputWhileCollectedRowsAndAFailedJobsGo() {
		this.h.executor("e1", 2);
		this.h.start(CoreHarness.countJob("count", 2));
		for (TaskDescriptor t : this.h.poll("e1", 2)) {
			this.h.report("e1", t, TaskReport.State.SUCCEEDED, null, false, null,
					new TaskReport.Result(7L, null, null, null, null), 0);
		}
		assertThat(this.h.store.lastJobLine("count")).startsWith("job count SUCCEEDED");
		assertThat(this.h.store.outputs.keySet()).as("a count's outputs stay: dropping them rewrites every row")
			.hasSize(2)
			.allSatisfy((attempt) -> assertThat(attempt).startsWith("count:"));

		this.h.start(collectJob("rows", 2));
		for (TaskDescriptor t : this.h.poll("e1", 2)) {
			this.h.report("e1", t, TaskReport.State.SUCCEEDED, null, false, null,
					rows(ResultBudget.KEPT_OUTPUT_CHARS_PER_TASK), 0);
		}
		assertThat(this.h.store.lastJobLine("rows")).startsWith("job rows SUCCEEDED");
		assertThat(this.h.store.outputs.keySet()).as("collected rows are dropped with the job's end")
			.noneMatch((attempt) -> attempt.startsWith("rows:"));

		this.h.start(CoreHarness.countJob("fails", 2));
		List<TaskDescriptor> tasks = this.h.poll("e1", 2);
		this.h.report("e1", tasks.get(0), TaskReport.State.SUCCEEDED, null, false, null,
				new TaskReport.Result(7L, null, null, null, null), 0);
		this.h.report("e1", tasks.get(1), TaskReport.State.FAILED, "bad record", true, null, null, 0);
		assertThat(this.h.store.lastJobLine("fails")).startsWith("job fails FAILED");
		assertThat(this.h.store.outputs.keySet()).as("a job that failed leaves nothing behind")
			.noneMatch((attempt) -> attempt.startsWith("fails:"));
	}

	@Test
	void aCountIsNotGivenABudget() {
		this.h.executor("e1", 1);
		this.h.start(CoreHarness.countJob("j3", 1));
		assertThat(this.h.pollOne("e1").resultBudget()).isNull();
	}

	@Test
	void sizesAreWrittenAsSparkWritesThem() {
		assertThat(ResultBudget.bytesToString(1000)).isEqualTo("1000.0 B");
		assertThat(ResultBudget.bytesToString(64L << 20)).isEqualTo("64.0 MiB");
		assertThat(ResultBudget.bytesToString(3L << 30)).isEqualTo("3.0 GiB");
		assertThat(ResultBudget.bytesToString(3000)).isEqualTo("2.9 KiB");
	}

}
