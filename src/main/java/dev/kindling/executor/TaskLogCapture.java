package dev.kindling.executor;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import dev.kindling.protocol.TaskReport;

/**
 * Keeps what each task attempt logs on its executor: a Logback appender on the root
 * logger takes the lines of threads whose MDC names an attempt ({@link #MDC_KEY}, set
 * while a slot runs it), and keeps each attempt's newest lines within a bound of lines
 * and characters, counting the ones it dropped. The attempt's report carries them to the
 * driver, which stores them, so they are readable after the executor has gone. An
 * exception is written as its class and message, its first frame, and the frames inside
 * Kindling ({@code dev.kindling.*}) only.
 */
final class TaskLogCapture extends AppenderBase<ILoggingEvent> {

	/** The MDC key naming the attempt a thread runs. */
	static final String MDC_KEY = "kindling.attempt";

	private static final String NAME = "kindling-task-logs";

	/** The lines of one attempt, newest kept. */
	static final class Buffer {

		private final int maxLines;

		private final int maxChars;

		private final ArrayDeque<String> lines = new ArrayDeque<>();

		private int chars;

		private int dropped;

		Buffer(int maxLines, int maxChars) {
			this.maxLines = maxLines;
			this.maxChars = maxChars;
		}

		synchronized void add(String line) {
			String kept = line.length() > this.maxChars ? line.substring(0, this.maxChars) : line;
			this.lines.addLast(kept);
			this.chars += kept.length();
			while (this.lines.size() > this.maxLines || this.chars > this.maxChars) {
				this.chars -= this.lines.removeFirst().length();
				this.dropped++;
			}
		}

		synchronized TaskReport.Log log() {
			return new TaskReport.Log(List.copyOf(this.lines), this.dropped);
		}

	}

	private static final ConcurrentHashMap<String, Buffer> BUFFERS = new ConcurrentHashMap<>();

	private TaskLogCapture() {
	}

	/** Attaches the capture to the root logger once per JVM (executors share it). */
	static synchronized void install() {
		if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
			return;
		}
		Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		if (root.getAppender(NAME) != null) {
			return;
		}
		TaskLogCapture capture = new TaskLogCapture();
		capture.setName(NAME);
		capture.setContext(context);
		capture.start();
		root.addAppender(capture);
	}

	/** Starts keeping an attempt's lines. */
	static void open(String attemptId, int maxLines, int maxChars) {
		BUFFERS.put(attemptId, new Buffer(Math.max(1, maxLines), Math.max(80, maxChars)));
	}

	/** Stops keeping an attempt's lines; what it kept, or null. */
	static TaskReport.Log close(String attemptId) {
		Buffer buffer = BUFFERS.remove(attemptId);
		return buffer == null ? null : buffer.log();
	}

	/**
	 * Adds a line to an attempt's log without passing it through Logback: for what an
	 * attempt says of itself on every run (started, succeeded), which the executor's own
	 * log shows only at DEBUG.
	 */
	static void note(String attemptId, String level, Class<?> source, String message) {
		Buffer buffer = BUFFERS.get(attemptId);
		if (buffer != null) {
			buffer.add(line(Instant.now(), level, source.getSimpleName(), message));
		}
	}

	/** One line as the attempt's log shows it: time, level, logger and message. */
	private static String line(Instant at, Object level, String logger, String message) {
		return at + " " + level + " " + logger + " - " + message;
	}

	@Override
	protected void append(ILoggingEvent event) {
		String attempt = event.getMDCPropertyMap().get(MDC_KEY);
		if (attempt == null) {
			return;
		}
		Buffer buffer = BUFFERS.get(attempt);
		if (buffer == null) {
			return;
		}
		buffer.add(line(Instant.ofEpochMilli(event.getTimeStamp()), event.getLevel(), shortName(event.getLoggerName()),
				event.getFormattedMessage()));
		for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
			buffer.add((t == event.getThrowableProxy() ? "" : "Caused by: ") + t.getClassName()
					+ (t.getMessage() == null ? "" : ": " + t.getMessage()));
			StackTraceElementProxy[] frames = t.getStackTraceElementProxyArray();
			for (int i = 0; i < frames.length; i++) {
				StackTraceElement frame = frames[i].getStackTraceElement();
				if (i == 0 || frame.getClassName().startsWith("dev.kindling.")) {
					buffer.add("\tat " + TaskReport.ErrorDetail.frame(frame));
				}
			}
		}
	}

	private static String shortName(String logger) {
		int dot = logger.lastIndexOf('.');
		return dot < 0 ? logger : logger.substring(dot + 1);
	}

}
