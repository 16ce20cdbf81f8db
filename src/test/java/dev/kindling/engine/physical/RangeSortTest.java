package dev.kindling.engine.physical;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.TestBatches;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A range-partitioned sort (sample each map partition, bounds from the weighted samples,
 * each range sorted on its own) gives the order one in-memory sort of all rows gives, for
 * every type, direction and null placement, with skew, equal keys and many reducers.
 */
class RangeSortTest {

	private static final Schema SCHEMA = Schema
		.parse("id INT, b BIGINT, d DOUBLE, s STRING, m DECIMAL(12,2), dt DATE, ts TIMESTAMP, f BOOLEAN");

	/** The rows sorted by the ranges, and the rows each range got. */
	private record Outcome(List<Object[]> rows, int[] rangeRows, int bounds) {

		long nonEmpty() {
			return Arrays.stream(this.rangeRows).filter(n -> n > 0).count();
		}

		int largest() {
			return Arrays.stream(this.rangeRows).max().orElse(0);
		}

	}

	private static SortKey key(String sql) {
		String[] words = sql.split(" ");
		boolean asc = !(words.length > 1 && words[1].equals("DESC"));
		boolean nullsFirst = sql.contains("NULLS FIRST") || (asc && !sql.contains("NULLS LAST"));
		return new SortKey(ExprParser.parse(words[0]), asc, nullsFirst);
	}

	private static List<List<Object[]>> maps(int maps, int rowsEach, long seed, Function<Random, Object[]> row) {
		Random random = new Random(seed);
		List<List<Object[]>> out = new ArrayList<>();
		int id = 0;
		for (int m = 0; m < maps; m++) {
			List<Object[]> rows = new ArrayList<>();
			for (int i = 0; i < rowsEach; i++) {
				Object[] r = row.apply(random);
				r[0] = id++;
				rows.add(r);
			}
			out.add(rows);
		}
		return out;
	}

	private static Object[] randomRow(Random random) {
		Object[] r = { 0, (long) random.nextInt(1_000_000) - 500_000, random.nextGaussian() * 100,
				"s" + random.nextInt(100_000), BigDecimal.valueOf(random.nextInt(2_000_000) - 1_000_000, 2),
				LocalDate.ofEpochDay(random.nextInt(20_000)), LocalDateTime.of(2000 + random.nextInt(30),
						1 + random.nextInt(12), 1 + random.nextInt(28), random.nextInt(24), random.nextInt(60)),
				random.nextBoolean() };
		for (int c = 1; c < r.length; c++) {
			if (random.nextInt(10) == 0) {
				r[c] = null;
			}
		}
		return r;
	}

	private static Outcome rangeSort(List<List<Object[]>> maps, List<SortKey> keys, int ranges) {
		ShuffleReadExec read = new ShuffleReadExec(0, SCHEMA);
		int perPartition = (int) Math.ceil(3.0 * Math.min(20.0 * ranges, 1e6) / maps.size());
		SampleExec sample = SampleExec.of(read, keys, perPartition);
		List<Batch> samples = new ArrayList<>();
		for (int m = 0; m < maps.size(); m++) {
			try (SampleOperator op = new SampleOperator(sample, TestBatches.source(SCHEMA, maps.get(m), 1000), m)) {
				Batch b = op.next();
				if (b != null) {
					assertThat(b.rowCount()).isLessThanOrEqualTo(perPartition);
					samples.add(b);
				}
				assertThat(op.next()).isNull();
			}
		}
		RangeBounds bounds = RangeBounds.fromSamples(samples, keys, ranges);
		List<BoundExpr> bound = keys.stream().map(k -> Binder.bind(k.expr(), SCHEMA)).toList();
		List<List<Object[]>> byRange = new ArrayList<>();
		for (int r = 0; r < ranges; r++) {
			byRange.add(new ArrayList<>());
		}
		for (List<Object[]> map : maps) {
			for (Batch batch : TestBatches.batches(SCHEMA, map, 1000)) {
				int[] out = new int[batch.rowCount()];
				bounds.assign(bound, batch, out);
				List<Object[]> rows = TestBatches.rows(batch);
				for (int i = 0; i < out.length; i++) {
					byRange.get(out[i]).add(rows.get(i));
				}
			}
		}
		List<Object[]> sorted = new ArrayList<>();
		int[] counts = new int[ranges];
		for (int r = 0; r < ranges; r++) {
			counts[r] = byRange.get(r).size();
			sorted.addAll(sort(byRange.get(r), keys));
		}
		return new Outcome(sorted, counts, bounds.size());
	}

	private static List<Object[]> sort(List<Object[]> rows, List<SortKey> keys) {
		try (SortOperator op = new SortOperator(SortExec.of(new ShuffleReadExec(0, SCHEMA), keys, -1),
				TestBatches.source(SCHEMA, rows, 1000), Long.MAX_VALUE, () -> false)) {
			return TestBatches.drain(op);
		}
	}

	/** Checks the range sort against one sort of every row; returns the outcome. */
	private static Outcome check(List<List<Object[]>> maps, int ranges, String... sortKeys) {
		List<SortKey> keys = Arrays.stream(sortKeys).map(RangeSortTest::key).toList();
		List<Object[]> all = new ArrayList<>();
		maps.forEach(all::addAll);
		List<Object[]> oracle = sort(all, keys);
		Outcome outcome = rangeSort(maps, keys, ranges);
		int[] columns = keys.stream().mapToInt(k -> SCHEMA.indexOf(k.expr().sql().replace("`", ""))).toArray();
		assertThat(keyValues(outcome.rows(), columns)).as("keys in order").isEqualTo(keyValues(oracle, columns));
		assertThat(byId(outcome.rows())).as("the same rows").isEqualTo(byId(all));
		return outcome;
	}

	/** The rows in id order (ids are unique), to compare two sets of rows. */
	private static List<List<Object>> byId(List<Object[]> rows) {
		List<Object[]> copy = new ArrayList<>(rows);
		copy.sort(java.util.Comparator.comparingInt(r -> (Integer) r[0]));
		return TestBatches.asLists(copy);
	}

	private static List<List<Object>> keyValues(List<Object[]> rows, int[] columns) {
		List<List<Object>> out = new ArrayList<>(rows.size());
		for (Object[] row : rows) {
			List<Object> k = new ArrayList<>(columns.length);
			for (int c : columns) {
				k.add(row[c]);
			}
			out.add(k);
		}
		return out;
	}

	@Test
	void everyTypeSortsAcrossRangesAsOneSortDoes() {
		List<List<Object[]>> maps = maps(5, 3000, 1, RangeSortTest::randomRow);
		for (String column : List.of("b", "d", "s", "m", "dt", "ts", "f")) {
			for (String order : List.of(" ASC", " DESC", " ASC NULLS LAST", " DESC NULLS FIRST")) {
				Outcome o = check(maps, 8, column + order);
				if (!column.equals("f")) {
					assertThat(o.nonEmpty()).as(column + order + " uses every range").isEqualTo(8);
					assertThat(o.largest()).as(column + order + " ranges roughly even").isLessThan(15_000 / 8 * 2);
				}
			}
		}
	}

	@Test
	void multipleKeysWithMixedDirections() {
		List<List<Object[]>> maps = maps(4, 2500, 2, r -> {
			Object[] row = randomRow(r);
			row[3] = r.nextInt(8) == 0 ? null : "city" + r.nextInt(5);
			row[4] = r.nextInt(8) == 0 ? null : BigDecimal.valueOf(r.nextInt(50), 2);
			return row;
		});
		Outcome o = check(maps, 12, "s ASC", "m DESC NULLS FIRST", "dt ASC NULLS LAST");
		assertThat(o.nonEmpty()).as("bounds split within a city").isGreaterThan(6);
	}

	@Test
	void skewedKeysStillGiveOneOrderAndSpreadTheRest() {
		List<List<Object[]>> maps = maps(6, 2000, 3, r -> {
			Object[] row = randomRow(r);
			row[1] = r.nextInt(10) < 7 ? 42L : (long) r.nextInt(100_000);
			return row;
		});
		Outcome o = check(maps, 10, "b");
		assertThat(o.largest()).as("the hot key is one range").isGreaterThanOrEqualTo(12_000 * 7 / 10 - 200);
		assertThat(o.nonEmpty()).as("the other keys spread over other ranges").isGreaterThan(3);
	}

	@Test
	void allEqualKeysGoToOneRange() {
		List<List<Object[]>> maps = maps(4, 1500, 4, r -> {
			Object[] row = randomRow(r);
			row[3] = "same";
			return row;
		});
		Outcome o = check(maps, 8, "s DESC");
		assertThat(o.bounds()).isLessThanOrEqualTo(1);
		assertThat(o.nonEmpty()).isEqualTo(1);
	}

	@Test
	void nullsNaNAndNegativeZeroKeepTheirPlaces() {
		List<List<Object[]>> maps = maps(3, 2000, 5, r -> {
			Object[] row = randomRow(r);
			int pick = r.nextInt(10);
			row[2] = pick == 0 ? null : pick == 1 ? Double.NaN : pick == 2 ? -0.0 : pick == 3 ? 0.0 : row[2];
			return row;
		});
		check(maps, 6, "d ASC NULLS FIRST");
		check(maps, 6, "d DESC NULLS LAST");
		check(maps, 6, "d ASC NULLS LAST", "id DESC");
	}

	@Test
	void manyReducers() {
		List<List<Object[]>> maps = maps(10, 5000, 6, RangeSortTest::randomRow);
		Outcome o = check(maps, 200, "ts DESC", "id");
		assertThat(o.nonEmpty()).isGreaterThan(150);
		assertThat(o.largest()).as("no range far above its share of 250 rows").isLessThan(1000);
	}

	@Test
	void anEmptyInputHasNoBounds() {
		Outcome o = check(maps(3, 0, 7, RangeSortTest::randomRow), 4, "b");
		assertThat(o.bounds()).isZero();
		assertThat(o.rows()).isEmpty();
	}

}
