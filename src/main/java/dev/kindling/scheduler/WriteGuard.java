package dev.kindling.scheduler;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.kindling.engine.datasource.Globs;
import dev.kindling.engine.datasource.Storages;
import dev.kindling.engine.exec.OutputCommit;
import dev.kindling.engine.logical.PlanException;
import dev.kindling.engine.spec.ActionSpec;
import dev.kindling.engine.spec.ActionType;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.engine.storage.FileEntry;
import dev.kindling.engine.storage.LocationRefusedException;
import dev.kindling.engine.storage.Locations;
import dev.kindling.platform.DriverRole;

/**
 * Writes that destroy nothing by accident (issue 19). A write action's output path is
 * refused (400 at {@code /action/path}) when it is, lies inside, or holds a source of the
 * job, or the output of another running job. Its mode is settled against what is there
 * when the job is accepted, as Spark's save modes are: {@code error} refuses an existing
 * path; {@code overwrite} and {@code append} refuse a plain file, and {@code overwrite} a
 * folder that holds something but no {@value OutputCommit#SUCCESS} (so it replaces only
 * an output a job wrote, never a folder of other datasets); {@code ignore} with an
 * existing path writes nothing. Nothing is deleted here: an overwrite removes the old
 * files when the job commits, after every task has succeeded.
 */
@Component
@DriverRole
public class WriteGuard {

	private final Storages storages;

	/** The outputs of accepted jobs that have not ended, by job. */
	private final Map<String, String> claims = new LinkedHashMap<>();

	WriteGuard(Storages storages) {
		this.storages = storages;
	}

	/**
	 * The job with its write action settled: the output as later steps name it, and the
	 * mode {@code error} (a new output), {@code overwrite}, {@code append}, or
	 * {@code ignore} (the output exists: write nothing).
	 */
	JobSpec pin(JobSpec spec, Collection<String> sources) {
		ActionSpec action = spec.action();
		if (action == null || action.type() != ActionType.WRITE || action.path() == null || action.path().isBlank()) {
			return spec;
		}
		String output;
		try {
			output = this.storages.check(action.path());
		}
		catch (LocationRefusedException ex) {
			throw new PlanException("/action/path", ex.getMessage());
		}
		if (Globs.isGlob(output)) {
			throw new PlanException("/action/path", "an output path cannot be a glob");
		}
		for (String source : sources) {
			String root = literalPrefix(source);
			if (overlaps(output, root)) {
				throw new PlanException("/action/path", "output path '" + action.path() + "' " + relation(output, root)
						+ " the job's source '" + source + "'; a write must not replace or mix with what it reads");
			}
		}
		checkClaims(output, null);
		String mode = action.mode() == null ? "error" : action.mode().toLowerCase(Locale.ROOT);
		if (mode.equals("errorifexists")) {
			mode = "error";
		}
		mode = settle(action.path(), output, mode);
		ActionSpec pinned = new ActionSpec(action.type(), action.maxRows(), action.n(), action.format(), output, mode,
				action.partitionBy());
		return spec.withAction(pinned);
	}

	private String settle(String given, String output, String mode) {
		FileEntry existing;
		boolean empty;
		try {
			existing = this.storages.stat(output);
			empty = existing != null && existing.folder() && this.storages.list(output).isEmpty();
		}
		catch (IOException ex) {
			throw new PlanException("/action/path", "cannot look at '" + given + "': " + this.storages.describe(ex));
		}
		if (existing == null) {
			return mode.equals("ignore") ? "error" : mode;
		}
		switch (mode) {
			case "error" -> throw new PlanException("/action/path",
					"output path '" + given + "' already exists; set mode to 'overwrite', 'append' or 'ignore'");
			case "ignore" -> {
				return "ignore";
			}
			default -> {
				if (!existing.folder()) {
					throw new PlanException("/action/path", "output path '" + given + "' is a file; mode '" + mode
							+ "' writes a folder of part files and never replaces a file");
				}
				if (mode.equals("overwrite") && !empty && !committed(given, output)) {
					throw new PlanException("/action/path",
							"output path '" + given + "' is a folder that no job " + "wrote (it has no "
									+ OutputCommit.SUCCESS + "); overwrite replaces only a job's "
									+ "output, so choose another path or delete this folder yourself");
				}
				return mode;
			}
		}
	}

	private boolean committed(String given, String output) {
		try {
			return OutputCommit.committed(this.storages, output);
		}
		catch (IOException ex) {
			throw new PlanException("/action/path", "cannot look at '" + given + "': " + this.storages.describe(ex));
		}
	}

	/**
	 * Claims an output for a job being accepted.
	 * @throws PlanException when another running job writes it (or inside it, or a folder
	 * holding it)
	 */
	synchronized void claim(String jobId, String output) {
		checkClaims(output, jobId);
		this.claims.put(jobId, output);
	}

	/**
	 * The running job that writes {@code path}, inside it or a folder holding it, or
	 * null.
	 */
	public synchronized String writer(String path) {
		for (Map.Entry<String, String> c : this.claims.entrySet()) {
			if (overlaps(path, c.getValue())) {
				return c.getKey();
			}
		}
		return null;
	}

	/** Frees a job's output, once the job has ended (or was not accepted). */
	synchronized void release(String jobId) {
		this.claims.remove(jobId);
	}

	private synchronized void checkClaims(String output, String jobId) {
		for (Map.Entry<String, String> c : this.claims.entrySet()) {
			if (!c.getKey().equals(jobId) && overlaps(output, c.getValue())) {
				throw new PlanException("/action/path", "output path '" + output + "' " + relation(output, c.getValue())
						+ " the output of running job " + c.getKey() + "; wait for it to end");
			}
		}
	}

	/**
	 * The folder a path names before its first glob segment (the path itself if none).
	 */
	static String literalPrefix(String path) {
		if (!Globs.isGlob(path)) {
			return Locations.trim(path);
		}
		String[] segments = path.split("/");
		StringBuilder sb = new StringBuilder();
		for (String s : segments) {
			if (Globs.isGlob(s)) {
				break;
			}
			sb.append(sb.length() > 0 ? "/" : "").append(s);
		}
		return sb.toString();
	}

	private static boolean overlaps(String a, String b) {
		return Locations.within(a, b) || Locations.within(b, a);
	}

	private static String relation(String output, String other) {
		if (Locations.trim(output).equals(Locations.trim(other))) {
			return "is";
		}
		return Locations.within(output, other) ? "lies inside" : "holds";
	}

}
