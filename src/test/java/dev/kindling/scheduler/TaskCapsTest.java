package dev.kindling.scheduler;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import dev.kindling.engine.logical.PlanException;
import dev.kindling.engine.planner.JobPlanner;
import dev.kindling.engine.planner.JobPlanner.PlannedJob;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.platform.KindlingProperties;
import dev.kindling.testsupport.Http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The task caps on a planned job ({@code kindling.limits.max-tasks-per-stage},
 * {@code max-tasks-per-job}) on the real planner's stages, without a driver: a shuffle
 * with more partitions than a stage may have, and stages that together pass the job's
 * cap.
 */
class TaskCapsTest {

	static final String GROUPED = """
			{"name": "g", "source": {"path": "x.csv", "header": true, "schema": "k INT, v INT"%s},
			 "pipeline": [{"op": "groupBy", "keys": ["k"], "aggregations": ["sum(v) AS s"]}],
			 "action": {"type": "count"}}""";

	@Test
	void refusesAShuffleWithMoreTasksThanAStageMayHave() {
		PlannedJob plan = plan(GROUPED.formatted(""), 4, 300);
		assertThat(plan.stages()).extracting((s) -> s.partitions()).containsExactly(4, 300);
		assertThatExceptionOfType(PlanException.class)
			.isThrownBy(() -> JobPlanning.checkTasks(spec(GROUPED.formatted("")), plan, limits(200, 1000)))
			.withMessageContaining("stage 1 would run 300 tasks")
			.withMessageContaining("kindling.limits.max-tasks-per-stage (200)")
			.withMessageContaining("kindling.shuffle.partitions")
			.satisfies((ex) -> assertThat(ex.pointer()).isEmpty());
		assertThatNoException()
			.isThrownBy(() -> JobPlanning.checkTasks(spec(GROUPED.formatted("")), plan, limits(300, 304)));
	}

	@Test
	void refusesStagesThatTogetherPassTheJobCapAtTheSourcesPartitions() {
		String withPartitions = GROUPED.formatted(", \"partitions\": 150");
		PlannedJob plan = plan(withPartitions, 150, 100);
		assertThatExceptionOfType(PlanException.class)
			.isThrownBy(() -> JobPlanning.checkTasks(spec(withPartitions), plan, limits(1000, 249)))
			.withMessageContaining("250 tasks in 2 stages")
			.withMessageContaining("kindling.limits.max-tasks-per-job (249)")
			.satisfies((ex) -> assertThat(ex.pointer()).isEqualTo("/source/partitions"));
	}

	private static PlannedJob plan(String json, int splits, int shufflePartitions) {
		return new JobPlanner(1000).plan(spec(json), shufflePartitions, (scan) -> splits);
	}

	private static JobSpec spec(String json) {
		return Http.JSON.readValue(json, JobSpec.class);
	}

	private static KindlingProperties.Limits limits(int perStage, int perJob) {
		return new KindlingProperties.Limits(100, 1000, DataSize.ofGigabytes(2), DataSize.ofMegabytes(1), 10000, 64,
				1000, 1000, 16, perStage, perJob, DataSize.ofMegabytes(1), java.time.Duration.ofHours(24));
	}

}
