package dev.kindling.state;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * One attempt of one task, as read from the {@code task_attempts} table
 * ({@link StateWriter} writes it). Result-stage attempts keep their partial result in
 * {@code output}, map attempts their block sizes, so a restarted driver finishes a job
 * without recomputing what is done.
 */
@Entity
@Immutable
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

	/** Times the attempt spilled to local disk (operators and shuffle writer). */
	private long spills;

	/** Bytes its spills wrote to local disk. */
	private long spillBytes;

	private String error;

	private String output;

	/** The executor slot the attempt ran on, when its report said. */
	private Integer slot;

	protected TaskAttemptEntity() {
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

	public long getSpills() {
		return this.spills;
	}

	public long getSpillBytes() {
		return this.spillBytes;
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

}
