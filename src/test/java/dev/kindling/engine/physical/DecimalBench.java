package dev.kindling.engine.physical;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import dev.kindling.engine.TestBatches;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.physical.HashAggregateExec.Mode;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;

/**
 * TPC-H Q1's decimal work over in-memory batches of a lineitem-like table (no CSV
 * parsing): its filter on a decimal, its four sums of decimal products and three
 * averages, grouped by two flags. A command, not a test: after
 * {@code ./mvnw -o test-compile} run
 * {@code java -cp target/classes:target/test-classes dev.kindling.engine.physical.DecimalBench [rows]}.
 * Prints the median of 5 timed runs after 3 warm-up runs. Written against the vector API
 * that both the BigDecimal vectors and the unscaled-long vectors share, so the same file
 * measures either.
 */
public final class DecimalBench {

	static final Schema LINEITEM = Schema.parse("flag STRING, status STRING, qty DECIMAL(15,2), "
			+ "price DECIMAL(15,2), disc DECIMAL(15,2), tax DECIMAL(15,2)");

	static final List<String> Q1 = List.of("sum(qty) AS sum_qty", "sum(price) AS sum_base_price",
			"sum(price * (1 - disc)) AS sum_disc_price", "sum(price * (1 - disc) * (1 + tax)) AS sum_charge",
			"avg(qty) AS avg_qty", "avg(price) AS avg_price", "avg(disc) AS avg_disc", "count(*) AS count_order");

	private DecimalBench() {
	}

	public static void main(String[] args) {
		int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
		List<Batch> input = lineitem(rows, new Random(1));
		System.out.printf("%,d rows in batches of %d, Java %s, %d cpus%n", rows, ColumnVector.BATCH_SIZE,
				System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
		List<NamedExpr> keys = List.of(ExprParser.parseNamed("flag"), ExprParser.parseNamed("status"));
		List<NamedExpr> aggs = Q1.stream().map(ExprParser::parseNamed).toList();
		HashAggregateExec q1 = HashAggregateExec.of(new ShuffleReadExec(0, LINEITEM), Mode.SINGLE, keys, aggs,
				LINEITEM);
		FilterExec filter = FilterExec.of(new ShuffleReadExec(0, LINEITEM), ExprParser.parse("price <= 100000.00"));
		OperatorBench.measure("Q1: filter on a decimal", rows, () -> OperatorBench
			.count(new Operators.FilterOperator(source(input), filter.predicate(), new NoContext())));
		OperatorBench.measure("Q1: 4 sums of decimal products, 3 averages, by 2 keys", rows,
				() -> OperatorBench.count(new HashAggregateOperator(q1, source(input))));
		List<Batch> out = new ArrayList<>();
		Operator op = new HashAggregateOperator(q1, source(input));
		Batch b;
		while ((b = op.next()) != null) {
			out.add(b);
		}
		Batch first = out.get(0);
		System.out.println("  first group: " + Arrays.toString(first.row(0)));
	}

	static List<Batch> lineitem(int rows, Random random) {
		List<Batch> out = new ArrayList<>();
		for (int from = 0; from < rows; from += ColumnVector.BATCH_SIZE) {
			int n = Math.min(ColumnVector.BATCH_SIZE, rows - from);
			ColumnVector[] columns = new ColumnVector[LINEITEM.size()];
			for (int c = 0; c < columns.length; c++) {
				columns[c] = ColumnVector.allocate(LINEITEM.field(c).type(), n);
			}
			for (int r = 0; r < n; r++) {
				columns[0].appendObject(String.valueOf("ANR".charAt(random.nextInt(3))));
				columns[1].appendObject(String.valueOf("FO".charAt(random.nextInt(2))));
				columns[2].appendObject(BigDecimal.valueOf(100 + random.nextInt(5000), 2));
				columns[3].appendObject(BigDecimal.valueOf(90_000 + random.nextInt(10_405_000), 2));
				columns[4].appendObject(BigDecimal.valueOf(random.nextInt(11), 2));
				columns[5].appendObject(BigDecimal.valueOf(random.nextInt(9), 2));
			}
			out.add(new Batch(columns, n));
		}
		return out;
	}

	static Operator source(List<Batch> batches) {
		return TestBatches.source(LINEITEM, batches.iterator());
	}

	/** A task context with nothing behind it: the filter only asks whether to stop. */
	static final class NoContext implements TaskContext {

		@Override
		public dev.kindling.engine.storage.Storage storage() {
			throw new UnsupportedOperationException();
		}

		@Override
		public dev.kindling.engine.datasource.ScanPartition split() {
			return null;
		}

		@Override
		public java.util.Iterator<Batch> shuffleInput(int stageId) {
			throw new UnsupportedOperationException();
		}

		@Override
		public TaskMetrics metrics() {
			return new TaskMetrics();
		}

	}

}
