package dev.kindling.scheduler;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An executor driven by a test: it speaks the real protocol over real HTTP to a real
 * driver, but decides itself when each task ends and what it reports, so scheduler
 * behaviour (retries, lost executors, fetch failures, speculation, late reports) can be
 * checked step by step.
 */
final class ScriptedExecutor {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final String base;

	private final String secret;

	final String id;

	ScriptedExecutor(String base, String secret, String name) {
		this.base = base;
		this.secret = secret;
		this.id = post("/internal/v1/executors", Map.of("version", dev.kindling.protocol.Paths.VERSION, "name", name,
				"slots", 4, "maxMemory", 1 << 30, "url", "http://127.0.0.1:9/" + name))
			.path("executorId")
			.asString();
	}

	private final java.util.concurrent.ScheduledExecutorService beats = java.util.concurrent.Executors
		.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "scripted-heartbeat");
			t.setDaemon(true);
			return t;
		});

	/** Heartbeats every 200 ms from now on. */
	void startHeartbeats() {
		this.beats.scheduleWithFixedDelay(() -> {
			try {
				heartbeat();
			}
			catch (RuntimeException ex) {
				// the driver may be gone at the end of a test
			}
		}, 0, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
	}

	void stopHeartbeats() {
		this.beats.shutdownNow();
	}

	List<JsonNode> poll(int max, long waitMs) {
		JsonNode response = post("/internal/v1/executors/" + this.id + "/tasks",
				Map.of("freeSlots", max, "waitMs", waitMs));
		List<JsonNode> tasks = new ArrayList<>();
		response.path("tasks").forEach(tasks::add);
		return tasks;
	}

	JsonNode heartbeat(String... running) {
		return post("/internal/v1/executors/" + this.id + "/heartbeat",
				Map.of("runningAttempts", List.of(running), "cacheBytes", 0, "shuffleBytes", 0));
	}

	void succeedCount(JsonNode task, long count) {
		report(task, "SUCCEEDED", null, false, null, Map.of("count", count));
	}

	/**
	 * Reports success and offers the slot the task held: the tasks the driver's answer
	 * carries.
	 */
	List<JsonNode> succeedCountAndTake(JsonNode task, long count, int freeSlots) {
		List<JsonNode> tasks = new ArrayList<>();
		report(task, "SUCCEEDED", null, false, null, Map.of("count", count), freeSlots).path("tasks")
			.forEach(tasks::add);
		return tasks;
	}

	void succeedMap(JsonNode task, List<Long> blockBytes) {
		report(task, "SUCCEEDED", null, false, null, Map.of("blockBytes", blockBytes));
	}

	void succeedRows(JsonNode task, List<Map<String, String>> schema, List<List<Object>> rows) {
		report(task, "SUCCEEDED", null, false, null, Map.of("schema", schema, "rows", rows));
	}

	void fail(JsonNode task, String error, boolean deterministic) {
		report(task, "FAILED", error, deterministic, null, null);
	}

	void fetchFailure(JsonNode task, int stage, int mapPartition, String executorId) {
		report(task, "FAILED", "cannot fetch", false,
				Map.of("stageId", stage, "mapPartition", mapPartition, "executorId", executorId), null);
	}

	void report(JsonNode task, String state, String error, boolean deterministic, Map<String, Object> fetchFailure,
			Map<String, Object> result) {
		report(task, state, error, deterministic, fetchFailure, result, 0);
	}

	JsonNode report(JsonNode task, String state, String error, boolean deterministic, Map<String, Object> fetchFailure,
			Map<String, Object> result, int freeSlots) {
		Map<String, Object> report = new java.util.LinkedHashMap<>();
		report.put("attemptId", task.path("attemptId").asString());
		report.put("jobId", task.path("jobId").asString());
		report.put("stageId", task.path("stageId").asInt());
		report.put("stageAttempt", task.path("stageAttempt").asInt());
		report.put("partition", task.path("partition").asInt());
		report.put("attempt", task.path("attempt").asInt());
		report.put("executorId", this.id);
		report.put("state", state);
		report.put("error", error);
		report.put("deterministic", deterministic);
		report.put("fetchFailure", fetchFailure);
		report.put("metrics", Map.of("rowsIn", 1, "rowsOut", 1, "bytesIn", 1, "shuffleBytesRead", 0,
				"shuffleBytesWritten", 0, "durationMs", 5, "shuffleRemoteBytesRead", 0));
		report.put("result", result);
		report.put("log",
				Map.of("lines", List.of("attempt " + task.path("attemptId").asString() + " " + state), "dropped", 0));
		return post("/internal/v1/tasks/status?freeSlots=" + freeSlots, report);
	}

	/** Sends a report as given, however wrong; the status and body of the answer. */
	HttpResponse<String> rawReport(Map<String, Object> report) {
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create(this.base + "/internal/v1/tasks/status?freeSlots=0"))
				.timeout(Duration.ofSeconds(30))
				.header("Content-Type", "application/json")
				.header("X-Kindling-Secret", this.secret)
				.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(report)))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private JsonNode post(String path, Object body) {
		try {
			HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(this.base + path))
				.timeout(Duration.ofSeconds(60))
				.header("Content-Type", "application/json")
				.header("X-Kindling-Secret", this.secret)
				.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (r.statusCode() >= 300) {
				throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
			}
			return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
