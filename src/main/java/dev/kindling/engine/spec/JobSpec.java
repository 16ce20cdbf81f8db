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
 * @param session the session settings (time zone, ANSI mode, start time); the driver pins
 * them when it accepts the job
 * @param conf how expressions behave (ANSI mode); {@code null} for the driver's settings;
 * {@code session.ansiEnabled} wins when both are given
 * @param pool the scheduling pool the job runs in (null: its principal's pool, else
 * {@code default}); the engine ignores it
 */
public record JobSpec(String name, SourceSpec source, List<StepSpec> pipeline, ActionSpec action, String sql,
		Map<String, SourceSpec> tables, SessionSpec session, JobConf conf, String pool) {

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
		this(name, source, pipeline, action, null, null, null, null, null);
	}

	/** A pipeline job with these session settings. */
	public JobSpec(String name, SourceSpec source, List<StepSpec> pipeline, ActionSpec action, SessionSpec session) {
		this(name, source, pipeline, action, null, null, session, null, null);
	}

	/** A pipeline job with these settings. */
	public JobSpec(String name, SourceSpec source, List<StepSpec> pipeline, ActionSpec action, JobConf conf) {
		this(name, source, pipeline, action, null, null, null, conf, null);
	}

	/** A SQL job. */
	public static JobSpec sql(String name, String sql, Map<String, SourceSpec> tables, ActionSpec action) {
		return new JobSpec(name, null, null, action, sql, tables, null, null, null);
	}

	/** A copy with these sources (the same shape, schemas pinned by the driver). */
	public JobSpec withSource(SourceSpec newSource) {
		return new JobSpec(this.name, newSource, this.pipeline, this.action, this.sql, this.tables, this.session,
				this.conf, this.pool);
	}

	public JobSpec withPipeline(List<StepSpec> newPipeline) {
		return new JobSpec(this.name, this.source, newPipeline, this.action, this.sql, this.tables, this.session,
				this.conf, this.pool);
	}

	/** This job with another action (its output path confined, its mode settled). */
	public JobSpec withAction(ActionSpec newAction) {
		return new JobSpec(this.name, this.source, this.pipeline, newAction, this.sql, this.tables, this.session,
				this.conf, this.pool);
	}

	/** A copy with these tables (pinned by the driver). */
	public JobSpec withTables(Map<String, SourceSpec> newTables) {
		return new JobSpec(this.name, this.source, this.pipeline, this.action, this.sql, newTables, this.session,
				this.conf, this.pool);
	}

	/** A copy with these session settings (pinned by the driver). */
	public JobSpec withSession(SessionSpec newSession) {
		return new JobSpec(this.name, this.source, this.pipeline, this.action, this.sql, this.tables, newSession,
				this.conf, this.pool);
	}

	/** A copy in this scheduling pool. */
	public JobSpec withPool(String newPool) {
		return new JobSpec(this.name, this.source, this.pipeline, this.action, this.sql, this.tables, this.session,
				this.conf, newPool);
	}

	/** A pipeline job with these settings, in this pool. */
	public JobSpec(String name, SourceSpec source, List<StepSpec> pipeline, ActionSpec action, JobConf conf,
			String pool) {
		this(name, source, pipeline, action, null, null, null, conf, pool);
	}

	/** A copy with these settings (the driver pins them). */
	public JobSpec withConf(JobConf newConf) {
		return new JobSpec(this.name, this.source, this.pipeline, this.action, this.sql, this.tables, this.session,
				newConf, this.pool);
	}

	/**
	 * Whether the job runs in ANSI mode: its session's setting, else its conf's, else
	 * Spark 4's default (on), which only a job the driver has not pinned lacks.
	 */
	public boolean ansi() {
		if (this.session != null && this.session.ansiEnabled() != null) {
			return this.session.ansiEnabled();
		}
		return (this.conf == null || this.conf.ansi() == null) ? AnsiMode.DEFAULT : this.conf.ansi();
	}

}
