package dev.kindling.engine.datasource;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kindling.engine.datasource.SourceFiles.DataFile;
import dev.kindling.engine.types.Schema;

/**
 * The schemas of sources read lately, by format, files and reader options: a source read
 * again while its files are unchanged (each file's path, size and modification time, the
 * versions a job pins) is not sampled or its footers read again, as Spark keeps a
 * relation's schema. A changed, added or removed file is another key. Bounded: the least
 * recently used schema goes first, and a listing of more than {@link #MAX_FILES} files is
 * not kept. Failures are not kept.
 */
public final class SchemaCache {

	/** Listings larger than this are read each time rather than held as a key. */
	static final int MAX_FILES = 1000;

	/** How a schema is read when it is not here. */
	@FunctionalInterface
	public interface Loader {

		Schema load() throws IOException;

	}

	private record Key(String format, List<DataFile> files, Map<String, Object> options) {
	}

	private final Map<Key, Schema> schemas;

	/** A cache of at most {@code capacity} schemas. */
	public SchemaCache(int capacity) {
		this.schemas = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<Key, Schema> eldest) {
				return size() > capacity;
			}

		};
	}

	/**
	 * The schema of {@code files} read as {@code format} with {@code options}: kept, or
	 * loaded and kept.
	 */
	public Schema schema(String format, List<DataFile> files, Map<String, Object> options, Loader loader)
			throws IOException {
		if (files.size() > MAX_FILES) {
			return loader.load();
		}
		Key key = new Key(format, List.copyOf(files), new HashMap<>(options));
		synchronized (this.schemas) {
			Schema kept = this.schemas.get(key);
			if (kept != null) {
				return kept;
			}
		}
		Schema loaded = loader.load();
		synchronized (this.schemas) {
			this.schemas.put(key, loaded);
		}
		return loaded;
	}

}
