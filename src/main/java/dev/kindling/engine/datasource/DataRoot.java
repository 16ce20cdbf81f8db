package dev.kindling.engine.datasource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The folder every dataset path resolves under. A path that is absolute, climbs out with {@code
 * ..}, names a URL, or reaches outside through a symbolic link is refused, so a job can read only
 * what was put under the root.
 */
public final class DataRoot {

	private final Path root;

	public DataRoot(Path root) {
		try {
			Files.createDirectories(root);
			this.root = root.toRealPath();
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot use data root " + root + ": " + ex.getMessage(), ex);
		}
	}

	public Path root() {
		return this.root;
	}

	/** A path refused by the confinement rules; the message says why without revealing the root. */
	public static class PathRefusedException extends RuntimeException {

		public PathRefusedException(String message) {
			super(message);
		}

	}

	/**
	 * Resolves a relative path under the root. The file need not exist; if it (or any parent) does,
	 * its real location must still be under the root.
	 * @throws PathRefusedException for a path that is not confined to the root
	 */
	public Path resolve(String relative) {
		if (relative == null || relative.isBlank()) {
			throw new PathRefusedException("path is empty");
		}
		String lower = relative.toLowerCase(Locale.ROOT);
		if (lower.matches("^[a-z][a-z0-9+.-]*:.*")) {
			throw new PathRefusedException("path '" + relative + "' is a URL; only files under the data root are allowed");
		}
		if (relative.indexOf('\0') >= 0 || lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c")) {
			throw new PathRefusedException("path '" + relative + "' contains encoded or control characters");
		}
		if (relative.startsWith("/") || relative.startsWith("\\") || relative.startsWith("~")) {
			throw new PathRefusedException("path '" + relative + "' must be relative to the data root");
		}
		Path rel;
		try {
			rel = Path.of(relative);
		}
		catch (InvalidPathException ex) {
			throw new PathRefusedException("path '" + relative + "' is not a valid path");
		}
		if (rel.isAbsolute()) {
			throw new PathRefusedException("path '" + relative + "' must be relative to the data root");
		}
		for (Path part : rel) {
			if (part.toString().equals("..")) {
				throw new PathRefusedException("path '" + relative + "' must not contain '..'");
			}
		}
		Path resolved = this.root.resolve(rel).normalize();
		if (!resolved.startsWith(this.root)) {
			throw new PathRefusedException("path '" + relative + "' leaves the data root");
		}
		// Follow symbolic links of the longest existing prefix: they must stay inside too.
		Path existing = resolved;
		while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
			existing = existing.getParent();
		}
		if (existing != null) {
			try {
				Path real = existing.toRealPath();
				if (!real.startsWith(this.root)) {
					throw new PathRefusedException("path '" + relative + "' leaves the data root through a link");
				}
			}
			catch (IOException ex) {
				throw new PathRefusedException("path '" + relative + "' cannot be resolved");
			}
		}
		if (Files.exists(resolved) && !Files.isDirectory(resolved) && !Files.isRegularFile(resolved)) {
			throw new PathRefusedException("path '" + relative + "' is not a regular file");
		}
		return resolved;
	}

}
