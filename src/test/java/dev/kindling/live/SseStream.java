package dev.kindling.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Server-Sent Events reader on a plain HTTP client, as any client would read a stream:
 * lines of {@code id:}, {@code event:} and {@code data:}, an event at each blank line.
 */
final class SseStream implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	/** One event: its id (null when it carried none), name and JSON data. */
	record Event(Long id, String type, JsonNode data) {
	}

	private final InputStream body;

	private final BufferedReader lines;

	final int status;

	final String contentType;

	private SseStream(HttpResponse<InputStream> response) {
		this.body = response.body();
		this.lines = new BufferedReader(new InputStreamReader(this.body, StandardCharsets.UTF_8));
		this.status = response.statusCode();
		this.contentType = response.headers().firstValue("Content-Type").orElse("");
	}

	static SseStream open(String url, Long lastEventId) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("Accept", "text/event-stream")
			.timeout(Duration.ofSeconds(60));
		if (lastEventId != null) {
			request.header("Last-Event-ID", Long.toString(lastEventId));
		}
		return new SseStream(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
	}

	/** The next event, or null at the end of the stream. */
	Event next() throws IOException {
		Long id = null;
		String type = "message";
		StringBuilder data = null;
		String line;
		while ((line = this.lines.readLine()) != null) {
			if (line.isEmpty()) {
				if (data != null) {
					return new Event(id, type, JSON.readTree(data.toString()));
				}
				continue;
			}
			if (line.startsWith(":")) {
				continue;
			}
			int colon = line.indexOf(':');
			String field = colon < 0 ? line : line.substring(0, colon);
			String value = colon < 0 ? "" : line.substring(colon + 1).stripLeading();
			switch (field) {
				case "id" -> id = Long.valueOf(value);
				case "event" -> type = value;
				case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
				default -> {
				}
			}
		}
		return null;
	}

	/** Every event up to the end of the stream. */
	List<Event> rest() throws IOException {
		List<Event> out = new ArrayList<>();
		Event e;
		while ((e = next()) != null) {
			out.add(e);
		}
		return out;
	}

	/** Drops the connection, as a network failure would. */
	@Override
	public void close() throws IOException {
		this.body.close();
	}

}
