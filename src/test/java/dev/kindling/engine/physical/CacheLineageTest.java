package dev.kindling.engine.physical;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kindling.engine.datasource.DataRoot;
import dev.kindling.engine.datasource.FilePiece;
import dev.kindling.engine.datasource.LocalStorage;
import dev.kindling.engine.datasource.ScanPartition;
import dev.kindling.engine.storage.Storage;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cache read serves memory when the block is there and recomputes it from lineage when
 * it is not.
 */
class CacheLineageTest {

	@TempDir
	Path dir;

	private final Map<String, List<Batch>> memory = new HashMap<>();

	private final TaskMetrics metrics = new TaskMetrics();

	private TaskContext context(Path file) {
		return new TaskContext() {

			@Override
			public Storage storage() {
				return new LocalStorage(new DataRoot(file.getParent()));
			}

			@Override
			public ScanPartition split() {
				long size = file.toFile().length();
				return new ScanPartition(0,
						List.of(new FilePiece(file.getFileName().toString(), 0, size, size, List.of())));
			}

			@Override
			public Iterator<Batch> shuffleInput(int stageId) {
				throw new UnsupportedOperationException();
			}

			@Override
			public TaskMetrics metrics() {
				return CacheLineageTest.this.metrics;
			}

			@Override
			public List<Batch> cached(String key, int partition) {
				return CacheLineageTest.this.memory.get(key + "/" + partition);
			}

			@Override
			public void cache(String key, int partition, List<Batch> batches) {
				CacheLineageTest.this.memory.put(key + "/" + partition, batches);
			}

		};
	}

	private static long count(Operator op) {
		long n = 0;
		Batch b;
		while ((b = op.next()) != null) {
			n += b.rowCount();
		}
		op.close();
		return n;
	}

	@Test
	void recomputesAnEvictedPartitionFromItsLineageAndCachesItAgain() throws IOException {
		Path file = this.dir.resolve("n.csv");
		StringBuilder csv = new StringBuilder("n\n");
		for (int i = 0; i < 100; i++) {
			csv.append(i).append('\n');
		}
		Files.writeString(file, csv);
		Schema schema = Schema.parse("n INT");
		FileScanExec scan = FileScanExec.of("n.csv", Map.of("header", true), schema, List.of(0),
				List.of(ExprParser.parse("n >= 40")));
		CacheReadExec read = new CacheReadExec("k", new CacheExec(scan, "k"));

		assertThat(count(Operators.build(read, context(file)))).as("first read: computed from the file").isEqualTo(60);
		assertThat(this.metrics.bytesIn).isPositive();
		assertThat(this.memory).containsKey("k/0");

		long bytesBefore = this.metrics.bytesIn;
		assertThat(count(Operators.build(read, context(file)))).as("second read: from memory").isEqualTo(60);
		assertThat(this.metrics.bytesIn).as("no CSV bytes read").isEqualTo(bytesBefore);

		this.memory.clear();
		List<Long> counts = new ArrayList<>();
		counts.add(count(Operators.build(read, context(file))));
		assertThat(counts).as("after eviction: recomputed from lineage").containsExactly(60L);
		assertThat(this.metrics.bytesIn).isGreaterThan(bytesBefore);
		assertThat(this.memory).as("and cached again").containsKey("k/0");
	}

}
