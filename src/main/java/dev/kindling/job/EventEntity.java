package dev.kindling.job;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Something that happened to a job or an executor: registered, lost, task retried, stage
 * resubmitted.
 */
@Entity
@Table(name = "events")
public class EventEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private Instant at;

	private String type;

	private String jobId;

	private String executorId;

	private String message;

	protected EventEntity() {
	}

	public EventEntity(Instant at, String type, String jobId, String executorId, String message) {
		this.at = at;
		this.type = type;
		this.jobId = jobId;
		this.executorId = executorId;
		this.message = message;
	}

	public Long getId() {
		return this.id;
	}

	public Instant getAt() {
		return this.at;
	}

	public String getType() {
		return this.type;
	}

	public String getJobId() {
		return this.jobId;
	}

	public String getExecutorId() {
		return this.executorId;
	}

	public String getMessage() {
		return this.message;
	}

}
