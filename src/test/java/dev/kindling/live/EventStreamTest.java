package dev.kindling.live;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kindling.live.SseStream.Event;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job's Server-Sent Events read with a plain HTTP client from its submission to its
 * end, on a real driver with two local executors: every stage's counts reach its totals,
 * and a reader that drops its connection and reconnects with Last-Event-ID gets exactly
 * the events it missed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kindling.role=local", "kindling.local.executors=2", "kindling.executor.slots=2",
				"kindling.shuffle.partitions=4", "kindling.limits.min-split-size=1KB",
				// the stream tests open a job's stream after submitting it: with its 4
				// reduce partitions packed into one task the job often ended before the
				// stream opened, and the stream then starts from the snapshot, with no
				// task events to follow
				"kindling.adaptive.enabled=false",
				"spring.datasource.url=jdbc:h2:mem:event-streams;DB_CLOSE_DELAY=-1" })
class EventStreamTest {

	static final Path ROOT = root();

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static final String JOB = """
			{"name": "per-group", "source": {"format": "csv", "path": "numbers.csv", "header": true,
			  "schema": "n INT, g STRING", "partitions": 12},
			 "pipeline": [{"op": "groupBy", "keys": ["g"], "aggregations": ["count(*) AS c", "sum(n) AS s"]}],
			 "action": {"type": "collect"}}""";

	/**
	 * Many tasks of 10,000 rows each on four slots: still running when it is cancelled (a
	 * second or more, where the tasks of {@link #JOB} are over within milliseconds).
	 */
	private static final String SLOW_JOB = """
			{"name": "slow", "source": {"format": "csv", "path": "many.csv", "header": true,
			  "schema": "n INT, g STRING", "partitions": 200},
			 "pipeline": [{"op": "groupBy", "keys": ["g"], "aggregations": ["count(*) AS c"]}],
			 "action": {"type": "count"}}""";

	@LocalServerPort
	int port;

	private static Path root() {
		try {
			Path root = Files.createTempDirectory("kindling-sse");
			StringBuilder csv = new StringBuilder("n,g\n");
			for (int i = 0; i < 60_000; i++) {
				csv.append(i).append(",g").append(i % 7).append('\n');
			}
			Files.writeString(root.resolve("numbers.csv"), csv);
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

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	private HttpResponse<String> get(String path, String accept) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
		if (accept != null) {
			request.header("Accept", accept);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String submit() throws Exception {
		return submit(JOB);
	}

	private String submit(String job) throws Exception {
		HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url("/api/v1/jobs")))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(job))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
		return SseStream.JSON.readTree(r.body()).path("id").asString();
	}

	@Test
	void aJobsStreamRunsFromSubmitToItsEndAndEveryStageReachesItsTotals() throws Exception {
		String id = null;
		List<Event> events = List.of();
		// A job that ended before its stream opened has a snapshot and no task to follow:
		// another job is submitted then (the tasks of this small job are quick).
		for (int tries = 0; tries < 20 && events.stream().noneMatch(e -> e.type().equals("task")); tries++) {
			id = submit();
			try (SseStream stream = SseStream.open(url("/api/v1/jobs/" + id + "/events"), null)) {
				assertThat(stream.status).isEqualTo(200);
				assertThat(stream.contentType).startsWith("text/event-stream");
				events = stream.rest();
			}
		}
		assertThat(events.get(0).type()).isEqualTo("snapshot");
		assertThat(events.get(0).data().path("reason").asString()).isEqualTo("connect");
		Event end = events.get(events.size() - 1);
		assertThat(end.type()).as("the stream ends with the job's final state").isEqualTo("job");
		assertThat(end.data().path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(end.data().path("result").path("rows").size()).isEqualTo(7);

		// Ids only grow: the snapshot's last event carries its position, each live event
		// its own.
		long previous = Long.MIN_VALUE;
		for (Event e : events) {
			if (e.id() != null) {
				assertThat(e.id()).isGreaterThan(previous);
				previous = e.id();
			}
		}

		Map<Integer, JsonNode> lastStage = new HashMap<>();
		Map<String, JsonNode> lastTask = new HashMap<>();
		JsonNode lastProgress = null;
		for (Event e : events) {
			switch (e.type()) {
				case "stage" -> lastStage.put(e.data().path("id").asInt(), e.data());
				case "progress" -> lastProgress = e.data().path("progress");
				case "task" -> lastTask.put(e.data().path("id").asString(), e.data());
				default -> {
				}
			}
		}
		JsonNode document = SseStream.JSON.readTree(get("/api/v1/jobs/" + id, "application/json").body());
		assertThat(lastStage).hasSize(document.path("stages").size()).hasSize(2);
		for (JsonNode stage : lastStage.values()) {
			JsonNode p = stage.path("progress");
			assertThat(stage.path("status").asString()).isEqualTo("SUCCEEDED");
			assertThat(p.path("completedPartitions").asInt()).as("stage %s", stage.path("id"))
				.isEqualTo(p.path("totalTasks").asInt())
				.isEqualTo(stage.path("numTasks").asInt())
				.isPositive();
			assertThat(p.path("succeededTasks").asInt()).isEqualTo(p.path("totalTasks").asInt());
			assertThat(p.path("runningTasks").asInt()).isZero();
			assertThat(p.path("pendingTasks").asInt()).isZero();
		}
		assertThat(lastStage.get(0).path("numTasks").asInt()).isEqualTo(12);
		assertThat(lastStage.get(0).path("shuffleBytesWritten").asLong()).isPositive();
		assertThat(lastProgress).as("the last progress has the job document's counts")
			.isEqualTo(document.path("progress"));
		assertThat(end.data().path("progress")).isEqualTo(document.path("progress"));
		assertThat(lastTask).as("task attempts, each followed to its end").isNotEmpty().allSatisfy((attempt, task) -> {
			assertThat(task.path("status").asString()).isEqualTo("SUCCEEDED");
			assertThat(task.path("executorId").asString()).startsWith("exec-");
			assertThat(task.path("slot").asInt()).isBetween(0, 1);
		});
	}

	/**
	 * A reader that dropped after its third event with an id, while another reader of the
	 * same stream goes on.
	 */
	private record Dropped(String stream, long lastId, List<Event> before, List<Event> reference,
			CompletableFuture<Void> all) {
	}

	/**
	 * Opens a job's stream twice and drops one reader after three live events; null when
	 * the job ended before the other reader saw an event after the drop.
	 */
	private Dropped readAndDrop(String id) throws Exception {
		String stream = url("/api/v1/jobs/" + id + "/events");
		// A reader that never drops, opened first: it has every event after its snapshot.
		SseStream whole = SseStream.open(stream, null);
		List<Event> reference = new CopyOnWriteArrayList<>();
		CompletableFuture<Void> all = CompletableFuture.runAsync(() -> {
			try (whole) {
				Event e;
				while ((e = whole.next()) != null) {
					reference.add(e);
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		List<Event> before = new ArrayList<>();
		Long lastId = null;
		try (SseStream first = SseStream.open(stream, null)) {
			int live = 0;
			Event e;
			while (live < 3 && (e = first.next()) != null) {
				before.add(e);
				if (e.id() != null) {
					lastId = e.id();
					live++;
				}
			}
		} // the connection drops here
		assertThat(lastId).isNotNull();
		// The job goes on meanwhile, unless it has ended: the other reader sees events
		// this one missed.
		long dropped = lastId;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (reference.stream().noneMatch(e -> e.id() != null && e.id() > dropped)) {
			if (all.isDone()) {
				return null;
			}
			assertThat(System.nanoTime()).as("events after the drop").isLessThan(deadline);
			Thread.sleep(5);
		}
		return new Dropped(stream, lastId, before, reference, all);
	}

	@Test
	void aReaderThatReconnectsWithLastEventIdGetsExactlyTheEventsItMissed() throws Exception {
		// A job that ended before the reader had three events after its snapshot leaves
		// nothing to miss: another job is submitted then.
		Dropped dropped = null;
		for (int tries = 0; tries < 20 && dropped == null; tries++) {
			dropped = readAndDrop(submit(SLOW_JOB));
		}
		assertThat(dropped).as("a job still running when its reader dropped").isNotNull();
		String stream = dropped.stream();
		Long lastId = dropped.lastId();
		List<Event> before = dropped.before();
		List<Event> reference = dropped.reference();
		CompletableFuture<Void> all = dropped.all();

		List<Event> after;
		try (SseStream again = SseStream.open(stream, lastId)) {
			after = again.rest();
		}
		all.get(60, TimeUnit.SECONDS);

		long resumedFrom = lastId;
		assertThat(after).as("a resumed stream has no snapshot").noneMatch(e -> e.type().equals("snapshot"));
		assertThat(after).allSatisfy(e -> assertThat(e.id()).isGreaterThan(resumedFrom));
		List<Event> missed = reference.stream().filter(e -> e.id() != null && e.id() > resumedFrom).toList();
		assertThat(after).extracting(Event::id)
			.as("every missed event, each once")
			.containsExactlyElementsOf(missed.stream().map(Event::id).toList());
		assertThat(after).extracting(Event::type).containsExactlyElementsOf(missed.stream().map(Event::type).toList());
		assertThat(after.get(after.size() - 1).type()).isEqualTo("job");
		assertThat(before.size() + after.size()).isGreaterThan(10);
	}

	/**
	 * The UI's cancel: the job's stream carries CANCELLING and then, once the killed
	 * tasks confirm, the final CANCELLED (as the API says) and ends there.
	 */
	@Test
	void aCancelledJobsStreamGoesThroughCancellingAndEndsCancelled() throws Exception {
		String id = submit(SLOW_JOB);
		List<String> statuses = new ArrayList<>();
		Event end;
		try (SseStream stream = SseStream.open(url("/api/v1/jobs/" + id + "/events"), null)) {
			CompletableFuture<Event> read = CompletableFuture.supplyAsync(() -> {
				try {
					boolean cancelled = false;
					Event last = null;
					for (Event e = stream.next(); e != null; e = stream.next()) {
						last = e;
						if (e.type().equals("job")) {
							statuses.add(e.data().path("status").asString());
						}
						if (!cancelled && e.type().equals("task")
								&& e.data().path("status").asString().equals("RUNNING")) {
							cancelled = true;
							HttpResponse<String> r = HTTP
								.send(HttpRequest.newBuilder(URI.create(url("/api/v1/jobs/" + id + "/cancel")))
									.POST(HttpRequest.BodyPublishers.noBody())
									.build(), HttpResponse.BodyHandlers.ofString());
							assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
						}
					}
					return last;
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
			});
			end = read.get(60, TimeUnit.SECONDS);
		}
		assertThat(statuses).as("the job's states on its stream").contains("CANCELLING").endsWith("CANCELLED");
		assertThat(statuses.indexOf("CANCELLING")).isLessThan(statuses.lastIndexOf("CANCELLED"));
		assertThat(end.type()).as("the stream ends with the job's final state").isEqualTo("job");
		assertThat(end.data().path("status").asString()).isEqualTo("CANCELLED");
		assertThat(SseStream.JSON.readTree(get("/api/v1/jobs/" + id, null).body()).path("status").asString())
			.isEqualTo("CANCELLED");
	}

	@Test
	void aFinishedJobsStreamIsItsFinalStateAndAnUnknownJobIsNotFound() throws Exception {
		String id = submit();
		awaitStatus(id, "SUCCEEDED");
		List<Event> events;
		try (SseStream stream = SseStream.open(url("/api/v1/jobs/" + id + "/events"), 12345L)) {
			events = stream.rest();
		}
		assertThat(events.get(0).type()).isEqualTo("snapshot");
		assertThat(events.get(0).data().path("reason").asString()).isEqualTo("resume-unavailable");
		assertThat(events.get(events.size() - 1).data().path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(events.get(events.size() - 1).id()).isNotNull();

		try (SseStream missing = SseStream.open(url("/api/v1/jobs/no-such-job/events"), null)) {
			assertThat(missing.status).isEqualTo(404);
		}
	}

	@Test
	void theJsonListsStayForClientsThatAskForJson() throws Exception {
		String id = submit();
		awaitStatus(id, "SUCCEEDED");
		for (String accept : new String[] { null, "*/*", "application/json" }) {
			HttpResponse<String> events = get("/api/v1/jobs/" + id + "/events", accept);
			assertThat(events.statusCode()).as("Accept %s", accept).isEqualTo(200);
			assertThat(events.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
			assertThat(items(events.body()).isArray()).isTrue();
			HttpResponse<String> cluster = get("/api/v1/events", accept);
			assertThat(cluster.statusCode()).isEqualTo(200);
			assertThat(items(cluster.body()).isArray()).isTrue();
		}
	}

	@Test
	void theClusterStreamCarriesJobsButNotTheirTasks() throws Exception {
		try (SseStream cluster = SseStream.open(url("/api/v1/events"), null)) {
			Event e = cluster.next();
			assertThat(e.type()).isEqualTo("snapshot");
			List<Event> snapshot = new ArrayList<>();
			while (e.id() == null) {
				e = cluster.next();
				snapshot.add(e);
			}
			assertThat(snapshot).filteredOn(s -> s.type().equals("executor")).hasSize(2);
			String id = submit();
			List<Event> seen = new ArrayList<>();
			while ((e = cluster.next()) != null) {
				seen.add(e);
				if (e.type().equals("job") && e.data().path("id").asString().equals(id)
						&& e.data().path("status").asString().equals("SUCCEEDED")) {
					break;
				}
			}
			assertThat(seen).extracting(Event::type).contains("job", "stage", "progress").doesNotContain("task");
		}
	}

	@Test
	void theApiGivesThePagesWhatTheyDraw() throws Exception {
		String id = submit();
		awaitStatus(id, "SUCCEEDED");
		JsonNode tasks = items(get("/api/v1/jobs/" + id + "/stages/0/tasks", null).body());
		assertThat(tasks.size()).isEqualTo(12);
		assertThat(tasks)
			.allSatisfy(t -> assertThat(t.path("slot").asInt(-1)).as("the slot its executor named").isBetween(0, 1));
		// the reduce stage's 4 partitions run as adaptive execution packed them
		int reduceTasks = items(get("/api/v1/jobs/" + id + "/stages/1/tasks", null).body()).size();
		assertThat(reduceTasks).isBetween(1, 4);
		assertThat(
				SseStream.JSON.readTree(get("/api/v1/jobs/" + id + "/stages/1", null).body()).path("numTasks").asInt())
			.isEqualTo(reduceTasks);
		JsonNode all = items(get("/api/v1/jobs/" + id + "/tasks", null).body());
		assertThat(all.size()).isEqualTo(12 + reduceTasks);
		assertThat(items(get("/api/v1/jobs/" + id + "/tasks?status=FAILED&status=LOST", null).body()).size()).isZero();
		JsonNode executors = items(get("/api/v1/executors", null).body());
		assertThat(executors).hasSize(2).allSatisfy(e -> {
			assertThat(e.path("slots").asInt()).isEqualTo(2);
			assertThat(e.path("busySlots").asInt()).isBetween(0, 2);
			assertThat(e.path("cacheMemory").asLong()).isPositive();
			assertThat(e.path("shuffleMemory").asLong()).isPositive();
			assertThat(e.path("heartbeatAgeMs").asLong()).isBetween(0L, 10_000L);
		});
		// The executors count what they ran; their heartbeats bring the counts.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		long succeeded = 0;
		while (succeeded < 12 + reduceTasks && System.nanoTime() < deadline) {
			succeeded = 0;
			for (JsonNode e : items(get("/api/v1/executors", null).body())) {
				succeeded += e.path("tasksSucceeded").asLong();
			}
			Thread.sleep(50);
		}
		assertThat(succeeded).as("tasks succeeded on the executors").isGreaterThanOrEqualTo(12 + reduceTasks);
	}

	/** The items of a list: every list answers the paged envelope. */
	private static JsonNode items(String body) {
		JsonNode page = SseStream.JSON.readTree(body);
		assertThat(page.isObject()).as("a paged envelope: %s", body).isTrue();
		assertThat(page.path("totalItems").asLong()).isEqualTo(page.path("items").size());
		return page.path("items");
	}

	private void awaitStatus(String id, String... statuses) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		String status = null;
		while (System.nanoTime() < deadline) {
			status = SseStream.JSON.readTree(get("/api/v1/jobs/" + id, null).body()).path("status").asString();
			if (List.of(statuses).contains(status)) {
				return;
			}
			Thread.sleep(20);
		}
		throw new AssertionError("job " + id + " is " + status + ", not " + List.of(statuses));
	}

}
