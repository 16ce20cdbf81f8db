package dev.kindling.engine.physical;

import java.util.List;

import dev.kindling.engine.types.Schema;

/** A physical plan node: what one task computes for one partition. */
public sealed interface PhysicalPlan permits FileScanExec, FilterExec, ProjectExec, HashAggregateExec, SortExec,
		LimitExec, HashJoinExec, ShuffleReadExec, CacheExec, CacheReadExec, WindowExec, UnionExec, SampleExec {

	Schema schema();

	List<PhysicalPlan> children();

	/** One line describing this node alone, for plan printing. */
	String describe();

}
