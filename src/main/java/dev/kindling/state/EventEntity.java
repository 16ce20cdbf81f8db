package dev.kindling.state;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * Something that happened to a job or an executor, as read from the {@code events} table
 * ({@link StateWriter} writes it).
 */
@Entity
@Immutable
@Table(name = "events")
public class EventEntity {

	@Id
	private Long id;

	private Instant at;

	@Enumerated(EnumType.STRING)
	private EventType type;

	private String jobId;

	private String executorId;

	private String message;

	protected EventEntity() {
	}

	public Long getId() {
		return this.id;
	}

	public Instant getAt() {
		return this.at;
	}

	public EventType getType() {
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
