package dev.kindling.platform;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kindling.testsupport.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API as a client developer meets it (issue 15, point 5), over real HTTP: every list
 * answers the same paged envelope and takes {@code page} and {@code size} the same way;
 * every item of a list is fetchable on its own; PUT answers 201 then 200; an
 * Idempotency-Key reused with another job is a 422 and is released after its time to
 * live; cancelling a finished job is a 409 naming its state; {@code Prefer} works as
 * {@code ?wait}; every problem has a type; several mistakes come back together in
 * {@code errors[]}. Every (endpoint, status) seen is then looked up in
 * {@code /v3/api-docs}, which must list it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:contract;DB_CLOSE_DELAY=-1", "kindling.local.executors=1",
				"kindling.executor.slots=2", "kindling.security.api-key=" + ApiContractTest.KEY,
				"kindling.limits.idempotency-key-ttl=3s", "kindling.scheduler.mode=fair",
				"kindling.scheduler.pools.etl.weight=2" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiContractTest {

	static final String KEY = "contract-4b7e1c9a0d2f5e8361a7";

	static final String PROBLEMS = "https://kindling.dev/problems/";

	static final Path ROOT = root();

	private static final String TABLE = """
			{"format": "csv", "path": "people.csv", "header": true, "schema": "name STRING, age INT"}""";

	private static final String COUNT = """
			{"name":"adults","source":{"format":"csv","path":"people.csv","header":true,"inferSchema":true},
			 "pipeline":[{"op":"filter","condition":"age > 30"}],"action":{"type":"count"}}""";

	private static final String CACHED = """
			{"name":"cached","source":{"format":"csv","path":"people.csv","header":true,"inferSchema":true},
			 "pipeline":[{"op":"filter","condition":"age > 20"},{"op":"cache"}],"action":{"type":"count"}}""";

	@LocalServerPort
	int port;

	/** Each endpoint (method and path template) with the statuses it answered. */
	private final Map<String, Set<Integer>> seen = new LinkedHashMap<>();

	private String job;

	/** Runs for seconds: 2,000,000 rows grouped by a key that is different in each. */
	private static final String SLOW = """
			{"name":"slow","source":{"format":"csv","path":"many.csv","header":true,"schema":"n INT, g STRING"},
			 "pipeline":[{"op":"groupBy","keys":["n"],"aggregations":["count(*) AS c"]}],"action":{"type":"count"}}""";

	private static Path root() {
		try {
			Path root = Files.createTempDirectory("kindling-contract");
			try (var many = Files.newBufferedWriter(root.resolve("many.csv"))) {
				many.write("n,g\n");
				for (int i = 0; i < 2_000_000; i++) {
					many.write(i + ",g" + (i % 7) + "\n");
				}
			}
			return root;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@DynamicPropertySource
	static void dataRoot(DynamicPropertyRegistry registry) {
		registry.add("kindling.data.root", ROOT::toString);
	}

	/**
	 * Calls {@code path} (the template with its values) and records the status; every
	 * problem answer has a Kindling type.
	 */
	private Http.Response call(String method, String template, String path, String body, String... headers) {
		Map<String, String> h = new LinkedHashMap<>();
		h.put("X-API-Key", KEY);
		for (int i = 0; i + 1 < headers.length; i += 2) {
			h.put(headers[i], headers[i + 1]);
		}
		if (body != null && !h.containsKey("Content-Type")) {
			h.put("Content-Type", method.equals("PUT") ? "text/csv" : "application/json");
		}
		h.values().removeIf((v) -> v == null);
		Http.Response r = new Http(this.port).send(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8), h);
		this.seen.computeIfAbsent(method + " " + template, (k) -> new LinkedHashSet<>()).add(r.status());
		if (r.status() >= 400) {
			assertThat(r.contentType()).as(r.text()).startsWith("application/problem+json");
			assertThat(r.text("/type")).as(r.text()).startsWith(PROBLEMS);
			assertThat(r.text("/detail")).as(r.text()).isNotBlank();
		}
		return r;
	}

	private Http.Response get(String template, String path) {
		return call("GET", template, path, null);
	}

	private static void assertProblem(Http.Response r, int status, String type) {
		assertThat(r.status()).as(r.text()).isEqualTo(status);
		assertThat(r.text("/type")).as(r.text()).isEqualTo(PROBLEMS + type);
	}

	@BeforeAll
	void aDatasetAndTwoFinishedJobs() {
		Http.Response created = call("PUT", "/api/v1/datasets/{name}", "/api/v1/datasets/people.csv",
				"name,age\nann,31\nbob,25\ncid,47\n");
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		Http.Response table = call("PUT", "/api/v1/tables/{name}", "/api/v1/tables/people", TABLE, "Content-Type",
				"application/json");
		assertThat(table.status()).as(table.text()).isEqualTo(201);
		Http.Response first = call("POST", "/api/v1/jobs", "/api/v1/jobs?wait=30s", CACHED);
		assertThat(first.status()).as(first.text()).isEqualTo(200);
		Http.Response second = call("POST", "/api/v1/jobs", "/api/v1/jobs?wait=30s", COUNT);
		assertThat(second.status()).as(second.text()).isEqualTo(200);
		assertThat(second.text("/status")).isEqualTo("SUCCEEDED");
		this.job = second.text("/id");
	}

	@AfterAll
	void cleanUp() throws IOException {
		try (var files = Files.walk(ROOT)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
	}

	/** The lists, each with the template of one of its items and the item's key field. */
	private List<String[]> lists() {
		String j = "/api/v1/jobs/" + this.job;
		return List.of(new String[] { "/api/v1/jobs", "/api/v1/jobs", "/api/v1/jobs/{id}", "/api/v1/jobs/", "id" },
				new String[] { "/api/v1/jobs/{id}/stages", j + "/stages", "/api/v1/jobs/{id}/stages/{stageId}",
						j + "/stages/", "id" },
				new String[] { "/api/v1/jobs/{id}/stages/{stageId}/tasks", j + "/stages/0/tasks",
						"/api/v1/jobs/{id}/stages/{stageId}/tasks/{attemptId}", j + "/stages/0/tasks/", "id" },
				new String[] { "/api/v1/jobs/{id}/events", j + "/events", null, null, "id" },
				new String[] { "/api/v1/events", "/api/v1/events", null, null, "id" },
				new String[] { "/api/v1/executors", "/api/v1/executors", "/api/v1/executors/{id}", "/api/v1/executors/",
						"id" },
				new String[] { "/api/v1/datasets", "/api/v1/datasets", "/api/v1/datasets/{name}", "/api/v1/datasets/",
						"name" },
				new String[] { "/api/v1/cache", "/api/v1/cache", "/api/v1/cache/{key}", "/api/v1/cache/", "key" },
				new String[] { "/api/v1/pools", "/api/v1/pools", "/api/v1/pools/{name}", "/api/v1/pools/", "name" },
				new String[] { "/api/v1/tables", "/api/v1/tables", "/api/v1/tables/{name}", "/api/v1/tables/",
						"name" });
	}

	@Test
	@Order(1)
	void everyListAnswersTheSamePagedEnvelopeAndEachItemIsFetchable() {
		for (String[] list : lists()) {
			String template = list[0];
			Http.Response all = get(template, list[1]);
			assertThat(all.status()).as(list[1] + ": " + all.text()).isEqualTo(200);
			JsonNode body = all.json();
			assertThat(body.propertyNames()).as(list[1])
				.containsExactly("items", "page", "size", "totalItems", "totalPages");
			long total = body.path("totalItems").asLong();
			assertThat(body.path("items").size()).as(list[1]).isEqualTo((int) Math.min(total, 100));
			assertThat(body.path("page").asInt()).isZero();
			assertThat(body.path("totalPages").asLong()).isEqualTo((total + 99) / 100);
			if (list[2] != null) {
				assertThat(total).as(list[1] + " has something to list").isPositive();
			}

			// Page by page at size 1: one item each, the same items, then an empty page.
			List<String> keys = new ArrayList<>();
			for (int page = 0; page < total; page++) {
				Http.Response one = get(template, list[1] + "?page=" + page + "&size=1");
				assertThat(one.at("/items").size()).as(list[1] + " page " + page).isOne();
				assertThat(one.at("/totalPages").asLong()).isEqualTo(total);
				assertThat(one.at("/size").asInt()).isOne();
				keys.add(one.at("/items/0/" + list[4]).asString());
			}
			List<String> whole = new ArrayList<>();
			body.path("items").forEach((i) -> whole.add(i.path(list[4]).asString()));
			assertThat(keys).as(list[1]).isEqualTo(whole);
			assertThat(get(template, list[1] + "?page=" + total + "&size=1").at("/items").size()).isZero();

			// Both paging mistakes at once.
			Http.Response bad = get(template, list[1] + "?page=-1&size=0");
			assertProblem(bad, 400, "invalid-parameter");
			assertThat(bad.at("/errors").size()).as(bad.text()).isEqualTo(2);
			assertThat(bad.at("/errors/0/parameter").asString()).isEqualTo("page");
			assertThat(bad.at("/errors/1/parameter").asString()).isEqualTo("size");
			assertProblem(get(template, list[1] + "?size=1001"), 400, "invalid-parameter");

			if (list[2] != null) {
				String key = whole.get(0);
				Http.Response item = get(list[2], list[3] + key);
				assertThat(item.status()).as(list[3] + key + ": " + item.text()).isEqualTo(200);
				assertThat(item.at("/" + list[4]).asString()).isEqualTo(key);
				String unknown = list[2].endsWith("{stageId}") ? "99"
						: list[2].startsWith("/api/v1/tables") ? "no_such_table" : "no-such-thing";
				Http.Response missing = get(list[2], list[3] + unknown);
				assertThat(missing.status()).as(missing.text()).isEqualTo(404);
			}
		}
	}

	@Test
	@Order(2)
	void putAnswers201WhenItCreatesAnd200WhenItReplaces() {
		Http.Response replaced = call("PUT", "/api/v1/datasets/{name}", "/api/v1/datasets/people.csv",
				"name,age\nann,31\nbob,25\ncid,47\n");
		assertThat(replaced.status()).as(replaced.text()).isEqualTo(200);
		assertThat(replaced.text("/name")).isEqualTo("people.csv");
		Http.Response created = call("PUT", "/api/v1/datasets/{name}", "/api/v1/datasets/more/people.csv",
				"name,age\nann,31\n");
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		assertThat(get("/api/v1/datasets/{name}", "/api/v1/datasets/more/people.csv").text("/name"))
			.isEqualTo("more/people.csv");
		Http.Response table = call("PUT", "/api/v1/tables/{name}", "/api/v1/tables/people", TABLE, "Content-Type",
				"application/json");
		assertThat(table.status()).as(table.text()).isEqualTo(200);
	}

	@Test
	@Order(3)
	void anIdempotencyKeyReusedWithAnotherJobIs422UntilItExpires() {
		String key = "contract-" + System.nanoTime();
		Http.Response first = call("POST", "/api/v1/jobs", "/api/v1/jobs", COUNT, "Idempotency-Key", key);
		assertThat(first.status()).as(first.text()).isEqualTo(202);
		Http.Response again = call("POST", "/api/v1/jobs", "/api/v1/jobs", COUNT.replace("\n", " "), "Idempotency-Key",
				key);
		assertThat(again.text("/id")).as("the same job, however it is spaced").isEqualTo(first.text("/id"));
		String other = COUNT.replace("age > 30", "age > 40");
		Http.Response reused = call("POST", "/api/v1/jobs", "/api/v1/jobs", other, "Idempotency-Key", key);
		assertProblem(reused, 422, "idempotency-key-reused");
		assertThat(reused.text("/jobId")).isEqualTo(first.text("/id"));
		// The key lives 3 s (kindling.limits.idempotency-key-ttl); then it names a new
		// job.
		Instant deadline = Instant.now().plusSeconds(30);
		Http.Response later = reused;
		while (later.status() == 422 && Instant.now().isBefore(deadline)) {
			pause();
			later = call("POST", "/api/v1/jobs", "/api/v1/jobs", other, "Idempotency-Key", key);
		}
		assertThat(later.status()).as(later.text()).isEqualTo(202);
		assertThat(later.text("/id")).isNotEqualTo(first.text("/id"));
	}

	private static void pause() {
		try {
			Thread.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	@Order(4)
	void cancellingAFinishedJobIsAConflictNamingItsState() {
		Http.Response cancel = call("POST", "/api/v1/jobs/{id}/cancel", "/api/v1/jobs/" + this.job + "/cancel", null);
		assertProblem(cancel, 409, "job-state");
		assertThat(cancel.text("/detail")).contains("SUCCEEDED");
	}

	@Test
	@Order(5)
	void preferWaitWorksLikeTheWaitParameterAndRespondAsyncAnswersAtOnce() {
		Http.Response waited = call("POST", "/api/v1/jobs", "/api/v1/jobs", COUNT, "Prefer", "wait=30");
		assertThat(waited.status()).as(waited.text()).isEqualTo(200);
		assertThat(waited.text("/status")).isEqualTo("SUCCEEDED");
		Http.Response async = call("POST", "/api/v1/jobs", "/api/v1/jobs", COUNT, "Prefer", "respond-async");
		assertThat(async.status()).as(async.text()).isEqualTo(202);
		assertThat(async.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + async.text("/id"));
		assertProblem(call("POST", "/api/v1/jobs", "/api/v1/jobs", COUNT, "Prefer", "wait=forever"), 400,
				"invalid-parameter");
	}

	@Test
	@Order(5)
	void aWaitThatRunsOutAnswers202WithTheRunningJobAndAJobThatEndsWithinItsWait200() {
		// shorter than the time a submission waits on its request thread, then longer
		for (int waitMs : new int[] { 50, 400 }) {
			long t0 = System.nanoTime();
			Http.Response running = call("POST", "/api/v1/jobs", "/api/v1/jobs?wait=" + waitMs + "ms", SLOW);
			long tookMs = (System.nanoTime() - t0) / 1_000_000;
			assertThat(running.status()).as(running.text()).isEqualTo(202);
			assertThat(running.text("/status")).isIn("QUEUED", "RUNNING");
			assertThat(running.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + running.text("/id"));
			assertThat(tookMs).as("answered once its wait ran out").isGreaterThanOrEqualTo(waitMs);
			Http.Response cancel = call("POST", "/api/v1/jobs/{id}/cancel",
					"/api/v1/jobs/" + running.text("/id") + "/cancel", null);
			assertThat(cancel.status()).as(cancel.text()).isIn(200, 202);
		}
		Http.Response ended = call("POST", "/api/v1/jobs", "/api/v1/jobs?wait=120s", SLOW);
		assertThat(ended.status()).as(ended.text()).isEqualTo(200);
		assertThat(ended.text("/status")).isEqualTo("SUCCEEDED");
		assertThat(ended.text("/result/count")).isEqualTo("2000000");
	}

	@Test
	@Order(6)
	void aJobWithSeveralMistakesReportsThemAll() {
		String job = """
				{"source":{"format":"csv","path":"people.csv","header":true,"inferSchema":true},
				 "pipeline":[{"op":"filter","condition":"age >"},{"op":"select","columns":["name","(("]},
				             {"op":"filter","condition":"age > 1"}],
				 "action":{"type":"count"}}""";
		Http.Response r = call("POST", "/api/v1/jobs", "/api/v1/jobs", job);
		assertProblem(r, 400, "invalid-job");
		assertThat(r.text("/pointer")).isEqualTo("/pipeline/0/condition");
		List<String> pointers = new ArrayList<>();
		r.at("/errors").forEach((e) -> pointers.add(e.path("pointer").asString()));
		assertThat(pointers).containsExactly("/pipeline/0/condition", "/pipeline/1/columns/1");
		r.at("/errors").forEach((e) -> assertThat(e.path("detail").asString()).isNotBlank());

		Http.Response one = call("POST", "/api/v1/jobs", "/api/v1/jobs", COUNT.replace("age > 30", "nope > 30"));
		assertProblem(one, 400, "invalid-job");
		assertThat(one.at("/errors").size()).as("a single mistake is listed too").isOne();
	}

	@Test
	@Order(7)
	void springsOwnRefusalsAndUnknownIdsHaveATypeToo() {
		assertProblem(call("PUT", "/api/v1/jobs", "/api/v1/jobs", "{}", "Content-Type", "application/json"), 405,
				"method-not-allowed");
		assertProblem(call("POST", "/api/v1/jobs", "/api/v1/jobs", COUNT, "Content-Type", "text/plain"), 415,
				"unsupported-media-type");
		assertProblem(get("/api/v1/nothing", "/api/v1/nothing"), 404, "not-found");
		assertProblem(get("/api/v1/jobs/{id}", "/api/v1/jobs/no-such-job"), 404, "job-not-found");
		assertProblem(get("/api/v1/jobs/{id}/stages/{stageId}/tasks/{attemptId}/log",
				"/api/v1/jobs/" + this.job + "/stages/0/tasks/no-such-attempt/log"), 404, "task-not-found");
		Http.Response anonymous = new Http(this.port).get("/api/v1/jobs");
		assertProblem(anonymous, 401, "unauthorized");
		this.seen.computeIfAbsent("GET /api/v1/jobs", (k) -> new LinkedHashSet<>()).add(401);
		String log = "/api/v1/jobs/" + this.job + "/stages/0/tasks/";
		String attempt = get("/api/v1/jobs/{id}/stages/{stageId}/tasks", log.substring(0, log.length() - 1))
			.at("/items/0/id")
			.asString();
		assertThat(get("/api/v1/jobs/{id}/stages/{stageId}/tasks/{attemptId}/log", log + attempt + "/log").status())
			.isEqualTo(200);
		Http.Response deleted = call("DELETE", "/api/v1/cache/{key}", "/api/v1/cache/no-such-key", null);
		assertProblem(deleted, 404, "cache-entry-not-found");
	}

	@Test
	@Order(8)
	void theOpenApiDocumentListsEveryStatusEachEndpointGave() {
		Http.Response docs = new Http(this.port).get("/v3/api-docs", "X-API-Key", KEY);
		assertThat(docs.status()).as(docs.text()).isEqualTo(200);
		JsonNode paths = docs.json().path("paths");
		assertThat(this.seen).hasSizeGreaterThan(15);
		List<String> missing = new ArrayList<>();
		this.seen.forEach((endpoint, statuses) -> {
			String method = endpoint.substring(0, endpoint.indexOf(' ')).toLowerCase(java.util.Locale.ROOT);
			String template = endpoint.substring(endpoint.indexOf(' ') + 1);
			JsonNode operation = paths.path(template).path(method);
			for (int status : statuses) {
				boolean unknownPath = status == 404 && template.equals("/api/v1/nothing");
				boolean wrongMethod = status == 405;
				if (!unknownPath && !wrongMethod
						&& operation.path("responses").path(String.valueOf(status)).isMissingNode()) {
					missing.add(endpoint + " " + status);
				}
			}
		});
		assertThat(missing).as("statuses answered but not in /v3/api-docs").isEmpty();
		// A task's and a stage's spills to local disk are named in their schemas (issue
		// 17).
		JsonNode schemas = docs.json().path("components").path("schemas");
		for (String schema : List.of("TaskView", "StageView")) {
			assertThat(schemas.path(schema).path("properties").propertyNames()).as(schema)
				.contains("spills", "spillBytes");
			assertThat(schemas.path(schema).path("properties").path("spillBytes").path("type").asString())
				.isEqualTo("integer");
		}
		// Every operation of the API lists the problems any of them can give.
		paths.properties().forEach((path) -> {
			if (path.getKey().startsWith("/api/v1/")) {
				path.getValue()
					.properties()
					.forEach((op) -> assertThat(op.getValue().path("responses").has("401"))
						.as(op.getKey() + " " + path.getKey())
						.isTrue());
			}
		});
	}

}
