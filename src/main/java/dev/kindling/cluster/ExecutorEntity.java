package dev.kindling.cluster;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * An executor's registration and last known state, as read from the {@code executors}
 * table (the state writer writes it).
 */
@Entity
@Immutable
@Table(name = "executors")
public class ExecutorEntity {

	@Id
	private String id;

	private String name;

	private String url;

	private int slots;

	private long maxMemory;

	@Enumerated(EnumType.STRING)
	private ExecutorState state;

	private Instant registeredAt;

	private Instant lastHeartbeat;

	private int runningTasks;

	private long cacheBytes;

	private long shuffleBytes;

	protected ExecutorEntity() {
	}

	ExecutorInfo toInfo() {
		return new ExecutorInfo(this.id, this.name, this.url, this.slots, this.maxMemory, this.state, this.registeredAt,
				this.lastHeartbeat, java.util.List.of(), this.cacheBytes, this.shuffleBytes, 0, 0, 0, 0);
	}

}
