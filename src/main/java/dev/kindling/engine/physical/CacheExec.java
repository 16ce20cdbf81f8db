package dev.kindling.engine.physical;

import java.util.List;

import dev.kindling.engine.types.Schema;

/**
 * Passes its child's rows on and, once the partition is complete, keeps them in the
 * executor's memory under {@code key}, so later jobs with the same source and pipeline
 * prefix can read them.
 */
public record CacheExec(PhysicalPlan child, String key) implements PhysicalPlan {

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
		return "Cache " + this.key;
	}

}
