package dev.kindling.engine.physical;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.aggregate.Accumulator;
import dev.kindling.engine.aggregate.AggregateFunction;
import dev.kindling.engine.expr.AggregateCall;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.eval.BoundAggregate;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.physical.HashAggregateExec.Mode;
import dev.kindling.engine.shuffle.ShuffleBlocks;
import dev.kindling.engine.shuffle.ShuffleWriter;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.LongVector;
import dev.kindling.engine.vector.StringVector;

import static dev.kindling.engine.TestBatches.asLists;
import static dev.kindling.engine.TestBatches.drain;
import static dev.kindling.engine.TestBatches.source;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape sketches and moment aggregates need: an {@link AggregateFunction} whose
 * partial state is several columns, one of them opaque bytes ({@code BINARY}), survives
 * PARTIAL → the real shuffle codec → FINAL and agrees with a single-stage aggregation.
 * The function here is a stand-in for a sketch: an exact distinct count that ships its
 * set of values as bytes, beside a plain count of the rows it saw.
 */
class AggregateStateShapeTest {

	static final Schema INPUT = Schema.parse("k INT, v BIGINT");

	/** {@code distinct_values(v)}: [bigint rows, binary set] → bigint distinct count. */
	static final class DistinctValues implements AggregateFunction {

		@Override
		public String name() {
			return "distinct_values";
		}

		@Override
		public Binding bind(List<DataType> argumentTypes) {
			if (argumentTypes.get(0) != DataType.BIGINT) {
				throw new InvalidArgument(0, "distinct_values expects a bigint");
			}
			return new Binding(DataType.BIGINT,
					List.of(new Field("rows", DataType.BIGINT), new Field("set", DataType.BINARY)), Kernel::new);
		}

		static final class Kernel extends Accumulator {

			private final List<Set<Long>> sets = new ArrayList<>();

			private long[] rows = new long[16];

			@Override
			public void grow(int groups) {
				while (this.sets.size() < groups) {
					this.sets.add(new HashSet<>());
				}
				this.rows = Arrays.copyOf(this.rows, capacity(this.rows.length, groups));
			}

			@Override
			public void update(ColumnVector[] arguments, int[] gids, int n) {
				LongVector v = (LongVector) arguments[0];
				for (int i = 0; i < n; i++) {
					this.rows[gids[i]]++;
					if (!v.isNull(i)) {
						this.sets.get(gids[i]).add(v.get(i));
					}
				}
			}

			@Override
			public void merge(Batch input, int firstColumn, int[] gids, int n) {
				LongVector rows = (LongVector) input.column(firstColumn);
				StringVector sets = (StringVector) input.column(firstColumn + 1);
				for (int i = 0; i < n; i++) {
					this.rows[gids[i]] += rows.get(i);
					ByteBuffer bytes = ByteBuffer.wrap((byte[]) sets.getObject(i));
					while (bytes.hasRemaining()) {
						this.sets.get(gids[i]).add(bytes.getLong());
					}
				}
			}

			@Override
			public ColumnVector[] state(int from, int to) {
				StringVector sets = new StringVector(DataType.BINARY, to - from);
				for (int g = from; g < to; g++) {
					ByteBuffer bytes = ByteBuffer.allocate(this.sets.get(g).size() * Long.BYTES);
					this.sets.get(g).forEach(bytes::putLong);
					sets.appendObject(bytes.array());
				}
				return new ColumnVector[] { new LongVector(DataType.BIGINT,
						Arrays.copyOfRange(this.rows, from, Math.max(to, from + 1)), null, to - from), sets };
			}

			@Override
			public ColumnVector result(int from, int to) {
				LongVector out = new LongVector(DataType.BIGINT, to - from);
				for (int g = from; g < to; g++) {
					out.append(this.sets.get(g).size());
				}
				return out;
			}

		}

	}

	/**
	 * An aggregation of {@code distinct_values(v)} by {@code k}. The call is written as
	 * {@code count(v)} (a test function is in no registry); the bound function is ours.
	 */
	static HashAggregateExec exec(Mode mode, Schema childSchema) {
		NamedExpr key = ExprParser.parseNamed("k");
		NamedExpr agg = ExprParser.parseNamed("count(v) AS d");
		BoundExpr v = Binder.bind(ExprParser.parse("v"), INPUT);
		DistinctValues f = new DistinctValues();
		BoundAggregate bound = new BoundAggregate((AggregateCall) agg.expr(), f, List.of(v),
				f.bind(List.of(DataType.BIGINT)));
		List<Field> fields = new ArrayList<>(List.of(new Field("k", DataType.INT)));
		if (mode == Mode.PARTIAL) {
			bound.state().forEach((s) -> fields.add(s.withName("_p0_" + s.name())));
		}
		else {
			fields.add(new Field("d", DataType.BIGINT));
		}
		return new HashAggregateExec(new ShuffleReadExec(0, childSchema), mode, List.of(key), List.of(agg),
				List.of(Binder.bind(key.expr(), INPUT)), List.of(bound), new Schema(fields));
	}

	@Test
	void aMultiColumnBinaryStateGoesThroughTheShuffleAndMerges() {
		Random random = new Random(7);
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < 5000; i++) {
			rows.add(new Object[] { random.nextInt(5), (random.nextInt(10) == 0) ? null : (long) random.nextInt(300) });
		}
		HashAggregateExec partial = exec(Mode.PARTIAL, INPUT);
		Schema partialSchema = partial.schema();
		assertThat(partialSchema.fields()).containsExactly(new Field("k", DataType.INT),
				new Field("_p0_rows", DataType.BIGINT), new Field("_p0_set", DataType.BINARY));
		List<BoundExpr> keys = List.of(Binder.bind(ExprParser.parse("k"), partialSchema));
		List<byte[][]> maps = new ArrayList<>();
		for (int m = 0; m < 3; m++) {
			ShuffleWriter writer = new ShuffleWriter(partialSchema, keys, 2);
			HashAggregateOperator op = new HashAggregateOperator(partial,
					source(INPUT, rows.subList(m * rows.size() / 3, (m + 1) * rows.size() / 3), 256));
			Batch b;
			while ((b = op.next()) != null) {
				writer.write(b);
			}
			maps.add(writer.finish());
		}
		List<Object[]> twoStage = new ArrayList<>();
		for (int p = 0; p < 2; p++) {
			List<Batch> in = new ArrayList<>();
			for (byte[][] blocks : maps) {
				ShuffleBlocks.decode(blocks[p], partialSchema).forEachRemaining(in::add);
			}
			twoStage.addAll(drain(
					new HashAggregateOperator(exec(Mode.FINAL, partialSchema), source(partialSchema, in.iterator()))));
		}
		List<Object[]> single = drain(new HashAggregateOperator(exec(Mode.SINGLE, INPUT), source(INPUT, rows, 333)));
		List<List<Object>> expected = new ArrayList<>();
		for (int k = 0; k < 5; k++) {
			int key = k;
			long distinct = rows.stream()
				.filter((r) -> (Integer) r[0] == key && r[1] != null)
				.map((r) -> r[1])
				.distinct()
				.count();
			expected.add(List.of(key, distinct));
		}
		assertThat(asLists(single)).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(asLists(twoStage)).containsExactlyInAnyOrderElementsOf(expected);
	}

}
