package dev.kindling.engine.expr;

import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.eval.EvalSupport;
import dev.kindling.engine.types.QueryExecutionException;
import dev.kindling.engine.expr.eval.BoundExpr;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Whatever text a user submits, the parser and the binder either succeed or throw
 * {@link ExprException}; whatever parses survives a round trip through
 * {@link Expressions#toSource}; and whatever binds, evaluates without throwing. Each test
 * runs {@value #CASES} cases from a fixed seed, so a failure names a case that replays
 * exactly.
 */
class ExprFuzzTest {

	private static final int CASES = 10_000;

	private static final List<String> VALID = List.of("age + 1 > 2 * id", "name LIKE 'a%' AND NOT active",
			"CASE WHEN age > 40 THEN 'old' WHEN age IS NULL THEN NULL ELSE name END", "CAST(code AS int) IN (1, 2, 42)",
			"substring(name, -3, 2) || upper(trim(code))", "coalesce(salary / age, 0) BETWEEN 0.5 AND 100",
			"round(price * 2, 1) <=> 3", "year(joined) = 2024 OR seen >= TIMESTAMP '2024-01-31 10:00:00'",
			"if(active, age, -big) % 7", "count(DISTINCT name)", "avg(salary) AS pay",
			"CASE id WHEN 1 THEN 'one' ELSE concat(name, id) END", "`name` NOT IN ('bob', null)",
			"nullif(abs(age - 30), 0) DESC NULLS LAST", "joined + 1 < DATE '2024-12-31'", "floor(ceil(salary / 3))");

	private static final List<String> TOKENS = List.of("(", ")", ",", "'", "`", "\"", "+", "-", "*", "/", "%", "||",
			"=", "<=>", "<>", "<", ">=", " AND ", " OR ", " NOT ", " IS ", " NULL ", " IN ", " BETWEEN ", " LIKE ",
			" CASE ", " WHEN ", " THEN ", " ELSE ", " END ", " CAST(", " AS ", " DATE ", " TIMESTAMP ", "count(*)",
			"1e", "9999999999999999999999", "-2147483648", ".5", "\\", "'2024-02-30'", "age", "name", "nosuch",
			"lower(", "round(", "substring(", " DESC", " NULLS ", " FIRST", "0", "'x'", "true", "\u0000", "\uD83D", "%",
			"_", "abs(");

	@Test
	void randomTextOnlyEverThrowsExprException() {
		Random random = new Random(20261125L);
		for (int i = 0; i < CASES; i++) {
			String text = switch (random.nextInt(3)) {
				case 0 -> ascii(random, random.nextInt(81));
				case 1 -> anyChars(random, random.nextInt(41));
				default -> tokens(random, random.nextInt(31));
			};
			exercise(i, text);
		}
	}

	@Test
	void mutatedExpressionsOnlyEverThrowExprException() {
		Random random = new Random(6L);
		for (int i = 0; i < CASES; i++) {
			String text = VALID.get(random.nextInt(VALID.size()));
			int mutations = 1 + random.nextInt(3);
			for (int m = 0; m < mutations; m++) {
				text = mutate(random, text);
			}
			exercise(i, text);
		}
	}

	@Test
	void validExpressionsStillParse() {
		for (String text : VALID) {
			assertThat(ExprParser.parseNamed(text.replace(" DESC NULLS LAST", ""))).isNotNull();
		}
	}

	private static String ascii(Random random, int length) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < length; i++) {
			sb.append((char) (' ' + random.nextInt('~' - ' ' + 1)));
		}
		return sb.toString();
	}

	/** Any UTF-16 code units, lone surrogates and control characters included. */
	private static String anyChars(Random random, int length) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < length; i++) {
			sb.append((char) random.nextInt(Character.MAX_VALUE + 1));
		}
		return sb.toString();
	}

	private static String tokens(Random random, int count) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < count; i++) {
			sb.append(TOKENS.get(random.nextInt(TOKENS.size())));
		}
		return sb.toString();
	}

	/** Deletes, inserts, replaces or duplicates a stretch of up to 12 characters. */
	private static String mutate(Random random, String s) {
		int at = Math.min(random.nextInt(201), s.length());
		int end = Math.min(s.length(), at + random.nextInt(13));
		String token = TOKENS.get(random.nextInt(TOKENS.size()));
		return switch (random.nextInt(4)) {
			case 0 -> s.substring(0, at) + s.substring(end);
			case 1 -> s.substring(0, at) + token + s.substring(at);
			case 2 -> s.substring(0, at) + token + s.substring(end);
			default -> s.substring(0, at) + s.substring(at, end) + s.substring(at);
		};
	}

	private static void exercise(int caseNo, String text) {
		try {
			check(text);
		}
		catch (ExprException expected) {
			assertThat(expected.getMessage()).isNotBlank();
		}
		catch (RuntimeException | Error ex) {
			fail("case " + caseNo + " threw " + ex + " for " + escape(text), ex);
		}
		try {
			ExprParser.parseNamed(text).outputName();
		}
		catch (ExprException expected) {
			// documented
		}
		catch (RuntimeException | StackOverflowError ex) {
			fail("case " + caseNo + " (parseNamed) threw " + ex + " for " + escape(text), ex);
		}
		try {
			ExprParser.parseSortKey(text);
		}
		catch (ExprException expected) {
			// documented
		}
		catch (RuntimeException | StackOverflowError ex) {
			fail("case " + caseNo + " (parseSortKey) threw " + ex + " for " + escape(text), ex);
		}
	}

	private static void check(String text) {
		Expr e = ExprParser.parse(text);
		assertThat(e.sql()).isNotNull();
		String source = Expressions.toSource(e);
		Expr again = ExprParser.parse(source);
		assertThat(Expressions.toSource(again)).isEqualTo(source);
		assertThat(again.sql()).isEqualTo(e.sql());
		Expressions.referencedColumns(e);
		if (!Expressions.containsAggregate(e)) {
			BoundExpr bound = Binder.bind(e, EvalSupport.SCHEMA);
			try {
				assertThat(bound.evaluate(EvalSupport.BATCH).size()).isEqualTo(EvalSupport.BATCH.rowCount());
			}
			catch (QueryExecutionException dataError) {
				// ANSI mode's errors in the data (a cast of 'x' to int): documented, and
				// named by their error class
				assertThat(dataError.getMessage()).startsWith("[" + dataError.errorClass() + "]");
			}
		}
	}

	private static String escape(String text) {
		StringBuilder sb = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
		}
		return sb.append('"').toString();
	}

}
