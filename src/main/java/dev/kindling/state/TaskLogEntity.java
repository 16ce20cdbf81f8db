package dev.kindling.state;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * What a task attempt logged on its executor, and the exception it failed with: columns
 * of its {@code task_attempts} row (V13), stored with its end by {@link StateWriter}, and
 * read apart from the attempt's other columns, since its lines may be a quarter of a
 * megabyte and an attempt listing needs none of them.
 */
@Entity
@Immutable
@Table(name = "task_attempts")
public class TaskLogEntity {

	@Id
	@Column(name = "id")
	private String attemptId;

	private String jobId;

	private int stageNo;

	/** Its newest lines, as a JSON array; null when it logged nothing. */
	@Column(name = "log_lines")
	private String lines;

	@Column(name = "log_line_count")
	private int lineCount;

	/** Older lines dropped to keep within the bound. */
	@Column(name = "log_dropped")
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
