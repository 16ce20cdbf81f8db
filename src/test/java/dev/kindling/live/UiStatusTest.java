package dev.kindling.live;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The status the job page shows when the answer to its cancel arrives after the job's
 * stream: the stream may bring CANCELLED (and end) before the cancel's answer, read when
 * CANCELLING was stored, reaches the page; that answer must not take the page back to
 * CANCELLING for good. Runs the page's own module ({@code dom.js}) under Node.
 */
class UiStatusTest {

	private static final Path DOM = Path.of("src/main/resources/static/ui/js/dom.js").toAbsolutePath();

	private static String node(String script) throws Exception {
		Process p;
		try {
			p = new ProcessBuilder("node", "--input-type=module", "-e", script).redirectErrorStream(true).start();
		}
		catch (java.io.IOException ex) {
			assumeTrue(false, "node is not installed");
			throw ex;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		p.getInputStream().transferTo(out);
		assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
		String text = out.toString(StandardCharsets.UTF_8).trim();
		assertThat(p.exitValue()).as(text).isZero();
		return text;
	}

	private static String later(String shown, String answered) throws Exception {
		return node("import { laterStatus } from '" + DOM.toUri() + "';\nconsole.log(laterStatus(" + quoted(shown)
				+ ", " + quoted(answered) + "));");
	}

	private static String quoted(String s) {
		return s == null ? "null" : "'" + s + "'";
	}

	@Test
	void aCancelsAnswerNeverTakesAFinishedJobBack() throws Exception {
		assertThat(later("CANCELLED", "CANCELLING")).isEqualTo("CANCELLED");
		assertThat(later("SUCCEEDED", "CANCELLING")).isEqualTo("SUCCEEDED");
		assertThat(later("CANCELLING", "CANCELLING")).isEqualTo("CANCELLING");
	}

	@Test
	void aCancelsAnswerMovesARunningOrQueuedJobOn() throws Exception {
		assertThat(later("RUNNING", "CANCELLING")).isEqualTo("CANCELLING");
		assertThat(later("QUEUED", "CANCELLED")).isEqualTo("CANCELLED");
		assertThat(later(null, "CANCELLING")).isEqualTo("CANCELLING");
	}

}
