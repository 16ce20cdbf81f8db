package dev.kindling.engine.planner;

import java.util.List;
import java.util.stream.Collectors;

import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.physical.ShuffleReadExec;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.spec.ActionType;

/** Where a stage's rows go: into a shuffle for the next stage, or back to the driver. */
public sealed interface StageOutput {

	String describe();

	/**
	 * Hash-partitions rows by {@code keys} into {@code partitions} blocks (all rows to
	 * block 0 when there are no keys); or, when {@code direct}, sends each row to the
	 * block its one key names (modulo the blocks), for round-robin and coalescing
	 * repartitions.
	 *
	 * @param keys the keys as written, for printing
	 * @param boundKeys the keys bound to the stage's output schema, for the writer
	 * @param direct whether the one key is the block number itself
	 * @param fixed whether the job asked for this number of partitions
	 * ({@code repartition(n)}): adaptive execution keeps it (Spark's
	 * {@code REPARTITION_BY_NUM})
	 */
	record Shuffle(List<Expr> keys, int partitions, List<BoundExpr> boundKeys, boolean direct,
			boolean fixed) implements StageOutput {

		public Shuffle {
			keys = List.copyOf(keys);
			boundKeys = List.copyOf(boundKeys);
			if (keys.size() != boundKeys.size()) {
				throw new IllegalArgumentException("a shuffle needs one bound expression per key");
			}
			if (direct && keys.size() != 1) {
				throw new IllegalArgumentException("a direct shuffle has one key: the block");
			}
		}

		public Shuffle(List<Expr> keys, int partitions, List<BoundExpr> boundKeys) {
			this(keys, partitions, boundKeys, false, false);
		}

		public Shuffle(List<Expr> keys, int partitions, List<BoundExpr> boundKeys, boolean direct) {
			this(keys, partitions, boundKeys, direct, false);
		}

		/** The same shuffle, its number of partitions asked for by the job. */
		public Shuffle asFixed() {
			return new Shuffle(this.keys, this.partitions, this.boundKeys, this.direct, true);
		}

		/** A shuffle of rows of {@code schema}, its keys bound to it. */
		public static Shuffle of(List<Expr> keys, int partitions, Schema schema) {
			return new Shuffle(keys, partitions, keys.stream().map((k) -> Binder.bind(k, schema)).toList());
		}

		/** A shuffle of rows of {@code schema} to the block {@code block} names. */
		public static Shuffle direct(Expr block, int partitions, Schema schema) {
			return new Shuffle(List.of(block), partitions, List.of(Binder.bind(block, schema)), true);
		}

		@Override
		public String describe() {
			if (this.direct) {
				return "Exchange " + this.keys.get(0).sql() + " mod " + this.partitions;
			}
			return this.keys.isEmpty() ? "Exchange single partition"
					: "Exchange hashpartitioning(" + this.keys.stream().map(Expr::sql).collect(Collectors.joining(", "))
							+ ", " + this.partitions + ")";
		}

	}

	/**
	 * Range-partitions rows by sort keys into {@code partitions} blocks (Spark's
	 * {@code RangePartitioner}), so that the blocks in order hold one global order. The
	 * bounds come from a sample of the keys that an earlier stage wrote into a single
	 * block, read whole by every task ({@code sample}); every task computes the same
	 * bounds from it.
	 *
	 * @param keys the sort keys, with their directions
	 * @param boundKeys each key's expression bound to the stage's output schema
	 * @param sample the read of the sample stage's output
	 */
	record Range(List<SortKey> keys, int partitions, List<BoundExpr> boundKeys,
			ShuffleReadExec sample) implements StageOutput {

		public Range {
			keys = List.copyOf(keys);
			boundKeys = List.copyOf(boundKeys);
			if (keys.size() != boundKeys.size() || keys.isEmpty()) {
				throw new IllegalArgumentException("a range partitioning needs keys, each bound");
			}
			if (!sample.broadcast()) {
				throw new IllegalArgumentException("every task reads the whole sample");
			}
		}

		/** A range partitioning of rows of {@code schema}, its keys bound to it. */
		public static Range of(List<SortKey> keys, int partitions, Schema schema, ShuffleReadExec sample) {
			return new Range(keys, partitions, keys.stream().map((k) -> Binder.bind(k.expr(), schema)).toList(),
					sample);
		}

		@Override
		public String describe() {
			return "Exchange rangepartitioning("
					+ this.keys.stream()
						.map(k -> k.expr().sql() + (k.ascending() ? " ASC" : " DESC")
								+ (k.nullsFirst() ? " NULLS FIRST" : " NULLS LAST"))
						.collect(Collectors.joining(", "))
					+ ", " + this.partitions + ") bounds from stage " + this.sample.stageId();
		}

	}

	/**
	 * Returns results to the driver for the job's action.
	 *
	 * @param action what the job does with the rows
	 * @param limit the most rows the combined result may have, or -1
	 */
	record Result(ActionType action, long limit) implements StageOutput {

		@Override
		public String describe() {
			return "Result " + this.action + (this.limit >= 0 ? " limit " + this.limit : "");
		}

	}

}
