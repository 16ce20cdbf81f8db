package dev.kindling.state;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * The tombstone of a job the retention policy deleted ({@code expired_jobs}): its id
 * answers 410 Gone. {@link StateWriter} writes it.
 */
@Entity
@Immutable
@Table(name = "expired_jobs")
public class ExpiredJobEntity {

	@Id
	private String id;

	private String owner;

	private Instant finishedAt;

	private Instant expiredAt;

	protected ExpiredJobEntity() {
	}

	public String getId() {
		return this.id;
	}

	public String getOwner() {
		return this.owner;
	}

	public Instant getFinishedAt() {
		return this.finishedAt;
	}

	public Instant getExpiredAt() {
		return this.expiredAt;
	}

}
