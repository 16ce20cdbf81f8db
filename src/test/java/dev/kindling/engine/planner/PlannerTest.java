package dev.kindling.engine.planner;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.logical.Cache;
import dev.kindling.engine.logical.LogicalPlan;
import dev.kindling.engine.logical.LogicalPlanner;
import dev.kindling.engine.logical.PlanException;
import dev.kindling.engine.physical.FileScanExec;
import dev.kindling.engine.physical.FilterExec;
import dev.kindling.engine.physical.HashAggregateExec;
import dev.kindling.engine.physical.HashJoinExec;
import dev.kindling.engine.physical.LimitExec;
import dev.kindling.engine.physical.PhysicalPlan;
import dev.kindling.engine.physical.ProjectExec;
import dev.kindling.engine.physical.ShuffleReadExec;
import dev.kindling.engine.physical.SampleExec;
import dev.kindling.engine.physical.SortExec;
import dev.kindling.engine.planner.JobPlanner.PlannedJob;
import dev.kindling.engine.spec.ActionSpec;
import dev.kindling.engine.spec.ActionType;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.engine.spec.SourceSpec;
import dev.kindling.engine.spec.StepSpec;
import dev.kindling.engine.types.DataType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The planning pipeline: checks with pointers, optimizations, and where stages are cut.
 */
class PlannerTest {

	private static final String PEOPLE = "id int, name string, age int, city string, salary double, joined date";

	private final JobPlanner planner = new JobPlanner(1000);

	private static SourceSpec people() {
		return SourceSpec.of("csv", "people.csv", true, false, PEOPLE);
	}

	private static SourceSpec cities() {
		return SourceSpec.of("csv", "cities.csv", true, false, "city string, country string");
	}

	private PlannedJob plan(int splits, ActionSpec action, StepSpec... steps) {
		return this.planner.plan(new JobSpec("t", people(), List.of(steps), action), 4, scan -> splits);
	}

	/** The root of a result stage below the row cap every collect gets. */
	private static PhysicalPlan top(StagePlan stage) {
		return stage.root() instanceof LimitExec l ? l.child() : stage.root();
	}

	@Test
	void pushesTheFilterIntoTheScanAndReadsNoColumnForACount() {
		PlannedJob plan = plan(3, ActionSpec.count(), StepSpec.filter("age > 30"));
		assertThat(plan.optimizations()).containsExactly("filter pushdown", "column pruning");
		assertThat(plan.stages()).hasSize(1);
		FileScanExec scan = plan.resultStage().scan();
		assertThat(scan.columns()).isEmpty();
		assertThat(scan.filters()).hasSize(1);
		assertThat(plan.resultStage().partitions()).isEqualTo(3);
	}

	@Test
	void prunesColumnsToWhatTheSelectAndFilterRead() {
		PlannedJob plan = plan(2, ActionSpec.collect(), StepSpec.filter("city <> 'Oslo'"),
				StepSpec.withColumn("raised", "salary * 1.1"), StepSpec.select("name", "raised"));
		FileScanExec scan = plan.resultStage().scan();
		assertThat(scan.schema().names()).as("output columns").containsExactly("name", "salary");
		assertThat(scan.filters()).as("the filter reads city inside the scan").hasSize(1);
		assertThat(PlanPrinter.text(plan.optimized())).contains("filters=[(city <> Oslo)]");
	}

	@Test
	void pushesAFilterThroughAProjectionOfPlainColumnsOnly() {
		PlannedJob through = plan(1, ActionSpec.count(), StepSpec.select("name", "age"), StepSpec.filter("age > 1"));
		assertThat(through.resultStage().scan().filters()).hasSize(1);
		PlannedJob blocked = plan(1, ActionSpec.count(), StepSpec.withColumn("age", "age + 1"),
				StepSpec.filter("age > 1"));
		assertThat(blocked.resultStage().scan().filters()).isEmpty();
	}

	@Test
	void aggregatesInsideTheScanTaskWhenTheInputIsOnePartition() {
		PlannedJob plan = plan(1, ActionSpec.collect(),
				StepSpec.groupBy(List.of("city"), List.of("count(*) AS n", "avg(salary) AS avg_salary")));
		assertThat(plan.stages()).hasSize(1);
		assertThat(top(plan.resultStage())).isInstanceOfSatisfying(HashAggregateExec.class,
				a -> assertThat(a.mode()).isEqualTo(HashAggregateExec.Mode.SINGLE));
		assertThat(top(plan.resultStage()).schema().names()).containsExactly("city", "n", "avg_salary");
	}

	@Test
	void cutsAStageAtAGroupByWithAPartialAggregateBeforeTheShuffle() {
		PlannedJob plan = plan(3, ActionSpec.collect(),
				StepSpec.groupBy(List.of("city"), List.of("count(*) AS n", "avg(salary) AS s")));
		assertThat(plan.stages()).hasSize(2);
		StagePlan map = plan.stage(0);
		assertThat(map.output()).isInstanceOf(StageOutput.Shuffle.class);
		assertThat(((StageOutput.Shuffle) map.output()).partitions()).isEqualTo(4);
		assertThat(map.root()).isInstanceOfSatisfying(HashAggregateExec.class,
				a -> assertThat(a.mode()).isEqualTo(HashAggregateExec.Mode.PARTIAL));
		assertThat(map.root().schema().names()).containsExactly("city", "_p0_count", "_p1_sum", "_p1_count");
		StagePlan reduce = plan.resultStage();
		assertThat(reduce.parents()).containsExactly(0);
		assertThat(reduce.partitions()).isEqualTo(4);
		assertThat(top(reduce)).isInstanceOfSatisfying(HashAggregateExec.class, a -> {
			assertThat(a.mode()).isEqualTo(HashAggregateExec.Mode.FINAL);
			assertThat(a.child()).isInstanceOf(ShuffleReadExec.class);
		});
	}

	@Test
	void shufflesRawRowsForADistinctAggregate() {
		PlannedJob plan = plan(3, ActionSpec.collect(),
				StepSpec.groupBy(List.of("city"), List.of("count(DISTINCT name) AS names")));
		assertThat(plan.stage(0).root()).isInstanceOf(FileScanExec.class);
		assertThat(top(plan.resultStage())).isInstanceOfSatisfying(HashAggregateExec.class,
				a -> assertThat(a.mode()).isEqualTo(HashAggregateExec.Mode.SINGLE));
	}

	@Test
	void sortsGloballyInOneReducePartitionWithATopNOnTheMapSideUnderALimit() {
		PlannedJob plan = plan(3, ActionSpec.collect(), StepSpec.orderBy("age DESC"), StepSpec.limit(5));
		assertThat(plan.stages()).hasSize(2);
		assertThat(plan.stage(0).root()).isInstanceOfSatisfying(SortExec.class,
				s -> assertThat(s.limit()).isEqualTo(5));
		assertThat(plan.resultStage().partitions()).isEqualTo(1);
		assertThat(PlanPrinter.text(plan.stages())).contains("TopN 5");
	}

	@Test
	void aFullSortSamplesItsKeysAndRangePartitionsOverEveryReducer() {
		PlannedJob plan = plan(3, ActionSpec.collect(), StepSpec.orderBy("age DESC", "name"));
		assertThat(plan.stages()).hasSize(3);
		StagePlan sample = plan.stage(0);
		assertThat(sample.root()).isInstanceOf(SampleExec.class);
		assertThat(sample.partitions()).isEqualTo(3);
		assertThat(((StageOutput.Shuffle) sample.output()).partitions()).isEqualTo(1);
		StagePlan exchange = plan.stage(1);
		assertThat(exchange.parents()).containsExactly(0);
		assertThat(exchange.output()).isInstanceOfSatisfying(StageOutput.Range.class, r -> {
			assertThat(r.partitions()).isEqualTo(4);
			assertThat(r.sample().stageId()).isZero();
		});
		assertThat(exchange.shuffleReads()).singleElement().satisfies(read -> assertThat(read.broadcast()).isTrue());
		assertThat(plan.resultStage().partitions()).isEqualTo(4);
		assertThat(top(plan.resultStage())).isInstanceOfSatisfying(SortExec.class,
				s -> assertThat(s.child()).isInstanceOf(ShuffleReadExec.class));
		assertThat(PlanPrinter.text(plan.stages()))
			.contains("Exchange rangepartitioning(age DESC NULLS LAST, name ASC NULLS FIRST, 4) bounds from stage 0")
			.contains("Sample 80 rows of age, name for range bounds");
	}

	@Test
	void joinsByShufflingBothSidesOnTheKeys() {
		StepSpec join = new StepSpec("join", null, null, null, null, null, null,
				new StepSpec.RightSpec(cities(), List.of()), List.of("city"), "left", null);
		PlannedJob plan = plan(2, ActionSpec.collect(), join);
		assertThat(plan.stages()).hasSize(3);
		assertThat(plan.resultStage().parents()).containsExactly(0, 1);
		assertThat(top(plan.resultStage())).isInstanceOfSatisfying(HashJoinExec.class,
				j -> assertThat(j.schema().names()).containsExactly("city", "id", "name", "age", "salary", "joined",
						"country"));
	}

	@Test
	void broadcastsASmallRightSideInsteadOfShufflingBothSides() {
		StepSpec join = new StepSpec("join", null, null, null, null, null, null,
				new StepSpec.RightSpec(cities(), List.of()), List.of("city"), "inner", null);
		JobSpec spec = new JobSpec("t", people(), List.of(join), ActionSpec.count());
		PlannedJob plan = this.planner.plan(spec,
				new StagePlanner.Settings(4,
						scan -> new StagePlanner.ScanStats(3, scan.path().equals("cities.csv") ? 1_000 : 900_000_000L),
						java.util.Set.of(), 10_000_000));
		assertThat(plan.stages()).hasSize(2);
		assertThat(plan.stage(0).scan().path()).isEqualTo("cities.csv");
		assertThat(plan.stage(0).output()).isEqualTo(new StageOutput.Shuffle(List.of(), 1, List.of()));
		StagePlan joinStage = plan.resultStage();
		assertThat(joinStage.partitions()).as("one task per split of the big side").isEqualTo(3);
		assertThat(joinStage.root()).isInstanceOfSatisfying(HashJoinExec.class, j -> {
			assertThat(j.broadcast()).isTrue();
			assertThat(j.left()).isInstanceOf(FileScanExec.class);
			assertThat(((ShuffleReadExec) j.right()).broadcast()).isTrue();
		});
		// A full join cannot be broadcast: unmatched right rows must be seen once.
		StepSpec full = new StepSpec("join", null, null, null, null, null, null,
				new StepSpec.RightSpec(cities(), List.of()), List.of("city"), "full", null);
		PlannedJob shuffled = this.planner.plan(new JobSpec("t", people(), List.of(full), ActionSpec.count()),
				new StagePlanner.Settings(4, scan -> new StagePlanner.ScanStats(3, 1_000), java.util.Set.of(),
						10_000_000));
		assertThat(shuffled.stages()).hasSize(3);
	}

	@Test
	void capsACountAtARootLimitAndPushesTheLimitIntoEachTask() {
		PlannedJob plan = plan(3, ActionSpec.count(), StepSpec.limit(7));
		assertThat(plan.resultStage().output()).isEqualTo(new StageOutput.Result(ActionType.COUNT, 7));
	}

	@Test
	void namesTheFieldAndPositionOfAnUnknownColumn() {
		assertThatThrownBy(() -> plan(1, ActionSpec.count(), StepSpec.filter("age > 1"), StepSpec.filter("agee > 30")))
			.isInstanceOfSatisfying(PlanException.class, ex -> {
				assertThat(ex.pointer()).isEqualTo("/pipeline/1/condition");
				assertThat(ex.position()).isZero();
				assertThat(ex.column()).isEqualTo("agee");
			});
	}

	@Test
	void refusesANonBooleanFilterAnUnknownOpAndAMissingAction() {
		assertThatThrownBy(() -> plan(1, ActionSpec.count(), StepSpec.filter("age + 1")))
			.isInstanceOfSatisfying(PlanException.class, ex -> assertThat(ex.getMessage()).contains("must be boolean"));
		assertThatThrownBy(() -> plan(1, ActionSpec.count(), StepSpec.of("explode")))
			.isInstanceOfSatisfying(PlanException.class, ex -> assertThat(ex.pointer()).isEqualTo("/pipeline/0/op"));
		assertThatThrownBy(() -> plan(1, null)).isInstanceOfSatisfying(PlanException.class,
				ex -> assertThat(ex.pointer()).isEqualTo("/action/type"));
	}

	@Test
	void refusesAnAggregateOutsideGroupByAndANonAggregateInIt() {
		assertThatThrownBy(() -> plan(1, ActionSpec.collect(), StepSpec.select("max(age)"))).isInstanceOfSatisfying(
				PlanException.class, ex -> assertThat(ex.pointer()).isEqualTo("/pipeline/0/columns/0"));
		assertThatThrownBy(() -> plan(1, ActionSpec.collect(), StepSpec.groupBy(List.of("city"), List.of("age"))))
			.isInstanceOfSatisfying(PlanException.class,
					ex -> assertThat(ex.pointer()).isEqualTo("/pipeline/0/aggregations/0"));
	}

	@Test
	void plansTheSameStagesEveryTime() {
		StepSpec[] steps = { StepSpec.filter("age > 30"), StepSpec.groupBy(List.of("city"), List.of("count(*) AS n")),
				StepSpec.orderBy("n DESC") };
		String first = PlanPrinter.text(plan(3, ActionSpec.collect(), steps).stages());
		String second = PlanPrinter.text(plan(3, ActionSpec.collect(), steps).stages());
		assertThat(second).isEqualTo(first);
	}

	@Test
	void bindsEveryExpressionOfAStageWhenThePlanIsMade() {
		StepSpec join = new StepSpec("join", null, null, null, null, null, null,
				new StepSpec.RightSpec(cities(), List.of()), List.of("city"), "inner", null);
		PlannedJob plan = plan(3, ActionSpec.collect(), StepSpec.filter("age > 30 AND salary > 0"), join,
				StepSpec.withColumn("raised", "salary * 1.1"),
				StepSpec.groupBy(List.of("country", "age >= 40 AS senior"),
						List.of("count(*) AS n", "avg(raised) AS r", "max(name) AS last")),
				StepSpec.filter("n > 1"), StepSpec.orderBy("n DESC", "country"));
		List<PhysicalPlan> nodes = new java.util.ArrayList<>();
		for (StagePlan stage : plan.stages()) {
			collect(stage.root(), nodes);
			if (stage.output() instanceof StageOutput.Shuffle shuffle) {
				assertThat(shuffle.boundKeys()).hasSameSizeAs(shuffle.keys());
				for (int k = 0; k < shuffle.keys().size(); k++) {
					assertThat(shuffle.boundKeys().get(k).type()).isNotNull();
				}
			}
		}
		assertThat(nodes).hasAtLeastOneElementOfType(FilterExec.class)
			.hasAtLeastOneElementOfType(ProjectExec.class)
			.hasAtLeastOneElementOfType(HashAggregateExec.class)
			.hasAtLeastOneElementOfType(SortExec.class)
			.hasAtLeastOneElementOfType(HashJoinExec.class);
		for (PhysicalPlan node : nodes) {
			if (node instanceof FilterExec f) {
				assertThat(f.predicate().type()).isEqualTo(DataType.BOOLEAN);
			}
			else if (node instanceof ProjectExec p) {
				for (int i = 0; i < p.bound().size(); i++) {
					assertThat(p.bound().get(i).type()).isEqualTo(p.schema().field(i).type());
				}
			}
			else if (node instanceof SortExec s) {
				assertThat(s.bound()).hasSameSizeAs(s.keys());
			}
			else if (node instanceof HashJoinExec j) {
				assertThat(j.boundLeftKeys()).hasSameSizeAs(j.leftKeys());
				assertThat(j.boundRightKeys()).hasSameSizeAs(j.rightKeys());
			}
			else if (node instanceof HashAggregateExec a) {
				assertThat(a.boundKeys()).hasSameSizeAs(a.keys());
				assertThat(a.boundAggregates()).hasSameSizeAs(a.aggregates());
			}
			else if (node instanceof FileScanExec scan) {
				assertThat(scan.boundFilters()).hasSameSizeAs(scan.filters());
			}
		}
	}

	private static void collect(PhysicalPlan plan, List<PhysicalPlan> out) {
		out.add(plan);
		plan.children().forEach((c) -> collect(c, out));
	}

	@Test
	void theLogicalAndThePhysicalPlanAgreeOnAggregateTypes() {
		for (int splits : new int[] { 1, 3 }) {
			PlannedJob plan = plan(splits, ActionSpec.collect(),
					StepSpec.groupBy(List.of("city"),
							List.of("sum(NULL) AS s", "avg(NULL) AS a", "min(NULL) AS lo", "max(NULL) AS hi",
									"count(NULL) AS c", "sum(age) AS ages", "avg(salary) AS pay",
									"max(joined) AS last")));
			assertThat(top(plan.resultStage()).schema()).isEqualTo(plan.logical().schema());
			assertThat(plan.logical().schema().fields().stream().map((f) -> f.type().sqlName()).toList())
				.containsExactly("string", "double", "double", "void", "void", "bigint", "bigint", "double", "date");
		}
	}

	@Test
	void aCachedLineageHasOneKeyWhateverFollowsItAndAnotherLineageAnother() {
		StepSpec cache = StepSpec.of("cache");
		String adults = cacheKey(StepSpec.filter("age > 17"), cache);
		assertThat(cacheKey(StepSpec.filter("age > 17"), cache, StepSpec.select("name"))).isEqualTo(adults);
		assertThat(cacheKey(StepSpec.filter("age > 18"), cache)).isNotEqualTo(adults);
		assertThat(cacheKey(cache)).isNotEqualTo(adults);
		JobSpec otherFile = new JobSpec("t", SourceSpec.of("csv", "other.csv", true, false, PEOPLE),
				List.of(StepSpec.filter("age > 17"), cache), ActionSpec.count());
		assertThat(cacheKey(new LogicalPlanner(1000).plan(otherFile))).isNotEqualTo(adults);
	}

	private static String cacheKey(StepSpec... steps) {
		return cacheKey(new LogicalPlanner(1000).plan(new JobSpec("t", people(), List.of(steps), ActionSpec.count())));
	}

	private static String cacheKey(LogicalPlan plan) {
		if (plan instanceof Cache cache) {
			return cache.key();
		}
		return plan.children().stream().map(PlannerTest::cacheKey).filter(k -> k != null).findFirst().orElse(null);
	}

}
