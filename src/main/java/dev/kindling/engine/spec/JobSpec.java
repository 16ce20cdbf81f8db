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
 * @param session the session settings (time zone, ANSI mode, start time); the driver pins
 * them when it accepts the job
 */
public record JobSpec(String name, SourceSpec source, List<StepSpec> pipeline, ActionSpec action, SessionSpec session) {

	/** A job with the driver's session settings. */
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
		return new JobSpec(this.name, newSource, this.pipeline, this.action, this.session);
	}

	public JobSpec withPipeline(List<StepSpec> newPipeline) {
		return new JobSpec(this.name, this.source, newPipeline, this.action, this.session);
	}

	/** A copy with these session settings (pinned by the driver). */
	public JobSpec withSession(SessionSpec newSession) {
		return new JobSpec(this.name, this.source, this.pipeline, this.action, newSession);
	}

}
