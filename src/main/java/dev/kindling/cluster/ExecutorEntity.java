package dev.kindling.cluster;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An executor's registration and last known state. */
@Entity
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

	ExecutorEntity(ExecutorInfo info) {
		this.id = info.id();
		this.name = info.name();
		this.url = info.url();
		this.slots = info.slots();
		this.maxMemory = info.maxMemory();
		this.registeredAt = info.registeredAt();
		update(info);
	}

	void update(ExecutorInfo info) {
		this.state = info.state();
		this.lastHeartbeat = info.lastHeartbeat();
		this.runningTasks = info.runningAttempts().size();
		this.cacheBytes = info.cacheBytes();
		this.shuffleBytes = info.shuffleBytes();
	}

	ExecutorInfo toInfo() {
		return new ExecutorInfo(this.id, this.name, this.url, this.slots, this.maxMemory, this.state, this.registeredAt,
				this.lastHeartbeat, java.util.List.of(), this.cacheBytes, this.shuffleBytes, 0, 0, 0, 0);
	}

}
