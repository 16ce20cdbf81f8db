package dev.kindling.state;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * A submitted job and everything a restarted driver needs to finish it, as read from the
 * {@code jobs} table ({@link StateWriter} writes it).
 */
@Entity
@Immutable
@Table(name = "jobs")
public class JobEntity {

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

	/** The cached datasets the job was planned to read from executor memory (JSON). */
	private String cachedKeys;

	private String idempotencyKey;

	private Instant submittedAt;

	private Instant startedAt;

	private Instant finishedAt;

	private Instant expiresAt;

	private String result;

	private String errorMessage;

	private String errorPointer;

	/** The principal that submitted it. */
	private String owner;

	/** The scheduling pool it runs in. */
	private String pool;

	protected JobEntity() {
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

	public long getBroadcastThreshold() {
		return this.broadcastThreshold;
	}

	public String getCachedKeys() {
		return this.cachedKeys;
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

	public String getErrorMessage() {
		return this.errorMessage;
	}

	public String getErrorPointer() {
		return this.errorPointer;
	}

	public String getOwner() {
		return this.owner;
	}

	public String getPool() {
		return this.pool;
	}

}
