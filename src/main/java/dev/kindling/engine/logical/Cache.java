package dev.kindling.engine.logical;

import java.util.List;

import dev.kindling.engine.types.Schema;

/**
 * Marks the child's partitions for caching in executor memory. {@code key} identifies the
 * source and pipeline prefix, so a later job with the same prefix reuses the cached
 * partitions.
 */
public record Cache(LogicalPlan child, String key) implements LogicalPlan {

	@Override
	public Schema schema() {
		return this.child.schema();
	}

	@Override
	public List<LogicalPlan> children() {
		return List.of(this.child);
	}

	@Override
	public String describe() {
		return "Cache " + this.key;
	}

	@Override
	public LogicalPlan withChildren(List<LogicalPlan> children) {
		return new Cache(children.get(0), this.key);
	}

}
