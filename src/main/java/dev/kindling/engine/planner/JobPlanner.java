package dev.kindling.engine.planner;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.eval.Session;
import dev.kindling.engine.logical.LogicalPlan;
import dev.kindling.engine.logical.PlanException;
import dev.kindling.engine.logical.LogicalPlanner;
import dev.kindling.engine.logical.Scan;
import dev.kindling.engine.optimizer.Optimizer;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.engine.spec.SessionSpec;
import dev.kindling.engine.spec.ActionType;
import dev.kindling.engine.sql.SqlPlanner;
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
	 * Plans with the job's session in scope, so every expression is bound with its time
	 * zone, ANSI mode (also as {@link AnsiMode}) and start time, on the driver and on
	 * every executor alike.
	 */
	public PlannedJob plan(JobSpec spec, StagePlanner.Settings settings) {
		return AnsiMode.with(spec.ansi(), () -> Session.with(session(spec.session(), spec.ansi()), () -> {
			LogicalPlan logical;
			if (spec.sql() != null) {
				logical = SqlPlanner.plan(spec);
				this.logicalPlanner.checkAction(spec.action());
			}
			else {
				logical = this.logicalPlanner.plan(spec);
			}
			LogicalPlanner.checkPartitionBy(spec.action(), logical.schema());
			// Each scan (its files, options and pushed filters, which prune partition
			// folders) is asked for once, in the order the plan names it, so the driver
			// and the executors (which replay the driver's answers in order) see the same
			// sizes for join ordering and the same splits.
			Map<String, StagePlanner.ScanStats> stats = new LinkedHashMap<>();
			Function<Scan, StagePlanner.ScanStats> statsOf = scan -> stats.computeIfAbsent(scanKey(scan),
					k -> settings.scans().apply(scan));
			askInOrder(logical, statsOf);
			ActionType action = spec.action().type();
			Optimizer.Result optimized = this.optimizer.optimize(logical, action != ActionType.COUNT,
					scan -> statsOf.apply(scan).bytes());
			List<StagePlan> stages = StagePlanner.plan(optimized.plan(), action,
					this.logicalPlanner.rowCap(spec.action()), new StagePlanner.Settings(settings.shufflePartitions(),
							statsOf, settings.cachedKeys(), settings.broadcastThreshold()));
			return new PlannedJob(logical, optimized.plan(), optimized.applied(), stages);
		}));
	}

	/**
	 * The session of a job's settings ({@link Session#DEFAULT} where unset).
	 * @throws PlanException for a time zone or start time that does not parse
	 */
	public static Session session(SessionSpec spec) {
		return session(spec,
				(spec != null && spec.ansiEnabled() != null) ? spec.ansiEnabled() : Session.DEFAULT.ansi());
	}

	private static Session session(SessionSpec spec, boolean ansi) {
		if (spec == null) {
			return new Session(Session.DEFAULT.timeZone(), ansi, 0);
		}
		ZoneId zone = Session.DEFAULT.timeZone();
		if (spec.timeZone() != null) {
			try {
				zone = Session.zone(spec.timeZone());
			}
			catch (DateTimeException ex) {
				throw new PlanException("/session/timeZone", "unknown time zone '" + spec.timeZone()
						+ "' (expected a region such as Europe/Oslo, an offset such as +01:00, or UTC)");
			}
		}
		long start = 0;
		if (spec.currentTimestamp() != null) {
			try {
				Instant instant = Instant.parse(spec.currentTimestamp());
				start = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
						instant.getNano() / 1000);
			}
			catch (DateTimeException | ArithmeticException ex) {
				throw new PlanException("/session/currentTimestamp",
						"currentTimestamp must be an ISO-8601 instant such as 2026-01-31T10:00:00Z");
			}
		}
		return new Session(zone, ansi, start);
	}

	private static String scanKey(Scan scan) {
		return scan.path() + "|" + new TreeMap<>(scan.options()) + "|"
				+ scan.filters().stream().map(Expr::sql).collect(Collectors.joining(" AND "));
	}

	private static void askInOrder(LogicalPlan plan, Function<Scan, StagePlanner.ScanStats> statsOf) {
		if (plan instanceof Scan scan) {
			statsOf.apply(scan);
		}
		plan.children().forEach(child -> askInOrder(child, statsOf));
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
