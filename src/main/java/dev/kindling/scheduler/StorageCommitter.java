package dev.kindling.scheduler;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kindling.engine.datasource.Storages;
import dev.kindling.engine.exec.OutputCommit;
import dev.kindling.scheduler.core.OutputCommitter;

/**
 * Commits write jobs on the driver, one at a time on a thread of its own, through the
 * storages the jobs wrote to ({@link OutputCommit}). A commit is repeated whole when a
 * resumed job commits again after a restart; it is made so that repeating it is harmless.
 */
class StorageCommitter implements OutputCommitter, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(StorageCommitter.class);

	private final Storages storages;

	private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "kindling-commit");
		t.setDaemon(true);
		return t;
	});

	StorageCommitter(Storages storages) {
		this.storages = storages;
	}

	@Override
	public CompletableFuture<Void> commit(String jobId, String output, boolean overwrite,
			List<OutputCommit.AttemptFiles> files) {
		return CompletableFuture.runAsync(() -> {
			try {
				OutputCommit.Committed done = OutputCommit.commit(this.storages, output, jobId, overwrite, files);
				log.info("Job {} committed {} files to {} ({} earlier files replaced)", jobId, done.files(), output,
						done.replaced());
			}
			catch (IOException ex) {
				throw new IllegalStateException(this.storages.describe(ex), ex);
			}
		}, this.thread);
	}

	@Override
	public void abort(String jobId, String output) {
		this.thread.execute(() -> {
			try {
				OutputCommit.abort(this.storages, output, jobId);
			}
			catch (IOException | RuntimeException ex) {
				log.warn("Job {}: cannot remove its staging files under {}: {}", jobId, output, ex.getMessage());
			}
		});
	}

	@Override
	public void close() {
		this.thread.shutdownNow();
	}

}
