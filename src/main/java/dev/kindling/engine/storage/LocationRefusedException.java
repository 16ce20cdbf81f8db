package dev.kindling.engine.storage;

/**
 * A location no job may use: outside the data root, a bucket outside the allowed
 * locations, object storage that is not configured. The message says why, without
 * revealing the data root's absolute path or a credential. Deterministic: a task that
 * meets it fails its job at once.
 */
public class LocationRefusedException extends RuntimeException {

	public LocationRefusedException(String message) {
		super(message);
	}

}
