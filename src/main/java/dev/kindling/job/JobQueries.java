package dev.kindling.job;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.RawValue;

import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.kindling.engine.datasource.DataRoot;
import dev.kindling.job.JobViews.ErrorDetail;
import dev.kindling.job.JobViews.EventView;
import dev.kindling.job.JobViews.JobError;
import dev.kindling.job.JobViews.JobView;
import dev.kindling.job.JobViews.Progress;
import dev.kindling.job.JobViews.StageView;
import dev.kindling.job.JobViews.TaskLogView;
import dev.kindling.job.JobViews.TaskView;
import dev.kindling.platform.Caller;
import dev.kindling.platform.Page;
import dev.kindling.platform.DriverRole;
import dev.kindling.state.EventRepository;
import dev.kindling.state.ExpiredJobEntity;
import dev.kindling.state.ExpiredJobRepository;
import dev.kindling.state.JobEntity;
import dev.kindling.state.JobRepository;
import dev.kindling.state.JobStatus;
import dev.kindling.state.ResultChunks;
import dev.kindling.state.StageEntity;
import dev.kindling.state.StageRepository;
import dev.kindling.state.JobRows;
import dev.kindling.state.TaskAttemptEntity;
import dev.kindling.state.TaskAttemptRepository;
import dev.kindling.state.TaskLogEntity;
import dev.kindling.state.TaskLogRepository;
import dev.kindling.state.TaskStatus;

/**
 * Reads jobs, stages and task attempts from the database into API views. Error messages
 * (from the planner, executors, the JDK) leave the data root's absolute path out.
 */
@Service
@DriverRole
@Transactional(readOnly = true)
public class JobQueries {

	private final JobRepository jobs;

	private final StageRepository stages;

	private final TaskAttemptRepository attempts;

	private final EventRepository events;

	private final JsonMapper json;

	private final DataRoot dataRoot;

	private final ExpiredJobRepository expired;

	private final TaskLogRepository logs;

	private final ResultChunks results;

	private final JobRows jobRows;

	JobQueries(JobRepository jobs, StageRepository stages, TaskAttemptRepository attempts, EventRepository events,
			ExpiredJobRepository expired, TaskLogRepository logs, ResultChunks results, JobRows jobRows,
			JsonMapper json, DataRoot dataRoot) {
		this.jobRows = jobRows;
		this.logs = logs;
		this.expired = expired;
		this.results = results;
		this.jobs = jobs;
		this.stages = stages;
		this.attempts = attempts;
		this.events = events;
		this.json = json;
		this.dataRoot = dataRoot;
	}

	/** A stored message as a caller may read it. */
	public String message(String stored) {
		return this.dataRoot.scrub(stored);
	}

	/**
	 * @throws JobExpired when the retention policy deleted it (410)
	 * @throws JobNotFound when there is no such job (404)
	 */
	public JobEntity entity(String id) {
		return entity(id, Caller.ANONYMOUS);
	}

	/**
	 * The job as this caller may see it: another principal's job is not found for a
	 * submitter (404, so ids do not leak).
	 */
	public JobEntity entity(String id, Caller caller) {
		JobEntity job = this.jobs.findById(id).orElseThrow(() -> notStored(id, caller));
		if (!caller.sees(job.getOwner())) {
			throw JobNotFound.of(id);
		}
		return job;
	}

	/** Why a job that is not stored is not there: it expired (410), or is not known. */
	private RuntimeException notStored(String id, Caller caller) {
		ExpiredJobEntity expired = this.expired.findById(id).orElse(null);
		if (expired != null && caller.sees(expired.getOwner())) {
			return JobExpired.of(id, expired.getFinishedAt(), expired.getExpiredAt());
		}
		return JobNotFound.of(id);
	}

	/**
	 * Whether this caller sees the job, stored or expired: a submitter only its own.
	 * False for an id that is not known.
	 */
	public boolean sees(String jobId, Caller caller) {
		if (caller.seesAllJobs()) {
			return true;
		}
		String owner = this.jobs.findById(jobId)
			.map(JobEntity::getOwner)
			.orElseGet(() -> this.expired.findById(jobId).map(ExpiredJobEntity::getOwner).orElse(null));
		return owner != null && caller.sees(owner);
	}

	public JobView job(String id) {
		return job(id, Caller.ANONYMOUS);
	}

	/**
	 * The job's document as this caller may see it (as {@link #entity(String, Caller)}
	 * finds it).
	 */
	public JobView job(String id, Caller caller) {
		JobRows.Job job = this.jobRows.job(id).orElseThrow(() -> notStored(id, caller));
		if (!caller.sees(job.owner())) {
			throw JobNotFound.of(id);
		}
		return view(job, true);
	}

	/** Jobs newest first; a caller that sees only its own jobs lists only those. */
	public Page<JobView> list(JobStatus status, int page, int size, Caller caller) {
		PageRequest request = PageRequest.of(page, size);
		String owner = caller.seesAllJobs() ? null : caller.name();
		org.springframework.data.domain.Page<JobEntity> result;
		if (owner == null) {
			result = status == null ? this.jobs.findAllByOrderBySubmittedAtDesc(request)
					: this.jobs.findByStatusOrderBySubmittedAtDesc(status, request);
		}
		else {
			result = status == null ? this.jobs.findByOwnerOrderBySubmittedAtDesc(owner, request)
					: this.jobs.findByOwnerAndStatusOrderBySubmittedAtDesc(owner, status, request);
		}
		return new Page<>(result.getContent().stream().map(j -> view(JobRows.Job.of(j), false)).toList(), page, size,
				result.getTotalElements(), result.getTotalPages());
	}

	/**
	 * What adaptive execution changed in a job's stages, one line each, in stage order
	 * (for a job the caller was allowed to see).
	 */
	public List<String> adaptiveChanges(String jobId) {
		List<String> out = new ArrayList<>();
		for (StageEntity s : this.stages.findByJobIdOrderByStageNo(jobId)) {
			if (s.getAdaptiveChanges() != null) {
				out.addAll(List.of(s.getAdaptiveChanges().split("\n")));
			}
		}
		return out;
	}

	public List<StageView> stages(String jobId, Caller caller) {
		entity(jobId, caller);
		return stageViews(jobId);
	}

	/**
	 * One stage of a job.
	 * @throws StageNotFound when the job has no such stage
	 */
	public StageView stage(String jobId, int stageNo, Caller caller) {
		return stages(jobId, caller).stream()
			.filter((s) -> s.id() == stageNo)
			.findFirst()
			.orElseThrow(() -> StageNotFound.of(jobId, stageNo));
	}

	/**
	 * One task attempt of a job's stage.
	 * @throws TaskNotFound when the stage has no such attempt
	 */
	public TaskView task(String jobId, int stageNo, String attemptId, Caller caller) {
		return tasks(jobId, stageNo, caller).stream()
			.filter((t) -> t.id().equals(attemptId))
			.findFirst()
			.orElseThrow(() -> TaskNotFound.of(jobId, stageNo, attemptId));
	}

	public List<TaskView> tasks(String jobId, int stageNo, Caller caller) {
		entity(jobId, caller);
		if (this.stages.findById(jobId + ":" + stageNo).isEmpty()) {
			throw StageNotFound.of(jobId, stageNo);
		}
		Map<String, ErrorDetail> errors = errorDetails(jobId, stageNo);
		return this.attempts.findByJobIdAndStageNoOrderByPartitionAscAttemptAsc(jobId, stageNo)
			.stream()
			.map((t) -> taskView(t, errors.get(t.getId())))
			.toList();
	}

	/**
	 * Every attempt of a job, in stage and partition order; only those in one of
	 * {@code statuses} when given. For the live feed, which reads any job.
	 */
	public List<TaskView> attempts(String jobId, java.util.Collection<TaskStatus> statuses) {
		return attempts(jobId, statuses, Caller.ANONYMOUS);
	}

	/**
	 * Every attempt of a job as this caller may see it (another principal's job is not
	 * found for a submitter), in stage and partition order; only those in one of
	 * {@code statuses} when given.
	 */
	public List<TaskView> attempts(String jobId, java.util.Collection<TaskStatus> statuses, Caller caller) {
		entity(jobId, caller);
		List<TaskAttemptEntity> rows = statuses == null || statuses.isEmpty()
				? this.attempts.findByJobIdOrderByStageNoAscPartitionAscAttemptAsc(jobId)
				: this.attempts.findByJobIdAndStatusInOrderByStageNoAscPartitionAscAttemptAsc(jobId, statuses);
		Map<Integer, Map<String, ErrorDetail>> errors = new HashMap<>();
		return rows.stream()
			.map((t) -> taskView(t,
					errors.computeIfAbsent(t.getStageNo(), (n) -> errorDetails(jobId, n)).get(t.getId())))
			.toList();
	}

	/** A job's events, for the live feed, which reads any job. */
	public List<EventView> events(String jobId) {
		return events(jobId, Caller.ANONYMOUS);
	}

	public List<EventView> events(String jobId, Caller caller) {
		entity(jobId, caller);
		return this.events.findByJobIdOrderById(jobId)
			.stream()
			.map(e -> new EventView(e.getId(), e.getAt(), e.getType(), e.getExecutorId(), message(e.getMessage())))
			.toList();
	}

	/**
	 * The stored result as a JSON tree, or null. Decimals are stored as their digits in
	 * strings (a JSON number would be read back as a double) and shown as JSON numbers
	 * with every digit of their scale ({@code 12.30} for a {@code decimal(4,2)}).
	 */
	public Object result(JobEntity job) {
		return result(job.getId(), job.getResult());
	}

	private Object result(String jobId, String storedInJob) {
		// results stored before V11 are in jobs.result; later ones in chunks
		String stored = storedInJob != null ? storedInJob : this.results.read(jobId);
		if (stored == null) {
			return null;
		}
		Object result = this.json.readValue(stored, Object.class);
		if (result instanceof Map<?, ?> map && map.get("schema") instanceof List<?> schema
				&& map.get("rows") instanceof List<?> rows) {
			for (int c = 0; c < schema.size(); c++) {
				if (schema.get(c) instanceof Map<?, ?> column
						&& String.valueOf(column.get("type")).startsWith("decimal")) {
					exactNumbers(rows, c);
				}
			}
		}
		return result;
	}

	@SuppressWarnings("unchecked")
	private static void exactNumbers(List<?> rows, int column) {
		for (Object row : rows) {
			if (row instanceof List<?> values && column < values.size() && values.get(column) instanceof String text) {
				// parsed and printed again, so only a number's characters reach the raw
				// output
				((List<Object>) values).set(column, new RawValue(new BigDecimal(text).toPlainString()));
			}
		}
	}

	private JobView view(JobRows.Job job, boolean withStages) {
		List<StageView> stageViews = stageViews(job.id());
		Progress progress = sum(stageViews.stream().map(StageView::progress).toList());
		JobError error = job.errorMessage() == null ? null
				: new JobError(message(job.errorMessage()), job.errorPointer());
		return new JobView(job.id(), job.name(), job.status(), job.submittedAt(), job.startedAt(), job.finishedAt(),
				millis(job.submittedAt(), job.finishedAt()), progress,
				job.status() == JobStatus.SUCCEEDED ? result(job.id(), job.result()) : null, error,
				withStages ? stageViews : null, job.owner(), job.pool());
	}

	private List<StageView> stageViews(String jobId) {
		Map<Integer, int[]> counts = new HashMap<>();
		Map<Integer, long[]> spilled = new HashMap<>();
		for (JobRows.AttemptCount row : this.jobRows.attemptCounts(jobId)) {
			long[] spill = spilled.computeIfAbsent(row.stageNo(), k -> new long[2]);
			spill[0] += row.spills();
			spill[1] += row.spillBytes();
			int[] c = counts.computeIfAbsent(row.stageNo(), k -> new int[6]);
			int n = row.attempts();
			switch (row.status()) {
				case RUNNING -> c[0] += n;
				case SUCCEEDED -> {
					c[1] += n;
					c[5] += row.partitions();
				}
				case FAILED, LOST -> c[2] += n;
				case KILLED -> c[3] += n;
				default -> c[4] += n;
			}
		}
		List<StageView> out = new ArrayList<>();
		for (JobRows.Stage s : this.jobRows.stages(jobId)) {
			int[] c = counts.getOrDefault(s.stageNo(), new int[6]);
			int completed = Math.min(c[5], s.numTasks());
			Progress p = new Progress(s.numTasks(), Math.max(0, s.numTasks() - completed - c[0]), c[0], c[1], c[2],
					c[3], completed);
			List<Integer> parents = s.parents().isEmpty() ? List.of()
					: Arrays.stream(s.parents().split(",")).map(Integer::valueOf).toList();
			long[] spill = spilled.getOrDefault(s.stageNo(), new long[2]);
			out.add(new StageView(s.stageNo(), s.status(), s.attempt(), s.kind(), s.numTasks(), parents, p,
					s.shuffleBytesWritten(), s.shuffleBytesRead(), spill[0], spill[1], s.submittedAt(), s.finishedAt(),
					s.description()));
		}
		return out;
	}

	private static Progress sum(List<Progress> parts) {
		int[] t = new int[7];
		for (Progress p : parts) {
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

	/**
	 * Lines {@code from} (default: the last {@code size}) of what an attempt logged.
	 * @throws TaskNotFound when the stage has no such attempt
	 */
	public TaskLogView taskLog(String jobId, int stageNo, String attemptId, Integer from, int size, Caller caller) {
		entity(jobId, caller);
		if (this.stages.findById(jobId + ":" + stageNo).isEmpty()) {
			throw StageNotFound.of(jobId, stageNo);
		}
		TaskAttemptEntity attempt = this.attempts.findById(attemptId).orElse(null);
		if (attempt == null || !attempt.getJobId().equals(jobId) || attempt.getStageNo() != stageNo) {
			throw TaskNotFound.of(jobId, stageNo, attemptId);
		}
		TaskLogEntity stored = this.logs.findById(attemptId).orElse(null);
		List<String> lines = stored == null || stored.getLines() == null ? List.of()
				: List.of(this.json.readValue(stored.getLines(), String[].class));
		int total = lines.size();
		int start = from == null ? Math.max(0, total - size) : Math.min(from, total);
		int end = (int) Math.min((long) start + size, total);
		List<String> page = lines.subList(start, end).stream().map(this::message).toList();
		return new TaskLogView(attemptId, start, page.size(), total, stored == null ? 0 : stored.getDropped(), page);
	}

	/** The exceptions of a stage's failed attempts, by attempt id. */
	private Map<String, ErrorDetail> errorDetails(String jobId, int stageNo) {
		Map<String, ErrorDetail> errors = new HashMap<>();
		for (Object[] row : this.logs.findErrors(jobId, stageNo)) {
			errors.put((String) row[0], new ErrorDetail((String) row[1],
					row[2] == null ? List.of() : List.of(this.json.readValue((String) row[2], String[].class))));
		}
		return errors;
	}

	private TaskView taskView(TaskAttemptEntity t, ErrorDetail errorDetail) {
		return new TaskView(t.getId(), t.getStageNo(), t.getStageAttempt(), t.getPartition(), t.getAttempt(),
				t.getStatus(), t.getExecutorId(), t.getSlot(), t.getQueuedAt(), t.getStartedAt(), t.getFinishedAt(),
				millis(t.getStartedAt(), t.getFinishedAt()), t.getRowsIn(), t.getRowsOut(), t.getBytesIn(),
				t.getShuffleBytesRead(), t.getShuffleRemoteBytesRead(), t.getShuffleBytesWritten(), t.getSpills(),
				t.getSpillBytes(), message(t.getError()), errorDetail);
	}

	private static Long millis(Instant from, Instant to) {
		return from == null || to == null ? null : Duration.between(from, to).toMillis();
	}

}
