package dev.kindling.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public API over the JDK's HTTP client, with the API key in a header when one is
 * set. A refusal (4xx, 5xx) becomes a {@link CliException} that carries the problem
 * detail's words, and a driver that cannot be reached one with its own exit status.
 */
final class ApiClient {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String base;

	private final String apiKey;

	ApiClient(String url, String apiKey) {
		this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
		this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
	}

	String base() {
		return this.base;
	}

	JsonNode get(String path) {
		return send(request(path).GET());
	}

	JsonNode post(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	/** Opens a Server-Sent Events stream; the caller reads and closes its body. */
	HttpResponse<InputStream> stream(String path, Long lastEventId) throws IOException, InterruptedException {
		HttpRequest.Builder request = request(path).setHeader("Accept", "text/event-stream").GET();
		if (lastEventId != null) {
			request.header("Last-Event-ID", Long.toString(lastEventId));
		}
		HttpResponse<InputStream> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		if (response.statusCode() != 200) {
			String body;
			try (InputStream in = response.body()) {
				body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
			}
			throw refused(response.statusCode(), body);
		}
		if (!response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
			response.body().close();
			throw new CliException(ExitCodes.REFUSED, "the driver at " + this.base + " does not stream events");
		}
		return response;
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(60))
			.header("Accept", "application/json");
		if (this.apiKey != null) {
			request.header("X-API-Key", this.apiKey);
		}
		return request;
	}

	private JsonNode send(HttpRequest.Builder request) {
		HttpResponse<String> response;
		try {
			response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw CliException.unreachable(this.base, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CliException(ExitCodes.UNREACHABLE, "interrupted");
		}
		if (response.statusCode() >= 400) {
			throw refused(response.statusCode(), response.body());
		}
		return parse(response.body());
	}

	static JsonNode parse(String body) {
		if (body == null || body.isBlank()) {
			return JSON.missingNode();
		}
		try {
			return JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return JSON.missingNode();
		}
	}

	/** A refusal, in the problem detail's words (title, detail, the field at fault). */
	static CliException refused(int status, String body) {
		JsonNode problem = parse(body);
		String title = problem.path("title").asString("");
		String detail = problem.path("detail").asString("");
		StringBuilder message = new StringBuilder("the driver answered ").append(status);
		if (!title.isEmpty()) {
			message.append(' ').append(title);
		}
		if (!detail.isEmpty()) {
			message.append(": ").append(detail);
		}
		String pointer = problem.path("pointer").asString("");
		if (!pointer.isEmpty()) {
			message.append(" (at ").append(pointer).append(')');
		}
		if (status == 401) {
			message.append("; set --api-key or KINDLING_API_KEY");
		}
		return new CliException(ExitCodes.REFUSED, message.toString());
	}

}
