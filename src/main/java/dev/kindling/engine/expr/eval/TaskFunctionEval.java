package dev.kindling.engine.expr.eval;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;

/**
 * Functions whose value depends on the task evaluating them, as Spark computes them:
 * {@code rand(seed)} and {@code randn(seed)} draw from a {@link XorShiftRandom} seeded
 * with {@code seed + partition}, one number per row in the order rows are evaluated;
 * {@code monotonically_increasing_id()} is {@code partition << 33} plus the row's number
 * in its partition; {@code spark_partition_id()} is the partition. The per-task state
 * lives in the {@link TaskScope}. Never folded to a constant.
 */
final class TaskFunctionEval implements BoundExpr, Nondeterministic {

	enum Kind {

		RAND, RANDN, MONOTONICALLY_INCREASING_ID, SPARK_PARTITION_ID

	}

	private final Kind kind;

	private final long seed;

	private final String sql;

	TaskFunctionEval(Kind kind, long seed, String sql) {
		this.kind = kind;
		this.seed = seed;
		this.sql = sql;
	}

	@Override
	public DataType type() {
		return switch (this.kind) {
			case RAND, RANDN -> DataType.DOUBLE;
			case MONOTONICALLY_INCREASING_ID -> DataType.BIGINT;
			case SPARK_PARTITION_ID -> DataType.INT;
		};
	}

	@Override
	public boolean nullable() {
		return false;
	}

	@Override
	public String sql() {
		return this.sql;
	}

	@Override
	public ColumnVector evaluate(Batch batch) {
		int n = batch.rowCount();
		TaskScope scope = TaskScope.current();
		int partition = scope.partition();
		switch (this.kind) {
			case RAND, RANDN -> {
				XorShiftRandom random = scope.state(this, () -> new XorShiftRandom(this.seed + partition));
				double[] out = new double[Math.max(n, 1)];
				boolean gaussian = this.kind == Kind.RANDN;
				for (int i = 0; i < n; i++) {
					out[i] = gaussian ? random.nextGaussian() : random.nextDouble();
				}
				return new DoubleVector(out, null, n);
			}
			case MONOTONICALLY_INCREASING_ID -> {
				long[] count = scope.state(this, () -> new long[1]);
				long base = ((long) partition) << 33;
				long[] out = new long[Math.max(n, 1)];
				for (int i = 0; i < n; i++) {
					out[i] = base + count[0]++;
				}
				return new LongVector(DataType.BIGINT, out, null, n);
			}
			default -> {
				long[] out = new long[Math.max(n, 1)];
				java.util.Arrays.fill(out, partition);
				return new LongVector(DataType.INT, out, null, n);
			}
		}
	}

}
