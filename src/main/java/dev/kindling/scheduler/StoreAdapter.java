package dev.kindling.scheduler;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.json.JsonMapper;

import dev.kindling.protocol.TaskReport;
import dev.kindling.scheduler.core.StateStore;
import dev.kindling.state.JobStatus;
import dev.kindling.state.StageStatus;
import dev.kindling.state.StateWriter;
import dev.kindling.state.TaskStatus;

/** The scheduler's state changes, recorded by the {@link StateWriter}. */
final class StoreAdapter implements StateStore {

	private final StateWriter writer;

	private final JsonMapper json;

	StoreAdapter(StateWriter writer, JsonMapper json) {
		this.writer = writer;
		this.json = json;
	}

	@Override
	public void jobRunning(String jobId, Instant at) {
		this.writer.jobRunning(jobId, at);
	}

	@Override
	public CompletableFuture<Void> jobCancelling(String jobId, Instant at) {
		return this.writer.jobCancelling(jobId);
	}

	@Override
	public CompletableFuture<Void> jobEnded(String jobId, JobStatus status, Instant at, String resultJson, String error,
			boolean dropOutputs) {
		return this.writer.jobEnded(jobId, status, at, resultJson, error, dropOutputs);
	}

	@Override
	public void stage(String jobId, int stageNo, StageStatus status, int attempt, Instant at) {
		this.writer.stage(jobId, stageNo, status, attempt, at);
	}

	@Override
	public void stageShuffle(String jobId, int stageNo, long written, long read) {
		this.writer.stageShuffle(jobId, stageNo, written, read);
	}

	@Override
	public void stageAdapted(String jobId, int stageNo, int numTasks, String slices, String changes) {
		this.writer.stageAdapted(jobId, stageNo, numTasks, slices, changes);
	}

	@Override
	public void attemptQueued(String attemptId, String jobId, int stageNo, int stageAttempt, int partition, int attempt,
			Instant at) {
		this.writer.attemptQueued(attemptId, jobId, stageNo, stageAttempt, partition, attempt, at);
	}

	@Override
	public void attemptStarted(String attemptId, String executorId, Instant at) {
		this.writer.attemptStarted(attemptId, executorId, at);
	}

	@Override
	public void attemptEnded(String attemptId, TaskStatus status, Instant at, String error, TaskReport report,
			String output) {
		TaskReport.Metrics m = report == null ? null : report.metrics();
		StateWriter.AttemptLog log = report == null ? StateWriter.AttemptLog.NONE : log(report);
		StateWriter.AttemptCounters counters = (m == null) ? StateWriter.AttemptCounters.NONE
				: new StateWriter.AttemptCounters(m.rowsIn(), m.rowsOut(), m.bytesIn(), m.shuffleBytesRead(),
						m.shuffleBytesWritten(), m.shuffleRemoteBytesRead(), m.spills(), m.spillBytes(), m.slot());
		this.writer.attemptEnded(attemptId, status, at, error, counters, output, log);
	}

	/** What a reported attempt logged and the exception it failed with, as stored. */
	private StateWriter.AttemptLog log(TaskReport report) {
		TaskReport.Log log = report.log();
		TaskReport.ErrorDetail detail = report.errorDetail();
		if (log == null && detail == null) {
			return StateWriter.AttemptLog.NONE;
		}
		return new StateWriter.AttemptLog(log == null ? null : this.json.writeValueAsString(log.lines()),
				log == null ? 0 : log.lines().size(), log == null ? 0 : log.dropped(),
				detail == null ? null : detail.exception(),
				detail == null ? null : this.json.writeValueAsString(detail.frames()));
	}

}
