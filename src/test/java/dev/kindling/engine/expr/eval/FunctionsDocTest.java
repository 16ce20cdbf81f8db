package dev.kindling.engine.expr.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.aggregate.AggregateFunctions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/functions.md lists every function Kindling knows, and its scalar examples
 * ({@code `expr` → `result`}) are what Kindling computes.
 */
class FunctionsDocTest {

	private static final Pattern EXAMPLE = Pattern.compile("`([^`]+)` → `([^`]*)`");

	/** Examples whose value depends on the job, the task or a column. */
	private static final Set<String> NOT_CONSTANT = Set.of("current_date()", "current_timestamp()");

	private static String doc() throws IOException {
		return Files.readString(Path.of("docs/functions.md"));
	}

	@Test
	void everyFunctionIsListed() throws IOException {
		String doc = doc();
		Set<String> names = new TreeSet<>(ScalarFunctions.names());
		names.addAll(AggregateFunctions.names());
		names.addAll(WindowFunctions.names());
		List<String> missing = new ArrayList<>();
		for (String name : names) {
			if (!doc.contains("`" + name + "`") && !doc.contains("`" + name + "(")) {
				missing.add(name);
			}
		}
		assertThat(missing).as("functions docs/functions.md does not list").isEmpty();
	}

	@Test
	void theScalarExamplesAreWhatKindlingComputes() throws IOException {
		String doc = doc();
		String scalar = doc.substring(doc.indexOf("## Strings"), doc.indexOf("## Aggregate functions"));
		Matcher m = EXAMPLE.matcher(scalar);
		List<String> wrong = new ArrayList<>();
		int checked = 0;
		while (m.find()) {
			String expr = m.group(1).replace("\\|", "|");
			if (NOT_CONSTANT.contains(expr)) {
				continue;
			}
			checked++;
			Object value;
			try {
				value = EvalSupport.value(expr);
			}
			catch (RuntimeException ex) {
				wrong.add(expr + " fails: " + ex.getMessage());
				continue;
			}
			String expected = m.group(2);
			String shown = (value == null) ? "NULL" : value.toString();
			if (value instanceof LocalDateTime t && t.equals(LocalDateTime.parse(expected.replace(' ', 'T')))) {
				shown = expected;
			}
			if (!shown.equals(expected)) {
				wrong.add(expr + " → " + shown + " (docs say " + expected + ")");
			}
		}
		assertThat(wrong).isEmpty();
		assertThat(checked).isGreaterThan(100);
	}

}
