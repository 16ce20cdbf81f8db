package dev.kindling.engine.physical;

import java.util.Arrays;

import dev.kindling.engine.aggregate.Accumulator;
import dev.kindling.engine.expr.eval.BoundAggregate;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.Columns;
import dev.kindling.engine.vector.LongVector;

/**
 * The (group, arguments) tuples one DISTINCT aggregate of a {@link HashAggregateOperator}
 * has seen, so that its accumulator is fed each tuple once. When the aggregate spills, a
 * copy of every tuple fed is kept too, so that {@link AggregateSpill} can write the
 * tuples with their groups and the merge can deduplicate them again.
 */
final class DistinctTuples {

	private final KeyTable seen;

	/** The group of each tuple kept for a spill; null when none are kept. */
	private int[] keptGids;

	private int kept;

	/** The arguments of each tuple kept for a spill; null when none are kept. */
	private final ColumnVector[] keptArgs;

	/**
	 * No tuples yet for {@code aggregate}; {@code keep}: whether to keep a copy of each
	 * for a spill.
	 */
	DistinctTuples(BoundAggregate aggregate, boolean keep) {
		DataType[] types = new DataType[aggregate.arguments().size() + 1];
		types[0] = DataType.BIGINT;
		for (int i = 1; i < types.length; i++) {
			types[i] = aggregate.arguments().get(i - 1).type();
		}
		this.seen = new KeyTable(types);
		if (keep) {
			this.keptGids = new int[64];
			this.keptArgs = new ColumnVector[types.length - 1];
			for (int i = 1; i < types.length; i++) {
				this.keptArgs[i - 1] = ColumnVector.allocate(types[i], 64);
			}
		}
		else {
			this.keptArgs = null;
		}
	}

	/**
	 * Feeds {@code accumulator} only the first row of each (group, arguments) tuple whose
	 * arguments are all non-null, and returns the estimated bytes the new tuples hold.
	 */
	long update(Accumulator accumulator, ColumnVector[] args, int[] gids, int n) {
		long[] groupIds = new long[Math.max(n, 1)];
		for (int i = 0; i < n; i++) {
			groupIds[i] = gids[i];
		}
		int before = this.seen.size();
		int[] tupleIds = new int[n];
		ColumnVector[] tuple = new ColumnVector[args.length + 1];
		tuple[0] = new LongVector(DataType.BIGINT, groupIds, null, n);
		System.arraycopy(args, 0, tuple, 1, args.length);
		this.seen.findOrInsert(tuple, n, tupleIds);
		int[] rows = new int[n];
		int m = 0;
		int next = before;
		for (int i = 0; i < n; i++) {
			if (tupleIds[i] == next) {
				next++;
				if (noneNull(args, i)) {
					rows[m++] = i;
				}
			}
		}
		if (m == 0) {
			return 0;
		}
		int[] firstGids = new int[m];
		for (int i = 0; i < m; i++) {
			firstGids[i] = gids[rows[i]];
		}
		ColumnVector[] firstArgs = new ColumnVector[args.length];
		for (int k = 0; k < args.length; k++) {
			firstArgs[k] = args[k].select(rows, m);
		}
		accumulator.update(firstArgs, firstGids, m);
		if (this.keptGids != null) {
			if (this.kept + m > this.keptGids.length) {
				this.keptGids = Arrays.copyOf(this.keptGids, Math.max(this.kept + m, this.keptGids.length * 2));
			}
			System.arraycopy(firstGids, 0, this.keptGids, this.kept, m);
			this.kept += m;
			for (int k = 0; k < args.length; k++) {
				Columns.appendAll(this.keptArgs[k], firstArgs[k], m);
			}
		}
		long bytes = 0;
		for (int i = 0; i < m; i++) {
			// the tuple's table entry and, when kept for a spill, its copy
			bytes += 2L * (HashAggregateOperator.GROUP_BYTES + HashAggregateOperator.rowBytes(firstArgs, i));
		}
		return bytes;
	}

	/** How many tuples are kept for a spill (0 when none are kept). */
	int keptCount() {
		return this.kept;
	}

	/** The groups of kept tuples {@code from .. to)}. */
	int[] keptGroups(int from, int to) {
		return Arrays.copyOfRange(this.keptGids, from, to);
	}

	/** The argument columns of kept tuples {@code from .. to)}. */
	ColumnVector[] keptArgs(int from, int to) {
		int[] tuples = new int[to - from];
		for (int i = 0; i < tuples.length; i++) {
			tuples[i] = from + i;
		}
		ColumnVector[] args = new ColumnVector[this.keptArgs.length];
		for (int i = 0; i < args.length; i++) {
			args[i] = this.keptArgs[i].select(tuples, tuples.length);
		}
		return args;
	}

	private static boolean noneNull(ColumnVector[] args, int row) {
		for (ColumnVector arg : args) {
			if (arg.isNull(row)) {
				return false;
			}
		}
		return true;
	}

}
