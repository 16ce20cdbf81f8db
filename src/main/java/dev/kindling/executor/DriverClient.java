package dev.kindling.executor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import dev.kindling.protocol.Decommission;
import dev.kindling.protocol.Heartbeat;
import dev.kindling.protocol.MigrationReport;
import dev.kindling.protocol.HeartbeatResponse;
import dev.kindling.protocol.Paths;
import dev.kindling.protocol.PollRequest;
import dev.kindling.protocol.PollResponse;
import dev.kindling.protocol.RegisterRequest;
import dev.kindling.protocol.RegisterResponse;
import dev.kindling.protocol.TaskDescriptor.MapOutputLocation;
import dev.kindling.protocol.TaskChannel;
import dev.kindling.protocol.TaskReport;

/**
 * The executor's client for the driver's internal API: HTTP, except polls and reports in
 * local mode, which call the driver's {@link TaskChannel} in this JVM.
 */
class DriverClient {

	/** The driver could not be reached or answered with an error. */
	static class DriverUnavailableException extends IOException {

		DriverUnavailableException(String message, Throwable cause) {
			super(message, cause);
		}

	}

	private final HttpClient http;

	/** Polls and reports without HTTP, or null. */
	private final TaskChannel inProcess;

	private final String baseUrl;

	private final String secret;

	private final JsonMapper json;

	DriverClient(HttpClient http, TaskChannel inProcess, String baseUrl, String secret, JsonMapper json) {
		this.http = http;
		this.inProcess = inProcess;
		this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		this.secret = secret;
		this.json = json;
	}

	RegisterResponse register(RegisterRequest request) throws IOException {
		return post(Paths.REGISTER, request, RegisterResponse.class, Duration.ofSeconds(10));
	}

	HeartbeatResponse heartbeat(String executorId, Heartbeat heartbeat) throws IOException {
		return post(Paths.HEARTBEAT.replace("{executorId}", executorId), heartbeat, HeartbeatResponse.class,
				Duration.ofSeconds(5));
	}

	PollResponse poll(String executorId, PollRequest request) throws IOException {
		if (this.inProcess != null) {
			try {
				return this.inProcess.poll(executorId, request);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new DriverUnavailableException("interrupted", ex);
			}
			catch (RuntimeException ex) {
				throw unavailable(Paths.POLL, ex);
			}
		}
		return post(Paths.POLL.replace("{executorId}", executorId), request, PollResponse.class,
				Duration.ofMillis(request.waitMs() + 10_000));
	}

	/**
	 * Reports an attempt's end; the answer carries up to {@code freeSlots} tasks to start
	 * now.
	 */
	PollResponse report(TaskReport report, int freeSlots) throws IOException {
		if (this.inProcess != null) {
			try {
				return this.inProcess.report(report, freeSlots);
			}
			catch (RuntimeException ex) {
				throw unavailable(Paths.REPORT, ex);
			}
		}
		PollResponse response = post(Paths.REPORT + "?freeSlots=" + freeSlots, report, PollResponse.class,
				Duration.ofSeconds(30));
		return response == null ? PollResponse.empty() : response;
	}

	void deregister(String executorId) throws IOException {
		post(Paths.DEREGISTER.replace("{executorId}", executorId), "", null, Duration.ofSeconds(5));
	}

	/** This executor leaves: no new task; the answer names who may take its blocks. */
	Decommission.Response decommission(String executorId, String reason) throws IOException {
		Decommission.Response response = post(Paths.DECOMMISSION.replace("{executorId}", executorId),
				new Decommission.Request(reason), Decommission.Response.class, Duration.ofSeconds(5));
		return response == null ? new Decommission.Response(List.of(), true) : response;
	}

	/** Where this executor's blocks went. */
	void migrated(String executorId, MigrationReport report) throws IOException {
		post(Paths.MIGRATED.replace("{executorId}", executorId), report, null, Duration.ofSeconds(10));
	}

	/** Where a map output is now, or null when the driver has none. */
	MapOutputLocation mapOutput(String jobId, int stageId, int mapPartition) throws IOException {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(Paths.mapOutput(this.baseUrl, jobId, stageId, mapPartition)))
			.timeout(Duration.ofSeconds(10))
			.header(Paths.SECRET_HEADER, this.secret)
			.GET()
			.build();
		HttpResponse<byte[]> response = send(request);
		if (response.statusCode() == 404) {
			return null;
		}
		if (response.statusCode() >= 300) {
			throw new DriverUnavailableException("driver answered " + response.statusCode() + " to " + Paths.MAP_OUTPUT,
					null);
		}
		return this.json.readValue(response.body(), MapOutputLocation.class);
	}

	/** What a driver's error answer would have been over HTTP. */
	private static DriverUnavailableException unavailable(String path, RuntimeException ex) {
		return new DriverUnavailableException("driver failed " + path + ": " + ex, ex);
	}

	private <T> T post(String path, Object body, Class<T> type, Duration timeout) throws IOException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(timeout)
			.header("Content-Type", "application/json")
			.header(Paths.SECRET_HEADER, this.secret)
			.POST(HttpRequest.BodyPublishers.ofByteArray(this.json.writeValueAsBytes(body)))
			.build();
		HttpResponse<byte[]> response = send(request);
		if (response.statusCode() >= 300) {
			throw new DriverUnavailableException("driver answered " + response.statusCode() + " to " + path, null);
		}
		if (type == null || response.body().length == 0) {
			return null;
		}
		return this.json.readValue(response.body(), type);
	}

	private HttpResponse<byte[]> send(HttpRequest request) throws DriverUnavailableException {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DriverUnavailableException("interrupted", ex);
		}
		catch (IOException ex) {
			throw new DriverUnavailableException("driver unreachable at " + this.baseUrl + ": " + ex, ex);
		}
	}

}
