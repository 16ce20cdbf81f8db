package dev.kindling.dataset;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.stereotype.Component;

import dev.kindling.engine.datasource.DataRoot;
import dev.kindling.platform.DriverRole;
import dev.kindling.platform.KindlingProperties;

/**
 * The data root's quota ({@code kindling.data.max-total-size}): how many bytes its files
 * take, counted from the disk at each upload (so files put there by jobs, operators or
 * earlier uploads all count), and a lock that serializes the moment an upload becomes
 * visible, so two uploads that each fit alone never both land past the quota.
 */
@Component
@DriverRole
class DataUsage {

	/** The prefix of an upload's temporary file, beside its target. */
	static final String PARTIAL_PREFIX = ".upload-";

	private final DataRoot root;

	private final long quota;

	private final ReentrantLock commits = new ReentrantLock();

	DataUsage(DataRoot root, KindlingProperties properties) {
		this.root = root;
		this.quota = properties.data().quotaBytes();
	}

	/** The quota in bytes, or {@code -1} for none. */
	long quota() {
		return this.quota;
	}

	boolean limited() {
		return this.quota >= 0;
	}

	/**
	 * The bytes of every regular file under the root, links not followed, uploads still
	 * being received left out (each is counted when it is committed).
	 */
	long used() throws IOException {
		long[] total = { 0 };
		Files.walkFileTree(this.root.root(), new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
				if (attributes.isRegularFile() && !file.getFileName().toString().startsWith(PARTIAL_PREFIX)) {
					total[0] += attributes.size();
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFileFailed(Path file, IOException ex) {
				// Gone since the listing, or unreadable: it is not counted, as the
				// listing does not show it.
				return FileVisitResult.CONTINUE;
			}

		});
		return total[0];
	}

	/** Runs {@code commit} while no other upload commits. */
	<T> T committing(IoSupplier<T> commit) throws IOException {
		this.commits.lock();
		try {
			return commit.get();
		}
		finally {
			this.commits.unlock();
		}
	}

	@FunctionalInterface
	interface IoSupplier<T> {

		T get() throws IOException;

	}

}
