package dev.kindling.engine.physical;

import java.util.List;

import dev.kindling.engine.types.Schema;

/** The first {@code n} rows of its child. */
public record LimitExec(PhysicalPlan child, long n) implements PhysicalPlan {

	@Override
	public Schema schema() {
		return this.child.schema();
	}

	@Override
	public List<PhysicalPlan> children() {
		return List.of(this.child);
	}

	@Override
	public String describe() {
		return "Limit " + this.n;
	}

}
