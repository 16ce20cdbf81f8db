package dev.kindling.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;

/**
 * Follows a job's Server-Sent Events to its end. A dropped connection is opened again
 * with {@code Last-Event-ID}, so nothing is missed; the driver being unreachable for
 * longer than {@link #GIVE_UP_MS} ends the wait.
 */
final class JobFollower {

	static final long GIVE_UP_MS = 30_000;

	/** An event of the stream: its name and JSON data. */
	record Event(String type, JsonNode data) {
	}

	private final ApiClient api;

	JobFollower(ApiClient api) {
		this.api = api;
	}

	/** Hands every event to {@code listener}; returns the job's final document. */
	JsonNode follow(String jobId, Consumer<Event> listener) {
		Long lastId = null;
		long unreachableSince = -1;
		long backoff = 100;
		while (true) {
			try {
				HttpResponse<InputStream> response = this.api.stream("/api/v1/jobs/" + jobId + "/events", lastId);
				unreachableSince = -1;
				backoff = 100;
				try (BufferedReader lines = new BufferedReader(
						new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
					String type = "message";
					StringBuilder data = null;
					String line;
					while ((line = lines.readLine()) != null) {
						if (line.isEmpty()) {
							if (data != null) {
								Event event = new Event(type, ApiClient.parse(data.toString()));
								listener.accept(event);
								if (type.equals("job") && isFinal(event.data())) {
									return event.data();
								}
							}
							type = "message";
							data = null;
						}
						else if (line.startsWith("id:")) {
							lastId = Long.valueOf(line.substring(3).trim());
						}
						else if (line.startsWith("event:")) {
							type = line.substring(6).trim();
						}
						else if (line.startsWith("data:")) {
							String value = line.substring(5).stripLeading();
							data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
						}
					}
				}
				// The stream ended without the job's end: open it again after the last
				// event.
			}
			catch (IOException ex) {
				long now = System.currentTimeMillis();
				unreachableSince = unreachableSince < 0 ? now : unreachableSince;
				if (now - unreachableSince > GIVE_UP_MS) {
					throw CliException.unreachable(this.api.base(), ex);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new CliException(ExitCodes.UNREACHABLE, "interrupted");
			}
			pause(backoff);
			backoff = Math.min(2_000, backoff * 2);
		}
	}

	static boolean isFinal(JsonNode job) {
		String status = job.path("status").asString("");
		return status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELLED");
	}

	private static void pause(long ms) {
		try {
			Thread.sleep(ms);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CliException(ExitCodes.UNREACHABLE, "interrupted");
		}
	}

}
