package dev.kindling.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kindling.testsupport.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four principals over real HTTP (issue 15): a viewer sees every job and changes nothing;
 * two submitters each see, read and cancel only their own jobs (the other's answer 404,
 * so ids do not leak); an admin does everything, datasets and the cache included. Keys
 * are configured as SHA-256 hashes, and no key reaches the log or the database in clear.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:principals;DB_CLOSE_DELAY=-1", "kindling.local.executors=1",
				"kindling.executor.slots=2", "kindling.security.principals[0].name=vera",
				"kindling.security.principals[0].key-hash=" + PrincipalsAndRolesTest.VIEWER_HASH,
				"kindling.security.principals[0].roles=viewer", "kindling.security.principals[1].name=sam",
				"kindling.security.principals[1].key-hash=sha256:" + PrincipalsAndRolesTest.SAM_HASH,
				"kindling.security.principals[1].roles=submitter", "kindling.security.principals[2].name=sue",
				"kindling.security.principals[2].key-hash=" + PrincipalsAndRolesTest.SUE_HASH,
				"kindling.security.principals[2].roles=submitter", "kindling.security.principals[2].pool=etl",
				"kindling.scheduler.mode=fair", "kindling.scheduler.pools.etl.weight=3",
				"kindling.scheduler.pools.etl.min-share=1", "kindling.security.principals[3].name=ada",
				"kindling.security.principals[3].key-hash=" + PrincipalsAndRolesTest.ADMIN_HASH,
				"kindling.security.principals[3].roles=admin", "logging.level.org.springframework.security=DEBUG",
				"logging.level.dev.kindling=DEBUG" })
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrincipalsAndRolesTest {

	static final String VIEWER_KEY = "vk-4f1d0b8e2a7c6935e1d4";

	static final String SAM_KEY = "sk-93b1e6a07f2d4c58b9e3";

	static final String SUE_KEY = "sk-2c7a9e5d1b3f8064a2c9";

	static final String ADMIN_KEY = "ak-6e0f3a9c2d7b1e5480f6";

	// printf '%s' "$KEY" | sha256sum
	static final String VIEWER_HASH = "cd5c9082c697de82ed3e6da47357b8a9d8c8e6f0ce5907d02fc87d6d3f23e487";

	static final String SAM_HASH = "3db8fff8801956535fbfa4973f577d411a48948cdd4362d5e8c72b635eec3e12";

	static final String SUE_HASH = "B3837B815B964093CC028770BDA6C040AC227A6D1053672DBAB2475068A36978";

	static final String ADMIN_HASH = "700087c6bb9718aae5474edd9583da50dcc51b634f0e63a824cd4d00866540b3";

	static final Path ROOT = root();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	private String samsJob;

	private String suesJob;

	private static Path root() {
		try {
			Path root = Files.createTempDirectory("kindling-principals");
			Files.writeString(root.resolve("people.csv"), "name,age\nann,31\nbob,25\ncid,47\n");
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

	private Http http() {
		return new Http(this.port);
	}

	private Http.Response as(String key, String method, String path, String body) {
		Http http = http();
		return switch (method) {
			case "GET" -> http.get(path, "X-API-Key", key);
			case "POST" -> http.post(path, body == null ? "" : body, "X-API-Key", key);
			case "PUT" -> http.put(path, body.getBytes(StandardCharsets.UTF_8), "X-API-Key", key);
			default -> http.send(method, path, java.net.http.HttpRequest.BodyPublishers.noBody(),
					java.util.Map.of("X-API-Key", key));
		};
	}

	private static final String COUNT = """
			{"name":"adults","source":{"format":"csv","path":"people.csv","header":true,"inferSchema":true},
			 "pipeline":[{"op":"filter","condition":"age > 30"}],"action":{"type":"count"}}""";

	@BeforeAll
	void eachSubmitterRunsAJob() {
		Http.Response sam = as(SAM_KEY, "POST", "/api/v1/jobs?wait=30s", COUNT);
		assertThat(sam.status()).as(sam.text()).isEqualTo(200);
		assertThat(sam.text("/owner")).isEqualTo("sam");
		assertThat(sam.text("/pool")).isEqualTo("default");
		this.samsJob = sam.text("/id");
		Http.Response sue = as(SUE_KEY, "POST", "/api/v1/jobs?wait=30s", COUNT);
		assertThat(sue.status()).as(sue.text()).isEqualTo(200);
		assertThat(sue.text("/pool")).as("her principal's pool").isEqualTo("etl");
		this.suesJob = sue.text("/id");
	}

	private List<String> listedIds(String key) {
		Http.Response r = as(key, "GET", "/api/v1/jobs?size=100", null);
		assertThat(r.status()).as(r.text()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		r.at("/items").forEach((j) -> ids.add(j.get("id").asString()));
		return ids;
	}

	@Test
	void aSubmitterListsOnlyItsOwnJobsAViewerAndAnAdminListEveryJob() {
		assertThat(listedIds(SAM_KEY)).contains(this.samsJob).doesNotContain(this.suesJob);
		assertThat(listedIds(SUE_KEY)).containsExactly(this.suesJob);
		assertThat(listedIds(VIEWER_KEY)).contains(this.samsJob, this.suesJob);
		assertThat(listedIds(ADMIN_KEY)).contains(this.samsJob, this.suesJob);
	}

	@Test
	void anotherSubmittersJobIsNotFoundWhateverIsAskedOfIt() {
		for (String path : List.of("", "/result", "/plan", "/stages", "/stages/0", "/events", "/stages/0/tasks",
				"/stages/0/tasks/x", "/stages/0/tasks/x/log")) {
			Http.Response r = as(SUE_KEY, "GET", "/api/v1/jobs/" + this.samsJob + path, null);
			assertProblem(r, 404, "job-not-found");
		}
		assertProblem(as(SUE_KEY, "POST", "/api/v1/jobs/" + this.samsJob + "/cancel", null), 404, "job-not-found");
		assertThat(as(SAM_KEY, "GET", "/api/v1/jobs/" + this.samsJob + "/result", null).text("/count")).isEqualTo("2");
	}

	@Test
	void aViewerReadsEveryJobButSubmitsAndCancelsNothing() {
		assertThat(as(VIEWER_KEY, "GET", "/api/v1/jobs/" + this.samsJob, null).status()).isEqualTo(200);
		assertThat(as(VIEWER_KEY, "GET", "/api/v1/jobs/" + this.suesJob + "/result", null).text("/count"))
			.isEqualTo("2");
		assertProblem(as(VIEWER_KEY, "POST", "/api/v1/jobs", COUNT), 403, "forbidden");
		Http.Response cancel = as(VIEWER_KEY, "POST", "/api/v1/jobs/" + this.samsJob + "/cancel", null);
		assertProblem(cancel, 403, "forbidden");
		assertThat(cancel.text("/detail")).contains("vera").contains("viewer");
	}

	@Test
	void theOwnerAndAnAdminMayCancelAndAFinishedJobIsAConflictNamingItsState() {
		Http.Response own = as(SAM_KEY, "POST", "/api/v1/jobs/" + this.samsJob + "/cancel", null);
		assertProblem(own, 409, "job-state");
		assertThat(own.text("/detail")).contains("SUCCEEDED");
		assertProblem(as(ADMIN_KEY, "POST", "/api/v1/jobs/" + this.samsJob + "/cancel", null), 409, "job-state");
	}

	@Test
	void onlyAnAdminWritesDatasetsAndTheCache() {
		for (String key : List.of(VIEWER_KEY, SAM_KEY)) {
			assertProblem(as(key, "PUT", "/api/v1/datasets/mine.csv", "a\n1\n"), 403, "forbidden");
			assertProblem(as(key, "DELETE", "/api/v1/cache/nothing", null), 403, "forbidden");
		}
		assertThat(as(ADMIN_KEY, "PUT", "/api/v1/datasets/admins.csv", "a\n1\n").status()).isIn(200, 201);
		assertThat(Files.exists(ROOT.resolve("admins.csv"))).isTrue();
		assertThat(Files.exists(ROOT.resolve("mine.csv"))).isFalse();
	}

	@Test
	void everyRoleReadsExecutorsDatasetsPoolsAndEvents() {
		for (String key : List.of(VIEWER_KEY, SAM_KEY, SUE_KEY, ADMIN_KEY)) {
			for (String path : List.of("/api/v1/executors", "/api/v1/datasets", "/api/v1/pools", "/api/v1/events")) {
				assertThat(as(key, "GET", path, null).status()).as(path).isEqualTo(200);
			}
		}
		Http.Response events = as(SUE_KEY, "GET", "/api/v1/events", null);
		assertThat(events.text()).contains("EXECUTOR_REGISTERED");
		events.json()
			.path("items")
			.forEach((e) -> assertThat(e.get("jobId").isNull() || e.get("jobId").asString().equals(this.suesJob))
				.as(e.toString())
				.isTrue());
	}

	@Test
	void aSubmittersJobStreamIsItsOwnJobsOnlyAsEveryJobEndpoint() {
		// another submitter's job: 404 on its live stream too, so its id does not leak
		assertProblem(http().get("/api/v1/jobs/" + this.samsJob + "/events", "X-API-Key", SUE_KEY, "Accept",
				"text/event-stream"), 404, "job-not-found");
		// its own finished job: a snapshot ending with the job
		for (String key : List.of(SAM_KEY, VIEWER_KEY, ADMIN_KEY)) {
			Http.Response own = http().get("/api/v1/jobs/" + this.samsJob + "/events", "X-API-Key", key, "Accept",
					"text/event-stream");
			assertThat(own.status()).as(own.text()).isEqualTo(200);
			assertThat(own.contentType()).startsWith("text/event-stream");
			assertThat(own.text()).contains("event:job").contains(this.samsJob).contains("SUCCEEDED");
		}
	}

	@Test
	void aSubmittersClusterStreamCarriesItsOwnJobsAndTheExecutorsOnly() throws Exception {
		try (SseLines sams = SseLines.open(this.port, SAM_KEY); SseLines admins = SseLines.open(this.port, ADMIN_KEY)) {
			sams.await((lines) -> lines.contains("event:snapshot"), "sam's snapshot");
			admins.await((lines) -> lines.contains("event:snapshot"), "the admin's snapshot");
			Http.Response sue = as(SUE_KEY, "POST", "/api/v1/jobs?wait=30s", COUNT);
			assertThat(sue.text("/status")).as(sue.text()).isEqualTo("SUCCEEDED");
			String suesJob = sue.text("/id");
			// sam's job ends after hers, so his stream has passed all of her job's events
			Http.Response sam = as(SAM_KEY, "POST", "/api/v1/jobs?wait=30s", COUNT);
			assertThat(sam.text("/status")).as(sam.text()).isEqualTo("SUCCEEDED");
			String samsJob = sam.text("/id");
			sams.await((lines) -> lines.stream().anyMatch((l) -> l.contains(samsJob) && l.contains("SUCCEEDED")),
					"sam's job's end on his stream");
			admins.await((lines) -> lines.stream().anyMatch((l) -> l.contains(samsJob) && l.contains("SUCCEEDED")),
					"sam's job's end on the admin's stream");

			assertThat(admins.lines()).as("the admin sees sue's job").anyMatch((l) -> l.contains(suesJob));
			assertThat(sams.lines()).as("sam's stream").noneMatch((l) -> l.contains(suesJob));
			assertThat(sams.lines()).as("sam's stream has his job's stages and the executors")
				.contains("event:stage", "event:progress", "event:executor");
		}
	}

	/** A cluster event stream read line by line on a thread of its own. */
	private static final class SseLines implements AutoCloseable {

		private final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();

		private final java.io.InputStream body;

		private SseLines(java.io.InputStream body) {
			this.body = body;
			Thread reader = new Thread(() -> {
				try (java.io.BufferedReader in = new java.io.BufferedReader(
						new java.io.InputStreamReader(body, StandardCharsets.UTF_8))) {
					String line;
					while ((line = in.readLine()) != null) {
						this.lines.add(line);
					}
				}
				catch (IOException ex) {
					// closed by the test
				}
			}, "sse-lines");
			reader.setDaemon(true);
			reader.start();
		}

		static SseLines open(int port, String key) throws IOException, InterruptedException {
			java.net.http.HttpResponse<java.io.InputStream> response = java.net.http.HttpClient.newHttpClient()
				.send(java.net.http.HttpRequest
					.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/v1/events"))
					.header("Accept", "text/event-stream")
					.header("X-API-Key", key)
					.build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
			assertThat(response.statusCode()).isEqualTo(200);
			return new SseLines(response.body());
		}

		List<String> lines() {
			return List.copyOf(this.lines);
		}

		void await(java.util.function.Predicate<List<String>> condition, String what) throws InterruptedException {
			long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
			while (!condition.test(lines())) {
				assertThat(System.nanoTime()).as("waiting for %s; got %s", what, lines()).isLessThan(deadline);
				Thread.sleep(20);
			}
		}

		@Override
		public void close() throws IOException {
			this.body.close();
		}

	}

	@Test
	void aJobMayNameAPoolThatExistsAndThePoolsShowTheirSettings() {
		Http.Response unknown = as(SAM_KEY, "POST", "/api/v1/jobs",
				COUNT.replace("\"name\":\"adults\"", "\"name\":\"adults\",\"pool\":\"nope\""));
		assertProblem(unknown, 400, "invalid-job");
		assertThat(unknown.text("/pointer")).isEqualTo("/pool");
		assertThat(unknown.text("/detail")).contains("etl").contains("default");
		Http.Response inEtl = as(SAM_KEY, "POST", "/api/v1/jobs?wait=30s",
				COUNT.replace("\"name\":\"adults\"", "\"name\":\"adults\",\"pool\":\"etl\""));
		assertThat(inEtl.text("/pool")).isEqualTo("etl");
		Http.Response pools = as(VIEWER_KEY, "GET", "/api/v1/pools", null);
		assertThat(pools.text()).contains("\"name\":\"etl\",\"weight\":3,\"minShare\":1")
			.contains("\"name\":\"default\",\"weight\":1");
	}

	@Test
	void anUnknownKeyOrNoneIsUnauthorized() {
		assertProblem(http().get("/api/v1/jobs"), 401, "unauthorized");
		assertProblem(as(SAM_HASH, "GET", "/api/v1/jobs", null), 401, "unauthorized");
	}

	@Test
	void noKeyReachesTheLogOrTheDatabaseInClear(CapturedOutput output) {
		// Calls with every key, and a submission, while the output is captured.
		for (String key : List.of(VIEWER_KEY, SAM_KEY, SUE_KEY, ADMIN_KEY)) {
			as(key, "GET", "/api/v1/jobs", null);
		}
		as(SAM_KEY, "POST", "/api/v1/jobs?wait=30s", COUNT);
		http().get("/api/v1/jobs", "X-API-Key", SAM_KEY + "x");
		List<String> dump = this.jdbc.queryForList("script nodata", String.class);
		dump.addAll(this.jdbc.queryForList("select cast(coalesce(spec, '') || coalesce(owner, '') || "
				+ "coalesce(idempotency_key, '') as varchar) from jobs", String.class));
		dump.addAll(this.jdbc.queryForList("select cast(message as varchar) from events", String.class));
		for (String key : List.of(VIEWER_KEY, SAM_KEY, SUE_KEY, ADMIN_KEY)) {
			assertThat(output.getAll()).doesNotContain(key);
			assertThat(String.join("\n", dump)).doesNotContain(key);
		}
		assertThat(output.getAll()).as("the test did log requests").contains("/api/v1/jobs");
	}

	private static void assertProblem(Http.Response r, int status, String type) {
		assertThat(r.status()).as(r.text()).isEqualTo(status);
		assertThat(r.contentType()).startsWith("application/problem+json");
		assertThat(r.text("/type")).isEqualTo("https://kindling.dev/problems/" + type);
	}

}
