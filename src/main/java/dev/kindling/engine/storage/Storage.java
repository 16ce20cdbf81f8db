package dev.kindling.engine.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Files under locations: the data root, or an object store. Every method confines the
 * location it is given (a path outside the data root, a bucket outside the allowed
 * locations is a {@link LocationRefusedException}) and names files in its errors as the
 * user named them, never by an absolute machine path.
 *
 * <p>
 * Writes are of whole new files: {@link #create} returns a stream whose bytes become the
 * file when it is closed (on object storage, the upload happens then), so a reader never
 * sees half a file that a live writer left behind... on the data root, a writer that dies
 * leaves its partial file where it wrote it, which is why jobs write to a staging folder
 * first and {@link #move} their files into place when the job commits.
 */
public interface Storage {

	/** The file or folder at {@code path}, or null when there is nothing there. */
	FileEntry stat(String path) throws IOException;

	/**
	 * The files and folders directly under {@code folder}, by name; empty when it is not
	 * a folder.
	 */
	List<FileEntry> list(String folder) throws IOException;

	/**
	 * Every file under {@code folder} at any depth (folders themselves are not listed),
	 * by path; empty when it is not a folder.
	 */
	default List<FileEntry> listFiles(String folder) throws IOException {
		List<FileEntry> out = new ArrayList<>();
		for (FileEntry e : list(folder)) {
			if (e.folder()) {
				out.addAll(listFiles(e.path()));
			}
			else {
				out.add(e);
			}
		}
		return out;
	}

	/** Opens a file for reading. */
	InputFile open(String path) throws IOException;

	/**
	 * Opens a file whose length is already known (pinned when the job was accepted), so
	 * an object store need not be asked for it again.
	 */
	default InputFile open(String path, long length) throws IOException {
		return open(path);
	}

	/**
	 * A new file at {@code path} (replacing one that is there), its folders created; its
	 * bytes are the file once the stream is closed.
	 */
	OutputStream create(String path) throws IOException;

	/**
	 * Moves a file to {@code to}, replacing what is there. On the data root a rename
	 * (atomic); on object storage a copy on the server and a delete of the source.
	 */
	void move(String from, String to) throws IOException;

	/** Deletes a file; false when there was none. */
	boolean delete(String path) throws IOException;

	/** Deletes a folder and everything under it; nothing happens when there is none. */
	void deleteFolder(String folder) throws IOException;

	/**
	 * An I/O failure as a user may read it: the file as the user named it and the reason,
	 * never an absolute machine path or a credential.
	 */
	String describe(IOException ex);

}
