package dev.kindling.live;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kindling.state.JobStatus;
import dev.kindling.job.JobViews.JobError;
import dev.kindling.job.JobViews.JobView;
import dev.kindling.job.JobViews.Progress;
import dev.kindling.job.JobViews.StageView;
import dev.kindling.job.JobViews.TaskView;
import dev.kindling.state.StageStatus;
import dev.kindling.state.TaskStatus;
import dev.kindling.live.LiveViews.EventUpdate;
import dev.kindling.live.LiveViews.ProgressUpdate;
import dev.kindling.live.LiveViews.StageUpdate;
import dev.kindling.state.StateChange;
import dev.kindling.state.StateWriter;

/**
 * The state of every unfinished job as its committed changes leave it, kept so each
 * change becomes events with whole documents: a task attempt as the API shows it, a stage
 * with its counts, a job's counts. The counts follow the job API's rules exactly (see
 * {@code JobQueries}): running, succeeded, failed (with lost), killed attempts; completed
 * partitions are distinct partitions with a succeeded attempt; pending is what is neither
 * completed nor running. A job is forgotten when it ends. Not thread-safe: the feed
 * guards it.
 */
final class Tracker {

	/** An event to append: its type, job and document. */
	record Out(String type, String jobId, Object data) {
	}

	/** What the database says of a job this tracker has not seen accepted. */
	record Seed(JobView job, List<TaskView> attempts) {
	}

	private static final class Stage {

		final String jobId;

		final int no;

		final String kind;

		int numTasks;

		final List<Integer> parents;

		StageStatus status = StageStatus.WAITING;

		int attempt;

		Instant submittedAt;

		Instant finishedAt;

		long written;

		long read;

		long spills;

		long spillBytes;

		int running;

		int succeeded;

		int failed;

		int killed;

		final Map<Integer, Integer> succeededByPartition = new HashMap<>();

		Stage(String jobId, int no, String kind, int numTasks, List<Integer> parents) {
			this.jobId = jobId;
			this.no = no;
			this.kind = kind;
			this.numTasks = numTasks;
			this.parents = List.copyOf(parents);
		}

		void count(TaskStatus status, int partition, int delta) {
			switch (status) {
				case RUNNING -> this.running += delta;
				case SUCCEEDED -> {
					this.succeeded += delta;
					int n = this.succeededByPartition.merge(partition, delta, Integer::sum);
					if (n <= 0) {
						this.succeededByPartition.remove(partition);
					}
				}
				case FAILED, LOST -> this.failed += delta;
				case KILLED -> this.killed += delta;
				case QUEUED -> {
				}
			}
		}

		Progress progress() {
			int completed = Math.min(this.succeededByPartition.size(), this.numTasks);
			return new Progress(this.numTasks, Math.max(0, this.numTasks - completed - this.running), this.running,
					this.succeeded, this.failed, this.killed, completed);
		}

	}

	private static final class Task {

		final String id;

		final int stage;

		final int stageAttempt;

		final int partition;

		final int attempt;

		TaskStatus status = TaskStatus.QUEUED;

		String executorId;

		Integer slot;

		final Instant queuedAt;

		Instant startedAt;

		Instant finishedAt;

		long rowsIn;

		long rowsOut;

		long bytesIn;

		long shuffleBytesRead;

		long shuffleRemoteBytesRead;

		long shuffleBytesWritten;

		long spills;

		long spillBytes;

		String error;

		Task(String id, int stage, int stageAttempt, int partition, int attempt, Instant queuedAt) {
			this.id = id;
			this.stage = stage;
			this.stageAttempt = stageAttempt;
			this.partition = partition;
			this.attempt = attempt;
			this.queuedAt = queuedAt;
		}

		TaskView view() {
			Long duration = this.startedAt == null || this.finishedAt == null ? null
					: Duration.between(this.startedAt, this.finishedAt).toMillis();
			return new TaskView(this.id, this.stage, this.stageAttempt, this.partition, this.attempt, this.status,
					this.executorId, this.slot, this.queuedAt, this.startedAt, this.finishedAt, duration, this.rowsIn,
					this.rowsOut, this.bytesIn, this.shuffleBytesRead, this.shuffleRemoteBytesRead,
					this.shuffleBytesWritten, this.spills, this.spillBytes, this.error, null);
		}

	}

	private static final class Job {

		final String id;

		final String name;

		JobStatus status;

		final Instant submittedAt;

		Instant startedAt;

		Instant finishedAt;

		String error;

		String owner;

		String pool;

		final Map<Integer, Stage> stages = new LinkedHashMap<>();

		final Map<String, Task> tasks = new HashMap<>();

		Job(String id, String name, JobStatus status, Instant submittedAt) {
			this.id = id;
			this.name = name;
			this.status = status;
			this.submittedAt = submittedAt;
		}

		Progress progress() {
			int[] t = new int[7];
			for (Stage s : this.stages.values()) {
				Progress p = s.progress();
				t[0] += p.totalTasks();
				t[1] += p.pendingTasks();
				t[2] += p.runningTasks();
				t[3] += p.succeededTasks();
				t[4] += p.failedTasks();
				t[5] += p.killedTasks();
				t[6] += p.completedPartitions();
			}
			return new Progress(t[0], t[1], t[2], t[3], t[4], t[5], t[6]);
		}

		JobView view() {
			Long duration = this.finishedAt == null ? null
					: Duration.between(this.submittedAt, this.finishedAt).toMillis();
			return new JobView(this.id, this.name, this.status, this.submittedAt, this.startedAt, this.finishedAt,
					duration, progress(), null, this.error == null ? null : new JobError(this.error, null), null,
					this.owner, this.pool);
		}

		StageUpdate stageView(Stage s) {
			return new StageUpdate(this.id, s.no, s.status, s.attempt, s.kind, s.numTasks, s.parents, s.progress(),
					s.written, s.read, s.spills, s.spillBytes, s.submittedAt, s.finishedAt);
		}

	}

	private final Map<String, Job> jobs = new HashMap<>();

	/**
	 * Makes a stored message fit to show (no absolute path under the data root), as the
	 * job API shows it.
	 */
	private final java.util.function.UnaryOperator<String> scrub;

	Tracker() {
		this(java.util.function.UnaryOperator.identity());
	}

	Tracker(java.util.function.UnaryOperator<String> scrub) {
		this.scrub = scrub;
	}

	private String shown(String message) {
		return message == null ? null : this.scrub.apply(message);
	}

	/** Jobs that ended lately: changes that straggle in after the end are not tracked. */
	private final Set<String> ended = java.util.Collections
		.newSetFromMap(new LinkedHashMap<String, Boolean>(256, 0.75f, false) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
				return size() > 4096;
			}
		});

	/** Whether a change to this job needs the database's word on it first. */
	boolean needsSeed(StateChange change) {
		if (change instanceof StateChange.JobAccepted || change instanceof StateChange.EventStored
				|| change.jobId() == null) {
			return false;
		}
		return !this.jobs.containsKey(change.jobId()) && !this.ended.contains(change.jobId());
	}

	/** Starts tracking a job from the database's state of it (a resumed job). */
	void seed(String jobId, Seed seed) {
		if (this.jobs.containsKey(jobId) || this.ended.contains(jobId)) {
			return;
		}
		JobView view = seed.job();
		if (view.status().isFinal()) {
			this.ended.add(jobId);
			return;
		}
		Job job = new Job(jobId, view.name(), view.status(), view.submittedAt());
		job.owner = view.owner();
		job.pool = view.pool();
		job.startedAt = view.startedAt();
		for (StageView s : view.stages()) {
			Stage stage = new Stage(jobId, s.id(), s.kind(), s.numTasks(), s.parents());
			stage.status = s.status();
			stage.attempt = s.attempt();
			stage.submittedAt = s.submittedAt();
			stage.finishedAt = s.finishedAt();
			stage.written = s.shuffleBytesWritten();
			stage.read = s.shuffleBytesRead();
			stage.spills = s.spills();
			stage.spillBytes = s.spillBytes();
			job.stages.put(s.id(), stage);
		}
		for (TaskView t : seed.attempts()) {
			Task task = new Task(t.id(), t.stage(), t.stageAttempt(), t.partition(), t.attempt(), t.queuedAt());
			task.status = t.status();
			task.executorId = t.executorId();
			task.slot = t.slot();
			task.startedAt = t.startedAt();
			task.finishedAt = t.finishedAt();
			task.rowsIn = t.rowsIn();
			task.rowsOut = t.rowsOut();
			task.bytesIn = t.bytesIn();
			task.shuffleBytesRead = t.shuffleBytesRead();
			task.shuffleRemoteBytesRead = t.shuffleRemoteBytesRead();
			task.shuffleBytesWritten = t.shuffleBytesWritten();
			task.spills = t.spills();
			task.spillBytes = t.spillBytes();
			task.error = t.error();
			job.tasks.put(task.id, task);
			Stage stage = job.stages.get(task.stage);
			if (stage != null) {
				stage.count(task.status, task.partition, 1);
			}
		}
		this.jobs.put(jobId, job);
	}

	/** Applies one committed batch of changes, in order, and says what to publish. */
	List<Out> apply(List<? extends StateChange> changes) {
		List<Out> out = new ArrayList<>();
		Set<Stage> dirtyStages = new LinkedHashSet<>();
		Map<Job, Boolean> dirtyJobs = new LinkedHashMap<>();
		for (StateChange change : changes) {
			if (change instanceof StateChange.EventStored e) {
				out.add(new Out(FeedEvent.EVENT, e.jobId(),
						new EventUpdate(e.jobId(), e.executorId(), e.at(), e.type(), shown(e.message()))));
				continue;
			}
			if (change instanceof StateChange.JobAccepted a) {
				accepted(a, out);
				continue;
			}
			Job job = change.jobId() == null ? null : this.jobs.get(change.jobId());
			if (job == null) {
				continue;
			}
			if (change instanceof StateChange.JobStatusChanged c) {
				jobStatus(job, c, dirtyStages, dirtyJobs, out);
			}
			else if (change instanceof StateChange.StageStatusChanged c) {
				Stage stage = job.stages.get(c.stageNo());
				if (stage != null) {
					stage.status = c.status();
					stage.attempt = c.attempt();
					if (stage.submittedAt == null) {
						stage.submittedAt = c.at();
					}
					boolean ended = c.status() == StageStatus.SUCCEEDED || c.status() == StageStatus.FAILED
							|| c.status() == StageStatus.CANCELLED;
					stage.finishedAt = ended ? c.at() : null;
					dirtyStages.add(stage);
				}
			}
			else if (change instanceof StateChange.StageAdapted c) {
				Stage stage = job.stages.get(c.stageNo());
				if (stage != null) {
					stage.numTasks = c.numTasks();
					dirtyStages.add(stage);
				}
			}
			else if (change instanceof StateChange.StageShuffle c) {
				Stage stage = job.stages.get(c.stageNo());
				if (stage != null) {
					stage.written += c.written();
					stage.read += c.read();
					dirtyStages.add(stage);
				}
			}
			else if (change instanceof StateChange.AttemptQueued c) {
				Task task = new Task(c.attemptId(), c.stageNo(), c.stageAttempt(), c.partition(), c.attempt(), c.at());
				job.tasks.put(task.id, task);
				out.add(new Out(FeedEvent.TASK, job.id, task.view()));
			}
			else if (change instanceof StateChange.AttemptStarted c) {
				Task task = job.tasks.get(c.attemptId());
				if (task != null) {
					move(job, task, TaskStatus.RUNNING, dirtyStages, dirtyJobs);
					task.executorId = c.executorId();
					task.startedAt = c.at();
					out.add(new Out(FeedEvent.TASK, job.id, task.view()));
				}
			}
			else if (change instanceof StateChange.AttemptEnded c) {
				Task task = job.tasks.get(c.attemptId());
				if (task != null) {
					move(job, task, c.status(), dirtyStages, dirtyJobs);
					task.finishedAt = c.at();
					task.error = shown(c.error());
					StateWriter.AttemptCounters counters = c.counters();
					task.rowsIn = counters.rowsIn();
					task.rowsOut = counters.rowsOut();
					task.bytesIn = counters.bytesIn();
					task.shuffleBytesRead = counters.shuffleBytesRead();
					task.shuffleBytesWritten = counters.shuffleBytesWritten();
					task.shuffleRemoteBytesRead = counters.shuffleRemoteBytesRead();
					task.spills = counters.spills();
					task.spillBytes = counters.spillBytes();
					task.slot = counters.slot();
					out.add(new Out(FeedEvent.TASK, job.id, task.view()));
					Stage stage = job.stages.get(task.stage);
					if (stage != null && (counters.spills() > 0 || counters.spillBytes() > 0)) {
						stage.spills += counters.spills();
						stage.spillBytes += counters.spillBytes();
						dirtyStages.add(stage);
					}
				}
			}
			if (change instanceof StateChange.StageStatusChanged || change instanceof StateChange.StageShuffle
					|| change instanceof StateChange.StageAdapted) {
				dirtyJobs.put(job, Boolean.TRUE);
			}
		}
		for (Stage stage : dirtyStages) {
			Job job = this.jobs.get(stage.jobId);
			if (job != null) {
				out.add(new Out(FeedEvent.STAGE, job.id, job.stageView(stage)));
			}
		}
		for (Job job : dirtyJobs.keySet()) {
			if (this.jobs.containsKey(job.id)) {
				out.add(new Out(FeedEvent.PROGRESS, job.id, new ProgressUpdate(job.id, job.status, job.progress())));
			}
		}
		return out;
	}

	private void jobStatus(Job job, StateChange.JobStatusChanged c, Set<Stage> dirtyStages, Map<Job, Boolean> dirtyJobs,
			List<Out> out) {
		if (c.status() == JobStatus.RUNNING && job.status != JobStatus.QUEUED) {
			return;
		}
		job.status = c.status();
		if (c.status() == JobStatus.RUNNING) {
			job.startedAt = c.at();
		}
		if (!c.status().isFinal()) {
			out.add(new Out(FeedEvent.JOB, job.id, job.view()));
			return;
		}
		if (job.startedAt == null && c.status() == JobStatus.SUCCEEDED) {
			job.startedAt = c.at();
		}
		job.finishedAt = c.at();
		if (c.error() != null) {
			job.error = shown(c.error());
		}
		// The job's last stage and progress events come before its end, which the job's
		// stream ends with.
		for (Stage stage : job.stages.values()) {
			if (dirtyStages.remove(stage)) {
				out.add(new Out(FeedEvent.STAGE, job.id, job.stageView(stage)));
			}
		}
		dirtyJobs.remove(job);
		out.add(new Out(FeedEvent.PROGRESS, job.id, new ProgressUpdate(job.id, job.status, job.progress())));
		out.add(new Out(FeedEvent.JOB, job.id, job.view()));
		this.jobs.remove(job.id);
		this.ended.add(job.id);
	}

	private void accepted(StateChange.JobAccepted a, List<Out> out) {
		Job job = new Job(a.jobId(), a.name(), JobStatus.QUEUED, a.at());
		job.owner = a.owner();
		job.pool = a.pool();
		for (StateChange.NewStage s : a.stages()) {
			job.stages.put(s.stageNo(), new Stage(a.jobId(), s.stageNo(), s.kind(), s.numTasks(), s.parents()));
		}
		this.jobs.put(job.id, job);
		out.add(new Out(FeedEvent.JOB, job.id, job.view()));
		for (Stage stage : job.stages.values()) {
			out.add(new Out(FeedEvent.STAGE, job.id, job.stageView(stage)));
		}
		out.add(new Out(FeedEvent.PROGRESS, job.id, new ProgressUpdate(job.id, job.status, job.progress())));
	}

	private static void move(Job job, Task task, TaskStatus next, Set<Stage> dirtyStages, Map<Job, Boolean> dirtyJobs) {
		Stage stage = job.stages.get(task.stage);
		if (stage != null) {
			stage.count(task.status, task.partition, -1);
			stage.count(next, task.partition, 1);
			dirtyStages.add(stage);
			dirtyJobs.put(job, Boolean.TRUE);
		}
		task.status = next;
	}

	/** Jobs tracked now (for tests and the metrics of the feed). */
	int size() {
		return this.jobs.size();
	}

}
