package dev.kindling.catalog;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A named table of the catalog: its source, as JSON. */
@Entity
@Table(name = "catalog_tables")
class TableEntity {

	@Id
	private String name;

	@Column(columnDefinition = "text")
	private String source;

	private Instant createdAt;

	private Instant updatedAt;

	@Version
	private long version;

	protected TableEntity() {
	}

	TableEntity(String name, String source, Instant now) {
		this.name = name;
		this.source = source;
		this.createdAt = now;
		this.updatedAt = now;
	}

	String getName() {
		return this.name;
	}

	String getSource() {
		return this.source;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	Instant getUpdatedAt() {
		return this.updatedAt;
	}

	void replace(String newSource, Instant now) {
		this.source = newSource;
		this.updatedAt = now;
	}

}
