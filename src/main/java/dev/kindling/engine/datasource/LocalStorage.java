package dev.kindling.engine.datasource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.kindling.engine.storage.FileEntry;
import dev.kindling.engine.storage.InputFile;
import dev.kindling.engine.storage.Locations;
import dev.kindling.engine.storage.Storage;

/**
 * The data root as a {@link Storage}: every location is a path relative to the root,
 * confined by {@link DataRoot#confine} (absolute paths, {@code ..}, hidden names and
 * links out of the root are refused) each time it is used. A file is read through a
 * {@link FileChannel} at any offset; a move is an atomic rename.
 */
public final class LocalStorage implements Storage {

	private final DataRoot root;

	public LocalStorage(DataRoot root) {
		this.root = root;
	}

	public DataRoot root() {
		return this.root;
	}

	@Override
	public FileEntry stat(String path) throws IOException {
		Path p = this.root.confine(path);
		if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
			return null;
		}
		return entry(path, p);
	}

	private static FileEntry entry(String path, Path p) throws IOException {
		BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
		return new FileEntry(path, a.isDirectory() ? 0 : a.size(), a.lastModifiedTime().toMillis(), a.isDirectory());
	}

	@Override
	public List<FileEntry> list(String folder) throws IOException {
		Path dir = this.root.confine(folder);
		if (!Files.isDirectory(dir)) {
			return List.of();
		}
		List<FileEntry> out = new ArrayList<>();
		try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
			for (Path child : children) {
				String name = child.getFileName().toString();
				if (name.startsWith(".")) {
					// hidden: Kindling's own partial uploads, never data
					continue;
				}
				String path = Locations.join(Locations.trim(folder), name);
				if (Files.isSymbolicLink(child)) {
					try {
						this.root.confine(path);
					}
					catch (DataRoot.PathRefusedException ex) {
						continue;
					}
				}
				try {
					out.add(entry(path, child));
				}
				catch (NoSuchFileException ex) {
					// gone since the listing
				}
			}
		}
		out.sort(Comparator.comparing(FileEntry::path));
		return out;
	}

	@Override
	public InputFile open(String path) throws IOException {
		Path p = this.root.confine(path);
		return new LocalInputFile(path, FileChannel.open(p, StandardOpenOption.READ));
	}

	@Override
	public OutputStream create(String path) throws IOException {
		Path p = this.root.confine(path);
		Files.createDirectories(p.getParent());
		return Files.newOutputStream(p);
	}

	@Override
	public void move(String from, String to) throws IOException {
		Path source = this.root.confine(from);
		Path target = this.root.confine(to);
		Files.createDirectories(target.getParent());
		Files.move(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	@Override
	public boolean delete(String path) throws IOException {
		Path p = this.root.confine(path);
		if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
			throw new IOException("'" + path + "' is a folder");
		}
		return Files.deleteIfExists(p);
	}

	@Override
	public void deleteFolder(String folder) throws IOException {
		Path dir = this.root.confine(folder);
		if (dir.equals(this.root.root())) {
			throw new DataRoot.PathRefusedException("refusing to delete the whole data root");
		}
		if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(dir)) {
			for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
	}

	@Override
	public String describe(IOException ex) {
		return this.root.describe(ex);
	}

	/** A local file and a channel open on it. */
	public static InputFile open(Path file, String name) throws IOException {
		return new LocalInputFile(name, FileChannel.open(file, StandardOpenOption.READ));
	}

	/** A file of the data root, read through its channel. */
	private static final class LocalInputFile implements InputFile {

		private final String name;

		private final FileChannel channel;

		LocalInputFile(String name, FileChannel channel) {
			this.name = name;
			this.channel = channel;
		}

		@Override
		public String name() {
			return this.name;
		}

		@Override
		public long length() throws IOException {
			return this.channel.size();
		}

		@Override
		public int read(ByteBuffer dst, long position) throws IOException {
			return this.channel.read(dst, position);
		}

		@Override
		public void close() throws IOException {
			this.channel.close();
		}

	}

}
