package dev.kindling.executor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.physical.TaskMetrics;
import dev.kindling.engine.shuffle.BatchStream;
import dev.kindling.engine.shuffle.MapOutput;
import dev.kindling.engine.shuffle.ShuffleMemory;
import dev.kindling.engine.shuffle.ShuffleWriter;
import dev.kindling.engine.types.Schema;
import dev.kindling.protocol.TaskDescriptor.MapOutputLocation;

import static dev.kindling.engine.TestBatches.asLists;
import static dev.kindling.engine.TestBatches.batch;
import static dev.kindling.engine.TestBatches.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reduce tasks read blocks from another process over real HTTP and from this process, as
 * streams with a small read-ahead budget; what they read is what the map tasks wrote.
 */
class ShuffleFetcherTest {

	private static final Schema SCHEMA = Schema.parse("k BIGINT, s STRING");

	private static final int REDUCERS = 3;

	private static final int MAPS = 6;

	@TempDir
	Path spill;

	private HttpServer server;

	/** The executor in "another process", behind the server. */
	private final BlockManager remote = new BlockManager();

	/** The executor of this process. */
	private final BlockManager here = new BlockManager();

	private final BlockManagers managers = new BlockManagers();

	private final List<List<List<Object>>> written = new ArrayList<>();

	/**
	 * Whether the server ends every body half way (chunked, so the client sees its end).
	 */
	private volatile boolean truncate;

	/** Whether the server sends half of every body and then nothing more. */
	private volatile boolean stall;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::serve);
		this.server.start();
		this.managers.register("here", this.here, new CacheManager(0));
		for (int r = 0; r < REDUCERS; r++) {
			this.written.add(new ArrayList<>());
		}
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	private void serve(HttpExchange exchange) throws IOException {
		String[] parts = exchange.getRequestURI().getPath().split("/");
		int n = parts.length;
		BlockManager.Block block = parts[n - 5].equals("remote") ? this.remote.open(parts[n - 4],
				Integer.parseInt(parts[n - 3]), Integer.parseInt(parts[n - 2]), Integer.parseInt(parts[n - 1])) : null;
		if (block == null) {
			exchange.sendResponseHeaders(404, -1);
			exchange.close();
			return;
		}
		exchange.sendResponseHeaders(200, this.truncate ? 0 : block.length());
		try (InputStream in = block.in(); OutputStream out = exchange.getResponseBody()) {
			long send = this.truncate || this.stall ? block.length() / 2 : block.length();
			byte[] buf = new byte[8192];
			while (send > 0) {
				int k = in.read(buf, 0, (int) Math.min(buf.length, send));
				out.write(buf, 0, k);
				send -= k;
			}
		}
		catch (IOException ex) {
			// the client went away
		}
		exchange.close();
	}

	private String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** Map outputs with a tiny shuffle memory (so most spill); even maps go remote. */
	private List<MapOutputLocation> writeMaps(int rowsPerMap) {
		Random random = new Random(11);
		ShuffleMemory.Pool memory = ShuffleMemory.pool(48 * 1024);
		List<MapOutputLocation> locations = new ArrayList<>();
		for (int m = 0; m < MAPS; m++) {
			ShuffleWriter writer = new ShuffleWriter(SCHEMA, REDUCERS,
					ShuffleWriter.partitioning(List.of(Binder.bind(ExprParser.parse("k"), SCHEMA)), REDUCERS, false),
					memory, this.spill);
			List<Object[]> rows = new ArrayList<>();
			for (int i = 0; i < rowsPerMap; i++) {
				rows.add(new Object[] { (long) random.nextInt(1000), "value-" + random.nextInt() });
			}
			writer.write(batch(SCHEMA, rows));
			MapOutput output = writer.finishOutput();
			BlockManager owner = m % 2 == 0 ? this.remote : this.here;
			owner.put("job", 0, m, output);
			for (int r = 0; r < REDUCERS; r++) {
				for (Object[] row : rows) {
					long k = (Long) row[0];
					if (keyPartition(k) == r) {
						this.written.get(r).add(List.of(row));
					}
				}
			}
			locations.add(new MapOutputLocation(m, m % 2 == 0 ? "remote" : "here", url(), output.length(0)));
		}
		return locations;
	}

	private static int keyPartition(long k) {
		int[] out = new int[1];
		ShuffleWriter.partitioning(List.of(Binder.bind(ExprParser.parse("k"), SCHEMA)), REDUCERS, false)
			.assign(batch(SCHEMA, List.<Object[]>of(new Object[] { k, "x" })), out);
		return out[0];
	}

	private ShuffleFetcher fetcher(long maxBytesInFlight, ShuffleFetcher.Relocator relocator) {
		return new ShuffleFetcher(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), "secret",
				this.managers, relocator, false, maxBytesInFlight, 1_000);
	}

	private static List<MapOutputLocation> forPartition(List<MapOutputLocation> locations, int r, BlockManager remote,
			BlockManager here) {
		List<MapOutputLocation> out = new ArrayList<>();
		for (MapOutputLocation l : locations) {
			BlockManager owner = l.executorId().equals("remote") ? remote : here;
			long bytes = owner.get("job", 0, l.mapPartition(), r).length;
			out.add(new MapOutputLocation(l.mapPartition(), l.executorId(), l.url(), bytes));
		}
		return out;
	}

	@Test
	void readsEveryReducePartitionAsAStreamWithASmallReadAhead() {
		List<MapOutputLocation> locations = writeMaps(20_000);
		ShuffleFetcher fetcher = fetcher(32 * 1024, (j, s, m) -> null);
		long total = 0;
		for (int r = 0; r < REDUCERS; r++) {
			TaskMetrics metrics = new TaskMetrics();
			List<MapOutputLocation> these = forPartition(locations, r, this.remote, this.here);
			long blockBytes = these.stream().mapToLong(MapOutputLocation::blockBytes).sum();
			ShuffleFetcher.Fetch stream = (ShuffleFetcher.Fetch) fetcher.read("job", 0, r, these, SCHEMA, metrics);
			List<Object[]> read = new ArrayList<>();
			stream.forEachRemaining(b -> read.addAll(rows(b)));
			assertThat(asLists(read)).as("partition " + r).containsExactlyInAnyOrderElementsOf(this.written.get(r));
			assertThat(metrics.shuffleBytesRead).isEqualTo(blockBytes);
			assertThat(metrics.shuffleRemoteBytesRead).as("the remote half").isPositive().isLessThan(blockBytes);
			assertThat(stream.peakBuffered()).as("read ahead of the reader, of %d remote bytes", blockBytes / 2)
				.isLessThan(32 * 1024 + 3 * 64 * 1024)
				.isLessThan(blockBytes / 4);
			total += read.size();
		}
		assertThat(total).isEqualTo(MAPS * 20_000L);
	}

	@Test
	void aBlockThatMovedIsReadWhereTheDriverSaysItIsNow() {
		List<MapOutputLocation> locations = forPartition(writeMaps(2_000), 1, this.remote, this.here);
		// map 0 is told to be on an executor that left; the driver knows it is on
		// "remote"
		List<MapOutputLocation> stale = new ArrayList<>(locations);
		stale.set(0, new MapOutputLocation(0, "gone", url(), locations.get(0).blockBytes()));
		ShuffleFetcher fetcher = fetcher(1024, (j, s, m) -> new MapOutputLocation(m, "remote", url(), 0));
		List<Object[]> read = new ArrayList<>();
		fetcher.read("job", 0, 1, stale, SCHEMA, new TaskMetrics()).forEachRemaining(b -> read.addAll(rows(b)));
		assertThat(asLists(read)).containsExactlyInAnyOrderElementsOf(this.written.get(1));
	}

	@Test
	void aBlockNowhereIsAFetchFailureOfItsMapOutput() {
		List<MapOutputLocation> locations = forPartition(writeMaps(2_000), 0, this.remote, this.here);
		List<MapOutputLocation> stale = new ArrayList<>(locations);
		stale.set(2, new MapOutputLocation(2, "gone", url(), locations.get(2).blockBytes()));
		BatchStream stream = fetcher(1024, (j, s, m) -> null).read("job", 0, 0, stale, SCHEMA, new TaskMetrics());
		assertThatThrownBy(() -> stream.forEachRemaining(b -> {
		})).isInstanceOfSatisfying(FetchFailedException.class, ex -> {
			assertThat(ex.mapPartition).isEqualTo(2);
			assertThat(ex.executorId).isEqualTo("gone");
		});
	}

	@Test
	void aStreamCutMidBlockIsAFetchFailure() {
		List<MapOutputLocation> locations = forPartition(writeMaps(20_000), 0, this.remote, this.here);
		this.truncate = true;
		BatchStream stream = fetcher(4096, (j, s, m) -> null).read("job", 0, 0, locations.subList(0, 1), SCHEMA,
				new TaskMetrics());
		assertThatThrownBy(() -> stream.forEachRemaining(b -> {
		})).isInstanceOfSatisfying(FetchFailedException.class, ex -> assertThat(ex.mapPartition).isZero());
	}

	@Test
	void aStreamThatStallsIsAFetchFailure() {
		List<MapOutputLocation> locations = forPartition(writeMaps(20_000), 0, this.remote, this.here);
		this.stall = true;
		BatchStream stream = fetcher(4096, (j, s, m) -> null).read("job", 0, 0, locations.subList(0, 1), SCHEMA,
				new TaskMetrics());
		assertThatThrownBy(() -> stream.forEachRemaining(b -> {
		})).isInstanceOfSatisfying(FetchFailedException.class,
				ex -> assertThat(ex.getMessage()).contains("no shuffle data for 1 s"));
	}

	@Test
	void aReaderThatStopsEarlyClosesItsStreams() {
		List<MapOutputLocation> locations = forPartition(writeMaps(20_000), 2, this.remote, this.here);
		ShuffleFetcher.Fetch stream = (ShuffleFetcher.Fetch) fetcher(8192, (j, s, m) -> null).read("job", 0, 2,
				locations, SCHEMA, new TaskMetrics());
		assertThat(stream.hasNext()).isTrue();
		stream.next();
		stream.close();
		assertThat(stream.hasNext()).isFalse();
	}

}
