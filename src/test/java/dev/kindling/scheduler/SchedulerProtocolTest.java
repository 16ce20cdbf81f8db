package dev.kindling.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kindling.protocol.PollRequest;
import dev.kindling.protocol.PollResponse;
import dev.kindling.protocol.TaskChannel;
import dev.kindling.protocol.TaskDescriptor;
import dev.kindling.protocol.TaskReport;

import static dev.kindling.scheduler.DriverHarness.SECRET;
import static dev.kindling.scheduler.DriverHarness.awaitStatus;
import static dev.kindling.scheduler.DriverHarness.get;
import static dev.kindling.scheduler.DriverHarness.submit;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler through its real protocol: a real driver over HTTP, and executors
 * scripted by the test, so each rule of DESIGN §7–§8 is checked one step at a time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kindling.role=driver", "kindling.security.allow-anonymous=true",
				"kindling.limits.min-split-size=1B", "kindling.security.shared-secret=" + SECRET,
				"kindling.executor.timeout=1500ms", "kindling.executor.heartbeat-interval=200ms",
				// each reduce partition is a task of its own here: the tests follow one
				// partition through failures (adaptive stages: AdaptiveSchedulingTest)
				"kindling.shuffle.partitions=2", "kindling.adaptive.enabled=false",
				"spring.datasource.url=jdbc:h2:mem:scheduler;DB_CLOSE_DELAY=-1" })
class SchedulerProtocolTest {

	@LocalServerPort
	int port;

	/**
	 * What local executors call in process (the bean exists wherever the driver runs).
	 */
	@Autowired
	TaskChannel inProcess;

	static final String DATA = DriverHarness.dataRoot("scheduler-test").toString();

	@DynamicPropertySource
	static void dataRoot(DynamicPropertyRegistry registry) {
		registry.add("kindling.data.root", () -> DATA);
	}

	private final List<ScriptedExecutor> executors = new ArrayList<>();

	/** A scripted executor that heartbeats in the background, as a live executor does. */
	private ScriptedExecutor executor(String name) {
		ScriptedExecutor e = new ScriptedExecutor("http://localhost:" + this.port, SECRET, name);
		e.startHeartbeats();
		this.executors.add(e);
		return e;
	}

	/**
	 * Leaves no queued task behind for the next test: cancels what is unfinished,
	 * silences executors.
	 */
	@AfterEach
	void cleanUp() {
		for (JsonNode job : get(this.port, "/api/v1/jobs?size=500").path("items")) {
			if (List.of("QUEUED", "RUNNING").contains(job.path("status").asString())) {
				DriverHarness.post(this.port, "/api/v1/jobs/" + job.path("id").asString() + "/cancel", "");
			}
		}
		this.executors.forEach(ScriptedExecutor::stopHeartbeats);
	}

	private double parkedPolls() {
		return get(this.port, "/actuator/metrics/kindling.polls.parked").path("measurements")
			.get(0)
			.path("value")
			.asDouble();
	}

	private static final String COUNT = "\"pipeline\":[],\"action\":{\"type\":\"count\"}";

	/**
	 * Tasks of earlier tests may still be queued; a scripted executor takes only this
	 * job's.
	 */
	private static List<JsonNode> tasksOf(ScriptedExecutor e, String jobId, int max, long waitMs) {
		List<JsonNode> mine = new ArrayList<>();
		for (JsonNode t : e.poll(max, waitMs)) {
			if (t.path("jobId").asString().equals(jobId)) {
				mine.add(t);
			}
		}
		return mine;
	}

	@Test
	void aParkedPollGetsAQueuedTaskAtOnceRatherThanAtTheEndOfItsWait() throws Exception {
		ScriptedExecutor e = executor("parked");
		double parkedBefore = parkedPolls();
		CompletableFuture<List<JsonNode>> poll = CompletableFuture.supplyAsync(() -> e.poll(1, 15_000));
		// Nothing is queued, so the driver holds the poll open.
		DriverHarness.await(Duration.ofSeconds(5), this::parkedPolls, n -> n > parkedBefore, "the poll to be parked");
		String job = submit(this.port, COUNT, 1);
		List<JsonNode> tasks = poll.get(10, TimeUnit.SECONDS);
		assertThat(tasks).hasSize(1);
		assertThat(tasks.get(0).path("jobId").asString()).isEqualTo(job);
		e.succeedCount(tasks.get(0), 2000);
		assertThat(awaitStatus(this.port, job, "SUCCEEDED").path("result").path("count").asLong()).isEqualTo(2000);
	}

	@Test
	void anInProcessPollWaitsForATaskAndEachInProcessReportBringsTheNextOne() throws Exception {
		ScriptedExecutor e = executor("in-process");
		double parkedBefore = parkedPolls();
		CompletableFuture<PollResponse> poll = CompletableFuture
			.supplyAsync(() -> inProcessPoll(e.id, new PollRequest(1, 15_000)));
		DriverHarness.await(Duration.ofSeconds(5), this::parkedPolls, n -> n > parkedBefore, "the poll to be parked");
		String job = submit(this.port, COUNT, 2);
		TaskDescriptor first = poll.get(10, TimeUnit.SECONDS).tasks().get(0);
		assertThat(first.jobId()).isEqualTo(job);
		assertThat(parkedPolls()).isEqualTo(parkedBefore);
		List<TaskDescriptor> next = this.inProcess.report(counted(first, e.id, 40), 1).tasks();
		assertThat(next).singleElement().satisfies(t -> assertThat(t.partition()).isEqualTo(1 - first.partition()));
		assertThat(this.inProcess.report(counted(next.get(0), e.id, 2), 1).tasks()).isEmpty();
		assertThat(awaitStatus(this.port, job, "SUCCEEDED").path("result").path("count").asLong()).isEqualTo(42);
	}

	@Test
	void anInProcessPollWithNothingToRunEndsEmptyAfterItsWaitAndIsNoLongerParked() {
		ScriptedExecutor e = executor("in-process-idle");
		double parkedBefore = parkedPolls();
		long start = System.nanoTime();
		PollResponse answer = inProcessPoll(e.id, new PollRequest(1, 300));
		assertThat(answer.tasks()).isEmpty();
		assertThat(answer.reregister()).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(parkedPolls()).isEqualTo(parkedBefore);
		// An executor the driver does not know is told to register, as over HTTP.
		assertThat(inProcessPoll("nobody", new PollRequest(1, 300)).reregister()).isTrue();
	}

	private PollResponse inProcessPoll(String executorId, PollRequest request) {
		try {
			return this.inProcess.poll(executorId, request);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static TaskReport counted(TaskDescriptor task, String executorId, long count) {
		return new TaskReport(task.attemptId(), task.jobId(), task.stageId(), task.stageAttempt(), task.partition(),
				task.attempt(), executorId, TaskReport.State.SUCCEEDED, null, false, null,
				new TaskReport.Metrics(1, 1, 1, 0, 0, 5, 0, null, null, null),
				new TaskReport.Result(count, null, null, null, null), null);
	}

	@Test
	void aReportThatOffersItsSlotGetsTheNextQueuedTaskInItsAnswer() {
		ScriptedExecutor e = executor("refill");
		String job = submit(this.port, COUNT, 3);
		List<JsonNode> first = tasksOf(e, job, 1, 2000);
		assertThat(first).hasSize(1);
		// One round trip per task: each report's answer carries the next one, with no
		// poll between.
		List<JsonNode> second = e.succeedCountAndTake(first.get(0), 1, 1);
		assertThat(second).singleElement().satisfies(t -> assertThat(t.path("jobId").asString()).isEqualTo(job));
		List<JsonNode> third = e.succeedCountAndTake(second.get(0), 10, 1);
		assertThat(third).hasSize(1);
		assertThat(List.of(first.get(0), second.get(0), third.get(0))).extracting(t -> t.path("partition").asInt())
			.containsExactlyInAnyOrder(0, 1, 2);
		// Nothing is left: the last answer is empty at once, never parked.
		assertThat(e.succeedCountAndTake(third.get(0), 100, 1)).isEmpty();
		assertThat(awaitStatus(this.port, job, "SUCCEEDED").path("result").path("count").asLong()).isEqualTo(111);
	}

	@Test
	void aFailedAttemptIsRetriedOnAnotherExecutorAndALateReportFromItIsIgnored() {
		ScriptedExecutor a = executor("a");
		ScriptedExecutor b = executor("b");
		String job = submit(this.port, COUNT, 1);
		JsonNode first = tasksOf(a, job, 1, 2000).get(0);
		a.fail(first, "disk hiccup", false);
		// The retry avoids the executor that failed it.
		assertThat(tasksOf(a, job, 1, 300)).isEmpty();
		JsonNode second = tasksOf(b, job, 1, 2000).get(0);
		assertThat(second.path("attempt").asInt()).isEqualTo(2);
		// A late, duplicate report of the first attempt changes nothing.
		a.succeedCount(first, 999);
		b.succeedCount(second, 2000);
		JsonNode done = awaitStatus(this.port, job, "SUCCEEDED");
		assertThat(done.path("result").path("count").asLong()).isEqualTo(2000);
		JsonNode tasks = get(this.port, "/api/v1/jobs/" + job + "/stages/0/tasks?size=1000").path("items");
		assertThat(tasks).hasSize(2);
		assertThat(tasks.get(0).path("status").asString()).isEqualTo("FAILED");
		assertThat(tasks.get(0).path("error").asString()).isEqualTo("disk hiccup");
		assertThat(tasks.get(1).path("status").asString()).isEqualTo("SUCCEEDED");
	}

	@Test
	void aDeterministicErrorFailsTheJobAtOnce() {
		ScriptedExecutor a = executor("det");
		String job = submit(this.port, COUNT, 1);
		a.fail(tasksOf(a, job, 1, 2000).get(0), "malformed CSV record at numbers.csv line 3", true);
		JsonNode failed = awaitStatus(this.port, job, "FAILED");
		assertThat(failed.path("error").path("message").asString()).contains("line 3");
		assertThat(get(this.port, "/api/v1/jobs/" + job + "/stages/0/tasks?size=1000").path("items")).hasSize(1);
	}

	@Test
	void anExecutorThatStopsHeartbeatingIsLostAndItsTaskRunsElsewhere() {
		ScriptedExecutor silent = new ScriptedExecutor("http://localhost:" + this.port, SECRET, "silent");
		ScriptedExecutor healthy = executor("healthy");
		String job = submit(this.port, COUNT, 1);
		JsonNode task = tasksOf(silent, job, 1, 2000).get(0);
		// healthy keeps heartbeating while silent says nothing; after the timeout the
		// task moves.
		List<JsonNode> moved = DriverHarness.await(Duration.ofSeconds(10), () -> tasksOf(healthy, job, 1, 200),
				list -> !list.isEmpty(), "the lost executor's task to be re-queued");
		assertThat(moved.get(0).path("attempt").asInt()).isEqualTo(2);
		healthy.succeedCount(moved.get(0), 2000);
		awaitStatus(this.port, job, "SUCCEEDED");
		JsonNode tasks = get(this.port, "/api/v1/jobs/" + job + "/stages/0/tasks?size=1000").path("items");
		assertThat(tasks.get(0).path("status").asString()).isEqualTo("LOST");
		assertThat(tasks.get(0).path("executorId").asString()).isEqualTo(silent.id);
		// The lost executor is told to register again rather than being handed work: by
		// its heartbeat,
		// and by the answer to its late report, even with a task queued and its slot
		// offered.
		assertThat(silent.heartbeat(task.path("attemptId").asString()).path("reregister").asBoolean()).isTrue();
		String queued = submit(this.port, COUNT, 1);
		JsonNode late = silent.report(task, "SUCCEEDED", null, false, null, java.util.Map.of("count", 1), 1);
		assertThat(late.path("reregister").asBoolean()).isTrue();
		assertThat(late.path("tasks").isEmpty()).isTrue();
		JsonNode next = tasksOf(healthy, queued, 1, 2000).get(0);
		healthy.succeedCount(next, 7);
		assertThat(awaitStatus(this.port, queued, "SUCCEEDED").path("result").path("count").asLong()).isEqualTo(7);
	}

	@Test
	void aTaskWhoseReportAnswerWasLostRunsAgain() {
		ScriptedExecutor e = executor("lossy");
		String job = submit(this.port, COUNT, 2);
		JsonNode first = tasksOf(e, job, 1, 2000).get(0);
		JsonNode handed = e.succeedCountAndTake(first, 3, 1).get(0);
		// The answer carrying 'handed' never reached the executor: it never runs it, and
		// its
		// heartbeats never list it. After the grace period the driver runs it again.
		List<JsonNode> again = DriverHarness.await(Duration.ofSeconds(15), () -> tasksOf(e, job, 1, 500),
				list -> !list.isEmpty(), "the task the lost answer carried to be re-queued");
		assertThat(again.get(0).path("partition").asInt()).isEqualTo(handed.path("partition").asInt());
		assertThat(again.get(0).path("attempt").asInt()).isEqualTo(2);
		e.succeedCount(again.get(0), 4);
		assertThat(awaitStatus(this.port, job, "SUCCEEDED").path("result").path("count").asLong()).isEqualTo(7);
		JsonNode tasks = get(this.port, "/api/v1/jobs/" + job + "/stages/0/tasks?size=1000").path("items");
		assertThat(tasks).anySatisfy(t -> assertThat(t.path("status").asString()).isEqualTo("LOST"));
	}

	@Test
	void aFetchFailureRecomputesTheLostMapOutputBeforeTheReduceRunsAgain() {
		ScriptedExecutor a = executor("mapper");
		ScriptedExecutor b = executor("reducer");
		String job = submit(this.port,
				"\"pipeline\":[{\"op\":\"groupBy\",\"keys\":[\"n\"],\"aggregations\":[\"count(*) AS c\"]}],"
						+ "\"action\":{\"type\":\"count\"}",
				2);
		List<JsonNode> maps = new ArrayList<>();
		while (maps.size() < 2) {
			maps.addAll(tasksOf(a, job, 2, 2000));
		}
		for (JsonNode m : maps) {
			assertThat(m.path("stageId").asInt()).isZero();
			a.succeedMap(m, List.of(10L, 10L));
		}
		List<JsonNode> reduces = new ArrayList<>();
		while (reduces.size() < 2) {
			reduces.addAll(tasksOf(b, job, 2, 2000));
		}
		JsonNode reduce = reduces.get(0);
		assertThat(reduce.path("stageId").asInt()).isEqualTo(1);
		assertThat(reduce.path("shuffleInputs").path("0")).hasSize(2);
		b.succeedCount(reduces.get(1), 7);
		b.fetchFailure(reduce, 0, 1, a.id);
		// Map partition 1 runs again (stage attempt 1), then the reduce partition runs
		// again.
		JsonNode rerun = tasksOf(a, job, 2, 2000).get(0);
		assertThat(rerun.path("stageId").asInt()).isZero();
		assertThat(rerun.path("partition").asInt()).isEqualTo(1);
		assertThat(rerun.path("stageAttempt").asInt()).isEqualTo(1);
		a.succeedMap(rerun, List.of(10L, 10L));
		JsonNode again = tasksOf(b, job, 2, 2000).get(0);
		assertThat(again.path("stageId").asInt()).isEqualTo(1);
		assertThat(again.path("partition").asInt()).isEqualTo(reduce.path("partition").asInt());
		b.succeedCount(again, 5);
		assertThat(awaitStatus(this.port, job, "SUCCEEDED").path("result").path("count").asLong()).isEqualTo(12);
		assertThat(get(this.port, "/api/v1/jobs/" + job + "/events").path("items").toString()).contains("FETCH_FAILED",
				"STAGE_RESUBMITTED");
		// ... and counted in the actuator metrics, by type.
		assertThat(get(this.port, "/actuator/metrics/kindling.events?tag=type:STAGE_RESUBMITTED").path("measurements")
			.get(0)
			.path("value")
			.asDouble()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void aReportWithAStateOutsideTheProtocolIsRefusedWith400AndChangesNothing() {
		ScriptedExecutor e = executor("sloppy");
		String job = submit(this.port, COUNT, 1);
		JsonNode task = tasksOf(e, job, 1, 2000).get(0);
		java.util.Map<String, Object> report = new java.util.LinkedHashMap<>();
		report.put("attemptId", task.path("attemptId").asString());
		report.put("jobId", job);
		report.put("stageId", 0);
		report.put("stageAttempt", 0);
		report.put("partition", task.path("partition").asInt());
		report.put("attempt", task.path("attempt").asInt());
		report.put("executorId", e.id);
		report.put("deterministic", false);
		report.put("state", "DONE");

		java.net.http.HttpResponse<String> wrong = e.rawReport(report);
		report.remove("state");
		java.net.http.HttpResponse<String> missing = e.rawReport(report);

		assertThat(wrong.statusCode()).isEqualTo(400);
		assertThat(ScriptedExecutor.JSON.readTree(wrong.body()).path("pointer").asString()).isEqualTo("/state");
		assertThat(missing.statusCode()).isEqualTo(400);
		assertThat(missing.body()).contains("state is required");
		JsonNode tasks = get(this.port, "/api/v1/jobs/" + job + "/stages/0/tasks?size=1000").path("items");
		assertThat(tasks.get(0).path("status").asString()).as("not read as a failure").isEqualTo("RUNNING");
		e.succeedCount(task, 3);
		assertThat(awaitStatus(this.port, job, "SUCCEEDED").path("result").path("count").asLong()).isEqualTo(3);
	}

	@Test
	void aSmallJobsTaskGoesOutBeforeTheThousandsABigJobHasQueued() {
		ScriptedExecutor e = executor("fair");
		String big = submit(this.port, COUNT, 2000);
		assertThat(tasksOf(e, big, 1, 2000)).hasSize(1);
		String small = submit(this.port, COUNT, 1);

		List<JsonNode> next = e.poll(2, 2000);

		assertThat(next).extracting(t -> t.path("jobId").asString())
			.as("round-robin between running jobs")
			.contains(small);
		JsonNode smallTask = next.stream().filter(t -> t.path("jobId").asString().equals(small)).findFirst().get();
		e.succeedCount(smallTask, 2000);
		assertThat(awaitStatus(this.port, small, "SUCCEEDED").path("result").path("count").asLong()).isEqualTo(2000);
		int running = 0;
		for (JsonNode t : get(this.port, "/api/v1/jobs/" + big + "/stages/0/tasks?size=1000").path("items")) {
			running += t.path("status").asString().equals("RUNNING") ? 1 : 0;
		}
		assertThat(running).as("the big job's 1,998 other tasks are still queued: two of its tasks went out")
			.isEqualTo(2);
		assertThat(get(this.port, "/api/v1/jobs/" + big).path("status").asString()).isEqualTo("RUNNING");
	}

}
