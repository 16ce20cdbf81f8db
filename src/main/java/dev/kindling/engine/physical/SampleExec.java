package dev.kindling.engine.physical;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

/**
 * A reservoir sample of the sort keys of one partition, for a range partitioning's bounds
 * (Spark's {@code RangePartitioner} sketch): at most {@code size} rows of the keys'
 * values, each with the weight it stands for (the partition's rows over its sample's
 * rows). The sample is drawn with a seed of the partition, so a recomputed partition
 * gives the same sample.
 *
 * @param keys the sort keys, for printing
 * @param bound each key's expression bound to the child's schema
 * @param size the most rows sampled from the partition
 */
public record SampleExec(PhysicalPlan child, List<SortKey> keys, List<BoundExpr> bound,
		int size) implements PhysicalPlan {

	public SampleExec {
		keys = List.copyOf(keys);
		bound = List.copyOf(bound);
		if (keys.size() != bound.size() || keys.isEmpty()) {
			throw new IllegalArgumentException("a sample needs one bound expression per key, and a key");
		}
		if (size < 1) {
			throw new IllegalArgumentException("a sample has at least one row, got " + size);
		}
	}

	/** A sample of the keys' values, bound to the child's output. */
	public static SampleExec of(PhysicalPlan child, List<SortKey> keys, int size) {
		return new SampleExec(child, keys, keys.stream().map((k) -> Binder.bind(k.expr(), child.schema())).toList(),
				size);
	}

	/**
	 * The sample's rows: the keys' values, {@code key0}, {@code key1}, ..., and a weight.
	 */
	@Override
	public Schema schema() {
		List<Field> fields = new ArrayList<>();
		for (int k = 0; k < this.bound.size(); k++) {
			fields.add(new Field("key" + k, this.bound.get(k).type()));
		}
		fields.add(new Field("weight", DataType.DOUBLE, false));
		return new Schema(fields);
	}

	@Override
	public List<PhysicalPlan> children() {
		return List.of(this.child);
	}

	@Override
	public String describe() {
		return "Sample " + this.size + " rows of "
				+ this.keys.stream().map(k -> k.expr().sql()).collect(Collectors.joining(", ")) + " for range bounds";
	}

}
