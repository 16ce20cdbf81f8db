package dev.kindling.engine.physical;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.kindling.engine.cancel.Cancellation;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.Columns;
import dev.kindling.engine.vector.DoubleVector;

/**
 * Runs a {@link SampleExec}: reads its whole input, keeps a uniform reservoir sample of
 * the keys' values (Vitter's algorithm R), and yields it as one batch with each row's
 * weight.
 */
final class SampleOperator implements Operator {

	private final SampleExec plan;

	private final Operator child;

	private final int partition;

	private boolean done;

	SampleOperator(SampleExec plan, Operator child, int partition) {
		this.plan = plan;
		this.child = child;
		this.partition = partition;
	}

	@Override
	public Schema schema() {
		return this.plan.schema();
	}

	@Override
	public Batch next() {
		if (this.done) {
			return null;
		}
		this.done = true;
		int size = this.plan.size();
		int keys = this.plan.bound().size();
		// a seed of the partition, as Spark's sketch does: a recomputed partition gives
		// the
		// same sample, so every map task of the exchange computes the same bounds
		SplittableRandom random = new SplittableRandom(0x5DEECE66DL * (this.partition + 1) ^ 0x9E3779B97F4A7C15L);
		List<ColumnVector[]> sample = new ArrayList<>();
		long seen = 0;
		Batch batch;
		while ((batch = this.child.next()) != null) {
			Cancellation.check();
			int n = batch.rowCount();
			if (n == 0) {
				continue;
			}
			ColumnVector[] values = new ColumnVector[keys];
			for (int k = 0; k < keys; k++) {
				values[k] = this.plan.bound().get(k).evaluate(batch);
			}
			for (int i = 0; i < n; i++) {
				seen++;
				if (sample.size() < size) {
					sample.add(copy(values, i));
				}
				else {
					long j = random.nextLong(seen);
					if (j < size) {
						sample.set((int) j, copy(values, i));
					}
				}
			}
		}
		ColumnVector[] out = new ColumnVector[keys + 1];
		for (int k = 0; k < keys; k++) {
			out[k] = ColumnVector.allocate(this.plan.bound().get(k).type(), Math.max(1, sample.size()));
			for (ColumnVector[] row : sample) {
				Columns.appendFrom(out[k], row[k], 0);
			}
		}
		double[] weights = new double[sample.size()];
		java.util.Arrays.fill(weights, sample.isEmpty() ? 0 : (double) seen / sample.size());
		out[keys] = new DoubleVector(weights, null, sample.size());
		return sample.isEmpty() ? null : new Batch(out, sample.size());
	}

	private ColumnVector[] copy(ColumnVector[] values, int row) {
		ColumnVector[] one = new ColumnVector[values.length];
		for (int k = 0; k < values.length; k++) {
			one[k] = ColumnVector.allocate(values[k].type(), 1);
			Columns.appendFrom(one[k], values[k], row);
		}
		return one;
	}

	@Override
	public void close() {
		this.child.close();
	}

}
