package dev.kindling.state;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * What a task attempt logged on its executor, and the exception it failed with
 * ({@code task_logs}; {@link StateWriter} writes it).
 */
@Entity
@Immutable
@Table(name = "task_logs")
public class TaskLogEntity {

	@Id
	private String attemptId;

	private String jobId;

	private int stageNo;

	/** Its newest lines, as a JSON array. */
	private String lines;

	private int lineCount;

	/** Older lines dropped to keep within the bound. */
	private int dropped;

	private String errorType;

	/** The exception's first frame and Kindling's frames, as a JSON array. */
	private String errorFrames;

	protected TaskLogEntity() {
	}

	public String getAttemptId() {
		return this.attemptId;
	}

	public String getJobId() {
		return this.jobId;
	}

	public int getStageNo() {
		return this.stageNo;
	}

	public String getLines() {
		return this.lines;
	}

	public int getLineCount() {
		return this.lineCount;
	}

	public int getDropped() {
		return this.dropped;
	}

	public String getErrorType() {
		return this.errorType;
	}

	public String getErrorFrames() {
		return this.errorFrames;
	}

}
