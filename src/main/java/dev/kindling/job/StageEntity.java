package dev.kindling.job;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One stage of a job. Its id is {@code jobId:stageNo}. */
@Entity
@Table(name = "stages")
public class StageEntity extends AssignedIdEntity {

	@Id
	private String id;

	private String jobId;

	private int stageNo;

	private int attempt;

	@Enumerated(EnumType.STRING)
	private StageStatus status;

	/** MAP (writes a shuffle) or RESULT (returns the job's result). */
	private String kind;

	private int numTasks;

	/** Comma-separated parent stage numbers. */
	private String parents;

	private String description;

	private Instant submittedAt;

	private Instant finishedAt;

	private long shuffleBytesWritten;

	private long shuffleBytesRead;

	protected StageEntity() {
	}

	public StageEntity(String jobId, int stageNo, String kind, int numTasks, String parents, String description) {
		this.id = jobId + ":" + stageNo;
		this.jobId = jobId;
		this.stageNo = stageNo;
		this.kind = kind;
		this.numTasks = numTasks;
		this.parents = parents;
		this.description = description;
		this.status = StageStatus.WAITING;
		markNew();
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

	public int getAttempt() {
		return this.attempt;
	}

	public void setAttempt(int attempt) {
		this.attempt = attempt;
	}

	public StageStatus getStatus() {
		return this.status;
	}

	public void setStatus(StageStatus status, Instant at) {
		this.status = status;
		if (status == StageStatus.RUNNING && this.submittedAt == null) {
			this.submittedAt = at;
		}
		if (status == StageStatus.SUCCEEDED || status == StageStatus.FAILED || status == StageStatus.CANCELLED) {
			this.finishedAt = at;
		}
	}

	public String getKind() {
		return this.kind;
	}

	public int getNumTasks() {
		return this.numTasks;
	}

	public String getParents() {
		return this.parents;
	}

	public String getDescription() {
		return this.description;
	}

	public Instant getSubmittedAt() {
		return this.submittedAt;
	}

	public Instant getFinishedAt() {
		return this.finishedAt;
	}

	public long getShuffleBytesWritten() {
		return this.shuffleBytesWritten;
	}

	public long getShuffleBytesRead() {
		return this.shuffleBytesRead;
	}

	public void addShuffleBytes(long written, long read) {
		this.shuffleBytesWritten += written;
		this.shuffleBytesRead += read;
	}

}
