package dev.kindling.engine.datasource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import dev.kindling.engine.storage.LocationRefusedException;

/**
 * The folder every dataset path resolves under. A path is normalized to Unicode NFC
 * first; then a path that is absolute, climbs out with {@code
 * ..}, names a URL (any {@code scheme:}; there is no allow-list, so none is read),
 * carries percent-encoding, backslashes, or characters {@link PathCharacters} refuses
 * (controls, bidi and zero-width characters, look-alikes of ASCII), has a name longer
 * than {@value #MAX_NAME_BYTES} bytes, names a hidden file, goes through a file as if it
 * were a folder, reaches outside through a symbolic link (dangling links included), or
 * names something other than a regular file or folder (a device, a FIFO, a socket) is
 * refused, so a job can read and write only what was put under the root. The driver
 * checks every path when a job is submitted; executors check again when they open the
 * file. Hard links cannot be told apart from files and are the operator's to avoid.
 *
 * <p>
 * No message shows the root's absolute path: {@link #scrub(String)} and
 * {@link #describe(IOException)} turn paths under it into relative ones.
 */
public final class DataRoot {

	private final Path root;

	/** The root's absolute path as given and as resolved, for {@link #scrub}. */
	private final List<String> absoluteForms;

	public DataRoot(Path root) {
		try {
			Files.createDirectories(root);
			this.root = root.toRealPath();
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot use data root " + root + ": " + ex.getMessage(), ex);
		}
		Set<String> forms = new LinkedHashSet<>();
		forms.add(this.root.toString());
		forms.add(root.toAbsolutePath().normalize().toString());
		this.absoluteForms = forms.stream()
			.filter((f) -> f.length() > 1)
			.sorted(Comparator.comparingInt(String::length).reversed())
			.toList();
	}

	/** The longest path accepted, in characters. */
	public static final int MAX_PATH_LENGTH = 1024;

	/**
	 * The longest name of one file or folder, in bytes of UTF-8: what Linux file systems
	 * take ({@code NAME_MAX}).
	 */
	public static final int MAX_NAME_BYTES = 255;

	/**
	 * A percent-encoded byte ({@code %2e}, {@code %2F}, {@code %252e} after one
	 * decoding...).
	 */
	private static final Pattern ENCODED = Pattern.compile("%[0-9a-fA-F]{2}");

	/** A path that starts with a URL scheme. */
	private static final Pattern URL = Pattern.compile("^[a-z][a-z0-9+.-]*:.*");

	public Path root() {
		return this.root;
	}

	/**
	 * A path refused by the confinement rules; the message says why without revealing the
	 * root.
	 */
	public static class PathRefusedException extends LocationRefusedException {

		public PathRefusedException(String message) {
			super(message);
		}

	}

	/**
	 * Resolves a relative path under the root. The file need not exist; if it (or any
	 * parent) does, its real location must still be under the root.
	 * @throws PathRefusedException for a path that is not confined to the root
	 */
	public Path resolve(String path) {
		return resolve(path, true);
	}

	/**
	 * Resolves a path that a listing under the root produced (a file of a folder a job
	 * reads, a partition folder, a staging file), as it is on disk: not normalized to
	 * NFC, and with any characters a file system name may hold, percent signs included (a
	 * partition value is escaped with them). Still refused: absolute paths, {@code ..},
	 * hidden names, links that leave the root, and anything but files and folders.
	 * @throws PathRefusedException for a path that is not confined to the root
	 */
	public Path confine(String path) {
		return resolve(path, false);
	}

	private Path resolve(String path, boolean typed) {
		if (path == null || path.isBlank()) {
			throw new PathRefusedException("path is empty");
		}
		String relative = typed ? PathCharacters.normalize(path) : path;
		if (relative.length() > MAX_PATH_LENGTH) {
			throw new PathRefusedException(
					"path is " + relative.length() + " characters long, more than " + MAX_PATH_LENGTH);
		}
		String shown = shown(relative);
		String lower = relative.toLowerCase(Locale.ROOT);
		if (URL.matcher(lower).matches() || lower.startsWith("//") || lower.startsWith("\\\\")) {
			throw new PathRefusedException("path '" + shown + "' is a URL; only files under the data root are allowed");
		}
		String refusal = typed ? PathCharacters.refusal(relative) : null;
		if (refusal != null) {
			throw new PathRefusedException("path '" + shown + "' contains " + refusal
					+ "; names with invisible, bidi or look-alike characters are not accepted");
		}
		if (typed && ENCODED.matcher(relative).find()) {
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
			int bytes = name.getBytes(StandardCharsets.UTF_8).length;
			if (bytes > MAX_NAME_BYTES) {
				throw new PathRefusedException("path '" + shown + "' has a name of " + bytes
						+ " bytes (UTF-8), more than the " + MAX_NAME_BYTES + " a file system takes");
			}
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
			if (!existing.equals(resolved) && !Files.isDirectory(existing)) {
				throw new PathRefusedException("path '" + shown + "' goes through '" + relativeName(existing)
						+ "', which is a file, not a folder");
			}
		}
		if (Files.exists(resolved) && !Files.isDirectory(resolved) && !Files.isRegularFile(resolved)) {
			throw new PathRefusedException("path '" + shown + "' is not a regular file");
		}
		return resolved;
	}

	/**
	 * The path as it may appear in an error: at most 200 characters, invisible characters
	 * (controls, bidi and zero-width characters) escaped.
	 */
	private static String shown(String path) {
		StringBuilder sb = new StringBuilder();
		int i = 0;
		while (i < path.length() && sb.length() < 200) {
			int cp = path.codePointAt(i);
			i += Character.charCount(cp);
			if (PathCharacters.invisible(cp)) {
				sb.append(String.format("\\u%04x", cp));
			}
			else {
				sb.appendCodePoint(cp);
			}
		}
		return i < path.length() ? sb + "..." : sb.toString();
	}

	private String relativeName(Path path) {
		return this.root.relativize(path).toString();
	}

	/**
	 * The message with the root's absolute path taken out: a path under the root becomes
	 * relative to it, the root itself "the data root". For messages of libraries and the
	 * JDK (an {@link IOException} names absolute paths) before a caller sees them.
	 */
	public String scrub(String message) {
		if (message == null) {
			return null;
		}
		String out = message;
		for (String form : this.absoluteForms) {
			if (out.contains(form)) {
				out = out.replace(form + "/", "")
					.replaceAll(Pattern.quote(form) + "(?![\\p{L}\\p{N}._-])", "the data root");
			}
		}
		return out;
	}

	/**
	 * An I/O failure as a caller may read it: the file relative to the root and the
	 * reason ({@code out/part-00000.csv: Not a directory}), never an absolute path.
	 */
	public String describe(IOException ex) {
		if (ex instanceof FileSystemException fs && fs.getFile() != null) {
			String reason = fs.getReason() != null ? fs.getReason() : reason(fs);
			String file = shownFile(fs.getFile());
			return fs.getOtherFile() == null ? file + ": " + reason
					: file + " -> " + shownFile(fs.getOtherFile()) + ": " + reason;
		}
		return scrub(String.valueOf(ex.getMessage()));
	}

	private static String reason(FileSystemException ex) {
		if (ex instanceof NoSuchFileException) {
			return "no such file or folder";
		}
		if (ex instanceof FileAlreadyExistsException) {
			return "already exists";
		}
		if (ex instanceof DirectoryNotEmptyException) {
			return "folder is not empty";
		}
		if (ex instanceof NotDirectoryException) {
			return "not a folder";
		}
		if (ex instanceof AccessDeniedException) {
			return "permission denied";
		}
		return "cannot be accessed";
	}

	/** A file of an I/O error: relative under the root, else its name alone. */
	private String shownFile(String file) {
		String scrubbed = scrub(file);
		if (!scrubbed.equals(file) || !file.startsWith("/")) {
			return scrubbed;
		}
		Path name = Path.of(file).getFileName();
		return name == null ? "?" : name.toString();
	}

}
