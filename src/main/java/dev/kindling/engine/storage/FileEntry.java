package dev.kindling.engine.storage;

/**
 * A file or folder a {@link Storage} listed.
 *
 * @param path its location, in the form the storage was asked with (relative to the data
 * root, or an {@code s3://} URL)
 * @param size its length in bytes (0 for a folder)
 * @param modifiedMillis when it last changed, in milliseconds since the epoch (0 when
 * unknown, as for an object-store folder)
 * @param folder whether it is a folder (on object storage: a prefix with objects under
 * it)
 */
public record FileEntry(String path, long size, long modifiedMillis, boolean folder) {

	/** The last segment of the path. */
	public String name() {
		return Locations.name(this.path);
	}

}
