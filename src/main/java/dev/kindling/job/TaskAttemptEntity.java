package dev.kindling.job;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One attempt of one task: {@code jobId:stage.stageAttempt:partition.attempt}.
 * Result-stage attempts keep their partial result in {@code output}, map attempts their
 * block sizes, so a restarted driver finishes a job without recomputing what is done.
 */
@Entity
@Table(name = "task_attempts")
public class TaskAttemptEntity {

	@Id
	private String id;

	private String jobId;

	private int stageNo;

	private int stageAttempt;

	@Column(name = "partition_no")
	private int partition;

	private int attempt;

	@Enumerated(EnumType.STRING)
	private TaskStatus status;

	private String executorId;

	private Instant queuedAt;

	private Instant startedAt;

	private Instant finishedAt;

	private long rowsIn;

	private long rowsOut;

	private long bytesIn;

	private long shuffleBytesRead;

	private long shuffleBytesWritten;

	private long shuffleRemoteBytesRead;

	private String error;

	private String output;

	/** The executor slot the attempt ran on, when its report said. */
	private Integer slot;

	protected TaskAttemptEntity() {
	}

	public TaskAttemptEntity(String jobId, int stageNo, int stageAttempt, int partition, int attempt,
			Instant queuedAt) {
		this.id = jobId + ":" + stageNo + "." + stageAttempt + ":" + partition + "." + attempt;
		this.jobId = jobId;
		this.stageNo = stageNo;
		this.stageAttempt = stageAttempt;
		this.partition = partition;
		this.attempt = attempt;
		this.queuedAt = queuedAt;
		this.status = TaskStatus.QUEUED;
	}

	public String getId() {
		return this.id;
	}

	public String getJobId() {
		return this.jobId;
	}

	public int getStageNo() {
		return this.stageNo;
	}

	public int getStageAttempt() {
		return this.stageAttempt;
	}

	public int getPartition() {
		return this.partition;
	}

	public int getAttempt() {
		return this.attempt;
	}

	public TaskStatus getStatus() {
		return this.status;
	}

	public String getExecutorId() {
		return this.executorId;
	}

	public void start(String executorId, Instant at) {
		this.executorId = executorId;
		this.startedAt = at;
		this.status = TaskStatus.RUNNING;
	}

	public void finish(TaskStatus status, Instant at, String error) {
		this.status = status;
		this.finishedAt = at;
		this.error = error;
	}

	public void setMetrics(long rowsIn, long rowsOut, long bytesIn, long shuffleRead, long shuffleWritten) {
		this.rowsIn = rowsIn;
		this.rowsOut = rowsOut;
		this.bytesIn = bytesIn;
		this.shuffleBytesRead = shuffleRead;
		this.shuffleBytesWritten = shuffleWritten;
	}

	public Instant getQueuedAt() {
		return this.queuedAt;
	}

	public Instant getStartedAt() {
		return this.startedAt;
	}

	public Instant getFinishedAt() {
		return this.finishedAt;
	}

	public long getRowsIn() {
		return this.rowsIn;
	}

	public long getRowsOut() {
		return this.rowsOut;
	}

	public long getBytesIn() {
		return this.bytesIn;
	}

	public long getShuffleBytesRead() {
		return this.shuffleBytesRead;
	}

	public long getShuffleBytesWritten() {
		return this.shuffleBytesWritten;
	}

	public long getShuffleRemoteBytesRead() {
		return this.shuffleRemoteBytesRead;
	}

	public String getError() {
		return this.error;
	}

	public Integer getSlot() {
		return this.slot;
	}

	public String getOutput() {
		return this.output;
	}

	public void setOutput(String output) {
		this.output = output;
	}

}
