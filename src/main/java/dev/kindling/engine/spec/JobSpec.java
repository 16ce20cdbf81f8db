package dev.kindling.engine.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.kindling.engine.types.AnsiMode;

/**
 * A job: a source, a pipeline of steps and one action.
 *
 * @param name a label for people; need not be unique
 * @param source where the rows come from
 * @param pipeline the steps, in order (may be empty)
 * @param action what to do with the result
 * @param conf how expressions behave (ANSI mode); {@code null} for the driver's settings
 */
public record JobSpec(String name, SourceSpec source, List<StepSpec> pipeline, ActionSpec action, JobConf conf) {

	public JobSpec {
		// Null steps are kept (not refused here) so the planner can name them:
		// /pipeline/3 is empty.
		pipeline = pipeline == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(pipeline));
	}

	/** A job with the driver's settings. */
	public JobSpec(String name, SourceSpec source, List<StepSpec> pipeline, ActionSpec action) {
		this(name, source, pipeline, action, null);
	}

	/** A copy with these sources (the same shape, schemas pinned by the driver). */
	public JobSpec withSource(SourceSpec newSource) {
		return new JobSpec(this.name, newSource, this.pipeline, this.action, this.conf);
	}

	public JobSpec withPipeline(List<StepSpec> newPipeline) {
		return new JobSpec(this.name, this.source, newPipeline, this.action, this.conf);
	}

	/** A copy with these settings (the driver pins them). */
	public JobSpec withConf(JobConf newConf) {
		return new JobSpec(this.name, this.source, this.pipeline, this.action, newConf);
	}

	/**
	 * Whether the job runs in ANSI mode: its setting, or Spark 4's default (on) when it
	 * has none, which only a job the driver has not pinned lacks.
	 */
	public boolean ansi() {
		return (this.conf == null || this.conf.ansi() == null) ? AnsiMode.DEFAULT : this.conf.ansi();
	}

}
