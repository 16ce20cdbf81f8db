package dev.kindling.engine.shuffle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;

import static dev.kindling.engine.TestBatches.asLists;
import static dev.kindling.engine.TestBatches.batch;
import static dev.kindling.engine.TestBatches.rows;
import static org.assertj.core.api.Assertions.assertThat;

class ShuffleWriterSpillTest {

	@TempDir
	Path spill;

	private static final Schema SCHEMA = ShuffleCodecTest.ALL;

	private static ShuffleWriter.Partitioning byHash(int partitions) {
		return ShuffleWriter.partitioning(List.of(Binder.bind(ExprParser.parse("s"), SCHEMA)), partitions, false);
	}

	private static List<List<Object>> decode(MapOutput output, int r) throws IOException {
		List<Object[]> out = new ArrayList<>();
		try (InputStream in = output.open(r)) {
			BlockCodec.stream(in, SCHEMA).forEachRemaining(b -> out.addAll(rows(b)));
		}
		return asLists(out);
	}

	private static MapOutput write(List<Object[]> rows, int partitions, ShuffleMemory memory, Path dir,
			ShuffleWriter[] keep) {
		ShuffleWriter writer = new ShuffleWriter(SCHEMA, partitions, byHash(partitions), memory, dir);
		for (int from = 0; from < rows.size(); from += 700) {
			writer.write(batch(SCHEMA, rows.subList(from, Math.min(rows.size(), from + 700))));
		}
		keep[0] = writer;
		return writer.finishOutput();
	}

	@Test
	void spillsPastItsMemoryAndGivesTheSameBlocksAsInMemory() throws IOException {
		List<Object[]> rows = ShuffleCodecTest.randomRows(new Random(7), 30_000);
		ShuffleWriter[] w = new ShuffleWriter[1];
		MapOutput oracle = write(rows, 6, ShuffleMemory.UNLIMITED, null, w);
		assertThat(oracle.inMemory()).isTrue();
		assertThat(w[0].spills()).isZero();

		ShuffleMemory.Pool tiny = ShuffleMemory.pool(64 * 1024);
		MapOutput spilled = write(rows, 6, tiny, this.spill, w);
		assertThat(w[0].spills()).as("spills with 64 KiB of shuffle memory").isGreaterThan(3);
		assertThat(w[0].spilledBytes()).isPositive();
		assertThat(spilled.inMemory()).isFalse();
		assertThat(tiny.used()).as("memory given back").isZero();
		try (Stream<Path> files = Files.list(this.spill)) {
			assertThat(files.map(p -> p.getFileName().toString()))
				.as("spill files merged into one data file and deleted")
				.singleElement()
				.satisfies(name -> assertThat(name).endsWith(".data"));
		}
		long total = 0;
		for (int r = 0; r < 6; r++) {
			List<List<Object>> expected = decode(oracle, r);
			assertThat(decode(spilled, r)).as("block " + r).isEqualTo(expected);
			assertThat(spilled.read(r)).as("block " + r + " whole").isEqualTo(oracle.read(r));
			total += expected.size();
		}
		assertThat(total).isEqualTo(rows.size());
		spilled.delete();
		assertThat(Files.exists(spilled.file())).isFalse();
	}

	@Test
	void anOutputThatFitsStaysInMemoryHoldingWhatItTook() {
		List<Object[]> rows = ShuffleCodecTest.randomRows(new Random(8), 2_000);
		ShuffleMemory.Pool pool = ShuffleMemory.pool(64L << 20);
		ShuffleWriter[] w = new ShuffleWriter[1];
		MapOutput output = write(rows, 3, pool, this.spill, w);
		assertThat(output.inMemory()).isTrue();
		assertThat(w[0].spills()).isZero();
		assertThat(output.memoryBytes()).isEqualTo(pool.used()).isPositive();
	}

	@Test
	void aWriterFindingTheMemoryFullSpillsOnlyOnceItHoldsAFewMegabytes() {
		ShuffleMemory.Pool full = ShuffleMemory.pool(64L << 20);
		assertThat(full.tryAcquire(64L << 20)).isTrue();
		List<Object[]> rows = ShuffleCodecTest.randomRows(new Random(12), 200_000);
		ShuffleWriter[] w = new ShuffleWriter[1];
		MapOutput output = write(rows, 4, full, this.spill, w);
		long bytes = output.totalBytes();
		assertThat(bytes).as("more than one 5 MB spill's worth").isGreaterThan(6L << 20);
		assertThat(w[0].spills()).as("spills of at least 5 MB each, not one per batch")
			.isBetween(1, (int) (bytes / (5L << 20)));
		output.delete();
	}

	@Test
	void aFailedWriterGivesBackItsMemoryAndDeletesItsSpills() throws IOException {
		List<Object[]> rows = ShuffleCodecTest.randomRows(new Random(9), 20_000);
		ShuffleMemory.Pool tiny = ShuffleMemory.pool(32 * 1024);
		ShuffleWriter writer = new ShuffleWriter(SCHEMA, 4, byHash(4), tiny, this.spill);
		for (int from = 0; from < rows.size(); from += 1000) {
			writer.write(batch(SCHEMA, rows.subList(from, from + 1000)));
		}
		assertThat(writer.spills()).isPositive();
		writer.abort();
		assertThat(tiny.used()).isZero();
		try (Stream<Path> files = Files.list(this.spill)) {
			assertThat(files).isEmpty();
		}
	}

	@Test
	void aStreamReadsABlockABatchAtATimeAndAnEmptyStreamIsAnEmptyBlock() {
		List<Object[]> rows = ShuffleCodecTest.randomRows(new Random(10), 9_000);
		byte[] block = ShuffleCodecTest.encodeAll(SCHEMA, rows);
		BatchStream it = BlockCodec.stream(new java.io.ByteArrayInputStream(block), SCHEMA);
		List<Object[]> back = new ArrayList<>();
		int batches = 0;
		while (it.hasNext()) {
			Batch b = it.next();
			back.addAll(rows(b));
			batches++;
		}
		assertThat(batches).isGreaterThan(1);
		assertThat(asLists(back)).isEqualTo(asLists(rows));
		assertThat(BlockCodec.stream(new java.io.ByteArrayInputStream(new byte[0]), SCHEMA).hasNext()).isFalse();
	}

}
