package dev.kindling.engine.planner;

import java.util.List;
import java.util.function.ToIntFunction;

import dev.kindling.engine.logical.LogicalPlan;
import dev.kindling.engine.logical.LogicalPlanner;
import dev.kindling.engine.logical.Scan;
import dev.kindling.engine.optimizer.Optimizer;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.engine.spec.ActionType;
import dev.kindling.engine.types.AnsiMode;

/**
 * The whole planning pipeline for a job whose sources have pinned schemas: logical plan,
 * optimized plan, stages. The driver and the executors run the same pipeline and get the
 * same stages.
 */
public final class JobPlanner {

	private final LogicalPlanner logicalPlanner;

	private final Optimizer optimizer = new Optimizer();

	public JobPlanner(int maxCollectRows) {
		this.logicalPlanner = new LogicalPlanner(maxCollectRows);
	}

	/** Every form of the plan, for running and for {@code GET /jobs/{id}/plan}. */
	public record PlannedJob(LogicalPlan logical, LogicalPlan optimized, List<String> optimizations,
			List<StagePlan> stages) {

		public StagePlan stage(int id) {
			return this.stages.get(id);
		}

		public StagePlan resultStage() {
			return this.stages.get(this.stages.size() - 1);
		}

	}

	public PlannedJob plan(JobSpec spec, int shufflePartitions, ToIntFunction<Scan> splitsOf) {
		return plan(spec, new StagePlanner.Settings(shufflePartitions, splitsOf));
	}

	/**
	 * Plans the job; its expressions are bound in the job's ANSI mode (see
	 * {@link AnsiMode}).
	 */
	public PlannedJob plan(JobSpec spec, StagePlanner.Settings settings) {
		return AnsiMode.with(spec.ansi(), () -> planInMode(spec, settings));
	}

	private PlannedJob planInMode(JobSpec spec, StagePlanner.Settings settings) {
		LogicalPlan logical = this.logicalPlanner.plan(spec);
		LogicalPlanner.checkPartitionBy(spec.action(), logical.schema());
		ActionType action = spec.action().type();
		Optimizer.Result optimized = this.optimizer.optimize(logical, action != ActionType.COUNT);
		List<StagePlan> stages = StagePlanner.plan(optimized.plan(), action, this.logicalPlanner.rowCap(spec.action()),
				settings);
		return new PlannedJob(logical, optimized.plan(), optimized.applied(), stages);
	}

	/**
	 * Plans with the scan statistics the driver saw, in the order the planner asks for
	 * them.
	 */
	public PlannedJob plan(JobSpec spec, int shufflePartitions, List<StagePlanner.ScanStats> scans,
			java.util.Set<String> cachedKeys, long broadcastThreshold) {
		int[] next = { 0 };
		return plan(spec, new StagePlanner.Settings(shufflePartitions, scan -> scans.get(next[0]++), cachedKeys,
				broadcastThreshold));
	}

}
