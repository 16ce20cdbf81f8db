package dev.kindling.job;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * An entity whose id the driver makes itself: saving a new one inserts it at once instead
 * of looking it up first, as Spring Data does for any entity that arrives with an id.
 */
@MappedSuperclass
abstract class AssignedIdEntity implements Persistable<String> {

	@Transient
	private boolean isNew;

	/** Called by constructors that make a new row. */
	protected final void markNew() {
		this.isNew = true;
	}

	@Override
	public boolean isNew() {
		return this.isNew;
	}

	@PostPersist
	@PostLoad
	void stored() {
		this.isNew = false;
	}

}
