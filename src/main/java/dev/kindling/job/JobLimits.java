package dev.kindling.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntSupplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.kindling.engine.datasource.Storages;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.expr.Expressions;
import dev.kindling.engine.logical.PlanException;
import dev.kindling.engine.spec.ActionSpec;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.engine.spec.SourceSpec;
import dev.kindling.engine.spec.StepSpec;
import dev.kindling.engine.storage.LocationRefusedException;
import dev.kindling.engine.types.Schema;
import dev.kindling.platform.DriverRole;
import dev.kindling.platform.KindlingProperties;
import dev.kindling.engine.spec.ActionType;
import dev.kindling.state.JobRepository;
import dev.kindling.scheduler.Scheduler;

/**
 * The configured limits ({@code kindling.limits.*}) a job must keep, checked on the
 * submitted document before any file is opened or any task exists: the total number of
 * steps (join sides included), the length and nesting depth of every expression, the
 * width of column lists and given schemas, the partitions a source asks for, and the
 * confinement of a write action's output path. Each violation is a {@link PlanException}
 * naming the field, so the caller gets a 400 with its pointer. Everything else about the
 * job is checked by the planner.
 */
@Component
@DriverRole
class JobLimits {

	private final KindlingProperties.Limits limits;

	private final Storages storages;

	private final JobRepository jobs;

	/**
	 * The jobs the scheduler holds now (queued, waiting in a pool, running, cancelling).
	 */
	private final IntSupplier activeJobs;

	@Autowired
	JobLimits(KindlingProperties properties, Storages storages, JobRepository jobs, Scheduler scheduler) {
		this(properties, storages, jobs, scheduler::activeJobs);
	}

	JobLimits(KindlingProperties properties, Storages storages, JobRepository jobs, IntSupplier activeJobs) {
		this.limits = properties.limits();
		this.storages = storages;
		this.jobs = jobs;
		this.activeJobs = activeJobs;
	}

	/**
	 * An idempotency key as stored: the SHA-256 of its owner and the key, so two
	 * principals' keys never meet (a repeated key returns only its own principal's job).
	 */
	static String scopedKey(String owner, String key) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(owner.getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0);
			digest.update(key.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Refuses a new job while the driver holds {@code max-active-jobs} queued or running
	 * ones (a retried submission with a known idempotency key is always answered). Jobs
	 * under the limit queue: their tasks wait for free executor slots. The count is not
	 * taken under a lock, so a burst may overshoot by a few; the limit bounds memory, it
	 * is not a quota. The count is the scheduler's (every job it accepted or resumed and
	 * has not ended), not a query: a submission costs no database round trip for it.
	 * @throws TooManyJobs over the limit
	 */
	void admit(String idempotencyKey) {
		if (idempotencyKey != null && this.jobs.findByIdempotencyKey(idempotencyKey).isPresent()) {
			return;
		}
		long active = this.activeJobs.getAsInt();
		if (active >= this.limits.maxActiveJobs()) {
			throw TooManyJobs.of(active, this.limits.maxActiveJobs());
		}
	}

	/**
	 * Checks the limits, and the syntax of every expression: independent mistakes
	 * (different fields) are all reported together (several: one {@link PlanException}
	 * listing each in {@link PlanException#all()}). A lone syntax error is left to the
	 * planner, which reports it with the same pointer and position.
	 * @throws PlanException naming each field at fault
	 */
	void check(JobSpec spec) {
		List<PlanException> found = new ArrayList<>();
		int steps = countSteps(spec.pipeline());
		if (steps > this.limits.maxPipelineSteps()) {
			found.add(new PlanException("/pipeline", "the job has " + steps + " pipeline steps (join sides included), "
					+ "more than the limit of " + this.limits.maxPipelineSteps()));
		}
		source(spec.source(), "/source", found);
		spec.tables().forEach((name, table) -> source(table, "/tables/" + name, found));
		pipeline(spec.pipeline(), "", found);
		action(spec.action(), found);
		if (found.size() > 1) {
			throw new PlanException(found);
		}
		if (found.size() == 1 && !(found.get(0).getCause() instanceof ExprException)) {
			throw found.get(0);
		}
	}

	private static int countSteps(List<StepSpec> pipeline) {
		int n = pipeline.size();
		for (StepSpec step : pipeline) {
			if (step != null && step.right() != null) {
				n += countSteps(step.right().pipeline());
			}
		}
		return n;
	}

	private void source(SourceSpec source, String at, List<PlanException> found) {
		if (source == null) {
			return;
		}
		if (source.partitions() != null && source.partitions() > this.limits.maxTasksPerStage()) {
			found.add(new PlanException(at + "/partitions",
					"partitions is " + source.partitions() + ", more than the limit of "
							+ this.limits.maxTasksPerStage()
							+ " tasks per stage (kindling.limits.max-tasks-per-stage)"));
		}
		if (source.schema() == null) {
			return;
		}
		try {
			width(Schema.parse(source.schema()).size(), at + "/schema", "the schema", found);
		}
		catch (IllegalArgumentException ex) {
			// The planner reports a schema it cannot read, with the reason.
		}
	}

	private void pipeline(List<StepSpec> pipeline, String prefix, List<PlanException> found) {
		for (int i = 0; i < pipeline.size(); i++) {
			StepSpec step = pipeline.get(i);
			if (step == null) {
				continue;
			}
			String at = prefix + "/pipeline/" + i;
			expression(step.condition(), at + "/condition", ExprParser::parse, found);
			expression(step.expression(), at + "/expression", ExprParser::parse, found);
			boolean sort = "orderBy".equals(step.op());
			boolean names = "drop".equals(step.op());
			list(step.columns(), at + "/columns", sort ? (t) -> ExprParser.parseSortKey(t).expr()
					: names ? null : (t) -> ExprParser.parseNamed(t).expr(), found);
			list(step.keys(), at + "/keys", (t) -> ExprParser.parseNamed(t).expr(), found);
			list(step.aggregations(), at + "/aggregations", (t) -> ExprParser.parseNamed(t).expr(), found);
			list(step.on(), at + "/on", null, found);
			int groupWidth = (step.keys() == null ? 0 : step.keys().size())
					+ (step.aggregations() == null ? 0 : step.aggregations().size());
			width(groupWidth, at, "the groupBy keys and aggregations", found);
			if (step.right() != null) {
				source(step.right().source(), at + "/right/source", found);
				pipeline(step.right().pipeline(), at + "/right", found);
			}
		}
	}

	private void list(List<String> texts, String at, Function<String, Expr> parser, List<PlanException> found) {
		if (texts == null) {
			return;
		}
		width(texts.size(), at, "the list", found);
		if (parser != null) {
			for (int i = 0; i < texts.size(); i++) {
				expression(texts.get(i), at + "/" + i, parser, found);
			}
		}
	}

	private void width(int columns, String at, String what, List<PlanException> found) {
		if (columns > this.limits.maxColumns()) {
			found.add(new PlanException(at, what + " has " + columns + " columns, more than the limit of "
					+ this.limits.maxColumns() + " (kindling.limits.max-columns)"));
		}
	}

	private void expression(String text, String at, Function<String, Expr> parser, List<PlanException> found) {
		if (text == null) {
			return;
		}
		if (text.length() > this.limits.maxExpressionLength()) {
			found.add(
					new PlanException(at, "expression is " + text.length() + " characters long, more than the limit of "
							+ this.limits.maxExpressionLength() + " (kindling.limits.max-expression-length)"));
			return;
		}
		Expr expr;
		try {
			expr = parser.apply(text);
		}
		catch (ExprException ex) {
			// A syntax error (or the parser's own hard bound): alone, the planner reports
			// it; with others, all are reported here.
			found.add(new PlanException(at, ex.getMessage(), ex.position(), ex.column(), ex));
			return;
		}
		int depth = depth(expr);
		if (depth > this.limits.maxExpressionDepth()) {
			found.add(new PlanException(at,
					"expression nests " + depth + " levels deep, more than the limit of "
							+ this.limits.maxExpressionDepth() + " (kindling.limits.max-expression-depth)",
					0, null, null));
		}
	}

	/** The height of the expression tree (a column or literal is 1). */
	static int depth(Expr expr) {
		int deepest = 0;
		for (Expr child : Expressions.children(expr)) {
			deepest = Math.max(deepest, depth(child));
		}
		return deepest + 1;
	}

	private void action(ActionSpec action, List<PlanException> found) {
		if (action == null || action.type() != ActionType.WRITE || action.path() == null || action.path().isBlank()) {
			return;
		}
		try {
			this.storages.check(action.path());
		}
		catch (LocationRefusedException ex) {
			found.add(new PlanException("/action/path", ex.getMessage()));
		}
	}

}
