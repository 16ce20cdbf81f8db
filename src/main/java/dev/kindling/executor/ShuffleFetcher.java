package dev.kindling.executor;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.kindling.engine.physical.TaskMetrics;
import dev.kindling.engine.shuffle.BatchStream;
import dev.kindling.engine.shuffle.ShuffleBlocks;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.protocol.Paths;
import dev.kindling.protocol.TaskDescriptor.MapOutputLocation;

/**
 * Reads shuffle blocks as one stream of batches: each block is decoded a batch at a time
 * as its bytes arrive (from a chunked HTTP response, or straight from the block manager
 * when the block is in this process), never held whole. While one block is read, the next
 * ones are already requested, as long as their expected bytes stay under
 * {@code maxBytesInFlight}; the bytes received ahead of the reader are bounded by the
 * same budget, and a connection is asked for more only when there is room
 * ({@link StreamedBody}), as Spark's {@code ShuffleBlockFetcherIterator} does.
 * <p>
 * A block that cannot be opened where the task was told is retried briefly; then the
 * driver is asked where it is now (its executor may have been decommissioned and handed
 * it on) and it is fetched there; only then is a fetch failure reported, as is a stream
 * that breaks mid-block. Empty blocks are skipped without a request. With TLS, a
 * plain-HTTP location is refused.
 */
class ShuffleFetcher {

	/** Where a map output is now, as the driver knows it (null: nowhere). */
	interface Relocator {

		MapOutputLocation locate(String jobId, int stageId, int mapPartition) throws IOException;

	}

	/**
	 * One block to read: a map output's block for one reduce partition. A reduce task
	 * reads a list of them (its partition of every map output, or, for coalesced or split
	 * partitions, any set of reduce partitions and map ranges).
	 */
	record Piece(int reducePartition, MapOutputLocation location) {
	}

	static final long DEFAULT_MAX_BYTES_IN_FLIGHT = 48L << 20;

	private static final int ATTEMPTS = 3;

	/** How long a read waits for the next bytes of a block before the fetch fails. */
	static final long STALL_MILLIS = 120_000;

	private final HttpClient http;

	private final String secret;

	private final BlockManagers local;

	private final Relocator relocator;

	private final boolean httpsOnly;

	private final long maxBytesInFlight;

	private final long stallMillis;

	ShuffleFetcher(HttpClient http, String secret, BlockManagers local, Relocator relocator, boolean httpsOnly) {
		this(http, secret, local, relocator, httpsOnly, DEFAULT_MAX_BYTES_IN_FLIGHT);
	}

	ShuffleFetcher(HttpClient http, String secret, BlockManagers local, Relocator relocator, boolean httpsOnly,
			long maxBytesInFlight) {
		this(http, secret, local, relocator, httpsOnly, maxBytesInFlight, STALL_MILLIS);
	}

	/**
	 * @param stallMillis how long a read waits for the next bytes of a block before the
	 * fetch fails
	 */
	ShuffleFetcher(HttpClient http, String secret, BlockManagers local, Relocator relocator, boolean httpsOnly,
			long maxBytesInFlight, long stallMillis) {
		this.stallMillis = stallMillis;
		this.http = http;
		this.secret = secret;
		this.local = local;
		this.relocator = relocator;
		this.httpsOnly = httpsOnly;
		this.maxBytesInFlight = maxBytesInFlight;
	}

	/** One reduce partition of every map output in {@code locations}. */
	BatchStream read(String jobId, int stageId, int reducePartition, List<MapOutputLocation> locations, Schema schema,
			TaskMetrics metrics) {
		List<Piece> pieces = new ArrayList<>(locations.size());
		for (MapOutputLocation loc : locations) {
			// an adaptive task's location may name its own reduce partition
			pieces.add(new Piece(loc.reducePartition() >= 0 ? loc.reducePartition() : reducePartition, loc));
		}
		return read(jobId, stageId, pieces, schema, metrics);
	}

	/** The blocks of {@code pieces}, in order, as one stream of batches. */
	BatchStream read(String jobId, int stageId, List<Piece> pieces, Schema schema, TaskMetrics metrics) {
		return new Fetch(jobId, stageId, pieces, schema, metrics);
	}

	/** A block being opened: in this process, or an HTTP response on its way. */
	private static final class Opened {

		final Piece piece;

		InputStream in;

		CompletableFuture<HttpResponse<InputStream>> response;

		Opened(Piece piece) {
			this.piece = piece;
		}

		void cancel() {
			if (this.in != null) {
				close(this.in);
			}
			if (this.response != null) {
				this.response.cancel(true);
				this.response.thenAccept(r -> {
					if (r.body() != null) {
						close(r.body());
					}
				});
			}
		}

	}

	final class Fetch implements BatchStream {

		private final String jobId;

		private final int stageId;

		private final Schema schema;

		private final TaskMetrics metrics;

		private final Deque<Piece> waiting = new ArrayDeque<>();

		private final Deque<Opened> opened = new ArrayDeque<>();

		private final StreamedBody.Budget budget = new StreamedBody.Budget(ShuffleFetcher.this.maxBytesInFlight);

		/** Expected bytes of the blocks opened and not yet read to their end. */
		private long openBytes;

		private Piece currentPiece;

		private BatchStream current;

		private boolean closed;

		Fetch(String jobId, int stageId, List<Piece> pieces, Schema schema, TaskMetrics metrics) {
			this.jobId = jobId;
			this.stageId = stageId;
			this.schema = schema;
			this.metrics = metrics;
			for (Piece p : pieces) {
				if (p.location().blockBytes() > 0) {
					this.waiting.add(p);
				}
			}
		}

		@Override
		public boolean hasNext() {
			while (!this.closed) {
				if (this.current != null) {
					try {
						if (this.current.hasNext()) {
							return true;
						}
					}
					catch (UncheckedIOException ex) {
						close();
						MapOutputLocation loc = this.currentPiece.location();
						throw new FetchFailedException(this.stageId, loc.mapPartition(), loc.executorId(),
								"lost shuffle block " + this.stageId + "/" + loc.mapPartition() + "/"
										+ this.currentPiece.reducePartition() + " from " + loc.executorId()
										+ " while reading it: " + ex.getCause().getMessage());
					}
					this.openBytes -= this.currentPiece.location().blockBytes();
					this.current = null;
				}
				openAhead();
				Opened next = this.opened.poll();
				if (next == null) {
					return false;
				}
				this.currentPiece = next.piece;
				this.current = ShuffleBlocks.stream(counted(await(next)), this.schema);
			}
			return false;
		}

		@Override
		public Batch next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			return this.current.next();
		}

		/**
		 * Opens the next blocks while their expected bytes fit the budget (at least one).
		 */
		private void openAhead() {
			while (!this.waiting.isEmpty()) {
				long bytes = this.waiting.peek().location().blockBytes();
				boolean none = this.current == null && this.opened.isEmpty();
				if (!none && this.openBytes + bytes > ShuffleFetcher.this.maxBytesInFlight) {
					return;
				}
				Opened o = new Opened(this.waiting.poll());
				this.openBytes += bytes;
				MapOutputLocation loc = o.piece.location();
				BlockManager inProcess = ShuffleFetcher.this.local.get(loc.executorId());
				BlockManager.Block block = inProcess == null ? null
						: inProcess.open(this.jobId, this.stageId, loc.mapPartition(), o.piece.reducePartition());
				if (block != null) {
					o.in = block.in();
				}
				else if (permitted(loc)) {
					o.response = ShuffleFetcher.this.http.sendAsync(request(this.jobId, this.stageId, o.piece),
							info -> body(info, this.budget, ShuffleFetcher.this.stallMillis));
				}
				this.opened.add(o);
			}
		}

		/** The stream of an opened block, opened again elsewhere when it failed. */
		private InputStream await(Opened o) {
			if (o.in != null) {
				return o.in;
			}
			MapOutputLocation loc = o.piece.location();
			String last = "no location";
			if (o.response != null) {
				try {
					HttpResponse<InputStream> response = o.response.get(60, TimeUnit.SECONDS);
					if (response.statusCode() == 200) {
						return remote(response.body(), this.metrics);
					}
					last = "HTTP " + response.statusCode();
				}
				catch (ExecutionException | TimeoutException ex) {
					last = (ex.getCause() == null ? ex : ex.getCause()).toString();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new FetchFailedException(this.stageId, loc.mapPartition(), loc.executorId(), "interrupted");
				}
			}
			return openSync(this.jobId, this.stageId, o.piece, last, this.budget, this.metrics);
		}

		private InputStream counted(InputStream in) {
			return new FilterInputStream(in) {
				@Override
				public int read(byte[] b, int off, int len) throws IOException {
					int n = super.read(b, off, len);
					if (n > 0) {
						Fetch.this.metrics.shuffleBytesRead += n;
					}
					return n;
				}
			};
		}

		/** The most bytes received ahead of the reader at once. */
		long peakBuffered() {
			return this.budget.peak();
		}

		@Override
		public void close() {
			if (this.closed) {
				return;
			}
			this.closed = true;
			if (this.current != null) {
				this.current.close();
			}
			for (Opened o : this.opened) {
				o.cancel();
			}
			this.opened.clear();
			this.waiting.clear();
		}

	}

	/** A remote body, its bytes counted as read over the network. */
	private static InputStream remote(InputStream body, TaskMetrics metrics) {
		return new FilterInputStream(body) {
			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				int n = super.read(b, off, len);
				if (n > 0) {
					metrics.shuffleRemoteBytesRead += n;
				}
				return n;
			}
		};
	}

	private static HttpResponse.BodySubscriber<InputStream> body(HttpResponse.ResponseInfo info,
			StreamedBody.Budget budget, long stallMillis) {
		if (info.statusCode() == 200) {
			return new StreamedBody(budget, stallMillis);
		}
		return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.discarding(), v -> null);
	}

	private boolean permitted(MapOutputLocation loc) {
		return loc.url() != null && !(this.httpsOnly && !loc.url().regionMatches(true, 0, "https:", 0, 6));
	}

	private HttpRequest request(String jobId, int stageId, Piece piece) {
		MapOutputLocation loc = piece.location();
		return HttpRequest
			.newBuilder(URI.create(Paths.shuffleBlock(loc.url(), loc.executorId(), jobId, stageId, loc.mapPartition(),
					piece.reducePartition())))
			.timeout(Duration.ofSeconds(30))
			.header(Paths.SECRET_HEADER, this.secret)
			.GET()
			.build();
	}

	/**
	 * Opens a block that could not be opened ahead: retried where it was, then where the
	 * driver says it is now.
	 */
	private InputStream openSync(String jobId, int stageId, Piece piece, String firstFailure,
			StreamedBody.Budget budget, TaskMetrics metrics) {
		MapOutputLocation loc = piece.location();
		try {
			return openFrom(jobId, stageId, piece, firstFailure, budget, metrics);
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
			// It moved: read it where it is now (an executor that left handed it on).
			Piece moved = new Piece(piece.reducePartition(), new MapOutputLocation(loc.mapPartition(), now.executorId(),
					now.url(), loc.blockBytes(), piece.reducePartition()));
			return openFrom(jobId, stageId, moved, null, budget, metrics);
		}
	}

	private InputStream openFrom(String jobId, int stageId, Piece piece, String firstFailure,
			StreamedBody.Budget budget, TaskMetrics metrics) {
		MapOutputLocation loc = piece.location();
		BlockManager inProcess = this.local.get(loc.executorId());
		if (inProcess != null) {
			BlockManager.Block block = inProcess.open(jobId, stageId, loc.mapPartition(), piece.reducePartition());
			if (block != null) {
				return block.in();
			}
		}
		if (loc.url() == null) {
			throw new FetchFailedException(stageId, loc.mapPartition(), loc.executorId(),
					"no location for map output " + stageId + "/" + loc.mapPartition());
		}
		if (!permitted(loc)) {
			throw new FetchFailedException(stageId, loc.mapPartition(), loc.executorId(),
					"refused to fetch shuffle output over plain HTTP from " + loc.executorId() + " while TLS is on");
		}
		String last = firstFailure == null ? "" : firstFailure;
		// an ahead-of-time attempt that failed counts as the first
		for (int attempt = firstFailure == null ? 1 : 2; attempt <= ATTEMPTS; attempt++) {
			if (attempt > 1) {
				if (last.startsWith("HTTP 404")) {
					break;
				}
				try {
					Thread.sleep(100L * (attempt - 1));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
			try {
				HttpResponse<InputStream> response = this.http.send(request(jobId, stageId, piece),
						info -> body(info, budget, this.stallMillis));
				if (response.statusCode() == 200) {
					return remote(response.body(), metrics);
				}
				last = "HTTP " + response.statusCode();
			}
			catch (IOException ex) {
				last = ex.toString();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new FetchFailedException(stageId, loc.mapPartition(), loc.executorId(), "interrupted");
			}
		}
		throw new FetchFailedException(stageId, loc.mapPartition(), loc.executorId(),
				"cannot fetch shuffle block " + stageId + "/" + loc.mapPartition() + "/" + piece.reducePartition()
						+ " from " + loc.executorId() + ": " + last);
	}

	private static void close(InputStream in) {
		try {
			in.close();
		}
		catch (IOException ex) {
			// nothing more is read from it
		}
	}

}
