package dev.kindling.engine.physical;

import java.util.List;
import java.util.function.Function;

import dev.kindling.engine.aggregate.Accumulator;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;

/**
 * The spill side of a grouped {@link HashAggregateOperator}: writes its groups' keys and
 * partial states, and the tuples its DISTINCT aggregates kept, to {@link SpillPartitions}
 * files cut by a hash of the keys (rows in the {@link AggregateSpillLayout}), then merges
 * each file on its own, one after the other, by an aggregate of the same calls one spill
 * level deeper.
 */
final class AggregateSpill implements AutoCloseable {

	private final AggregateSpillLayout layout;

	private final SpillPartitions files;

	private final TaskMetrics metrics;

	private final int depth;

	/** Makes the aggregate that merges one spill file. */
	private final Function<Operator, HashAggregateOperator> merger;

	private int mergePartition;

	private int deepest;

	private HashAggregateOperator merging;

	/**
	 * Spill files for an aggregate at spill level {@code depth}, each merged by an
	 * aggregate {@code merger} makes over it.
	 */
	AggregateSpill(AggregateSpillLayout layout, int depth, TaskMetrics metrics,
			Function<Operator, HashAggregateOperator> merger) {
		this.layout = layout;
		this.depth = depth;
		this.metrics = metrics;
		this.merger = merger;
		this.files = new SpillPartitions(layout.schema(), depth, metrics);
	}

	/**
	 * Writes groups {@code 0 .. groups)} (their keys and states) and the tuples each
	 * DISTINCT aggregate kept ({@code distinct[a]}, null for the others).
	 */
	void write(ColumnVector[] keyValues, int groups, Accumulator[] accumulators, DistinctTuples[] distinct) {
		this.metrics.spills++;
		for (int from = 0; from < groups; from += ColumnVector.BATCH_SIZE) {
			int to = Math.min(groups, from + ColumnVector.BATCH_SIZE);
			int[] rows = new int[to - from];
			for (int i = 0; i < rows.length; i++) {
				rows[i] = from + i;
			}
			writeRows(keyValues, rows, rows.length, this.layout.states(accumulators, from, to), -1);
		}
		for (int a = 0; a < distinct.length; a++) {
			if (distinct[a] == null) {
				continue;
			}
			int count = distinct[a].keptCount();
			for (int from = 0; from < count; from += ColumnVector.BATCH_SIZE) {
				int to = Math.min(count, from + ColumnVector.BATCH_SIZE);
				writeRows(keyValues, distinct[a].keptGroups(from, to), to - from,
						this.layout.tuples(a, distinct[a].keptArgs(from, to), to - from), a);
			}
		}
	}

	/**
	 * Writes rows: the keys of groups {@code groupIds}, then {@code columns}, then the
	 * tag.
	 */
	private void writeRows(ColumnVector[] keyValues, int[] groupIds, int m, List<ColumnVector> columns, int tag) {
		ColumnVector[] keys = new ColumnVector[keyValues.length];
		for (int k = 0; k < keys.length; k++) {
			keys[k] = keyValues[k].select(groupIds, m);
		}
		this.files.add(AggregateSpillLayout.rows(keys, columns, m, tag), keys);
	}

	/** Ends the writing: what follows is the merge. */
	void finish() {
		this.files.finish();
	}

	/** The next batch of the spill files' merge, one file after the other. */
	Batch nextMerged() {
		while (this.mergePartition < SpillPartitions.PARTITIONS) {
			if (this.merging == null) {
				if (this.files.bytes(this.mergePartition) == 0) {
					this.mergePartition++;
					continue;
				}
				this.merging = this.merger.apply(this.files.operator(this.mergePartition));
			}
			Batch batch = this.merging.next();
			if (batch != null) {
				return batch;
			}
			this.deepest = Math.max(this.deepest, this.merging.deepestSpill());
			this.merging.close();
			this.merging = null;
			this.files.delete(this.mergePartition);
			this.mergePartition++;
		}
		this.files.close();
		return null;
	}

	/** How many levels of spill files this level and the merges below it wrote. */
	int deepestSpill() {
		int below = this.merging == null ? 0 : this.merging.deepestSpill();
		return Math.max(Math.max(this.depth + 1, below), this.deepest);
	}

	@Override
	public void close() {
		if (this.merging != null) {
			this.merging.close();
		}
		this.files.close();
	}

}
