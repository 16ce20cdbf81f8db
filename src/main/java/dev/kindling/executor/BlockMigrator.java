package dev.kindling.executor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kindling.protocol.Decommission;
import dev.kindling.protocol.MigrationReport;
import dev.kindling.protocol.Paths;

/**
 * Hands a leaving executor's blocks to live ones, as Spark's decommissioning block
 * manager does: each map output and each cached partition is pushed to a peer in turn
 * (another one when a peer refuses it), and what moved is reported to the driver in
 * batches, so that reduce tasks and later jobs read it at its new place. It stops at the
 * deadline; what did not move is recomputed by the driver from lineage once the executor
 * has left. The executor keeps serving its blocks meanwhile.
 */
final class BlockMigrator {

	private static final Logger log = LoggerFactory.getLogger(BlockMigrator.class);

	/** Moves reported to the driver at a time. */
	private static final int REPORT_EVERY = 64;

	/** What one migration moved and left behind. */
	record Outcome(int outputsMoved, int outputsLeft, int cachedMoved, int cachedLeft) {
	}

	private final HttpClient http;

	private final String secret;

	private final DriverClient driver;

	BlockMigrator(HttpClient http, String secret, DriverClient driver) {
		this.http = http;
		this.secret = secret;
		this.driver = driver;
	}

	Outcome migrate(String executorId, List<Decommission.Peer> peers, BlockManager blocks, CacheManager cache,
			long deadlineNanos) {
		List<BlockManager.OutputId> outputs = blocks.outputs();
		List<CacheManager.Entry> cached = cache.entries();
		if (peers.isEmpty()) {
			return new Outcome(0, outputs.size(), 0, cached.size());
		}
		Batcher batcher = new Batcher(executorId);
		int next = 0;
		int outputsMoved = 0;
		for (BlockManager.OutputId id : outputs) {
			byte[][] output = blocks.blocks(id);
			if (System.nanoTime() > deadlineNanos || output == null) {
				continue;
			}
			byte[] body = MigratedBlocks.encodeOutput(output);
			for (int tried = 0; tried < peers.size(); tried++) {
				Decommission.Peer peer = peers.get(next++ % peers.size());
				if (put(Paths.shuffleOutput(peer.url(), peer.executorId(), id.jobId(), id.stageId(), id.mapPartition()),
						body, deadlineNanos)) {
					batcher.shuffle.add(new MigrationReport.ShuffleOutput(id.jobId(), id.stageId(), id.mapPartition(),
							peer.executorId()));
					outputsMoved++;
					break;
				}
			}
			batcher.flushIfFull();
		}
		int cachedMoved = 0;
		for (CacheManager.Entry entry : cached) {
			byte[] body = System.nanoTime() > deadlineNanos ? null : MigratedBlocks.encodeCached(entry.batches());
			if (body == null) {
				continue;
			}
			for (int tried = 0; tried < peers.size(); tried++) {
				Decommission.Peer peer = peers.get(next++ % peers.size());
				if (put(Paths.cachedPartition(peer.url(), peer.executorId(), entry.key(), entry.partition()), body,
						deadlineNanos)) {
					batcher.cache.add(new MigrationReport.CachedPartition(entry.key(), entry.partition(),
							peer.executorId(), entry.bytes(), entry.rows()));
					cachedMoved++;
					break;
				}
			}
			batcher.flushIfFull();
		}
		batcher.flush();
		return new Outcome(outputsMoved, outputs.size() - outputsMoved, cachedMoved, cached.size() - cachedMoved);
	}

	private boolean put(String url, byte[] body, long deadlineNanos) {
		long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
		if (left <= 0) {
			return false;
		}
		try {
			HttpResponse<Void> response = this.http.send(HttpRequest.newBuilder(URI.create(url))
				.timeout(Duration.ofMillis(Math.min(left, 30_000)))
				.header("Content-Type", "application/octet-stream")
				.header(Paths.SECRET_HEADER, this.secret)
				.PUT(HttpRequest.BodyPublishers.ofByteArray(body))
				.build(), HttpResponse.BodyHandlers.discarding());
			return response.statusCode() / 100 == 2;
		}
		catch (IOException ex) {
			log.debug("cannot hand a block to {}: {}", url, ex.toString());
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Moves not yet reported to the driver. */
	private final class Batcher {

		final String executorId;

		final List<MigrationReport.ShuffleOutput> shuffle = new ArrayList<>();

		final List<MigrationReport.CachedPartition> cache = new ArrayList<>();

		Batcher(String executorId) {
			this.executorId = executorId;
		}

		void flushIfFull() {
			if (this.shuffle.size() + this.cache.size() >= REPORT_EVERY) {
				flush();
			}
		}

		void flush() {
			if (this.shuffle.isEmpty() && this.cache.isEmpty()) {
				return;
			}
			try {
				BlockMigrator.this.driver.migrated(this.executorId,
						new MigrationReport(List.copyOf(this.shuffle), List.copyOf(this.cache)));
			}
			catch (IOException ex) {
				// Unreported moves are recomputed when this executor has left.
				log.warn("{}: the driver did not hear of {} moved blocks: {}", this.executorId,
						this.shuffle.size() + this.cache.size(), ex.getMessage());
			}
			this.shuffle.clear();
			this.cache.clear();
		}

	}

}
