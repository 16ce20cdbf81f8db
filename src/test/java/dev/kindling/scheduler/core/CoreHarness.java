package dev.kindling.scheduler.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.json.JsonMapper;

import dev.kindling.engine.physical.CacheExec;
import dev.kindling.engine.physical.PhysicalPlan;
import dev.kindling.engine.planner.JobPlanner;
import dev.kindling.engine.planner.JobPlanner.PlannedJob;
import dev.kindling.engine.planner.StagePlanner;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.protocol.TaskDescriptor;
import dev.kindling.protocol.TaskReport;
import dev.kindling.state.EventType;
import dev.kindling.state.JobStatus;
import dev.kindling.state.StageStatus;
import dev.kindling.state.TaskStatus;

/**
 * The scheduling core with everything around it scripted by the test: a clock that moves
 * when told, executors that exist, heartbeat and hold cached partitions when told, and a
 * store that records every change in order and stores a job's end when told (or at once).
 */
final class CoreHarness {

	static final JsonMapper JSON = JsonMapper.builder().build();

	final FakeClock clock = new FakeClock();

	final FakeCluster cluster = new FakeCluster(this.clock);

	final RecordingStore store = new RecordingStore();

	final List<String> events = new ArrayList<>();

	final SchedulerCore core;

	CoreHarness() {
		this(new RoundRobinPolicy(), 4, 16, SchedulerSettings.Speculation.OFF);
	}

	CoreHarness(SchedulingPolicy policy, int maxAttempts, int maxRunningJobs,
			SchedulerSettings.Speculation speculation) {
		this(policy, maxAttempts, maxRunningJobs, speculation, AdaptiveRules.Settings.OFF);
	}

	/** With adaptive execution as {@code adaptive} says. */
	CoreHarness(AdaptiveRules.Settings adaptive) {
		this(new RoundRobinPolicy(), 4, 16, SchedulerSettings.Speculation.OFF, adaptive);
	}

	CoreHarness(SchedulingPolicy policy, int maxAttempts, int maxRunningJobs, SchedulerSettings.Speculation speculation,
			AdaptiveRules.Settings adaptive) {
		SchedulerSettings settings = new SchedulerSettings(maxAttempts, maxRunningJobs, 1 << 20, 1000,
				Duration.ofSeconds(5), speculation, adaptive);
		SchedulerListener listener = new SchedulerListener() {

			@Override
			public void event(EventType type, String jobId, String executorId, String message) {
				CoreHarness.this.events.add(type + " " + message);
			}

		};
		this.core = new SchedulerCore(settings, this.clock, this.store, this.cluster, listener,
				JSON::writeValueAsString, policy, "test");
	}

	// ------------------------------------------------------------------ jobs

	/** A count over a file of {@code splits} splits: one stage, one task per split. */
	static ActiveJob countJob(String id, int splits) {
		return job(id, "[]", splits, Set.of());
	}

	/** A groupBy then count: a map stage of {@code splits} tasks and a reduce stage. */
	static ActiveJob groupJob(String id, int splits) {
		return job(id, "[{\"op\":\"groupBy\",\"keys\":[\"n\"],\"aggregations\":[\"count(*) AS c\"]}]", splits,
				Set.of());
	}

	static ActiveJob job(String id, String pipeline, int splits, Set<String> cachedKeys) {
		JobSpec spec = spec(pipeline);
		PlannedJob plan = new JobPlanner(1000).plan(spec, 2, List.of(new StagePlanner.ScanStats(splits, 1L << 30)),
				cachedKeys, -1);
		ActiveJob.Inputs inputs = new ActiveJob.Inputs(spec, plan,
				List.of(new StagePlanner.ScanStats(splits, 1L << 30)), -1, 2, Map.of(), List.copyOf(cachedKeys), "v1",
				null);
		return new ActiveJob(id, "test", inputs, JobStatus.QUEUED, Instant.parse("2026-01-01T00:00:00Z"));
	}

	static JobSpec spec(String pipeline) {
		return JSON.readValue(
				"{\"name\":\"t\",\"source\":{\"format\":\"csv\",\"path\":\"n.csv\",\"header\":true,"
						+ "\"schema\":\"n INT\"},\"pipeline\":" + pipeline + ",\"action\":{\"type\":\"count\"}}",
				JobSpec.class);
	}

	/** A job whose two partitions read a dataset cached on executor {@code holder}. */
	ActiveJob cachedJob(String id, String holder) {
		String pipeline = "[{\"op\":\"cache\"},{\"op\":\"filter\",\"condition\":\"n > 0\"}]";
		String key = cacheKey(job("probe", pipeline, 2, Set.of()).inputs.plan());
		this.cluster.cache.put(key + "/0", holder);
		this.cluster.cache.put(key + "/1", holder);
		ActiveJob job = job(id, pipeline, 2, Set.of(key));
		if (!key.equals(job.stages[0].cacheKey)) {
			throw new AssertionError("the job does not read the cached dataset " + key);
		}
		return job;
	}

	private static String cacheKey(PlannedJob plan) {
		List<PhysicalPlan> todo = new ArrayList<>(List.of(plan.stages().get(0).root()));
		while (!todo.isEmpty()) {
			PhysicalPlan p = todo.remove(0);
			if (p instanceof CacheExec c) {
				return c.key();
			}
			todo.addAll(p.children());
		}
		throw new AssertionError("no cache step in " + plan.stages());
	}

	ActiveJob start(ActiveJob job) {
		this.core.start(job);
		return job;
	}

	// ------------------------------------------------------------------ executors

	/** A live executor with this many slots that heartbeats now. */
	String executor(String id, int slots) {
		this.cluster.add(id, slots);
		return id;
	}

	List<TaskDescriptor> poll(String executorId, int max) {
		List<TaskDescriptor> tasks = this.core.poll(executorId, max, null);
		return tasks == null ? List.of() : tasks;
	}

	TaskDescriptor pollOne(String executorId) {
		List<TaskDescriptor> tasks = poll(executorId, 1);
		if (tasks.isEmpty()) {
			throw new AssertionError("no task for " + executorId);
		}
		return tasks.get(0);
	}

	/** Reports success with a partial count; returns the tasks the answer carries. */
	List<TaskDescriptor> succeed(String executorId, TaskDescriptor task, long count, int freeSlots) {
		return report(executorId, task, TaskReport.State.SUCCEEDED, null, false, null,
				new TaskReport.Result(count, null, null, null, List.of(10L, 10L)), freeSlots);
	}

	void succeed(String executorId, TaskDescriptor task, long count) {
		succeed(executorId, task, count, 0);
	}

	void fail(String executorId, TaskDescriptor task, String error, boolean deterministic) {
		report(executorId, task, TaskReport.State.FAILED, error, deterministic, null, null, 0);
	}

	void fetchFailure(String executorId, TaskDescriptor task, int stage, int mapPartition, String mapExecutor) {
		report(executorId, task, TaskReport.State.FAILED, "cannot fetch", false,
				new TaskReport.FetchFailure(stage, mapPartition, mapExecutor), null, 0);
	}

	List<TaskDescriptor> report(String executorId, TaskDescriptor task, TaskReport.State state, String error,
			boolean deterministic, TaskReport.FetchFailure fetchFailure, TaskReport.Result result, int freeSlots) {
		TaskReport report = new TaskReport(task.attemptId(), task.jobId(), task.stageId(), task.stageAttempt(),
				task.partition(), task.attempt(), executorId, state, error, deterministic, fetchFailure,
				new TaskReport.Metrics(1, 1, 1, 0, 0, 5, 0), result, List.of());
		String output = result == null ? null : JSON.writeValueAsString(result);
		List<TaskDescriptor> next = this.core.report(report, output, freeSlots);
		return next == null ? List.of() : next;
	}

	// ------------------------------------------------------------------ fakes

	static final class FakeClock extends Clock {

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration d) {
			this.now = this.now.plus(d);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

	static final class FakeCluster implements Cluster {

		private final FakeClock clock;

		final Map<String, Integer> slots = new LinkedHashMap<>();

		final Set<String> alive = new HashSet<>();

		final Map<String, Instant> beats = new HashMap<>();

		final Map<String, Set<String>> running = new HashMap<>();

		final List<String> kills = new ArrayList<>();

		final List<String> dropped = new ArrayList<>();

		final Map<String, String> cache = new HashMap<>();

		FakeCluster(FakeClock clock) {
			this.clock = clock;
		}

		void add(String id, int n) {
			this.slots.put(id, n);
			this.alive.add(id);
			this.beats.put(id, this.clock.instant());
		}

		/** A heartbeat listing these running attempts. */
		void heartbeat(String id, String... attempts) {
			this.beats.put(id, this.clock.instant());
			this.running.put(id, Set.of(attempts));
		}

		void remove(String id) {
			this.alive.remove(id);
		}

		@Override
		public boolean isAlive(String executorId) {
			return this.alive.contains(executorId);
		}

		@Override
		public int slots(String executorId) {
			return this.slots.getOrDefault(executorId, 0);
		}

		@Override
		public String url(String executorId) {
			return "http://" + executorId;
		}

		@Override
		public int aliveCount() {
			return this.alive.size();
		}

		@Override
		public Collection<String> aliveIds() {
			return List.copyOf(this.alive);
		}

		@Override
		public Instant lastHeartbeat(String executorId) {
			return this.beats.get(executorId);
		}

		@Override
		public boolean runs(String executorId, String attemptId) {
			return this.running.getOrDefault(executorId, Set.of()).contains(attemptId);
		}

		@Override
		public void kill(String executorId, String attemptId) {
			this.kills.add(executorId + " " + attemptId);
		}

		@Override
		public void dropJob(String jobId) {
			this.dropped.add(jobId);
		}

		@Override
		public String cachedAt(String cacheKey, int partition) {
			return this.cache.get(cacheKey + "/" + partition);
		}

		@Override
		public void cached(String cacheKey, String description, int partitions, int partition, String executorId,
				long bytes, long rows, String sourceVersion) {
			this.cache.put(cacheKey + "/" + partition, executorId);
		}

	}

	/** Records every change; stores a job's end at once unless told to hold it. */
	static final class RecordingStore implements StateStore {

		final List<String> log = new ArrayList<>();

		final Map<String, TaskStatus> attempts = new LinkedHashMap<>();

		final Map<String, CompletableFuture<Void>> ends = new HashMap<>();

		final Map<String, JobStatus> jobs = new HashMap<>();

		boolean holdEnds;

		@Override
		public void jobRunning(String jobId, Instant at) {
			this.log.add("job " + jobId + " RUNNING");
			this.jobs.put(jobId, JobStatus.RUNNING);
		}

		@Override
		public CompletableFuture<Void> jobCancelling(String jobId, Instant at) {
			this.log.add("job " + jobId + " CANCELLING");
			this.jobs.put(jobId, JobStatus.CANCELLING);
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public CompletableFuture<Void> jobEnded(String jobId, JobStatus status, Instant at, String resultJson,
				String error, boolean dropOutputs) {
			this.log.add("job " + jobId + " " + status + (error == null ? "" : ": " + error)
					+ (resultJson == null ? "" : " " + resultJson));
			this.jobs.put(jobId, status);
			if (dropOutputs) {
				this.outputs.keySet().removeIf((attempt) -> attempt.startsWith(jobId + ":"));
			}
			CompletableFuture<Void> stored = this.holdEnds ? new CompletableFuture<>()
					: CompletableFuture.completedFuture(null);
			this.ends.put(jobId, stored);
			return stored;
		}

		@Override
		public void stage(String jobId, int stageNo, StageStatus status, int attempt, Instant at) {
			this.log.add("stage " + jobId + ":" + stageNo + "." + attempt + " " + status);
		}

		@Override
		public void stageShuffle(String jobId, int stageNo, long written, long read) {
		}

		/** What adaptive execution stored for each stage ({@code jobId:stage}). */
		final Map<String, String> adapted = new LinkedHashMap<>();

		@Override
		public void stageAdapted(String jobId, int stageNo, int numTasks, String slices, String changes) {
			this.log.add("stage " + jobId + ":" + stageNo + " adapted to " + numTasks + " tasks");
			this.adapted.put(jobId + ":" + stageNo, slices);
		}

		@Override
		public void attemptQueued(String attemptId, String jobId, int stageNo, int stageAttempt, int partition,
				int attempt, Instant at) {
			this.attempts.put(attemptId, TaskStatus.QUEUED);
		}

		@Override
		public void attemptStarted(String attemptId, String executorId, Instant at) {
			this.attempts.put(attemptId, TaskStatus.RUNNING);
		}

		/** The partial outputs stored with attempts, by attempt. */
		final Map<String, String> outputs = new HashMap<>();

		@Override
		public void attemptEnded(String attemptId, TaskStatus status, Instant at, String error, TaskReport report,
				String output) {
			this.attempts.put(attemptId, status);
			if (output != null) {
				this.outputs.put(attemptId, output);
			}
		}

		long count(TaskStatus status) {
			return this.attempts.values().stream().filter(s -> s == status).count();
		}

		String lastJobLine(String jobId) {
			String last = null;
			for (String line : this.log) {
				if (line.startsWith("job " + jobId + " ")) {
					last = line;
				}
			}
			return last;
		}

	}

}
