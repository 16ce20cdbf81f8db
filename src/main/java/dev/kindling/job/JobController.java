package dev.kindling.job;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import dev.kindling.engine.planner.JobPlanner.PlannedJob;
import dev.kindling.engine.planner.PlanPrinter;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.job.JobViews.EventView;
import dev.kindling.job.JobViews.JobView;
import dev.kindling.job.JobViews.StageView;
import dev.kindling.job.JobViews.TaskView;
import dev.kindling.platform.BadRequest;
import dev.kindling.platform.Caller;
import dev.kindling.platform.Page;
import dev.kindling.platform.Forbidden;
import dev.kindling.platform.DriverRole;
import dev.kindling.platform.HeldRequests;
import dev.kindling.scheduler.JobPlanning;
import dev.kindling.scheduler.Pools;
import dev.kindling.scheduler.Scheduler;
import dev.kindling.state.JobEntity;
import dev.kindling.state.JobStatus;
import dev.kindling.state.TaskStatus;

/** The public job API: {@code /api/v1/jobs}. */
@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "Jobs", description = "Submit jobs, follow them, read their results")
@DriverRole
class JobController {

	/**
	 * How long a waiting submission waits on its request thread before it lets the thread
	 * go and waits asynchronously: a small job ends within it and is answered without a
	 * second dispatch.
	 */
	static final long SYNC_WAIT_MS = 100;

	private final Scheduler scheduler;

	private final JobPlanning planning;

	/**
	 * Reads and sends a waiting submission's answer (the common pool is one thread per
	 * task on 2 cores).
	 */
	private final Executor answers;

	private final JobQueries queries;

	private final JsonMapper json;

	private final JobLimits limits;

	private final Pools pools;

	private final HeldRequests held;

	JobController(Scheduler scheduler, JobPlanning planning, JobQueries queries, JsonMapper json, JobLimits limits,
			Pools pools, HeldRequests held,
			@Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) Executor answers) {
		this.pools = pools;
		this.answers = answers;
		this.held = held;
		this.scheduler = scheduler;
		this.planning = planning;
		this.queries = queries;
		this.json = json;
		this.limits = limits;
	}

	@PostMapping
	@Operation(summary = "Submit a job",
			description = "A job is a source and a pipeline, or sql over tables (the job's own tables, else the "
					+ "catalog's). Validates and plans the job, stores it and queues its tasks. Answers 202 with the job "
					+ "and its Location. With wait (e.g. 30s) the call waits up to that long and answers 200 with "
					+ "the finished job when it ends in time. With dryRun=true the job is planned and checked "
					+ "but not run. The header Prefer: wait=30 (RFC 7240, seconds) works as ?wait=30s; Prefer: "
					+ "respond-async answers 202 at once (?wait wins over Prefer). A repeated Idempotency-Key returns "
					+ "the job it first created; the same key with another job is a 422 (keys are kept for "
					+ "kindling.limits.idempotency-key-ttl).")
	@ApiResponse(responseCode = "202", description = "Accepted; the job runs")
	@ApiResponse(responseCode = "200", description = "Finished within the wait, or planned (dryRun)")
	@ApiResponse(responseCode = "400", description = "Invalid job: the problem names the field (pointer)",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "401", description = "No valid API key or token",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "403", description = "A viewer may not submit",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "413", description = "The body is over kindling.limits.max-request-size",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "415", description = "The body is not application/json",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "422",
			description = "The Idempotency-Key was used for another job within its time to live",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "429",
			description = "The driver holds kindling.limits.max-active-jobs jobs; "
					+ "retry after the Retry-After seconds",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503",
			description = "The driver's database cannot be reached: the job was not "
					+ "accepted; retry after the Retry-After seconds",
			content = @Content(mediaType = "application/problem+json"))
	Object submit(
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
					examples = {
							@ExampleObject(name = "count", summary = "filter and count (the seed job)",
									value = JobExamples.SEED_JOB),
							@ExampleObject(name = "collect", summary = "filter, compute and collect rows",
									value = JobExamples.COLLECT_JOB),
							@ExampleObject(name = "groupBy", summary = "group, aggregate and sort",
									value = JobExamples.GROUP_JOB),
							@ExampleObject(name = "window",
									summary = "top three per city, running total and share (window functions)",
									value = JobExamples.WINDOW_JOB),
							@ExampleObject(name = "sql", summary = "the same as SQL over a named table (collects)",
									value = JobExamples.SQL_JOB) })) @RequestBody JobSpec spec,
			@Parameter(description = "How long to wait for the result, e.g. 30s or 500ms (at most 10m)",
					example = "30s") @RequestParam(required = false) String wait,
			@Parameter(description = "Plan and validate only") @RequestParam(defaultValue = "false") boolean dryRun,
			@Parameter(
					description = "Makes a retried submission return the first job instead of a duplicate") @RequestHeader(
							name = "Idempotency-Key", required = false) String idempotencyKey,
			@Parameter(description = "RFC 7240: wait=N (seconds, as ?wait) or respond-async (202 at once)",
					example = "wait=30") @RequestHeader(name = "Prefer", required = false) String prefer) {
		if (spec == null) {
			throw BadRequest.of("", "the request body must be a job document");
		}
		Caller caller = Caller.current();
		Duration waitFor = wait != null ? parseWait(wait) : parsePrefer(prefer);
		this.limits.check(spec);
		if (dryRun) {
			return ResponseEntity.ok(planView(this.planning.plan(spec).plan(), null, null));
		}
		if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
			throw BadRequest.parameter("Idempotency-Key", "Idempotency-Key must be 1 to 200 characters");
		}
		this.scheduler.requireDatabase("the job was not accepted");
		String pool = this.pools.poolOf(spec, caller);
		String scopedKey = idempotencyKey == null ? null : JobLimits.scopedKey(caller.name(), idempotencyKey);
		this.limits.admit(scopedKey);
		String id = this.scheduler.submit(spec, this.json.writeValueAsString(spec), scopedKey, caller.name(), pool);
		URI location = URI.create("/api/v1/jobs/" + id);
		if (waitFor.isZero()) {
			return ResponseEntity.accepted().location(location).body(this.queries.job(id));
		}
		CompletableFuture<Void> finished = this.scheduler.whenFinished(id);
		long waited = System.nanoTime();
		if (awaitBriefly(finished, Math.min(waitFor.toMillis(), SYNC_WAIT_MS))) {
			// Ended while this thread waited: the answer goes out now, without an async
			// dispatch through the filters and the dispatcher a second time.
			return answer(id, location);
		}
		long left = waitFor.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waited);
		if (left <= 0) {
			return answer(id, location);
		}
		DeferredResult<ResponseEntity<Object>> response = new DeferredResult<>(waitFor.toMillis() + 30_000);
		// A copy: the scheduler's future is shared by every waiter and must not time out.
		// Async: it completes on the state writer's thread, which must not wait for these
		// reads.
		finished.copy().orTimeout(left, TimeUnit.MILLISECONDS).whenCompleteAsync((ok, timeout) -> {
			response.setResult(answer(id, location));
		}, this.answers);
		// A stopping driver answers now, as if the wait had run out: the job is stored
		// and resumes.
		this.held.hold(response, () -> acceptedWhileStopping(id, location));
		return response;
	}

	/** A waiting submission's answer: 200 with the job when it ended, else 202. */
	private ResponseEntity<Object> answer(String id, URI location) {
		JobView view = this.queries.job(id);
		HttpStatus status = view.status().isFinal() ? HttpStatus.OK : HttpStatus.ACCEPTED;
		return ResponseEntity.status(status).location(location).body(view);
	}

	/**
	 * Waits up to {@code millis} on the request thread for a job that may end at once;
	 * true when it ended. Interrupted (the server stops): false, with the flag kept.
	 */
	private static boolean awaitBriefly(CompletableFuture<Void> finished, long millis) {
		try {
			finished.get(millis, TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * 202 with the job as it stands, or without a body when it cannot be read any more.
	 */
	private ResponseEntity<Object> acceptedWhileStopping(String id, URI location) {
		try {
			return ResponseEntity.accepted().location(location).body(this.queries.job(id));
		}
		catch (DataAccessException ex) {
			return ResponseEntity.accepted().location(location).build();
		}
	}

	/**
	 * A wait: a whole number of ms, s or m (seconds may have a fraction), or of seconds.
	 */
	private static final Pattern WAIT = Pattern.compile("(\\d{1,9})(?:(ms|m)|(?:\\.(\\d{1,3}))?(s)?)");

	private static final Duration MAX_WAIT = Duration.ofMinutes(10);

	/**
	 * Parses {@code ?wait}: {@code 30s}, {@code 1.5s}, {@code 500ms}, {@code 2m} or a
	 * number of seconds, at most ten minutes. Digits are bounded before any arithmetic,
	 * so no value overflows.
	 */
	static Duration parseWait(String wait) {
		if (wait == null || wait.isBlank()) {
			return Duration.ZERO;
		}
		Matcher m = WAIT.matcher(wait.trim().toLowerCase(java.util.Locale.ROOT));
		if (!m.matches()) {
			if (wait.trim().matches("\\d{10,}(ms|s|m)?")) {
				throw BadRequest.parameter("wait", "wait must be between 0 and 10m, got '" + shorten(wait) + "'");
			}
			throw BadRequest.parameter("wait",
					"wait must be a duration such as 30s, 500ms or 2m, got '" + shorten(wait) + "'");
		}
		long whole = Long.parseLong(m.group(1));
		Duration d;
		if ("ms".equals(m.group(2))) {
			d = Duration.ofMillis(whole);
		}
		else if ("m".equals(m.group(2))) {
			d = Duration.ofMinutes(whole);
		}
		else {
			String fraction = m.group(3) == null ? "0" : (m.group(3) + "00").substring(0, 3);
			d = Duration.ofSeconds(whole).plusMillis(Long.parseLong(fraction));
		}
		if (d.compareTo(MAX_WAIT) > 0) {
			throw BadRequest.parameter("wait", "wait must be between 0 and 10m, got '" + shorten(wait) + "'");
		}
		return d;
	}

	/**
	 * The wait a {@code Prefer} header asks for (RFC 7240): {@code wait=N} seconds (at
	 * most ten minutes); {@code respond-async} alone is no wait. Other preferences are
	 * ignored, as the RFC says.
	 */
	static Duration parsePrefer(String prefer) {
		if (prefer == null) {
			return Duration.ZERO;
		}
		Duration waitFor = Duration.ZERO;
		for (String token : prefer.split(",")) {
			String t = token.trim().toLowerCase(java.util.Locale.ROOT);
			int semicolon = t.indexOf(';');
			t = semicolon < 0 ? t : t.substring(0, semicolon).trim();
			if (t.startsWith("wait=")) {
				String seconds = t.substring(5).trim();
				if (!seconds.matches("\\d{1,9}") || Long.parseLong(seconds) > MAX_WAIT.toSeconds()) {
					throw BadRequest.parameter("Prefer",
							"Prefer: wait must be a number of seconds from 0 to 600, got '" + shorten(seconds) + "'");
				}
				waitFor = Duration.ofSeconds(Long.parseLong(seconds));
			}
		}
		return waitFor;
	}

	private static String shorten(String value) {
		return value.length() > 40 ? value.substring(0, 40) + "..." : value;
	}

	@GetMapping
	@Operation(summary = "List jobs", description = "Newest first, optionally only those with one status; "
			+ "a submitter lists only its own jobs. Paged: page from 0, size 1 to 1000 (default 20).")
	Page<JobView> list(@RequestParam(required = false) JobStatus status, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		Page.check(page, size);
		return this.queries.list(status, page, size, Caller.current());
	}

	@GetMapping("/{id}")
	@Operation(summary = "Get a job",
			description = "Status, timestamps, progress per stage, result when done, " + "error when failed.")
	JobView get(@PathVariable String id) {
		return this.queries.job(id, Caller.current());
	}

	@GetMapping("/{id}/result")
	@Operation(summary = "Get a job's result", description = "The result alone; collected rows are paginated "
			+ "with offset and limit. 409 while the job has not succeeded.")
	Object result(@PathVariable String id, @RequestParam(defaultValue = "0") int offset,
			@RequestParam(defaultValue = "1000") int limit) {
		if (offset < 0) {
			throw BadRequest.parameter("offset", "offset must be 0 or more");
		}
		if (limit < 1 || limit > 100_000) {
			throw BadRequest.parameter("limit", "limit must be between 1 and 100000");
		}
		JobEntity job = this.queries.entity(id, Caller.current());
		if (job.getStatus() != JobStatus.SUCCEEDED) {
			String why = job.getStatus() == JobStatus.FAILED ? "the job failed: " + job.getErrorMessage()
					: "the job is " + job.getStatus() + "; a result exists once it has SUCCEEDED";
			throw JobStateConflict.of(id, job.getStatus(), why);
		}
		Object result = this.queries.result(job);
		if (result instanceof Map<?, ?> map && map.get("rows") instanceof List<?> rows) {
			Map<String, Object> page = new LinkedHashMap<>();
			map.forEach((k, v) -> page.put(String.valueOf(k), v));
			int from = Math.min(offset, rows.size());
			int to = (int) Math.min((long) from + limit, rows.size());
			page.put("rows", rows.subList(from, to));
			page.put("offset", offset);
			page.put("limit", limit);
			page.put("totalRows", rows.size());
			return page;
		}
		return result;
	}

	@GetMapping("/{id}/plan")
	@Operation(summary = "Get a job's plan",
			description = "The logical, optimized and physical plan the job ran with (stages, shuffles and the "
					+ "optimizations applied), as text and JSON: planned again from the schemas, splits and "
					+ "settings stored when it was accepted, never from its files as they are now; "
					+ "`adaptive` lists what adaptive execution changed while it ran (partitions coalesced, "
					+ "skewed join partitions split, shuffled joins converted to broadcast joins), one line each.")
	Map<String, Object> plan(@PathVariable String id) {
		PlannedJob plan = this.scheduler.storedPlan(this.queries.entity(id, Caller.current()));
		return planView(plan, id, this.queries.adaptiveChanges(id));
	}

	/**
	 * @param adaptive what adaptive execution changed while the job ran (null for a plan
	 * that did not run)
	 */
	private static Map<String, Object> planView(PlannedJob plan, String id, List<String> adaptive) {
		Map<String, Object> out = new LinkedHashMap<>();
		if (id != null) {
			out.put("jobId", id);
		}
		out.put("optimizations", plan.optimizations());
		if (adaptive != null) {
			out.put("adaptive", adaptive);
		}
		out.put("logical", PlanPrinter.text(plan.logical()));
		out.put("optimized", PlanPrinter.text(plan.optimized()));
		out.put("physical", PlanPrinter.text(plan.stages()));
		Map<String, Object> tree = new LinkedHashMap<>();
		tree.put("logical", PlanPrinter.json(plan.logical()));
		tree.put("optimized", PlanPrinter.json(plan.optimized()));
		tree.put("stages", PlanPrinter.json(plan.stages()));
		out.put("json", tree);
		return out;
	}

	@GetMapping("/{id}/stages")
	@Operation(summary = "List a job's stages",
			description = "Each stage with its status and task counts, paged (page, size: default 100).")
	Page<StageView> stages(@PathVariable String id, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "100") int size) {
		Page.check(page, size);
		return Page.of(this.queries.stages(id, Caller.current()), page, size);
	}

	@GetMapping("/{id}/stages/{stageId}")
	@Operation(summary = "Get a stage",
			description = "Its status, task counts, shuffle bytes, spills (summed over its attempts) and plan.")
	StageView stage(@PathVariable String id, @PathVariable int stageId) {
		return this.queries.stage(id, stageId, Caller.current());
	}

	@GetMapping("/{id}/stages/{stageId}/tasks")
	@Operation(summary = "List a stage's task attempts",
			description = "Every attempt with its executor, timings, rows and bytes, spills to local disk, and "
					+ "error; by partition and attempt, paged (page, size: default 100).")
	Page<TaskView> tasks(@PathVariable String id, @PathVariable int stageId, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "100") int size) {
		Page.check(page, size);
		return Page.of(this.queries.tasks(id, stageId, Caller.current()), page, size);
	}

	@GetMapping("/{id}/stages/{stageId}/tasks/{attemptId}")
	@Operation(summary = "Get a task attempt",
			description = "Its executor, timings, rows and bytes, spills to local disk, error and, for an "
					+ "unexpected exception, its class and the frames inside Kindling (errorDetail).")
	TaskView task(@PathVariable String id, @PathVariable int stageId, @PathVariable String attemptId) {
		return this.queries.task(id, stageId, attemptId, Caller.current());
	}

	@GetMapping("/{id}/stages/{stageId}/tasks/{attemptId}/log")
	@Operation(summary = "Read a task attempt's log",
			description = "What the attempt logged on its executor (its own lines; an exception as its class, its "
					+ "first frame and the frames inside Kindling), stored with its report, so it is readable after "
					+ "the executor has gone. Lines from 'from' (default: the last 'size'), at most 'size' "
					+ "(1 to 1000, default 100), as Livy's batch log. Empty while the attempt runs.")
	JobViews.TaskLogView taskLog(@PathVariable String id, @PathVariable int stageId, @PathVariable String attemptId,
			@RequestParam(required = false) Integer from, @RequestParam(defaultValue = "100") int size) {
		if (from != null && from < 0) {
			throw BadRequest.parameter("from", "from must be 0 or more");
		}
		if (size < 1 || size > 1000) {
			throw BadRequest.parameter("size", "size must be between 1 and 1000");
		}
		return this.queries.taskLog(id, stageId, attemptId, from, size, Caller.current());
	}

	@GetMapping("/{id}/tasks")
	@Operation(summary = "List a job's task attempts",
			description = "Every attempt of every stage, in stage and partition order; with status (repeatable, "
					+ "e.g. status=FAILED&status=LOST) only those: each failed attempt with its error. Paged "
					+ "(page, size: default 100).")
	Page<TaskView> attempts(@PathVariable String id, @RequestParam(required = false) List<TaskStatus> status,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "100") int size) {
		Page.check(page, size);
		return Page.of(this.queries.attempts(id, status, Caller.current()), page, size);
	}

	@GetMapping(path = "/{id}/events", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "List a job's events",
			description = "Retries, lost executors, resubmitted stages; oldest first, paged (page, size: default "
					+ "100). With Accept: text/event-stream the job's live stream instead (see the Live tag).")
	Page<EventView> events(@PathVariable String id, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "100") int size) {
		Page.check(page, size);
		return Page.of(this.queries.events(id, Caller.current()), page, size);
	}

	@PostMapping("/{id}/cancel")
	@Operation(summary = "Cancel a job",
			description = "Running tasks are killed on their executors; the job is CANCELLED once they confirm. "
					+ "Cancelling again is harmless; cancelling a finished job answers 409 with its state.")
	@ApiResponse(responseCode = "202", description = "Cancelling or cancelled")
	@ApiResponse(responseCode = "403", description = "A viewer may not cancel; a submitter only its own jobs",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "409", description = "The job had already finished",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503",
			description = "The driver's database cannot be reached: the cancel "
					+ "applies but is not stored yet; repeat it after the Retry-After seconds",
			content = @Content(mediaType = "application/problem+json"))
	ResponseEntity<JobView> cancel(@PathVariable String id) {
		Caller caller = Caller.current();
		JobEntity job = this.queries.entity(id, caller);
		if (!caller.mayCancel(job.getOwner())) {
			throw Forbidden.of("principal '" + caller.name() + "' may not cancel job '" + id + "' of principal '"
					+ job.getOwner() + "': only its owner or an admin may");
		}
		JobStatus status = this.scheduler.cancel(id);
		if (status == null) {
			status = this.queries.entity(id).getStatus();
		}
		if (status == JobStatus.CANCELLED || status == JobStatus.CANCELLING) {
			return ResponseEntity.accepted().body(this.queries.job(id));
		}
		throw JobStateConflict.of(id, status,
				"job '" + id + "' already finished as " + status + "; it cannot be cancelled");
	}

}
