package dev.kindling.engine.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kindling.engine.types.AnsiMode;

/**
 * A job: a source, a pipeline of steps and one action; or a SQL query over named tables
 * and one action. Both forms plan to the same logical plan nodes, stages and tasks.
 *
 * @param name a label for people; need not be unique
 * @param source where the rows come from (pipeline jobs)
 * @param pipeline the steps, in order (may be empty)
 * @param action what to do with the result; a SQL job without one collects
 * @param sql a Spark SQL query, instead of {@code source} and {@code pipeline}
 * @param tables sources by table name, for {@code sql}; these win over the catalog's
 * tables, and the driver pins every table the query reads here (with its schema)
 * @param conf how expressions behave (ANSI mode); {@code null} for the driver's settings
 */
public record JobSpec(String name, SourceSpec source, List<StepSpec> pipeline, ActionSpec action, String sql,
		Map<String, SourceSpec> tables, JobConf conf) {

	public JobSpec {
		// Null steps are kept (not refused here) so the planner can name them:
		// /pipeline/3 is empty.
		pipeline = pipeline == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(pipeline));
		tables = tables == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tables));
		if (action == null && sql != null) {
			action = ActionSpec.collect();
		}
	}

	/** A pipeline job with the driver's settings. */
	public JobSpec(String name, SourceSpec source, List<StepSpec> pipeline, ActionSpec action) {
		this(name, source, pipeline, action, null, null, null);
	}

	/** A pipeline job with these settings. */
	public JobSpec(String name, SourceSpec source, List<StepSpec> pipeline, ActionSpec action, JobConf conf) {
		this(name, source, pipeline, action, null, null, conf);
	}

	/** A SQL job with the driver's settings. */
	public static JobSpec sql(String name, String sql, Map<String, SourceSpec> tables, ActionSpec action) {
		return new JobSpec(name, null, null, action, sql, tables, null);
	}

	/** A copy with these sources (the same shape, schemas pinned by the driver). */
	public JobSpec withSource(SourceSpec newSource) {
		return new JobSpec(this.name, newSource, this.pipeline, this.action, this.sql, this.tables, this.conf);
	}

	public JobSpec withPipeline(List<StepSpec> newPipeline) {
		return new JobSpec(this.name, this.source, newPipeline, this.action, this.sql, this.tables, this.conf);
	}

	/** This job with another action (its output path confined, its mode settled). */
	public JobSpec withAction(ActionSpec newAction) {
		return new JobSpec(this.name, this.source, this.pipeline, newAction, this.sql, this.tables, this.conf);
	}

	/** A copy with these tables (pinned by the driver). */
	public JobSpec withTables(Map<String, SourceSpec> newTables) {
		return new JobSpec(this.name, this.source, this.pipeline, this.action, this.sql, newTables, this.conf);
	}

	/** A copy with these settings (the driver pins them). */
	public JobSpec withConf(JobConf newConf) {
		return new JobSpec(this.name, this.source, this.pipeline, this.action, this.sql, this.tables, newConf);
	}

	/**
	 * Whether the job runs in ANSI mode: its setting, or Spark 4's default (on) when it
	 * has none, which only a job the driver has not pinned lacks.
	 */
	public boolean ansi() {
		return (this.conf == null || this.conf.ansi() == null) ? AnsiMode.DEFAULT : this.conf.ansi();
	}

}
