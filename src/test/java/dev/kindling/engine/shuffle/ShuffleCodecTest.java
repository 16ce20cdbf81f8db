package dev.kindling.engine.shuffle;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;

import static dev.kindling.engine.TestBatches.asLists;
import static dev.kindling.engine.TestBatches.batch;
import static dev.kindling.engine.TestBatches.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShuffleCodecTest {

	static final Schema ALL = Schema
		.parse("i INT, b BIGINT, d DOUBLE, m DECIMAL(38,9), s STRING, f BOOLEAN, dt DATE, ts TIMESTAMP, "
				+ "c DECIMAL(12,2)");

	static List<Object[]> randomRows(Random random, int n) {
		List<Object[]> rows = new ArrayList<>();
		for (int r = 0; r < n; r++) {
			Object[] row = { random.nextInt(), random.nextLong(), random.nextGaussian() * 1e6,
					// a long's digits at scale 9: most unscaled values are too wide for a
					// long
					new BigDecimal(random.nextLong()).movePointLeft(random.nextInt(10)).setScale(9),
					"s" + random.nextInt(1000), random.nextBoolean(), LocalDate.ofEpochDay(random.nextInt(40000)),
					LocalDateTime.of(2000 + random.nextInt(50), 1 + random.nextInt(12), 1 + random.nextInt(28),
							random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1000) * 1000),
					BigDecimal.valueOf(random.nextLong() % 100_000_000_000L, 2) };
			for (int c = 0; c < row.length; c++) {
				if (random.nextInt(5) == 0) {
					row[c] = null;
				}
			}
			rows.add(row);
		}
		return rows;
	}

	static byte[] encodeAll(Schema schema, List<Object[]> rows) {
		ShuffleWriter writer = new ShuffleWriter(schema, List.of(), 1);
		for (int from = 0; from < rows.size(); from += 1000) {
			writer.write(batch(schema, rows.subList(from, Math.min(rows.size(), from + 1000))));
		}
		return writer.finish()[0];
	}

	@Test
	void roundTripsEveryTypeWithNulls() {
		List<Object[]> rows = randomRows(new Random(42), 10_000);
		byte[] block = encodeAll(ALL, rows);
		assertThat(Arrays.copyOf(block, 4)).containsExactly('K', 'S', 'B', 3);
		List<Batch> batches = new ArrayList<>();
		ShuffleBlocks.decode(block, ALL).forEachRemaining(batches::add);
		assertThat(batches).allSatisfy(b -> assertThat(b.rowCount()).isBetween(1, ColumnVector.BATCH_SIZE));
		List<Object[]> back = new ArrayList<>();
		batches.forEach(b -> back.addAll(rows(b)));
		assertThat(asLists(back)).isEqualTo(asLists(rows));
	}

	@Test
	void roundTripsColumnsThatAreAllNullOrHaveNoNulls() {
		Schema schema = Schema.parse("a INT, s STRING, m DECIMAL(20,2)");
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			rows.add(new Object[] { null, "x" + i, null });
		}
		assertThat(asLists(rows(ShuffleBlocks.decode(encodeAll(schema, rows), schema)))).isEqualTo(asLists(rows));
	}

	@Test
	void roundTripsBigAndMultiByteStrings() {
		Schema schema = Schema.parse("s STRING");
		String big = "é€😀x".repeat(300_000);
		List<Object[]> rows = List.of(new Object[] { big }, new Object[] { "" }, new Object[] { null },
				new Object[] { big.substring(0, 999) });
		assertThat(asLists(rows(ShuffleBlocks.decode(encodeAll(schema, rows), schema)))).isEqualTo(asLists(rows));
	}

	@Test
	void anEmptyPartitionIsAnEmptyBlock() {
		ShuffleWriter writer = new ShuffleWriter(ALL, List.of(), 3);
		byte[][] blocks = writer.finish();
		assertThat(Arrays.asList(blocks)).hasSize(3).allSatisfy(b -> assertThat(b).isEmpty());
		assertThat(writer.rows()).containsExactly(0, 0, 0);
		assertThat(ShuffleBlocks.decode(new byte[0], ALL).hasNext()).isFalse();
	}

	@Test
	void refusesBytesThatAreNotABlock() {
		assertThatThrownBy(() -> ShuffleBlocks.decode("{\"rows\":[]}".getBytes(), ALL))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("magic");
		assertThatThrownBy(() -> ShuffleBlocks.decode(new byte[] { 'K', 'S', 'B', 9 }, ALL))
			.hasMessageContaining("version 9");
		byte[] block = encodeAll(ALL, randomRows(new Random(1), 10));
		assertThatThrownBy(() -> rows(ShuffleBlocks.decode(Arrays.copyOf(block, block.length - 3), ALL)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("corrupt");
	}

	@Test
	void blocksAreCompactBinaryNotText() {
		Schema schema = Schema.parse("a BIGINT, d DOUBLE, i INT, dt DATE");
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			rows.add(new Object[] { (long) i, i * 0.5, -i, LocalDate.ofEpochDay(i) });
		}
		// 8 + 8 + 4 + 4 bytes a row plus a few bytes per batch.
		assertThat(encodeAll(schema, rows).length).isLessThan(10_000 * 24 + 200);
	}

	static BoundExpr key(String column, Schema schema) {
		return Binder.bind(ExprParser.parse(column), schema);
	}

	/** The partition each key value lands in, written alone through a writer. */
	static int partitionOf(Schema schema, Object value, int partitions) {
		ShuffleWriter writer = new ShuffleWriter(schema, List.of(key("k", schema)), partitions);
		writer.write(batch(schema, Collections.singletonList(new Object[] { value })));
		writer.finish();
		long[] rows = writer.rows();
		for (int p = 0; p < partitions; p++) {
			if (rows[p] == 1) {
				return p;
			}
		}
		throw new AssertionError("row not written");
	}

	@Test
	void equalKeysOfIntBigintAndIntegralDoubleLandInTheSamePartition() {
		Schema ints = Schema.parse("k INT");
		Schema bigints = Schema.parse("k BIGINT");
		Schema doubles = Schema.parse("k DOUBLE");
		Random random = new Random(7);
		for (int i = 0; i < 500; i++) {
			int v = random.nextInt();
			int p = partitionOf(ints, v, 16);
			assertThat(partitionOf(bigints, (long) v, 16)).isEqualTo(p);
			assertThat(partitionOf(doubles, (double) v, 16)).isEqualTo(p);
		}
		assertThat(partitionOf(doubles, -0.0, 16)).isEqualTo(partitionOf(doubles, 0.0, 16));
		assertThat(partitionOf(doubles, Double.NaN, 16))
			.isEqualTo(partitionOf(doubles, Double.longBitsToDouble(0x7ff8000000000001L), 16));
		assertThat(partitionOf(ints, null, 16)).isEqualTo(partitionOf(Schema.parse("k STRING"), null, 16));
	}

	@Test
	void spreadsDistinctKeysEvenlyAndKeepsEqualKeysTogether() {
		for (String type : List.of("INT", "BIGINT", "STRING", "DOUBLE", "DATE")) {
			Schema schema = Schema.parse("k " + type + ", v INT");
			List<Object[]> rows = new ArrayList<>();
			for (int i = 0; i < 8000; i++) {
				int k = i % 4000;
				Object key = switch (type) {
					case "STRING" -> "key-" + k;
					case "DOUBLE" -> k * 1.25;
					case "DATE" -> LocalDate.ofEpochDay(k);
					case "BIGINT" -> (long) k * 1_000_003;
					default -> k;
				};
				rows.add(new Object[] { key, i });
			}
			ShuffleWriter writer = new ShuffleWriter(schema, List.of(key("k", schema)), 8);
			writer.write(batch(schema, rows));
			byte[][] blocks = writer.finish();
			assertThat(Arrays.stream(writer.rows()).boxed().toList()).as(type)
				.allSatisfy(n -> assertThat(n).isBetween(800L, 1200L));
			java.util.Map<Object, Integer> home = new java.util.HashMap<>();
			for (int p = 0; p < blocks.length; p++) {
				for (Object[] r : rows(ShuffleBlocks.decode(blocks[p], schema))) {
					Integer before = home.putIfAbsent(r[0], p);
					if (before != null && before != p) {
						throw new AssertionError(type + " key " + r[0] + " in partitions " + before + " and " + p);
					}
				}
			}
			assertThat(home).as(type).hasSize(4000);
		}
	}

	@Test
	void withoutKeysEveryRowGoesToTheFirstPartition() {
		Schema schema = Schema.parse("k INT");
		ShuffleWriter writer = new ShuffleWriter(schema, List.of(), 4);
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < 5000; i++) {
			rows.add(new Object[] { i });
		}
		writer.write(batch(schema, rows));
		writer.write(batch(schema, rows.subList(0, 10)));
		byte[][] blocks = writer.finish();
		assertThat(writer.rows()).containsExactly(5010, 0, 0, 0);
		assertThat(blocks[1]).isEmpty();
		assertThat(rows(ShuffleBlocks.decode(blocks[0], schema))).hasSize(5010);
	}

	@Test
	void multiColumnKeysPartitionByAllColumns() {
		Schema schema = Schema.parse("a INT, b STRING");
		List<BoundExpr> keys = List.of(key("a", schema), key("b", schema));
		List<Object[]> rows = new ArrayList<>();
		Random random = new Random(3);
		for (int i = 0; i < 3000; i++) {
			rows.add(new Object[] { random.nextInt(5), random.nextInt(4) == 0 ? null : "v" + random.nextInt(50) });
		}
		ShuffleWriter writer = new ShuffleWriter(schema, keys, 5);
		writer.write(batch(schema, rows));
		byte[][] blocks = writer.finish();
		java.util.Map<List<Object>, Integer> home = new java.util.HashMap<>();
		int total = 0;
		for (int p = 0; p < blocks.length; p++) {
			for (Object[] r : rows(ShuffleBlocks.decode(blocks[p], schema))) {
				assertThat(home.putIfAbsent(Arrays.asList(r), p)).isIn(null, p);
				total++;
			}
		}
		assertThat(total).isEqualTo(3000);
		assertThat(Arrays.stream(writer.rows()).filter(n -> n > 0).count()).isGreaterThan(1);
	}

}
