package dev.kindling.engine.physical;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.kindling.engine.expr.AggregateCall;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.eval.BoundAggregate;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

/**
 * Hash aggregation in one of three modes, so a combiner runs before every shuffle:
 * <ul>
 * <li>{@code PARTIAL}: raw rows in, one row per group out with partial states (the map
 * side)
 * <li>{@code FINAL}: partial states in (keys by position, then states), final values out
 * <li>{@code SINGLE}: raw rows in, final values out (no shuffle, or DISTINCT aggregates)
 * </ul>
 * A PARTIAL row is the keys, then for each aggregate {@code i} the columns of its
 * function's partial state, named {@code _p<i>_<state column>} (count → [count]; sum →
 * [sum]; avg → [sum, count]; min/max → [min] or [max]). {@code keys} and
 * {@code aggregates} are always bound to the raw input; in FINAL mode the operator reads
 * keys and states by position instead.
 *
 * @param keys the grouping keys as written
 * @param aggregates the aggregate calls as written, with their output names
 * @param boundKeys the keys bound to the raw input's schema
 * @param boundAggregates the aggregate calls bound to the raw input's schema
 */
public record HashAggregateExec(PhysicalPlan child, Mode mode, List<NamedExpr> keys, List<NamedExpr> aggregates,
		List<BoundExpr> boundKeys, List<BoundAggregate> boundAggregates, Schema schema) implements PhysicalPlan {

	/** Which half of a split aggregation this is. */
	public enum Mode {

		PARTIAL, FINAL, SINGLE

	}

	public HashAggregateExec {
		keys = List.copyOf(keys);
		aggregates = List.copyOf(aggregates);
		boundKeys = List.copyOf(boundKeys);
		boundAggregates = List.copyOf(boundAggregates);
		if (keys.size() != boundKeys.size() || aggregates.size() != boundAggregates.size()) {
			throw new IllegalArgumentException("an aggregation needs every key and aggregate bound");
		}
		if (mode != Mode.SINGLE && boundAggregates.stream().anyMatch(BoundAggregate::distinct)) {
			throw new IllegalStateException("DISTINCT aggregates run in SINGLE mode only: " + aggregates);
		}
	}

	/**
	 * An aggregation with its keys and aggregate calls bound to {@code inputSchema}, the
	 * raw rows' schema (the child's own in PARTIAL and SINGLE mode).
	 */
	public static HashAggregateExec of(PhysicalPlan child, Mode mode, List<NamedExpr> keys, List<NamedExpr> aggregates,
			Schema inputSchema) {
		List<BoundExpr> boundKeys = new ArrayList<>();
		List<Field> fields = new ArrayList<>();
		for (NamedExpr k : keys) {
			BoundExpr bound = Binder.bind(k.expr(), inputSchema);
			boundKeys.add(bound);
			fields.add(new Field(k.outputName(), bound.type()));
		}
		List<BoundAggregate> boundAggregates = new ArrayList<>();
		for (int i = 0; i < aggregates.size(); i++) {
			NamedExpr a = aggregates.get(i);
			BoundAggregate bound = BoundAggregate.bind((AggregateCall) a.expr(), inputSchema);
			boundAggregates.add(bound);
			if (mode != Mode.PARTIAL) {
				fields.add(new Field(a.outputName(), bound.resultType()));
				continue;
			}
			for (Field state : bound.state()) {
				fields.add(state.withName("_p" + i + "_" + state.name()));
			}
		}
		return new HashAggregateExec(child, mode, keys, aggregates, boundKeys, boundAggregates, new Schema(fields));
	}

	/** Whether any aggregate is {@code DISTINCT}, which rules out partial aggregation. */
	public static boolean hasDistinct(List<NamedExpr> aggregates) {
		return aggregates.stream().anyMatch(a -> ((AggregateCall) a.expr()).distinct());
	}

	@Override
	public List<PhysicalPlan> children() {
		return List.of(this.child);
	}

	@Override
	public String describe() {
		return "HashAggregate(" + this.mode.name().toLowerCase(Locale.ROOT) + ") keys=["
				+ this.keys.stream().map(NamedExpr::outputName).collect(Collectors.joining(", ")) + "] aggregates=["
				+ this.aggregates.stream().map(a -> a.expr().sql()).collect(Collectors.joining(", ")) + "]";
	}

}
