package dev.kindling.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

/**
 * A progress bar per stage while a job runs. On a terminal the bars are drawn in place
 * (ANSI cursor moves, at most ten times a second); elsewhere (a pipe, a CI log) a line is
 * printed when a stage starts, passes a quarter of its tasks, and ends.
 */
final class ProgressView {

	private static final int BAR = 30;

	record Stage(int id, String kind, String status, int total, int completed, int running, int failed) {

		static Stage of(JsonNode s) {
			JsonNode p = s.path("progress");
			return new Stage(s.path("id").asInt(), s.path("kind").asString(""), s.path("status").asString(""),
					p.path("totalTasks").asInt(), p.path("completedPartitions").asInt(), p.path("runningTasks").asInt(),
					p.path("failedTasks").asInt());
		}

		int quarter() {
			return this.total == 0 ? 0 : 4 * this.completed / this.total;
		}

	}

	private final PrintWriter out;

	private final boolean terminal;

	private final Map<Integer, Stage> stages = new TreeMap<>();

	private final Map<Integer, String> printed = new TreeMap<>();

	private String jobLine = "";

	private int drawnLines;

	private long lastDraw;

	ProgressView(PrintWriter out, boolean terminal) {
		this.out = out;
		this.terminal = terminal;
	}

	void onEvent(JobFollower.Event event) {
		switch (event.type()) {
			case "stage" -> {
				Stage s = Stage.of(event.data());
				this.stages.put(s.id(), s);
			}
			case "job" -> {
				JsonNode job = event.data();
				this.jobLine = "job " + shortId(job.path("id").asString("")) + " " + job.path("name").asString("")
						+ "  " + job.path("status").asString("");
				for (JsonNode s : job.path("stages")) {
					Stage stage = Stage.of(s);
					this.stages.put(stage.id(), stage);
				}
			}
			default -> {
				return;
			}
		}
		boolean end = event.type().equals("job") && JobFollower.isFinal(event.data());
		if (this.jobLine.isEmpty()) {
			// A snapshot's stages come before its job: draw once the job is known.
			return;
		}
		if (this.terminal) {
			long now = System.nanoTime();
			if (end || now - this.lastDraw > 100_000_000L) {
				this.lastDraw = now;
				draw();
			}
		}
		else {
			log();
		}
	}

	private void draw() {
		StringBuilder frame = new StringBuilder();
		if (this.drawnLines > 0) {
			frame.append("\u001b[").append(this.drawnLines).append('A');
		}
		int lines = 0;
		frame.append("\r\u001b[2K").append(this.jobLine).append('\n');
		lines++;
		for (Stage s : this.stages.values()) {
			frame.append("\r\u001b[2K").append(line(s)).append('\n');
			lines++;
		}
		this.drawnLines = lines;
		this.out.print(frame);
		this.out.flush();
	}

	private void log() {
		for (Stage s : this.stages.values()) {
			String key = s.status() + "/" + s.quarter();
			if (!key.equals(this.printed.get(s.id()))) {
				this.printed.put(s.id(), key);
				if (!s.status().equals("WAITING")) {
					this.out.println(line(s));
				}
			}
		}
		this.out.flush();
	}

	static String line(Stage s) {
		int filled = s.total() == 0 ? 0 : BAR * s.completed() / s.total();
		int running = s.total() == 0 ? 0 : Math.min(BAR - filled, BAR * s.running() / s.total());
		String bar = "#".repeat(filled) + ">".repeat(running) + "-".repeat(BAR - filled - running);
		StringBuilder text = new StringBuilder(
				String.format("  stage %d %-6s [%s] %d/%d", s.id(), s.kind(), bar, s.completed(), s.total()));
		if (s.running() > 0) {
			text.append("  running ").append(s.running());
		}
		if (s.failed() > 0) {
			text.append("  failed ").append(s.failed());
		}
		text.append("  ").append(s.status());
		return text.toString();
	}

	static String shortId(String id) {
		return id.length() > 8 ? id.substring(0, 8) : id;
	}

}
