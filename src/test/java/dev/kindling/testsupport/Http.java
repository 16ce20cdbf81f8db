package dev.kindling.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP against a test server, as curl would send it; answers with the status and
 * parsed body.
 */
public final class Http {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String base;

	public Http(int port) {
		this.base = "http://localhost:" + port;
	}

	/**
	 * A status, the response headers' content type, the body as text and, when it is
	 * JSON, parsed.
	 */
	public record Response(int status, String contentType, String text, JsonNode json, HttpHeaders headers) {

		/** A field of a JSON body, or a missing node. */
		public JsonNode at(String pointer) {
			return this.json == null ? JSON.missingNode() : this.json.at(pointer);
		}

		public String text(String pointer) {
			JsonNode node = at(pointer);
			return node.isMissingNode() || node.isNull() ? null : node.asString();
		}

	}

	public Response get(String path, String... headers) {
		return send(request(path, headers).GET());
	}

	public Response post(String path, String json, String... headers) {
		return send(request(path, headers).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	public Response postBytes(String path, String contentType, byte[] body, String... headers) {
		return send(request(path, headers).header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
	}

	public Response put(String path, byte[] body, String... headers) {
		return send(request(path, headers).header("Content-Type", "text/csv")
			.PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
	}

	public Response send(String method, String path, HttpRequest.BodyPublisher body, Map<String, String> headers) {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(60));
		headers.forEach(b::header);
		return send(b.method(method, body));
	}

	private HttpRequest.Builder request(String path, String... headers) {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(60));
		for (int i = 0; i + 1 < headers.length; i += 2) {
			b.header(headers[i], headers[i + 1]);
		}
		return b;
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
			String type = r.headers().firstValue("Content-Type").orElse("");
			JsonNode json = null;
			if (type.contains("json") && !r.body().isEmpty()) {
				json = JSON.readTree(r.body());
			}
			return new Response(r.statusCode(), type, r.body(), json, r.headers());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
