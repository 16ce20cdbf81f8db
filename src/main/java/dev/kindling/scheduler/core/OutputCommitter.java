package dev.kindling.scheduler.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.kindling.engine.exec.OutputCommit;

/**
 * Where a write job's output is committed, off the scheduler's lock (it moves files):
 * once every partition of its result stage has succeeded, the files of the attempts
 * counted go into the output; a job that fails or is cancelled has its staging files
 * removed.
 */
public interface OutputCommitter {

	/** Commits nothing (for a scheduler that runs no write). */
	OutputCommitter NONE = new OutputCommitter() {

		@Override
		public CompletableFuture<Void> commit(String jobId, String output, boolean overwrite,
				List<OutputCommit.AttemptFiles> files) {
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public void abort(String jobId, String output) {
		}

	};

	/**
	 * Commits a job's files; the future completes once they are the output, or
	 * exceptionally with a message a user may read.
	 */
	CompletableFuture<Void> commit(String jobId, String output, boolean overwrite,
			List<OutputCommit.AttemptFiles> files);

	/**
	 * Removes a failed or cancelled job's staging files (best effort, in the background).
	 */
	void abort(String jobId, String output);

}
