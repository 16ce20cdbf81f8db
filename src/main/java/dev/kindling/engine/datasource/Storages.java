package dev.kindling.engine.datasource;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;

import dev.kindling.engine.storage.FileEntry;
import dev.kindling.engine.storage.InputFile;
import dev.kindling.engine.storage.LocationRefusedException;
import dev.kindling.engine.storage.Locations;
import dev.kindling.engine.storage.Storage;

/**
 * Every storage a job may use, by location: an {@code s3://} URL goes to object storage
 * (when it is configured, and only under an allowed location), anything else to the data
 * root.
 */
public final class Storages implements Storage {

	private final LocalStorage local;

	private final Storage objects;

	private final List<String> allowed;

	/**
	 * @param local the data root
	 * @param objects object storage, or null when none is configured
	 * @param allowed the object-store locations jobs may use ({@code s3://bucket} or
	 * {@code s3://bucket/prefix}); an {@code s3://} URL outside them is refused
	 */
	public Storages(LocalStorage local, Storage objects, List<String> allowed) {
		this.local = local;
		this.objects = objects;
		this.allowed = allowed == null ? List.of() : allowed.stream().map(Storages::canonical).toList();
	}

	/** The data root alone. */
	public static Storages local(DataRoot root) {
		return new Storages(new LocalStorage(root), null, List.of());
	}

	public LocalStorage local() {
		return this.local;
	}

	/** Whether object storage is configured. */
	public boolean hasObjectStore() {
		return this.objects != null;
	}

	/** {@code s3a://} written as {@code s3://}, without a trailing slash. */
	static String canonical(String location) {
		String t = Locations.trim(location.trim());
		if (t.toLowerCase(Locale.ROOT).startsWith("s3a://")) {
			t = Locations.S3 + t.substring(6);
		}
		else if (t.toLowerCase(Locale.ROOT).startsWith(Locations.S3)) {
			t = Locations.S3 + t.substring(5);
		}
		return t;
	}

	/**
	 * Checks that a job may use a location, as a user typed it: under the data root (and
	 * a name the root accepts), or on object storage under an allowed location.
	 * @return the location as every later step names it ({@code s3a://} is {@code s3://})
	 * @throws LocationRefusedException when it may not
	 */
	public String check(String location) {
		if (Locations.isObjectStore(location)) {
			return objectStore(location);
		}
		java.nio.file.Path resolved = this.local.root().resolve(location);
		String relative = this.local.root().root().relativize(resolved).toString().replace('\\', '/');
		if (relative.isEmpty()) {
			throw new DataRoot.PathRefusedException(
					"path '" + location + "' is the whole data root; name a file or " + "folder under it");
		}
		return relative;
	}

	private String objectStore(String location) {
		String canonical = canonical(location);
		String afterScheme = canonical.substring(Locations.S3.length());
		if (afterScheme.isEmpty() || afterScheme.startsWith("/")) {
			throw new LocationRefusedException("'" + location + "' names no bucket");
		}
		for (String part : afterScheme.split("/")) {
			if (part.equals("..") || part.equals(".")) {
				throw new LocationRefusedException("'" + location + "' must not contain '.' or '..' segments");
			}
		}
		if (this.objects == null) {
			throw new LocationRefusedException(
					"'" + location + "' is on object storage, which is not configured " + "(kindling.storage.s3.*)");
		}
		for (String a : this.allowed) {
			if (Locations.within(canonical, a)) {
				return canonical;
			}
		}
		throw new LocationRefusedException("'" + location + "' is outside the allowed locations "
				+ "(kindling.storage.allowed-locations): " + (this.allowed.isEmpty() ? "none" : this.allowed));
	}

	private Storage route(String location) {
		if (Locations.isObjectStore(location)) {
			objectStore(location);
			return this.objects;
		}
		return this.local;
	}

	private static String name(String location) {
		return Locations.isObjectStore(location) ? canonical(location) : location;
	}

	@Override
	public FileEntry stat(String path) throws IOException {
		return route(path).stat(name(path));
	}

	@Override
	public List<FileEntry> list(String folder) throws IOException {
		return route(folder).list(name(folder));
	}

	@Override
	public List<FileEntry> listFiles(String folder) throws IOException {
		return route(folder).listFiles(name(folder));
	}

	@Override
	public InputFile open(String path) throws IOException {
		return route(path).open(name(path));
	}

	@Override
	public InputFile open(String path, long length) throws IOException {
		return route(path).open(name(path), length);
	}

	@Override
	public OutputStream create(String path) throws IOException {
		return route(path).create(name(path));
	}

	@Override
	public void move(String from, String to) throws IOException {
		Storage a = route(from);
		if (a != route(to)) {
			throw new IOException("cannot move '" + from + "' to another storage ('" + to + "')");
		}
		a.move(name(from), name(to));
	}

	@Override
	public boolean delete(String path) throws IOException {
		return route(path).delete(name(path));
	}

	@Override
	public void deleteFolder(String folder) throws IOException {
		route(folder).deleteFolder(name(folder));
	}

	/** The message with the data root's path taken out (object storage names none). */
	@Override
	public String describe(IOException ex) {
		return this.local.describe(ex);
	}

}
