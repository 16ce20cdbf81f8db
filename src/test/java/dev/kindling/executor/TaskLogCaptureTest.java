package dev.kindling.executor;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import dev.kindling.protocol.TaskReport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capture of an attempt's own log lines: only the lines of the thread running it,
 * bounded with the newest kept, exceptions cut to their first frame and Kindling's.
 */
class TaskLogCaptureTest {

	private static final Logger log = LoggerFactory.getLogger(TaskLogCaptureTest.class);

	@Test
	void keepsOnlyTheLinesOfTheThreadRunningTheAttempt() throws Exception {
		TaskLogCapture.install();
		TaskLogCapture.open("a-1", 100, 10_000);
		MDC.put(TaskLogCapture.MDC_KEY, "a-1");
		try {
			log.info("mine {}", 1);
			CompletableFuture.runAsync(() -> log.info("another thread's")).get();
			log.warn("mine {}", 2);
		}
		finally {
			MDC.remove(TaskLogCapture.MDC_KEY);
		}
		log.info("after the attempt");
		TaskReport.Log lines = TaskLogCapture.close("a-1");
		assertThat(lines.lines()).hasSize(2);
		assertThat(lines.lines().get(0)).endsWith("INFO TaskLogCaptureTest - mine 1");
		assertThat(lines.lines().get(1)).endsWith("WARN TaskLogCaptureTest - mine 2");
		assertThat(TaskLogCapture.close("a-1")).isNull();
	}

	@Test
	void keepsTheNewestLinesWithinTheBoundAndCountsTheDropped() {
		TaskLogCapture.install();
		TaskLogCapture.open("a-2", 3, 10_000);
		MDC.put(TaskLogCapture.MDC_KEY, "a-2");
		try {
			for (int i = 0; i < 10; i++) {
				log.info("line {}", i);
			}
		}
		finally {
			MDC.remove(TaskLogCapture.MDC_KEY);
		}
		TaskReport.Log lines = TaskLogCapture.close("a-2");
		assertThat(lines.lines()).hasSize(3);
		assertThat(lines.lines().get(0)).endsWith("line 7");
		assertThat(lines.lines().get(2)).endsWith("line 9");
		assertThat(lines.dropped()).isEqualTo(7);
	}

	@Test
	void aNoteGoesToTheOpenAttemptsLogOnly() {
		TaskLogCapture.open("a-4", 100, 10_000);
		TaskLogCapture.note("a-4", "INFO", TaskExecution.class, "attempt a-4 succeeded");
		TaskLogCapture.note("not-open", "INFO", TaskExecution.class, "nowhere");
		java.util.List<String> lines = TaskLogCapture.close("a-4").lines();
		assertThat(lines).singleElement().satisfies((l) -> {
			assertThat(l).endsWith(" INFO TaskExecution - attempt a-4 succeeded");
			assertThat(java.time.Instant.parse(l.substring(0, l.indexOf(' ')))).isNotNull();
		});
		assertThat(TaskLogCapture.close("not-open")).isNull();
	}

	@Test
	void anExceptionShowsItsClassItsFirstFrameAndKindlingsFramesOnly() {
		TaskLogCapture.install();
		TaskLogCapture.open("a-3", 100, 100_000);
		MDC.put(TaskLogCapture.MDC_KEY, "a-3");
		RuntimeException error;
		try {
			error = fail();
			log.warn("attempt a-3 failed", error);
		}
		finally {
			MDC.remove(TaskLogCapture.MDC_KEY);
		}
		java.util.List<String> lines = TaskLogCapture.close("a-3").lines();
		assertThat(lines.get(1)).isEqualTo("java.lang.NumberFormatException: For input string: \"x\"");
		assertThat(lines.get(2)).as("the first frame, in the JDK").startsWith("\tat java.lang.NumberFormatException");
		assertThat(lines.subList(3, lines.size())).isNotEmpty()
			.allSatisfy((l) -> assertThat(l).startsWith("\tat dev.kindling."));

		TaskReport.ErrorDetail detail = TaskReport.ErrorDetail.of(error);
		assertThat(detail.exception()).isEqualTo("java.lang.NumberFormatException");
		assertThat(detail.frames().get(0)).startsWith("java.lang.NumberFormatException");
		assertThat(detail.frames().subList(1, detail.frames().size())).isNotEmpty()
			.allSatisfy((f) -> assertThat(f).startsWith("dev.kindling."));
	}

	private static RuntimeException fail() {
		try {
			Integer.parseInt("x");
			throw new AssertionError("parsed");
		}
		catch (NumberFormatException ex) {
			return ex;
		}
	}

}
