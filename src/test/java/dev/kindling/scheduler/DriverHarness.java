package dev.kindling.scheduler;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

/** Public-API calls and deadline polling for tests that run a real driver in-process. */
final class DriverHarness {

	static final String SECRET = "scheduler-test-secret";

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private DriverHarness() {
	}

	static Path dataRoot(String name) {
		try {
			Path root = Files.createTempDirectory(name);
			StringBuilder csv = new StringBuilder("n\n");
			for (int i = 1; i <= 2000; i++) {
				csv.append(i).append('\n');
			}
			Files.writeString(root.resolve("numbers.csv"), csv);
			return root;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static JsonNode get(int port, String path) {
		return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET());
	}

	static JsonNode post(int port, String path, String json) {
		return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private static JsonNode send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			return ScriptedExecutor.JSON.readTree(r.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static String submit(int port, String pipelineAndAction, int partitions) {
		String job = "{\"name\":\"t\",\"source\":{\"format\":\"csv\",\"path\":\"numbers.csv\",\"header\":true,"
				+ "\"schema\":\"n INT\",\"partitions\":" + partitions + "}," + pipelineAndAction + "}";
		JsonNode response = post(port, "/api/v1/jobs", job);
		if (response.path("id").isMissingNode()) {
			throw new AssertionError("submit failed: " + response);
		}
		return response.path("id").asString();
	}

	static <T> T await(Duration timeout, Supplier<T> probe, Predicate<T> done, String what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		T last = null;
		while (System.nanoTime() < deadline) {
			last = probe.get();
			if (done.test(last)) {
				return last;
			}
			try {
				Thread.sleep(25);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
	}

	static JsonNode awaitStatus(int port, String jobId, String status) {
		return await(Duration.ofSeconds(20), () -> get(port, "/api/v1/jobs/" + jobId),
				job -> status.equals(job.path("status").asString()), "job " + jobId + " to be " + status);
	}

}
