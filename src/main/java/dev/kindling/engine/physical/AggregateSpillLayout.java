package dev.kindling.engine.physical;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.kindling.engine.aggregate.Accumulator;
import dev.kindling.engine.expr.eval.BoundAggregate;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.LongVector;

/**
 * The rows a {@link HashAggregateOperator} spills: the group's keys, then per aggregate
 * either its partial state columns or (for a DISTINCT aggregate) its argument columns,
 * then a tag. A row tagged -1 carries a group's partial states (its DISTINCT columns
 * null); a row tagged with an aggregate's index carries one distinct argument tuple of
 * that aggregate (every other column null).
 */
final class AggregateSpillLayout {

	private final DataType[] keyTypes;

	private final BoundAggregate[] aggregates;

	private final boolean[] distinct;

	private final int[] widths;

	AggregateSpillLayout(DataType[] keyTypes, BoundAggregate[] aggregates) {
		this.keyTypes = keyTypes;
		this.aggregates = aggregates;
		this.distinct = new boolean[aggregates.length];
		this.widths = new int[aggregates.length];
		for (int a = 0; a < aggregates.length; a++) {
			BoundAggregate agg = aggregates[a];
			this.distinct[a] = agg.distinct() && !agg.arguments().isEmpty();
			this.widths[a] = this.distinct[a] ? agg.arguments().size() : agg.state().size();
		}
	}

	/**
	 * Whether aggregate {@code a} is DISTINCT over arguments (its tuples are spilled).
	 */
	boolean isDistinct(int a) {
		return this.distinct[a];
	}

	/** The columns aggregate {@code a} takes in a spilled row. */
	int width(int a) {
		return this.widths[a];
	}

	Schema schema() {
		List<Field> fields = new ArrayList<>();
		for (int k = 0; k < this.keyTypes.length; k++) {
			fields.add(new Field("_k" + k, this.keyTypes[k]));
		}
		for (int a = 0; a < this.aggregates.length; a++) {
			for (int i = 0; i < this.widths[a]; i++) {
				fields.add(field(a, i).withName("_a" + a + "_" + i));
			}
		}
		fields.add(new Field("_tag", DataType.INT));
		return new Schema(fields);
	}

	private Field field(int a, int i) {
		BoundAggregate agg = this.aggregates[a];
		return this.distinct[a] ? new Field("_a", agg.arguments().get(i).type()) : agg.state().get(i);
	}

	/** The aggregate columns of the state rows of groups {@code from .. to)}. */
	List<ColumnVector> states(Accumulator[] accumulators, int from, int to) {
		List<ColumnVector> columns = new ArrayList<>();
		for (int a = 0; a < this.aggregates.length; a++) {
			if (this.distinct[a]) {
				nulls(a, to - from, columns);
			}
			else {
				columns.addAll(Arrays.asList(accumulators[a].state(from, to)));
			}
		}
		return columns;
	}

	/** The aggregate columns of {@code m} tuple rows of DISTINCT aggregate {@code a}. */
	List<ColumnVector> tuples(int a, ColumnVector[] arguments, int m) {
		List<ColumnVector> columns = new ArrayList<>();
		for (int b = 0; b < this.aggregates.length; b++) {
			if (b == a) {
				columns.addAll(Arrays.asList(arguments));
			}
			else {
				nulls(b, m, columns);
			}
		}
		return columns;
	}

	private void nulls(int a, int m, List<ColumnVector> out) {
		for (int i = 0; i < this.widths[a]; i++) {
			out.add(ColumnVector.nulls(field(a, i).type(), m));
		}
	}

	/** A spilled batch: {@code keys}, the aggregate {@code columns}, the tag. */
	static Batch rows(ColumnVector[] keys, List<ColumnVector> columns, int m, int tag) {
		List<ColumnVector> out = new ArrayList<>(Arrays.asList(keys));
		out.addAll(columns);
		long[] tags = new long[Math.max(m, 1)];
		Arrays.fill(tags, tag);
		out.add(new LongVector(DataType.INT, tags, null, m));
		return Batch.of(out, m);
	}

	/** The rows of a spilled batch with tag {@code tag}. */
	static int[] rowsTagged(Batch batch, long tag) {
		LongVector tags = (LongVector) batch.column(batch.columnCount() - 1);
		int n = batch.rowCount();
		int[] rows = new int[n];
		int m = 0;
		for (int i = 0; i < n; i++) {
			if (tags.get(i) == tag) {
				rows[m++] = i;
			}
		}
		return Arrays.copyOf(rows, m);
	}

}
