package dev.kindling.engine.aggregate;

import java.util.Arrays;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.LongVector;

/**
 * The state of one aggregate call for every group of a hash aggregation, kept in arrays
 * indexed by group id (0, 1, 2, ... in order of first appearance). The operator makes
 * room with {@link #grow}, folds raw argument values in with {@link #update} (PARTIAL and
 * SINGLE mode), folds partial states in with {@link #merge} (FINAL mode), and reads
 * groups out with {@link #state} (what a PARTIAL aggregate ships through the shuffle, one
 * vector per column of {@link AggregateFunction.Binding#state()}) or {@link #result}.
 *
 * <p>
 * Kernels are specialised per physical type and loop over primitive arrays: one virtual
 * call per batch, never one per row. An argument vector of another class than the kernel
 * expects is the all-null vector of an untyped {@code null}: it has no value to fold. An
 * accumulator belongs to one operator (one task); it need not be thread-safe.
 */
public abstract class Accumulator {

	/** Makes room for the group ids below {@code groups}. */
	public abstract void grow(int groups);

	/**
	 * Folds rows {@code 0 .. n)} of the argument vectors (one per argument of the call,
	 * none for {@code count(*)}) into the groups {@code gids[row]}.
	 */
	public abstract void update(ColumnVector[] arguments, int[] gids, int n);

	/**
	 * Folds partial states into the groups {@code gids[row]}: the state's columns are
	 * {@code input.column(firstColumn)} onwards, in the order of
	 * {@link AggregateFunction.Binding#state()}.
	 */
	public abstract void merge(Batch input, int firstColumn, int[] gids, int n);

	/**
	 * The partial state of the groups {@code from .. to)}, one vector per state column.
	 */
	public abstract ColumnVector[] state(int from, int to);

	/** The final values of the groups {@code from .. to)}. */
	public abstract ColumnVector result(int from, int to);

	/** A capacity of at least {@code groups} that doubles {@code current}. */
	protected static int capacity(int current, int groups) {
		return Math.max(groups, current * 2);
	}

	/**
	 * An accumulator of a one-argument function whose partial state is its result (sum,
	 * min, max): merging is updating with the state column.
	 */
	abstract static class OfOne extends Accumulator {

		@Override
		public final void update(ColumnVector[] arguments, int[] gids, int n) {
			update(arguments[0], gids, n);
		}

		abstract void update(ColumnVector argument, int[] gids, int n);

		@Override
		public void merge(Batch input, int firstColumn, int[] gids, int n) {
			update(input.column(firstColumn), gids, n);
		}

		@Override
		public ColumnVector[] state(int from, int to) {
			return new ColumnVector[] { result(from, to) };
		}

	}

	/**
	 * Base of the counting kernels ({@code count}, {@code count_if}): a bigint per group,
	 * 0 for a group that counted nothing, whose partial state is the count so far and is
	 * merged by adding. Each kernel keeps its own {@code update} loop.
	 */
	abstract static class Counts extends Accumulator {

		protected long[] counts = new long[16];

		@Override
		public final void grow(int groups) {
			if (groups > this.counts.length) {
				this.counts = Arrays.copyOf(this.counts, capacity(this.counts.length, groups));
			}
		}

		@Override
		public final void merge(Batch input, int firstColumn, int[] gids, int n) {
			LongVector v = (LongVector) input.column(firstColumn);
			for (int i = 0; i < n; i++) {
				if (!v.isNull(i)) {
					this.counts[gids[i]] += v.get(i);
				}
			}
		}

		@Override
		public final ColumnVector[] state(int from, int to) {
			return new ColumnVector[] { result(from, to) };
		}

		@Override
		public final ColumnVector result(int from, int to) {
			return new LongVector(DataType.BIGINT, Arrays.copyOfRange(this.counts, from, Math.max(to, from + 1)), null,
					to - from);
		}

	}

	/** Base of kernels whose groups may have seen no value yet (a null result). */
	abstract static class Nullable extends OfOne {

		protected boolean[] seen = new boolean[16];

		@Override
		public void grow(int groups) {
			if (groups > this.seen.length) {
				int cap = capacity(this.seen.length, groups);
				this.seen = Arrays.copyOf(this.seen, cap);
				growValues(cap);
			}
		}

		abstract void growValues(int capacity);

		protected boolean[] nullsOf(int from, int to) {
			boolean[] nulls = null;
			for (int g = from; g < to; g++) {
				if (!this.seen[g]) {
					if (nulls == null) {
						nulls = new boolean[to - from];
					}
					nulls[g - from] = true;
				}
			}
			return nulls;
		}

	}

}
