package dev.kindling.engine.physical;

import java.util.List;

import dev.kindling.engine.types.Schema;

/**
 * Reads a cached partition from the executor's memory. When the block was evicted or
 * lost, the partition is computed again from {@code lineage} (which caches it anew), so a
 * cache is only ever a shortcut.
 */
public record CacheReadExec(String key, CacheExec lineage) implements PhysicalPlan {

	@Override
	public Schema schema() {
		return this.lineage.schema();
	}

	/** No children: the lineage only runs on a cache miss. */
	@Override
	public List<PhysicalPlan> children() {
		return List.of();
	}

	@Override
	public String describe() {
		return "CacheRead " + this.key + " (lineage: " + this.lineage.child().describe() + ")";
	}

}
