package dev.kindling.engine.logical;

import java.util.ArrayList;
import java.util.List;

import dev.kindling.engine.types.Field;

import dev.kindling.engine.types.Schema;

/**
 * Every row of both sides ({@code union}, {@code unionByName}; Spark's UNION ALL: no
 * de-duplication). The planner gives both children the same column names and types, in
 * the same order, so that pruning and filter pushdown treat them alike.
 */
public record Union(LogicalPlan left, LogicalPlan right) implements LogicalPlan {

	public Union {
		List<Field> l = left.schema().fields();
		List<Field> r = right.schema().fields();
		boolean same = l.size() == r.size();
		for (int i = 0; same && i < l.size(); i++) {
			same = l.get(i).name().equals(r.get(i).name()) && l.get(i).type() == r.get(i).type();
		}
		if (!same) {
			throw new IllegalArgumentException("the sides of a union must have the same columns");
		}
	}

	@Override
	public Schema schema() {
		List<Field> fields = new ArrayList<>();
		for (Field f : this.left.schema().fields()) {
			fields.add(new Field(f.name(), f.type()));
		}
		return new Schema(fields);
	}

	@Override
	public List<LogicalPlan> children() {
		return List.of(this.left, this.right);
	}

	@Override
	public String describe() {
		return "Union";
	}

	@Override
	public LogicalPlan withChildren(List<LogicalPlan> children) {
		return new Union(children.get(0), children.get(1));
	}

}
