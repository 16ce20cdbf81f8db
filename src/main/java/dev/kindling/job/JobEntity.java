package dev.kindling.job;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A submitted job and everything a restarted driver needs to finish it. */
@Entity
@Table(name = "jobs")
public class JobEntity extends AssignedIdEntity {

	@Id
	private String id;

	private String name;

	@Enumerated(EnumType.STRING)
	private JobStatus status;

	/** The job document as submitted. */
	private String spec;

	/** The spec with source schemas pinned: what executors plan from. */
	private String pinnedSpec;

	/**
	 * The splits chosen for each scan (JSON), so every replan sees the same partitions.
	 */
	private String scans;

	private int shufflePartitions;

	private long broadcastThreshold;

	private String idempotencyKey;

	private Instant submittedAt;

	private Instant startedAt;

	private Instant finishedAt;

	private Instant expiresAt;

	private String result;

	private String errorMessage;

	private String errorPointer;

	@Version
	@Column(nullable = false)
	private long version;

	protected JobEntity() {
	}

	public JobEntity(String id, String name, String spec, String idempotencyKey, Instant submittedAt) {
		this.id = id;
		this.name = name;
		this.spec = spec;
		this.idempotencyKey = idempotencyKey;
		this.submittedAt = submittedAt;
		this.status = JobStatus.QUEUED;
		markNew();
	}

	public String getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public JobStatus getStatus() {
		return this.status;
	}

	/** Moves to {@code next}, refusing a transition the state machine does not allow. */
	public void moveTo(JobStatus next, Instant at) {
		if (this.status == next) {
			return;
		}
		if (!this.status.canMoveTo(next)) {
			throw new IllegalStateException("job " + this.id + " cannot go from " + this.status + " to " + next);
		}
		this.status = next;
		if (next == JobStatus.RUNNING && this.startedAt == null) {
			this.startedAt = at;
		}
		if (next.isFinal()) {
			this.finishedAt = at;
		}
	}

	public String getSpec() {
		return this.spec;
	}

	public String getPinnedSpec() {
		return this.pinnedSpec;
	}

	public String getScans() {
		return this.scans;
	}

	public int getShufflePartitions() {
		return this.shufflePartitions;
	}

	public void setPlanInputs(String pinnedSpec, String scans, int shufflePartitions, long broadcastThreshold) {
		this.pinnedSpec = pinnedSpec;
		this.scans = scans;
		this.shufflePartitions = shufflePartitions;
		this.broadcastThreshold = broadcastThreshold;
	}

	public long getBroadcastThreshold() {
		return this.broadcastThreshold;
	}

	public String getIdempotencyKey() {
		return this.idempotencyKey;
	}

	public Instant getSubmittedAt() {
		return this.submittedAt;
	}

	public Instant getStartedAt() {
		return this.startedAt;
	}

	public Instant getFinishedAt() {
		return this.finishedAt;
	}

	public Instant getExpiresAt() {
		return this.expiresAt;
	}

	public String getResult() {
		return this.result;
	}

	public void setResult(String result) {
		this.result = result;
	}

	public String getErrorMessage() {
		return this.errorMessage;
	}

	public String getErrorPointer() {
		return this.errorPointer;
	}

	public void setError(String message, String pointer) {
		this.errorMessage = message;
		this.errorPointer = pointer;
	}

}
