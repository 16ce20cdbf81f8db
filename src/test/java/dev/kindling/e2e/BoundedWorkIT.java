package dev.kindling.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19's per-row hazards over real HTTP, with a driver and an executor JVM: a decimal
 * literal beyond 38 digits is refused as Spark's parser refuses it; decimals come back
 * with their digits; an ANSI error fails the job at once with Spark's error class; the
 * hostile LIKE answers in one pass; and a job kept busy inside its batches by per-row
 * work ends CANCELLED within 2 s of its cancel, its slots free for the next job.
 */
@SlowEndToEnd
class BoundedWorkIT {

	private static final String SECRET = "bounded-secret-" + new Random().nextInt(1_000_000);

	private static final int MB = 1 << 20;

	@TempDir
	static Path work;

	static KindlingProcess driver;

	static KindlingProcess executor;

	static Api api;

	@BeforeAll
	static void startCluster() throws IOException {
		Path data = Files.createDirectories(work.resolve("data"));
		Files.writeString(data.resolve("amounts.csv"), "id,amount\n1,12.3\n2,0.5\n3,\n4,-7\n");
		// four 1 MB values, the last one ending in b
		writeValues(data.resolve("four.csv"), 4, MB);
		// 64 such values: per-row LIKE work of seconds in one batch
		writeValues(data.resolve("wide.csv"), 64, MB);
		driver = KindlingProcess.start("bounded-driver",
				List.of("--spring.profiles.active=driver", "--kindling.security.allow-anonymous=true",
						"--kindling.data.root=" + data, "--kindling.security.shared-secret=" + SECRET,
						"--kindling.executor.heartbeat-interval=500ms",
						"--spring.datasource.url=jdbc:h2:mem:bounded;DB_CLOSE_DELAY=-1"));
		driver.awaitReady(Duration.ofSeconds(90));
		api = new Api(driver.url());
		executor = KindlingProcess.start("bounded-exec", "768m",
				List.of("--spring.profiles.active=executor", "--kindling.driver.url=" + driver.url(),
						"--kindling.data.root=" + data, "--kindling.security.shared-secret=" + SECRET,
						"--kindling.executor.slots=2"));
		executor.awaitReady(Duration.ofSeconds(90));
		Api.await(Duration.ofSeconds(90), () -> api.get("/api/v1/executors").body().path("items"),
				body -> body.toString().contains("\"ALIVE\""), "the executor to register");
	}

	@AfterAll
	static void stopCluster() {
		if (executor != null) {
			executor.stop();
		}
		if (driver != null) {
			driver.stop();
		}
	}

	private static void writeValues(Path file, int rows, int length) throws IOException {
		byte[] value = "a".repeat(length).getBytes(StandardCharsets.US_ASCII);
		try (OutputStream out = Files.newOutputStream(file)) {
			out.write("s\n".getBytes(StandardCharsets.US_ASCII));
			for (int i = 0; i < rows; i++) {
				out.write(value);
				out.write((i == rows - 1) ? "b\n".getBytes(StandardCharsets.US_ASCII) : new byte[] { '\n' });
			}
		}
	}

	private static String job(String source, String pipeline, String action) {
		return """
				{"name": "bounded", "source": %s, "pipeline": %s, "action": %s}""".formatted(source, pipeline, action);
	}

	private static final String AMOUNTS = """
			{"format": "csv", "path": "amounts.csv", "header": true, "schema": "id INT, amount DECIMAL(4,2)"}""";

	private static JsonNode run(String job) {
		return runRaw(job).body();
	}

	private static Api.Response runRaw(String job) {
		Api.Response r = api.post("/api/v1/jobs?wait=60s", job);
		assertThat(r.status()).as(r.text()).isEqualTo(200);
		return r;
	}

	private static JsonNode awaitStatus(String id, Duration timeout, List<String> statuses) {
		return Api.await(timeout, () -> api.get("/api/v1/jobs/" + id).body(),
				j -> j != null && statuses.contains(j.path("status").asString()), "job " + id + " in " + statuses);
	}

	@Test
	void aDecimalLiteralBeyond38DigitsIsRefusedAtItsPositionWithoutComputingIt() {
		long start = System.nanoTime();
		Api.Response r = api.post("/api/v1/jobs", job(AMOUNTS,
				"[{\"op\": \"filter\", \"condition\": \"1e10000000BD + 1BD > 0\"}]", "{\"type\": \"count\"}"));
		assertThat(r.status()).as(r.text()).isEqualTo(400);
		assertThat(r.body().path("pointer").asString()).isEqualTo("/pipeline/0/condition");
		assertThat(r.body().path("position").asInt()).isEqualTo(0);
		assertThat(r.body().path("detail").asString()).startsWith(
				"[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision 10000001 exceeds max precision 38");
		assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(10).toNanos());
	}

	@Test
	void decimalsComeBackWithEveryDigitOfTheirScaleAndSparksTypes() {
		Api.Response job = runRaw(
				job(AMOUNTS, "[{\"op\": \"select\", \"columns\": [\"id\", \"amount\", \"amount * 1.5 AS scaled\"]}, "
						+ "{\"op\": \"orderBy\", \"columns\": [\"id\"]}]", "{\"type\": \"collect\"}"));
		assertThat(job.body().path("status").asString()).as(job.text()).isEqualTo("SUCCEEDED");
		assertThat(job.body().path("result").path("schema").toString()).contains("\"decimal(4,2)\"")
			.contains("\"decimal(7,3)\"");
		// the body's own text: JSON numbers with every digit of the scale
		assertThat(job.text()).contains("\"rows\":[[1,12.30,18.450],[2,0.50,0.750],[3,null,null],[4,-7.00,-10.500]]");
		Api.Response sums = runRaw(job(AMOUNTS, "[{\"op\": \"groupBy\", \"keys\": [], \"aggregations\": "
				+ "[\"sum(amount) AS total\", \"avg(amount) AS mean\"]}]", "{\"type\": \"collect\"}"));
		assertThat(sums.text()).contains("\"rows\":[[5.80,1.933333]]");
		assertThat(sums.body().path("result").path("schema").toString()).contains("\"decimal(14,2)\"")
			.contains("\"decimal(8,6)\"");
	}

	@Test
	void anAnsiErrorFailsTheJobAtOnceWithSparksErrorClassAndLegacyModeGivesNull() {
		String pipeline = "[{\"op\": \"select\", \"columns\": [\"amount / (id - id) AS q\"]}]";
		JsonNode failed = run(job(AMOUNTS, pipeline, "{\"type\": \"collect\"}"));
		assertThat(failed.path("status").asString()).as(failed.toString()).isEqualTo("FAILED");
		assertThat(failed.path("error").path("message").asString()).contains("[DIVIDE_BY_ZERO] Division by zero.")
			.contains("kindling.sql.ansi.enabled");
		JsonNode tasks = api.get("/api/v1/jobs/" + failed.path("id").asString() + "/stages/0/tasks?size=1000")
			.body()
			.path("items");
		assertThat(tasks).as("deterministic: no retry").hasSize(1);
		String legacy = job(AMOUNTS, pipeline, "{\"type\": \"collect\"}").replace("\"action\"",
				"\"conf\": {\"ansi\": false}, \"action\"");
		JsonNode lenient = run(legacy);
		assertThat(lenient.path("status").asString()).as(lenient.toString()).isEqualTo("SUCCEEDED");
		assertThat(lenient.path("result").path("rows").toString()).isEqualTo("[[null],[null],[null],[null]]");
	}

	@Test
	void theIssuesLikeCaseAnswersInOnePass() {
		String pattern = "%" + "a".repeat(5000) + "_b%";
		String source = """
				{"format": "csv", "path": "four.csv", "header": true, "schema": "s STRING"}""";
		long start = System.nanoTime();
		JsonNode job = run(job(source, "[{\"op\": \"filter\", \"condition\": \"s LIKE '" + pattern + "'\"}]",
				"{\"type\": \"count\"}"));
		long ms = (System.nanoTime() - start) / 1_000_000;
		assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("result").path("count").asLong()).isEqualTo(1);
		// a generous ceiling for a loaded machine; the bound is the algorithm's
		assertThat(ms).isLessThan(30_000);
	}

	@Test
	void aJobBusyInsideItsBatchesEndsCancelledWithin2SecondsAndFreesItsSlots() {
		// a pattern of 9,000 characters with a _ on 64 values of 1 MB: a long time a row,
		// all of it in one batch, so only the checks inside LIKE can stop it
		String pattern = "%" + "a".repeat(8990) + "_c%";
		String source = """
				{"format": "csv", "path": "wide.csv", "header": true, "schema": "s STRING"}""";
		Api.Response submitted = api.post("/api/v1/jobs", job(source,
				"[{\"op\": \"filter\", \"condition\": \"s LIKE '" + pattern + "'\"}]", "{\"type\": \"count\"}"));
		assertThat(submitted.status()).as(submitted.text()).isEqualTo(202);
		String id = submitted.body().path("id").asString();
		awaitStatus(id, Duration.ofSeconds(60), List.of("RUNNING"));
		Api.await(Duration.ofSeconds(60), () -> api.get("/api/v1/executors").body().path("items"),
				body -> !body.path(0).path("runningAttempts").isEmpty(), "the task to run on the executor");
		KindlingProcess.pause(500);
		long cancelAt = System.nanoTime();
		Api.Response cancel = api.post("/api/v1/jobs/" + id + "/cancel", "");
		assertThat(cancel.status()).as(cancel.text()).isEqualTo(202);
		JsonNode ended = awaitStatus(id, Duration.ofSeconds(30), List.of("CANCELLED", "SUCCEEDED", "FAILED"));
		long cancelMs = (System.nanoTime() - cancelAt) / 1_000_000;
		assertThat(ended.path("status").asString()).isEqualTo("CANCELLED");
		assertThat(cancelMs).as("cancel to CANCELLED, in ms").isLessThan(2000);
		// the executors view is the last heartbeat's (every 500 ms here): the slots show
		// free by the next one
		Api.await(Duration.ofSeconds(5), () -> api.get("/api/v1/executors").body().path("items"),
				body -> body.path(0).path("runningAttempts").isEmpty(), "the executor to list its slots free");
		// the next job gets a slot at once
		long nextAt = System.nanoTime();
		JsonNode next = run(job(AMOUNTS, "[]", "{\"type\": \"count\"}"));
		assertThat(next.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(next.path("result").path("count").asLong()).isEqualTo(4);
		assertThat((System.nanoTime() - nextAt) / 1_000_000).as("the next job, in ms").isLessThan(10_000);
	}

}
