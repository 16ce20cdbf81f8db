package dev.kindling.executor;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.TestBatches;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bodies a leaving executor hands its blocks over in: what is sent is what is stored
 * on the other side, byte for byte and row for row, and anything else is refused.
 */
class MigratedBlocksTest {

	@Test
	void aMapOutputArrivesWithEveryBlockIntactEmptyOnesIncluded() {
		byte[][] blocks = { { 1, 2, 3 }, {}, new byte[70_000] };
		blocks[2][69_999] = 9;

		byte[][] back = MigratedBlocks.decodeOutput(MigratedBlocks.encodeOutput(blocks));

		assertThat(back).hasNumberOfRows(3);
		for (int i = 0; i < blocks.length; i++) {
			assertThat(back[i]).isEqualTo(blocks[i]);
		}
	}

	@Test
	void aCachedPartitionArrivesWithItsRowsAndTypes() {
		Schema schema = Schema.parse("id INT, total BIGINT, ratio DOUBLE, amount DECIMAL, name STRING, ok BOOLEAN, "
				+ "day DATE, at TIMESTAMP");
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < 5000; i++) {
			rows.add(new Object[] { (long) i, i * 1_000_000_007L, i / 7.0, new BigDecimal(i).movePointLeft(2),
					i % 3 == 0 ? null : ("name " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8), i % 2 == 0,
					(long) i, i * 1_000_000L });
		}
		List<Batch> batches = TestBatches.batches(schema, rows, 4096);

		List<Batch> back = MigratedBlocks.decodeCached(MigratedBlocks.encodeCached(batches));

		List<Object[]> sent = new ArrayList<>();
		batches.forEach((b) -> sent.addAll(TestBatches.rows(b)));
		List<Object[]> read = new ArrayList<>();
		back.forEach((b) -> read.addAll(TestBatches.rows(b)));
		assertThat(read).hasSize(rows.size());
		for (int i = 0; i < rows.size(); i++) {
			assertThat(Arrays.deepToString(normalize(read.get(i)))).as("row %d", i)
				.isEqualTo(Arrays.deepToString(normalize(sent.get(i))));
		}
		assertThat(back.get(0).column(3).type()).isEqualTo(batches.get(0).column(3).type());
	}

	@Test
	void anEmptyCachedPartitionStaysEmpty() {
		assertThat(MigratedBlocks.decodeCached(MigratedBlocks.encodeCached(List.of()))).isEmpty();
	}

	@Test
	void bodiesThatAreNotBlocksAreRefused() {
		byte[] output = MigratedBlocks.encodeOutput(new byte[][] { { 1, 2, 3 } });

		assertThatThrownBy(() -> MigratedBlocks.decodeOutput(Arrays.copyOf(output, output.length - 1)))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> MigratedBlocks.decodeOutput(Arrays.copyOf(output, output.length + 1)))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> MigratedBlocks.decodeOutput(new byte[] { -1, -1, -1, -1 }))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> MigratedBlocks.decodeCached(new byte[] { 0, 0, 0, 0, 0, 1 }))
			.isInstanceOf(IllegalArgumentException.class);
	}

	/** Strings come back as bytes: compare their text. */
	private static Object[] normalize(Object[] row) {
		Object[] out = row.clone();
		for (int i = 0; i < out.length; i++) {
			if (out[i] instanceof byte[] b) {
				out[i] = new String(b, java.nio.charset.StandardCharsets.UTF_8);
			}
		}
		return out;
	}

}
