package dev.kindling.engine.datasource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The folder every dataset path resolves under. A path that is absolute, climbs out with
 * {@code
 * ..}, names a URL (any {@code scheme:}; there is no allow-list, so none is read),
 * carries percent-encoding, backslashes or control characters, names a hidden file,
 * reaches outside through a symbolic link (dangling links included), or names something
 * other than a regular file or folder (a device, a FIFO, a socket) is refused, so a job
 * can read and write only what was put under the root. The driver checks every path when
 * a job is submitted; executors check again when they open the file. Hard links cannot be
 * told apart from files and are the operator's to avoid.
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

	/** The longest path accepted, in characters. */
	public static final int MAX_PATH_LENGTH = 1024;

	/**
	 * A percent-encoded byte ({@code %2e}, {@code %2F}, {@code %252e} after one
	 * decoding...).
	 */
	private static final Pattern ENCODED = Pattern.compile("%[0-9a-fA-F]{2}");

	public Path root() {
		return this.root;
	}

	/**
	 * A path refused by the confinement rules; the message says why without revealing the
	 * root.
	 */
	public static class PathRefusedException extends RuntimeException {

		public PathRefusedException(String message) {
			super(message);
		}

	}

	/**
	 * Resolves a relative path under the root. The file need not exist; if it (or any
	 * parent) does, its real location must still be under the root.
	 * @throws PathRefusedException for a path that is not confined to the root
	 */
	public Path resolve(String relative) {
		if (relative == null || relative.isBlank()) {
			throw new PathRefusedException("path is empty");
		}
		if (relative.length() > MAX_PATH_LENGTH) {
			throw new PathRefusedException(
					"path is " + relative.length() + " characters long, more than " + MAX_PATH_LENGTH);
		}
		String shown = shown(relative);
		String lower = relative.toLowerCase(Locale.ROOT);
		if (lower.matches("^[a-z][a-z0-9+.-]*:.*") || lower.startsWith("//") || lower.startsWith("\\\\")) {
			throw new PathRefusedException("path '" + shown + "' is a URL; only files under the data root are allowed");
		}
		for (int i = 0; i < relative.length(); i++) {
			char c = relative.charAt(i);
			if (c < 0x20 || c == 0x7f) {
				throw new PathRefusedException("path '" + shown + "' contains a control character");
			}
		}
		if (ENCODED.matcher(relative).find()) {
			throw new PathRefusedException("path '" + shown + "' contains percent-encoded characters; "
					+ "paths are taken literally, so send them decoded");
		}
		if (relative.startsWith("/") || relative.startsWith("\\") || relative.startsWith("~")) {
			throw new PathRefusedException("path '" + shown + "' must be relative to the data root");
		}
		if (relative.indexOf('\\') >= 0) {
			throw new PathRefusedException("path '" + shown + "' contains a backslash; separate folders with '/'");
		}
		Path rel;
		try {
			rel = Path.of(relative);
		}
		catch (InvalidPathException ex) {
			throw new PathRefusedException("path '" + shown + "' is not a valid path");
		}
		if (rel.isAbsolute()) {
			throw new PathRefusedException("path '" + shown + "' must be relative to the data root");
		}
		for (Path part : rel) {
			String name = part.toString();
			if (name.equals("..")) {
				throw new PathRefusedException("path '" + shown + "' must not contain '..'");
			}
			if (name.startsWith(".") && !name.equals(".")) {
				throw new PathRefusedException("path '" + shown + "' names a hidden file or folder ('" + name
						+ "'); those are Kindling's own (partial uploads) and never datasets");
			}
		}
		Path resolved = this.root.resolve(rel).normalize();
		if (!resolved.startsWith(this.root)) {
			throw new PathRefusedException("path '" + shown + "' leaves the data root");
		}
		// Follow symbolic links of the longest existing prefix: they must stay inside
		// too.
		Path existing = resolved;
		while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
			existing = existing.getParent();
		}
		if (existing != null) {
			try {
				Path real = existing.toRealPath();
				if (!real.startsWith(this.root)) {
					throw new PathRefusedException("path '" + shown + "' leaves the data root through a link");
				}
			}
			catch (IOException ex) {
				throw new PathRefusedException("path '" + shown + "' cannot be resolved");
			}
		}
		if (Files.exists(resolved) && !Files.isDirectory(resolved) && !Files.isRegularFile(resolved)) {
			throw new PathRefusedException("path '" + shown + "' is not a regular file");
		}
		return resolved;
	}

	/**
	 * The path as it may appear in an error: at most 200 characters, control characters
	 * escaped.
	 */
	private static String shown(String path) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < path.length() && sb.length() < 200; i++) {
			char c = path.charAt(i);
			if (c < 0x20 || c == 0x7f) {
				sb.append(String.format("\\u%04x", (int) c));
			}
			else {
				sb.append(c);
			}
		}
		return path.length() > 200 ? sb + "..." : sb.toString();
	}

}
