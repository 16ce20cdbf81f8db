package dev.kindling.engine.physical;

import dev.kindling.engine.aggregate.Accumulator;
import dev.kindling.engine.expr.eval.BoundWindowFunction;
import dev.kindling.engine.expr.eval.BoundWindowFunction.Kind;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.Columns;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;

/**
 * Computes one function over a window for every row of a partition, as Spark defines it:
 * the ranking functions from the peer groups, the offsets and {@code nth_value},
 * {@code first_value} and {@code last_value} by position, and any other aggregate over
 * each row's frame with the aggregate's own accumulator, in the cheapest way the frame
 * allows: once for a frame of the whole partition, incrementally for frames that grow
 * from the start (a running total) or shrink towards the end, else once per row over the
 * rows of its frame, a chunk of rows at a time.
 */
final class WindowEvaluator {

	/** Rows fed to an accumulator per chunk of the general (per-row frame) path. */
	private static final int CHUNK_PAIRS = 1 << 16;

	private WindowEvaluator() {
	}

	/**
	 * The function's value for every row.
	 * @param values the value argument's vector over the partition (lag's x, nth_value's
	 * x, first_value's x), or null
	 * @param defaults lag and lead's default over the partition, or null
	 * @param aggregateArguments an aggregate's argument vectors over the partition, or
	 * null
	 */
	static ColumnVector compute(BoundWindowFunction f, WindowPartition p, ColumnVector values, ColumnVector defaults,
			ColumnVector[] aggregateArguments) {
		int n = p.size();
		return switch (f.kind()) {
			case ROW_NUMBER, RANK, DENSE_RANK, NTILE -> ints(ranks(f, p), n);
			case PERCENT_RANK, CUME_DIST -> distribution(f.kind(), p);
			case LAG, LEAD -> offset(f, values, defaults, n);
			case NTH_VALUE, FIRST, LAST -> positional(f, p, values);
			case AGGREGATE -> aggregate(f, p, aggregateArguments);
		};
	}

	private static ColumnVector ints(long[] values, int n) {
		return new LongVector(DataType.INT, values, null, n);
	}

	private static long[] ranks(BoundWindowFunction f, WindowPartition p) {
		int n = p.size();
		long[] out = new long[Math.max(n, 1)];
		switch (f.kind()) {
			case ROW_NUMBER -> {
				for (int i = 0; i < n; i++) {
					out[i] = i + 1;
				}
			}
			case RANK -> {
				int[] start = p.peerStart();
				for (int i = 0; i < n; i++) {
					out[i] = start[i] + 1;
				}
			}
			case DENSE_RANK -> {
				int[] start = p.peerStart();
				long rank = 0;
				for (int i = 0; i < n; i++) {
					if (start[i] == i) {
						rank++;
					}
					out[i] = rank;
				}
			}
			default -> {
				// Spark's NTile: the first (n % buckets) buckets hold one row more
				long buckets = f.parameter();
				long size = n / buckets;
				long remainder = n % buckets;
				for (int i = 0; i < n; i++) {
					long row = i + 1;
					out[i] = (row <= (size + 1) * remainder) ? (row - 1) / (size + 1) + 1
							: (row - 1 - remainder) / size + 1;
				}
			}
		}
		return out;
	}

	private static ColumnVector distribution(Kind kind, WindowPartition p) {
		int n = p.size();
		double[] out = new double[Math.max(n, 1)];
		int[] start = p.peerStart();
		int[] end = p.peerEnd();
		for (int i = 0; i < n; i++) {
			out[i] = (kind == Kind.PERCENT_RANK) ? ((n <= 1) ? 0.0 : (double) start[i] / (n - 1))
					: (double) (end[i] + 1) / n;
		}
		return new DoubleVector(out, null, n);
	}

	/**
	 * lag and lead: the value {@code offset} rows before (after) the row, counting only
	 * non-null values with IGNORE NULLS; the default where there is none.
	 */
	private static ColumnVector offset(BoundWindowFunction f, ColumnVector values, ColumnVector defaults, int n) {
		long shift = (f.kind() == Kind.LAG) ? -f.parameter() : f.parameter();
		ColumnVector out = ColumnVector.allocate(f.type(), n);
		int[] nonNull = f.ignoreNulls() ? nonNullRows(values, n) : null;
		int seen = 0;
		for (int i = 0; i < n; i++) {
			long source;
			if (nonNull == null || shift == 0) {
				source = i + shift;
			}
			else {
				// non-null rows before i are nonNull[0 .. seen); after it, from seen (or
				// seen + 1 when i itself is one of them)
				while (seen < nonNull.length && nonNull[seen] < i) {
					seen++;
				}
				long at = (shift < 0) ? seen + shift
						: seen + ((seen < nonNull.length && nonNull[seen] == i) ? 1 : 0) + shift - 1;
				source = (at >= 0 && at < nonNull.length) ? nonNull[(int) at] : -1;
			}
			if (source >= 0 && source < n) {
				Columns.appendFrom(out, values, (int) source);
			}
			else {
				Columns.appendFrom(out, defaults, i);
			}
		}
		return out;
	}

	private static int[] nonNullRows(ColumnVector v, int n) {
		int count = 0;
		for (int i = 0; i < n; i++) {
			if (!v.isNull(i)) {
				count++;
			}
		}
		int[] out = new int[count];
		int k = 0;
		for (int i = 0; i < n; i++) {
			if (!v.isNull(i)) {
				out[k++] = i;
			}
		}
		return out;
	}

	/**
	 * nth_value, first_value and last_value over each row's frame: the row at that place
	 * in the frame, or the n-th (first, last) non-null one with IGNORE NULLS; null when
	 * the frame has no such row.
	 */
	private static ColumnVector positional(BoundWindowFunction f, WindowPartition p, ColumnVector values) {
		int n = p.size();
		int[][] frame = p.frame(f.frame());
		int[] lo = frame[0];
		int[] hi = frame[1];
		ColumnVector out = ColumnVector.allocate(f.type(), n);
		// count[j]: non-null values in rows [0, j)
		int[] count = null;
		int[] nonNull = null;
		if (f.ignoreNulls()) {
			count = new int[n + 1];
			for (int i = 0; i < n; i++) {
				count[i + 1] = count[i] + (values.isNull(i) ? 0 : 1);
			}
			nonNull = nonNullRows(values, n);
		}
		for (int i = 0; i < n; i++) {
			int a = lo[i];
			int b = hi[i];
			int source = -1;
			if (a <= b) {
				if (count == null) {
					source = switch (f.kind()) {
						case FIRST -> a;
						case LAST -> b;
						default -> (a + f.parameter() - 1 <= b) ? (int) (a + f.parameter() - 1) : -1;
					};
				}
				else {
					long k = switch (f.kind()) {
						case FIRST -> count[a];
						case LAST -> count[b + 1] - 1L;
						default -> count[a] + f.parameter() - 1;
					};
					source = (k >= count[a] && k < count[b + 1]) ? nonNull[(int) k] : -1;
				}
			}
			if (source < 0) {
				out.appendNull();
			}
			else {
				Columns.appendFrom(out, values, source);
			}
		}
		return out;
	}

	/** An aggregate over each row's frame. */
	private static ColumnVector aggregate(BoundWindowFunction f, WindowPartition p, ColumnVector[] args) {
		int n = p.size();
		int[][] frame = p.frame(f.frame());
		int[] lo = frame[0];
		int[] hi = frame[1];
		boolean fromStart = true;
		boolean toEnd = true;
		for (int i = 0; i < n; i++) {
			fromStart &= lo[i] == 0;
			toEnd &= hi[i] == n - 1;
		}
		if (fromStart && toEnd) {
			Accumulator acc = f.aggregate().newAccumulator();
			acc.grow(1);
			acc.update(args, new int[n], n);
			ColumnVector one = acc.result(0, 1);
			ColumnVector out = ColumnVector.allocate(f.type(), n);
			for (int i = 0; i < n; i++) {
				Columns.appendFrom(out, one, 0);
			}
			return out;
		}
		if (fromStart) {
			return running(f, args, hi, n);
		}
		if (toEnd) {
			return trailing(f, args, lo, n);
		}
		return perRow(f, args, lo, hi, n);
	}

	/** Frames [0, hi] with hi not decreasing: one accumulator fed as the frame grows. */
	private static ColumnVector running(BoundWindowFunction f, ColumnVector[] args, int[] hi, int n) {
		Accumulator acc = f.aggregate().newAccumulator();
		acc.grow(1);
		ColumnVector empty = emptyResult(f);
		ColumnVector out = ColumnVector.allocate(f.type(), n);
		int fed = 0;
		ColumnVector last = empty;
		for (int i = 0; i < n; i++) {
			int target = hi[i] + 1;
			if (target > fed) {
				feed(acc, args, fed, target);
				fed = target;
				last = acc.result(0, 1);
			}
			Columns.appendFrom(out, (fed == 0) ? empty : last, 0);
		}
		return out;
	}

	/** Frames [lo, end] with lo not decreasing: fed from the end backwards. */
	private static ColumnVector trailing(BoundWindowFunction f, ColumnVector[] args, int[] lo, int n) {
		Accumulator acc = f.aggregate().newAccumulator();
		acc.grow(1);
		ColumnVector empty = emptyResult(f);
		ColumnVector reversed = ColumnVector.allocate(f.type(), n);
		int from = n;
		ColumnVector last = empty;
		for (int i = n - 1; i >= 0; i--) {
			if (lo[i] < from) {
				feed(acc, args, lo[i], from);
				from = lo[i];
				last = acc.result(0, 1);
			}
			Columns.appendFrom(reversed, (from == n) ? empty : last, 0);
		}
		int[] order = new int[n];
		for (int i = 0; i < n; i++) {
			order[i] = n - 1 - i;
		}
		return reversed.select(order, n);
	}

	/** Any frames: each row's rows fed to its own group, a chunk of rows at a time. */
	private static ColumnVector perRow(BoundWindowFunction f, ColumnVector[] args, int[] lo, int[] hi, int n) {
		ColumnVector out = ColumnVector.allocate(f.type(), n);
		int first = 0;
		while (first < n) {
			long pairs = 0;
			int end = first;
			while (end < n && (end == first || pairs + Math.max(0, hi[end] - lo[end] + 1) <= CHUNK_PAIRS)) {
				pairs += Math.max(0, hi[end] - lo[end] + 1);
				end++;
			}
			int m = (int) pairs;
			int[] rows = new int[Math.max(m, 1)];
			int[] gids = new int[Math.max(m, 1)];
			int k = 0;
			for (int i = first; i < end; i++) {
				for (int j = lo[i]; j <= hi[i]; j++) {
					rows[k] = j;
					gids[k] = i - first;
					k++;
				}
			}
			Accumulator acc = f.aggregate().newAccumulator();
			acc.grow(end - first);
			ColumnVector[] selected = new ColumnVector[args.length];
			for (int a = 0; a < args.length; a++) {
				selected[a] = args[a].select(rows, m);
			}
			acc.update(selected, gids, m);
			ColumnVector result = acc.result(0, end - first);
			for (int i = 0; i < end - first; i++) {
				Columns.appendFrom(out, result, i);
			}
			first = end;
		}
		return out;
	}

	/** Feeds rows {@code [from, to)} into group 0. */
	private static void feed(Accumulator acc, ColumnVector[] args, int from, int to) {
		int m = to - from;
		int[] rows = new int[m];
		for (int i = 0; i < m; i++) {
			rows[i] = from + i;
		}
		ColumnVector[] selected = new ColumnVector[args.length];
		for (int a = 0; a < args.length; a++) {
			selected[a] = args[a].select(rows, m);
		}
		acc.update(selected, new int[m], m);
	}

	/** The aggregate's value for an empty frame (null, or 0 for a count). */
	private static ColumnVector emptyResult(BoundWindowFunction f) {
		Accumulator acc = f.aggregate().newAccumulator();
		acc.grow(1);
		return acc.result(0, 1);
	}

}
