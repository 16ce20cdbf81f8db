package dev.kindling.engine.physical;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import dev.kindling.engine.TestBatches;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.logical.Join.JoinType;
import dev.kindling.engine.physical.HashAggregateExec.Mode;
import dev.kindling.engine.shuffle.ShuffleBlocks;
import dev.kindling.engine.shuffle.ShuffleWriter;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;
import dev.kindling.engine.vector.StringVector;

/**
 * Throughput of the shuffle codec and the hash aggregate, sort and join operators over
 * in-memory batches (no CSV parsing). A command, not a test: run it after
 * {@code ./mvnw -o test-compile} with
 * {@code java -cp target/classes:target/test-classes dev.kindling.engine.physical.OperatorBench [rows [name]]}.
 * Prints the median of 5 timed runs after 3 warm-up runs.
 */
public final class OperatorBench {

	static final Schema SCHEMA = Schema.parse("k BIGINT, s STRING, v DOUBLE, i INT");

	/** Only the measurements whose name contains this (the second argument), or all. */
	static String only = "";

	private OperatorBench() {
	}

	public static void main(String[] args) {
		int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
		only = args.length > 1 ? args[1] : "";
		List<Batch> input = generate(rows, 10_000, new Random(1));
		List<Batch> right = generate(rows / 10, rows / 10, new Random(2));
		System.out.printf("%,d rows in batches of %d, Java %s, %d cpus%n", rows, ColumnVector.BATCH_SIZE,
				System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());

		byte[][][] blocks = new byte[1][][];
		measure("shuffle write, 16 partitions by k", rows, () -> {
			ShuffleWriter w = new ShuffleWriter(SCHEMA, List.of(Binder.bind(ExprParser.parse("k"), SCHEMA)), 16);
			input.forEach(w::write);
			blocks[0] = w.finish();
			return Arrays.stream(blocks[0]).mapToLong(b -> b.length).sum();
		});
		if (blocks[0] != null) {
			long bytes = Arrays.stream(blocks[0]).mapToLong(b -> b.length).sum();
			System.out.printf("  encoded size %,d bytes (%.1f bytes/row)%n", bytes, (double) bytes / rows);
		}
		measure("shuffle read (decode all blocks)", rows, () -> {
			long n = 0;
			for (byte[] b : blocks[0] == null ? new byte[0][] : blocks[0]) {
				var it = ShuffleBlocks.decode(b, SCHEMA);
				while (it.hasNext()) {
					n += it.next().rowCount();
				}
			}
			return n;
		});
		measure("aggregate by bigint k (10k groups): count, sum, avg, min, max", rows,
				() -> count(aggregate(input, "k")));
		measure("aggregate by string s (1k groups): count, sum, avg, min, max", rows,
				() -> count(aggregate(input, "s")));
		measure("aggregate by (k, i) (~1M groups)", rows, () -> count(aggregate(input, "k", "i")));
		measure("sort by v DESC (full)", rows, () -> count(new SortOperator(
				SortExec.of(new ShuffleReadExec(0, SCHEMA), List.of(SortKey.of(ExprParser.parse("v"), false)), -1),
				source(input))));
		measure("top-100 by v DESC, s", rows,
				() -> count(new SortOperator(SortExec.of(new ShuffleReadExec(0, SCHEMA),
						List.of(SortKey.of(ExprParser.parse("v"), false), SortKey.of(ExprParser.parse("s"), true)),
						100), source(input))));
		Schema rightSchema = Schema.parse("rk BIGINT, rs STRING, rv DOUBLE, ri INT");
		List<Field> both = new ArrayList<>(SCHEMA.fields());
		both.addAll(rightSchema.fields());
		HashJoinExec join = HashJoinExec.of(new ShuffleReadExec(0, SCHEMA), new ShuffleReadExec(1, rightSchema),
				JoinType.INNER, List.of(ExprParser.parse("k")), List.of(ExprParser.parse("rk")), null, false,
				new Schema(both), false);
		measure("inner join on bigint (probe " + rows + " rows, build " + rows / 10 + ")", rows, () -> count(
				new HashJoinOperator(join, source(input), TestBatches.source(rightSchema, right.iterator()))));
	}

	static List<Batch> generate(int rows, int keys, Random random) {
		List<Batch> out = new ArrayList<>();
		for (int from = 0; from < rows; from += ColumnVector.BATCH_SIZE) {
			int n = Math.min(ColumnVector.BATCH_SIZE, rows - from);
			LongVector k = new LongVector(DataType.BIGINT, n);
			StringVector s = new StringVector(n);
			DoubleVector v = new DoubleVector(n);
			LongVector i = new LongVector(DataType.INT, n);
			for (int r = 0; r < n; r++) {
				k.append(random.nextInt(keys));
				s.append("city-" + random.nextInt(1000));
				v.append(random.nextDouble() * 1000);
				i.append(random.nextInt(100));
			}
			out.add(new Batch(new ColumnVector[] { k, s, v, i }, n));
		}
		return out;
	}

	static Operator source(List<Batch> batches) {
		return TestBatches.source(SCHEMA, batches.iterator());
	}

	static Operator aggregate(List<Batch> input, String... keys) {
		List<NamedExpr> k = Arrays.stream(keys).map(ExprParser::parseNamed).toList();
		List<NamedExpr> aggs = List.of("count(*) AS n", "sum(v) AS sv", "avg(i) AS ai", "min(v) AS lo", "max(s) AS hi")
			.stream()
			.map(ExprParser::parseNamed)
			.toList();
		return new HashAggregateOperator(
				HashAggregateExec.of(new ShuffleReadExec(0, SCHEMA), Mode.SINGLE, k, aggs, SCHEMA), source(input));
	}

	static long count(Operator op) {
		long n = 0;
		Batch b;
		while ((b = op.next()) != null) {
			n += b.rowCount();
		}
		return n;
	}

	static void measure(String what, int rows, Supplier<Long> run) {
		if (!what.contains(only)) {
			return;
		}
		for (int i = 0; i < 3; i++) {
			run.get();
		}
		long[] nanos = new long[5];
		for (int i = 0; i < nanos.length; i++) {
			long t = System.nanoTime();
			run.get();
			nanos[i] = System.nanoTime() - t;
		}
		Arrays.sort(nanos);
		double ms = nanos[2] / 1e6;
		System.out.printf("%-70s %8.1f ms  %7.1f M rows/s%n", what, ms, rows / ms / 1000);
	}

}
