package dev.kindling.engine.exec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.kindling.engine.storage.FileEntry;
import dev.kindling.engine.storage.Locations;
import dev.kindling.engine.storage.Storage;

/**
 * The driver's side of a write: once every partition of the job has succeeded, the files
 * of the one attempt counted for each partition are moved from its staging folder into
 * the output (Hadoop's {@code FileOutputCommitter} v1, run by the driver), then
 * {@value #SUCCESS} is written and the job's staging folder removed. Files of attempts
 * that were not counted (retried, speculative, lost) are never moved: they go with the
 * staging folder.
 *
 * <p>
 * Every step can be repeated: a file already moved is not in staging any more and is left
 * where it is, so a driver that dies in the middle commits the rest when it resumes the
 * job. Every file name holds the job's id ({@code part-00003-<job>-c000.csv}): an append
 * never replaces an earlier job's file, and an overwrite removes every file of the output
 * but the job's own. The new files are put in place before the old ones are removed, so
 * the earlier output is gone only once the new one is whole; the old {@value #SUCCESS} is
 * removed first, so a reader that waits for it never takes a half-replaced folder for a
 * finished one.
 */
public final class OutputCommit {

	/** The marker of a committed output, as Hadoop and Spark write it. */
	public static final String SUCCESS = "_SUCCESS";

	private OutputCommit() {
	}

	/**
	 * The files one attempt left in its staging folder.
	 *
	 * @param attemptId the attempt
	 * @param files paths relative to its staging folder
	 */
	public record AttemptFiles(String attemptId, List<String> files) {

		public AttemptFiles {
			files = files == null ? List.of() : List.copyOf(files);
		}

	}

	/**
	 * What the commit did.
	 *
	 * @param files the files the output holds from this job
	 * @param replaced the earlier files an overwrite removed
	 */
	public record Committed(int files, int replaced) {
	}

	/**
	 * Commits a job's files into {@code output}.
	 * @param overwrite whether the files the output held before (but this job's) are
	 * removed
	 */
	public static Committed commit(Storage storage, String output, String jobId, boolean overwrite,
			List<AttemptFiles> attempts) throws IOException {
		String out = Locations.trim(output);
		storage.delete(Locations.join(out, SUCCESS));
		Set<String> ours = new HashSet<>();
		for (AttemptFiles a : attempts) {
			String staging = WriteTarget.staging(out, jobId, a.attemptId());
			for (String relative : a.files()) {
				String target = Locations.join(out, relative);
				ours.add(target);
				String staged = Locations.join(staging, relative);
				if (storage.stat(staged) != null) {
					storage.move(staged, target);
				}
				else if (storage.stat(target) == null) {
					throw new IOException("file " + relative + " of attempt " + a.attemptId()
							+ " is neither in its staging folder nor in the output");
				}
			}
		}
		int replaced = 0;
		if (overwrite) {
			replaced = removeOthers(storage, out, jobId, ours);
		}
		try (OutputStream marker = storage.create(Locations.join(out, SUCCESS))) {
			marker.write(("{\"committer\":\"kindling\",\"job\":\"" + jobId + "\",\"files\":" + ours.size() + "}\n")
				.getBytes(StandardCharsets.UTF_8));
		}
		abort(storage, out, jobId);
		return new Committed(ours.size(), replaced);
	}

	/**
	 * Removes what the output held before, but this job's files and the staging folders
	 * (of this job, and of other jobs that may be writing: their own guard refuses two
	 * jobs on one output, so those are leftovers of failed ones).
	 */
	private static int removeOthers(Storage storage, String out, String jobId, Set<String> ours) throws IOException {
		int removed = 0;
		String temporary = WriteTarget.temporary(out);
		for (FileEntry e : storage.list(out)) {
			if (e.path().equals(temporary) || e.name().equals(SUCCESS)) {
				continue;
			}
			if (e.folder()) {
				removed += removeFolderBut(storage, e.path(), ours);
			}
			else if (!ours.contains(e.path())) {
				storage.delete(e.path());
				removed++;
			}
		}
		return removed;
	}

	private static int removeFolderBut(Storage storage, String folder, Set<String> ours) throws IOException {
		boolean keep = false;
		for (String o : ours) {
			if (Locations.within(o, folder)) {
				keep = true;
				break;
			}
		}
		if (!keep) {
			int n = storage.listFiles(folder).size();
			storage.deleteFolder(folder);
			return n;
		}
		int removed = 0;
		for (FileEntry e : storage.list(folder)) {
			if (e.folder()) {
				removed += removeFolderBut(storage, e.path(), ours);
			}
			else if (!ours.contains(e.path())) {
				storage.delete(e.path());
				removed++;
			}
		}
		return removed;
	}

	/**
	 * Removes a job's staging folder, and the output's {@code _temporary} folder and the
	 * output itself when nothing is left in them (a failed first write leaves no folder
	 * behind).
	 */
	public static void abort(Storage storage, String output, String jobId) throws IOException {
		String out = Locations.trim(output);
		String temporary = WriteTarget.temporary(out);
		storage.deleteFolder(Locations.join(temporary, jobId));
		if (storage.list(temporary).isEmpty()) {
			storage.deleteFolder(temporary);
			if (storage.stat(out) != null && storage.list(out).isEmpty()) {
				storage.deleteFolder(out);
			}
		}
	}

	/** Whether a folder holds a committed output ({@value #SUCCESS}). */
	public static boolean committed(Storage storage, String folder) throws IOException {
		FileEntry marker = storage.stat(Locations.join(Locations.trim(folder), SUCCESS));
		return marker != null && !marker.folder();
	}

}
