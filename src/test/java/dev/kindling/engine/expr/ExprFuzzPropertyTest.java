package dev.kindling.engine.expr;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever text a user submits, the parser and the binder either succeed or throw
 * {@link ExprException}; whatever parses survives a round trip through
 * {@link Expressions#toSource}; and whatever binds, evaluates without throwing.
 */
class ExprFuzzPropertyTest {

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
			"lower(", "round(", "substring(", " DESC", " NULLS ", " FIRST", "0", "'x'", "true", "\u0000", "\uD83D",
			"%", "_", "abs(");

	@Provide
	Arbitrary<String> noise() {
		Arbitrary<String> ascii = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(80);
		Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(40);
		Arbitrary<String> tokens = Arbitraries.of(TOKENS).list().ofMaxSize(30).map((l) -> String.join("", l));
		return Arbitraries.oneOf(ascii, anything, tokens);
	}

	@Provide
	Arbitrary<String> mutated() {
		Arbitrary<String> base = Arbitraries.of(VALID);
		Arbitrary<Integer> where = Arbitraries.integers().between(0, 200);
		Arbitrary<Integer> howMany = Arbitraries.integers().between(0, 12);
		Arbitrary<String> token = Arbitraries.of(TOKENS);
		Arbitrary<Integer> kind = Arbitraries.integers().between(0, 3);
		Arbitrary<String> once = Combinators.combine(base, kind, where, howMany, token)
			.as(ExprFuzzPropertyTest::mutate);
		return Combinators.combine(once, kind, where, howMany, token).as(ExprFuzzPropertyTest::mutate);
	}

	private static String mutate(String s, int kind, int where, int howMany, String token) {
		int at = Math.min(where, s.length());
		int end = Math.min(s.length(), at + howMany);
		return switch (kind) {
			case 0 -> s.substring(0, at) + s.substring(end);
			case 1 -> s.substring(0, at) + token + s.substring(at);
			case 2 -> s.substring(0, at) + token + s.substring(end);
			default -> s.substring(0, at) + s.substring(at, end) + s.substring(at);
		};
	}

	@Property(tries = 10000)
	void randomTextOnlyEverThrowsExprException(@ForAll("noise") String text) {
		exercise(text);
	}

	@Property(tries = 10000)
	void mutatedExpressionsOnlyEverThrowExprException(@ForAll("mutated") String text) {
		exercise(text);
	}

	@Property(tries = 200)
	void validExpressionsStillParse(@ForAll("valid") String text) {
		assertThat(ExprParser.parseNamed(text.replace(" DESC NULLS LAST", ""))).isNotNull();
	}

	@Provide
	Arbitrary<String> valid() {
		return Arbitraries.of(VALID);
	}

	private static void exercise(String text) {
		try {
			Expr e = ExprParser.parse(text);
			assertThat(e.sql()).isNotNull();
			String source = Expressions.toSource(e);
			Expr again = ExprParser.parse(source);
			assertThat(Expressions.toSource(again)).isEqualTo(source);
			assertThat(again.sql()).isEqualTo(e.sql());
			Expressions.referencedColumns(e);
			if (!Expressions.containsAggregate(e)) {
				BoundExpr bound = Binder.bind(e, EvalSupport.SCHEMA);
				assertThat(bound.evaluate(EvalSupport.BATCH).size()).isEqualTo(EvalSupport.BATCH.rowCount());
			}
		}
		catch (ExprException expected) {
			assertThat(expected.getMessage()).isNotBlank();
		}
		try {
			ExprParser.parseNamed(text).outputName();
		}
		catch (ExprException expected) {
			// fine
		}
		try {
			ExprParser.parseSortKey(text);
		}
		catch (ExprException expected) {
			// fine
		}
	}

}
