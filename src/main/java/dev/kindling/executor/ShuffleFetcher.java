package dev.kindling.executor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import dev.kindling.engine.physical.TaskMetrics;
import dev.kindling.engine.shuffle.ShuffleBlocks;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.protocol.Paths;
import dev.kindling.protocol.TaskDescriptor.MapOutputLocation;

/**
 * Reads a reduce partition (or what an adaptive task reads: several, or a range of map
 * outputs of one; each location names its block): one block from every map task's
 * executor, fetched lazily one block at a time over HTTP (or straight from memory when
 * the block is in this process), with a short retry. A block that cannot be fetched where
 * the task was told may have moved (its executor was decommissioned and handed it on):
 * the driver is asked where it is now, and it is fetched there; only then is a fetch
 * failure reported. Empty blocks are skipped without a request. With TLS, a plain-HTTP
 * location is refused.
 */
class ShuffleFetcher {

	/** Where a map output is now, as the driver knows it (null: nowhere). */
	interface Relocator {

		MapOutputLocation locate(String jobId, int stageId, int mapPartition) throws IOException;

	}

	private static final int ATTEMPTS = 3;

	private final HttpClient http;

	private final String secret;

	private final BlockManagers local;

	private final Relocator relocator;

	private final boolean httpsOnly;

	ShuffleFetcher(HttpClient http, String secret, BlockManagers local, Relocator relocator, boolean httpsOnly) {
		this.http = http;
		this.secret = secret;
		this.local = local;
		this.relocator = relocator;
		this.httpsOnly = httpsOnly;
	}

	Iterator<Batch> read(String jobId, int stageId, int reducePartition, List<MapOutputLocation> locations,
			Schema schema, TaskMetrics metrics) {
		Iterator<MapOutputLocation> it = locations.stream().filter(l -> l.blockBytes() > 0).iterator();
		return new Iterator<>() {

			private Iterator<Batch> current = Collections.emptyIterator();

			@Override
			public boolean hasNext() {
				while (!this.current.hasNext() && it.hasNext()) {
					MapOutputLocation loc = it.next();
					int reduce = loc.reducePartition() >= 0 ? loc.reducePartition() : reducePartition;
					byte[] block = fetch(jobId, stageId, reduce, loc, metrics);
					metrics.shuffleBytesRead += block.length;
					this.current = ShuffleBlocks.decode(block, schema);
				}
				return this.current.hasNext();
			}

			@Override
			public Batch next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				return this.current.next();
			}

		};
	}

	private byte[] fetch(String jobId, int stageId, int reducePartition, MapOutputLocation loc, TaskMetrics metrics) {
		try {
			return fetchFrom(jobId, stageId, reducePartition, loc, metrics);
		}
		catch (FetchFailedException ex) {
			MapOutputLocation now;
			try {
				now = this.relocator.locate(jobId, stageId, loc.mapPartition());
			}
			catch (IOException | RuntimeException unreachable) {
				throw ex;
			}
			if (now == null || now.executorId() == null || now.executorId().equals(loc.executorId())) {
				throw ex;
			}
			// It moved: fetch it where it is now (an executor that left handed it on).
			return fetchFrom(jobId, stageId, reducePartition, new MapOutputLocation(loc.mapPartition(),
					now.executorId(), now.url(), loc.blockBytes(), reducePartition), metrics);
		}
	}

	private byte[] fetchFrom(String jobId, int stageId, int reducePartition, MapOutputLocation loc,
			TaskMetrics metrics) {
		BlockManager inProcess = this.local.get(loc.executorId());
		if (inProcess != null) {
			byte[] block = inProcess.get(jobId, stageId, loc.mapPartition(), reducePartition);
			if (block != null) {
				return block;
			}
		}
		if (loc.url() == null) {
			throw new FetchFailedException(stageId, loc.mapPartition(), loc.executorId(),
					"no location for map output " + stageId + "/" + loc.mapPartition());
		}
		if (this.httpsOnly && !loc.url().regionMatches(true, 0, "https:", 0, 6)) {
			throw new FetchFailedException(stageId, loc.mapPartition(), loc.executorId(),
					"refused to fetch shuffle output over plain HTTP from " + loc.executorId() + " while TLS is on");
		}
		String url = Paths.shuffleBlock(loc.url(), loc.executorId(), jobId, stageId, loc.mapPartition(),
				reducePartition);
		String last = "";
		for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
			try {
				HttpResponse<byte[]> response = this.http.send(HttpRequest.newBuilder(URI.create(url))
					.timeout(Duration.ofSeconds(30))
					.header(Paths.SECRET_HEADER, this.secret)
					.GET()
					.build(), HttpResponse.BodyHandlers.ofByteArray());
				if (response.statusCode() == 200) {
					metrics.shuffleRemoteBytesRead += response.body().length;
					return response.body();
				}
				last = "HTTP " + response.statusCode();
				if (response.statusCode() == 404) {
					break;
				}
			}
			catch (IOException ex) {
				last = ex.toString();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new FetchFailedException(stageId, loc.mapPartition(), loc.executorId(), "interrupted");
			}
			try {
				Thread.sleep(100L * attempt);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		throw new FetchFailedException(stageId, loc.mapPartition(), loc.executorId(),
				"cannot fetch shuffle block " + stageId + "/" + loc.mapPartition() + "/" + reducePartition + " from "
						+ loc.executorId() + ": " + last);
	}

}
