package dev.kindling.scheduler;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.kindling.engine.planner.JobPlanner.PlannedJob;
import dev.kindling.platform.DriverRole;
import dev.kindling.protocol.TaskReport;
import dev.kindling.scheduler.core.ActiveJob;
import dev.kindling.scheduler.core.ReduceSlice;
import dev.kindling.scheduler.core.SchedulerCore;
import dev.kindling.scheduler.core.StoredAttempt;
import dev.kindling.state.JobEntity;
import dev.kindling.state.JobRepository;
import dev.kindling.state.JobStatus;
import dev.kindling.state.StageEntity;
import dev.kindling.state.StageRepository;
import dev.kindling.state.StateWriter;
import dev.kindling.state.TaskAttemptEntity;
import dev.kindling.state.TaskAttemptRepository;
import dev.kindling.state.TaskStatus;

/**
 * Resumes, when the driver starts, every job a previous driver accepted and did not
 * finish: planned again from its stored inputs (reading no file), with the result
 * partitions that were stored kept and the rest recomputed. Executors register afresh
 * with empty caches, so cached inputs are recomputed from lineage. A job cancelling when
 * the driver stopped is cancelled; one that cannot be planned again fails with the
 * reason.
 */
@Component
@DriverRole
class JobRecovery {

	private static final Logger log = LoggerFactory.getLogger(JobRecovery.class);

	private final JobRepository jobs;

	private final TaskAttemptRepository attempts;

	private final StageRepository stages;

	private final JobPlanning planning;

	private final SchedulerCore core;

	private final StateWriter writer;

	private final JsonMapper json;

	private final Clock clock;

	private final WriteGuard writes;

	JobRecovery(JobRepository jobs, TaskAttemptRepository attempts, StageRepository stages, JobPlanning planning,
			SchedulerCore core, StateWriter writer, JsonMapper json, Clock clock, WriteGuard writes) {
		this.writes = writes;
		this.stages = stages;
		this.jobs = jobs;
		this.attempts = attempts;
		this.planning = planning;
		this.core = core;
		this.writer = writer;
		this.json = json;
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	void recover() {
		for (JobEntity job : this.jobs
			.findByStatusIn(List.of(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.CANCELLING))) {
			try {
				recover(job);
			}
			catch (RuntimeException ex) {
				log.error("Cannot resume job {}", job.getId(), ex);
				this.writer.jobEnded(job.getId(), JobStatus.FAILED, this.clock.instant(), null,
						"could not be resumed after a driver restart: " + ex.getMessage());
			}
		}
	}

	private void recover(JobEntity entity) {
		Instant now = this.clock.instant();
		if (entity.getStatus() == JobStatus.CANCELLING) {
			this.writer.jobEnded(entity.getId(), JobStatus.CANCELLED, now, null, null);
			return;
		}
		StoredInputs in = StoredInputs.read(entity, this.json);
		PlannedJob plan = this.planning.replan(in.pinned(), in.shufflePartitions(), in.counts(), Set.of(),
				in.broadcastThreshold());
		ActiveJob.Inputs inputs = new ActiveJob.Inputs(in.pinned(), plan, in.counts(), in.broadcastThreshold(),
				in.shufflePartitions(), JobPlanning.stageSplits(plan, in.scans()), List.of(),
				this.planning.sourceVersion(in.pinned()), Scheduler.writePath(in.pinned()));
		int resultStage = plan.stages().size() - 1;
		List<StoredAttempt> stored = new ArrayList<>();
		for (TaskAttemptEntity row : this.attempts.findByJobIdOrderByStageNoAscPartitionAscAttemptAsc(entity.getId())) {
			TaskReport.Result result = row.getStageNo() == resultStage && row.getStatus() == TaskStatus.SUCCEEDED
					&& row.getOutput() != null ? this.json.readValue(row.getOutput(), TaskReport.Result.class) : null;
			stored.add(new StoredAttempt(row.getId(), row.getStageNo(), row.getPartition(), row.getAttempt(),
					row.getStatus(), result, result == null ? 0 : row.getOutput().length()));
		}
		if (inputs.writePath() != null) {
			this.writes.claim(entity.getId(), inputs.writePath());
		}
		ActiveJob job = new ActiveJob(entity.getId(), entity.getName(), inputs, entity.getStatus(),
				entity.getSubmittedAt());
		for (StageEntity stage : this.stages.findByJobIdOrderByStageNo(entity.getId())) {
			if (stage.getAdaptiveSlices() != null) {
				// the tasks adaptive execution made, so stored results keep their meaning
				job.restoreAdaptive(stage.getStageNo(), ReduceSlice.decode(stage.getAdaptiveSlices()),
						stage.getAdaptiveChanges() == null ? List.of()
								: List.of(stage.getAdaptiveChanges().split("\n")),
						ReduceSlice.buildSide(stage.getAdaptiveSlices()));
			}
		}
		this.core.resume(job, stored);
		if (inputs.writePath() != null) {
			this.core.whenFinished(entity.getId()).whenComplete((ok, ex) -> this.writes.release(entity.getId()));
		}
	}

}
