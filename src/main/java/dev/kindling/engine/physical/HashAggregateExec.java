package dev.kindling.engine.physical;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.AggregateCall;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.logical.LogicalPlanner;
import dev.kindling.engine.types.DataType;
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
 * Partial state columns per aggregate: count → [bigint count]; sum → [sum]; avg → [double
 * sum, bigint count]; min/max → [value]. {@code keys} and {@code aggregates} are always
 * the user's expressions over the raw input; in FINAL mode the operator reads them by
 * position instead.
 *
 * @param inputSchema the raw input's schema (what keys and aggregate arguments bind to)
 */
public record HashAggregateExec(PhysicalPlan child, Mode mode, List<NamedExpr> keys, List<NamedExpr> aggregates,
		Schema inputSchema) implements PhysicalPlan {

	/** Which half of a split aggregation this is. */
	public enum Mode {

		PARTIAL, FINAL, SINGLE

	}

	@Override
	public Schema schema() {
		List<Field> fields = new ArrayList<>();
		for (NamedExpr k : this.keys) {
			fields.add(new Field(k.outputName(), Binder.bind(k.expr(), this.inputSchema).type()));
		}
		for (int i = 0; i < this.aggregates.size(); i++) {
			NamedExpr a = this.aggregates.get(i);
			AggregateCall call = (AggregateCall) a.expr();
			DataType arg = call.argument() == null ? DataType.BIGINT
					: Binder.bind(call.argument(), this.inputSchema).type();
			DataType result = LogicalPlanner.aggregateType(call, arg, "");
			if (this.mode != Mode.PARTIAL) {
				fields.add(new Field(a.outputName(), result));
				continue;
			}
			String p = "_p" + i;
			switch (call.function()) {
				case "count" -> fields.add(new Field(p + "_count", DataType.BIGINT));
				case "avg" -> {
					fields.add(new Field(p + "_sum", result == DataType.DECIMAL ? DataType.DECIMAL : DataType.DOUBLE));
					fields.add(new Field(p + "_count", DataType.BIGINT));
				}
				default -> fields.add(new Field(p + "_" + call.function(), result));
			}
		}
		return new Schema(fields);
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
