package dev.kindling.state;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * One stage of a job, as read from the {@code stages} table ({@link StateWriter} writes
 * it). Its id is {@code jobId:stageNo}.
 */
@Entity
@Immutable
@Table(name = "stages")
public class StageEntity {

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

	/** What each task reads once adaptive execution changed the stage, or null (V16). */
	private String adaptiveSlices;

	/** What adaptive execution changed, one line each, or null. */
	private String adaptiveChanges;

	protected StageEntity() {
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

	public StageStatus getStatus() {
		return this.status;
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

	public String getAdaptiveSlices() {
		return this.adaptiveSlices;
	}

	public String getAdaptiveChanges() {
		return this.adaptiveChanges;
	}

}
