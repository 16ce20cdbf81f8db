package dev.kindling.engine.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A job: a source, a pipeline of steps and one action.
 *
 * @param name a label for people; need not be unique
 * @param source where the rows come from
 * @param pipeline the steps, in order (may be empty)
 * @param action what to do with the result
 * @param pool the scheduling pool the job runs in (null: its principal's pool, else
 * {@code default}); the engine ignores it
 */
public record JobSpec(String name, SourceSpec source, List<StepSpec> pipeline, ActionSpec action, String pool) {

	public JobSpec(String name, SourceSpec source, List<StepSpec> pipeline, ActionSpec action) {
		this(name, source, pipeline, action, null);
	}

	public JobSpec {
		// Null steps are kept (not refused here) so the planner can name them:
		// /pipeline/3 is empty.
		pipeline = pipeline == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(pipeline));
	}

	/** A copy with these sources (the same shape, schemas pinned by the driver). */
	public JobSpec withSource(SourceSpec newSource) {
		return new JobSpec(this.name, newSource, this.pipeline, this.action, this.pool);
	}

	public JobSpec withPipeline(List<StepSpec> newPipeline) {
		return new JobSpec(this.name, this.source, newPipeline, this.action, this.pool);
	}

}
