package dev.kindling.engine.expr.eval;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.cancel.Cancellation;
import dev.kindling.engine.cancel.TaskCancelledException;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.types.QueryExecutionException;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.StringVector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * LIKE without backtracking: the same answers as a regular expression on random small
 * cases, the issue's hostile case (a {@code _} after thousands of literal characters, on
 * megabyte values) answered in one pass, a bound on pattern length, and a long match that
 * stops when its task is cancelled.
 */
class LikePatternTest {

	@Test
	void agreesWithARegularExpressionOnRandomPatternsAndTexts() {
		Random random = new Random(7);
		String alphabet = "abé\uD83D\uDE00";
		for (int round = 0; round < 20_000; round++) {
			String pattern = random(random, "ab%_\uD83D\uDE00", random.nextInt(8));
			String text = random(random, alphabet, random.nextInt(10));
			boolean expected = Pattern.compile(regex(pattern), Pattern.DOTALL).matcher(text).matches();
			assertThat(LikePattern.compile(pattern).matches(text)).as("'%s' LIKE '%s'", text, pattern)
				.isEqualTo(expected);
		}
	}

	private static String random(Random random, String alphabet, int length) {
		int[] cps = alphabet.codePoints().toArray();
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < length; i++) {
			sb.appendCodePoint(cps[random.nextInt(cps.length)]);
		}
		return sb.toString();
	}

	private static String regex(String like) {
		StringBuilder sb = new StringBuilder();
		like.codePoints().forEach((c) -> {
			if (c == '%') {
				sb.append(".*");
			}
			else if (c == '_') {
				sb.append('.');
			}
			else {
				sb.append(Pattern.quote(new String(Character.toChars(c))));
			}
		});
		return sb.toString();
	}

	@Test
	void knowsEscapesAnchorsAndEmptyPatterns() {
		assertThat(LikePattern.compile("").matches("")).isTrue();
		assertThat(LikePattern.compile("").matches("a")).isFalse();
		assertThat(LikePattern.compile("%").matches("")).isTrue();
		assertThat(LikePattern.compile("a%a").matches("a")).isFalse();
		assertThat(LikePattern.compile("a%a").matches("aa")).isTrue();
		assertThat(LikePattern.compile("100\\%").matches("100%")).isTrue();
		assertThat(LikePattern.compile("100\\%").matches("1000")).isFalse();
		assertThat(LikePattern.compile("a\\_c").matches("abc")).isFalse();
		assertThat(LikePattern.compile("_é_").matches("aéb")).isTrue();
		assertThat(LikePattern.compile("%\uD83D\uDE00_").matches("x\uD83D\uDE00y")).isTrue();
	}

	@Test
	void theIssuesHostileCaseIsOnePassOverEachValue() {
		// a _ after thousands of literal characters, against four 1 MB values: 22 s with
		// backtracking, a few Shift-And words per character now
		String value = "a".repeat(1 << 20);
		Schema schema = Schema.parse("s STRING");
		StringVector v = new StringVector(4);
		for (int i = 0; i < 4; i++) {
			v.append(i == 3 ? value + "b" : value);
		}
		Batch batch = new Batch(new ColumnVector[] { v }, 4);
		String literal = "a".repeat(5000);
		long start = System.nanoTime();
		BooleanVector unanchored = (BooleanVector) Binder.bind(ExprParser.parse("s LIKE '%" + literal + "_b%'"), schema)
			.evaluate(batch);
		BooleanVector anchored = (BooleanVector) Binder.bind(ExprParser.parse("s LIKE '" + literal + "_%b'"), schema)
			.evaluate(batch);
		long elapsed = System.nanoTime() - start;
		assertThat(new boolean[] { unanchored.get(0), unanchored.get(1), unanchored.get(2), unanchored.get(3) })
			.containsExactly(false, false, false, true);
		assertThat(new boolean[] { anchored.get(0), anchored.get(3) }).containsExactly(false, true);
		// a generous ceiling: the algorithm's bound is the point, not this number
		assertThat(elapsed).isLessThan(10_000_000_000L);
	}

	@Test
	void aPatternLongerThanTheBoundIsAnErrorNotSlowWork() {
		assertThatThrownBy(() -> LikePattern.compile("a".repeat(LikePattern.MAX_LENGTH + 1)))
			.isInstanceOf(QueryExecutionException.class)
			.hasMessageStartingWith("[LIKE_PATTERN_TOO_LONG]");
		assertThat(LikePattern.compile("_".repeat(LikePattern.MAX_LENGTH)).matches("x".repeat(10_000))).isTrue();
	}

	@Test
	void aLongMatchStopsWhenItsTaskIsCancelled() {
		byte[] text = "ab".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
		LikePattern pattern = LikePattern.compile("%abc_%");
		assertThatThrownBy(() -> Cancellation.run(() -> true, () -> pattern.matches(text, 0, text.length)))
			.isInstanceOf(TaskCancelledException.class);
		assertThat(Cancellation.run(() -> false, () -> pattern.matches(text, 0, text.length))).isFalse();
	}

}
