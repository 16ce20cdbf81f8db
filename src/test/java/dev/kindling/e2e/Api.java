package dev.kindling.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client for the public API, as curl would use it, plus polling with a deadline.
 */
final class Api {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private final HttpClient client;

	private final String apiKey;

	Api(String base) {
		this(base, HTTP, null);
	}

	/** Through this client (for HTTPS), sending this API key when not null. */
	Api(String base, HttpClient client, String apiKey) {
		this.base = base;
		this.client = client;
		this.apiKey = apiKey;
	}

	record Response(int status, JsonNode body, String text, java.net.http.HttpHeaders headers) {
	}

	Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET());
	}

	Response post(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	Response delete(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).DELETE());
	}

	Response put(String path, byte[] body) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "text/csv")
			.PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
	}

	private Response send(HttpRequest.Builder request) {
		try {
			if (this.apiKey != null) {
				request.header("X-API-Key", this.apiKey);
			}
			HttpResponse<String> r = this.client.send(request.timeout(Duration.ofSeconds(120)).build(),
					HttpResponse.BodyHandlers.ofString());
			JsonNode body = null;
			if (!r.body().isEmpty() && (r.body().startsWith("{") || r.body().startsWith("["))) {
				body = JSON.readTree(r.body());
			}
			return new Response(r.statusCode(), body, r.body(), r.headers());
		}
		catch (IOException ex) {
			throw new IllegalStateException("request failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Polls until the condition holds, failing after the deadline with what it last saw.
	 */
	static <T> T await(Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> done, String what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		T last = null;
		while (System.nanoTime() < deadline) {
			try {
				last = probe.get();
				if (done.test(last)) {
					return last;
				}
			}
			catch (RuntimeException ex) {
				// not yet reachable
			}
			KindlingProcess.pause(100);
		}
		throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last seen: " + last);
	}

}
