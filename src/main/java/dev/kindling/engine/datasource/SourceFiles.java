package dev.kindling.engine.datasource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.kindling.engine.storage.FileEntry;
import dev.kindling.engine.storage.Locations;
import dev.kindling.engine.storage.Storage;
import dev.kindling.engine.types.Field;

/**
 * The files a source path names, as Spark's file index finds them:
 * <ul>
 * <li>a file: that file;
 * <li>a folder: every file under it at any depth, but names starting with {@code _}
 * (unless they hold a {@code =}: a partition folder) or {@code .}, and names ending with
 * {@code ._COPYING_}, which are skipped with what they hold: {@code _SUCCESS},
 * {@code _temporary}, {@code .crc} files, half-copied files;
 * <li>a glob ({@code logs/2026-*}{@code /part-*.csv}, Hadoop's syntax per segment): every
 * match, a matched folder read as above.
 * </ul>
 * Under a folder (not under a glob's matches, as in Spark without {@code basePath}),
 * {@code name=value} folders are partitions: {@link PartitionDiscovery} turns them into
 * columns.
 */
public final class SourceFiles {

	private SourceFiles() {
	}

	/**
	 * A data file of a source.
	 *
	 * @param path its location
	 * @param size its length in bytes
	 * @param modifiedMillis when it last changed
	 * @param partitionValues its partition folders' values, in the order of the partition
	 * columns, unescaped ({@code null} for Hive's default partition)
	 */
	public record DataFile(String path, long size, long modifiedMillis, List<String> partitionValues) {

		public DataFile {
			partitionValues = partitionValues == null ? List.of()
					: java.util.Collections.unmodifiableList(new ArrayList<>(partitionValues));
		}

	}

	/**
	 * What a source path names.
	 *
	 * @param files its data files, by path
	 * @param partitionColumns the columns its partition folders give (empty for none)
	 * @param folder whether the path named a folder or a glob (not a single file)
	 */
	public record Listing(List<DataFile> files, List<Field> partitionColumns, boolean folder) {

		/** The bytes of all its files. */
		public long bytes() {
			return this.files.stream().mapToLong(DataFile::size).sum();
		}

	}

	/** A source path that names nothing, or folders that disagree. */
	public static final class SourceException extends RuntimeException {

		public SourceException(String message) {
			super(message);
		}

	}

	/** Whether Spark's file index skips a file or folder of this name. */
	public static boolean hidden(String name) {
		return (name.startsWith("_") && !name.contains("=")) || name.startsWith(".") || name.endsWith("._COPYING_");
	}

	/**
	 * Lists the files a source path names.
	 * @throws SourceException when it names nothing, or its partition folders disagree
	 */
	public static Listing list(Storage storage, String path) throws IOException {
		String location = Locations.trim(path);
		if (Globs.isGlob(location)) {
			return glob(storage, location);
		}
		FileEntry entry = storage.stat(location);
		if (entry == null) {
			throw new SourceException("'" + path + "' does not exist"
					+ (Locations.isObjectStore(location) ? "" : " under the data root"));
		}
		if (!entry.folder()) {
			return new Listing(List.of(new DataFile(entry.path(), entry.size(), entry.modifiedMillis(), null)),
					List.of(), false);
		}
		List<FileEntry> files = new ArrayList<>();
		walk(storage, location, files);
		return PartitionDiscovery.discover(location, files);
	}

	/** The visible files under a folder, skipping hidden names at every level. */
	private static void walk(Storage storage, String folder, List<FileEntry> out) throws IOException {
		for (FileEntry e : storage.list(folder)) {
			if (hidden(e.name())) {
				continue;
			}
			if (e.folder()) {
				walk(storage, e.path(), out);
			}
			else {
				out.add(e);
			}
		}
	}

	private static Listing glob(Storage storage, String location) throws IOException {
		String root = "";
		String rest = location;
		if (Locations.isObjectStore(location)) {
			int scheme = location.indexOf("://") + 3;
			int slash = location.indexOf('/', scheme);
			root = slash < 0 ? location : location.substring(0, slash);
			rest = slash < 0 ? "" : location.substring(slash + 1);
			if (Globs.isGlob(root)) {
				throw new SourceException("'" + location + "' has a glob in its bucket name; globs match keys only");
			}
		}
		String[] segments = rest.split("/");
		List<FileEntry> matches = new ArrayList<>();
		match(storage, root, segments, 0, matches);
		List<DataFile> files = new ArrayList<>();
		Map<String, Boolean> seen = new LinkedHashMap<>();
		for (FileEntry m : matches) {
			List<FileEntry> leaves = new ArrayList<>();
			if (m.folder()) {
				walk(storage, m.path(), leaves);
			}
			else {
				leaves.add(m);
			}
			for (FileEntry leaf : leaves) {
				if (seen.put(leaf.path(), Boolean.TRUE) == null) {
					files.add(new DataFile(leaf.path(), leaf.size(), leaf.modifiedMillis(), null));
				}
			}
		}
		if (files.isEmpty()) {
			throw new SourceException("'" + location + "' matches no file");
		}
		files.sort(Comparator.comparing(DataFile::path));
		return new Listing(List.copyOf(files), List.of(), true);
	}

	private static void match(Storage storage, String folder, String[] segments, int at, List<FileEntry> out)
			throws IOException {
		String segment = segments[at];
		boolean last = at == segments.length - 1;
		if (!Globs.isGlob(segment)) {
			String path = Locations.join(folder, segment);
			if (last) {
				FileEntry e = storage.stat(path);
				if (e != null) {
					out.add(e);
				}
			}
			else {
				match(storage, path, segments, at + 1, out);
			}
			return;
		}
		Pattern pattern;
		try {
			pattern = Globs.segment(segment);
		}
		catch (IllegalArgumentException ex) {
			throw new SourceException(ex.getMessage());
		}
		for (FileEntry e : storage.list(folder)) {
			String name = e.name();
			// a glob's * never matches a hidden name, as in Hadoop's default filter
			if ((hidden(name) && !segment.startsWith(name.substring(0, 1))) || !pattern.matcher(name).matches()) {
				continue;
			}
			if (last) {
				out.add(e);
			}
			else if (e.folder()) {
				match(storage, e.path(), segments, at + 1, out);
			}
		}
	}

}
