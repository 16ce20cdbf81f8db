package dev.kindling.job;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.kindling.engine.planner.JobPlanner;
import dev.kindling.engine.spec.JobSpec;

import static org.assertj.core.api.Assertions.assertThat;

/** The job examples Swagger shows are jobs the planner accepts. */
class SwaggerExamplesTest {

	@Test
	void theWindowExamplePlans() {
		JobSpec spec = JsonMapper.builder().build().readValue(JobExamples.WINDOW_JOB, JobSpec.class);
		JobPlanner.PlannedJob job = new JobPlanner(100).plan(spec, 4, (scan) -> 2);
		assertThat(job.logical().schema().names()).containsExactly("name", "city", "age", "salary", "rank", "running",
				"share", "smoothed");
		assertThat(job.stages()).hasSizeGreaterThan(1);
	}

}
