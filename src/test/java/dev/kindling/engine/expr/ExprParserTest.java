package dev.kindling.engine.expr;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.types.DataType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExprParserTest {

	private static String sql(String text) {
		return ExprParser.parse(text).sql();
	}

	private static Literal literal(String text) {
		Expr e = ExprParser.parse(text);
		assertThat(e).isInstanceOf(Literal.class);
		return (Literal) e;
	}

	@Test
	void multiplicationBindsTighterThanAddition() {
		assertThat(sql("1 + 2 * 3")).isEqualTo("(1 + (2 * 3))");
		assertThat(sql("(1 + 2) * 3")).isEqualTo("((1 + 2) * 3)");
	}

	@Test
	void binaryOperatorsAssociateToTheLeft() {
		assertThat(sql("a - b - c")).isEqualTo("((a - b) - c)");
		assertThat(sql("a / b * c % d")).isEqualTo("(((a / b) * c) % d)");
	}

	@Test
	void andBindsTighterThanOr() {
		assertThat(sql("a OR b AND c")).isEqualTo("(a OR (b AND c))");
		assertThat(sql("a AND b OR c")).isEqualTo("((a AND b) OR c)");
	}

	@Test
	void notAppliesToTheWholeComparison() {
		assertThat(sql("NOT a = b")).isEqualTo("(NOT (a = b))");
		assertThat(sql("NOT a AND b")).isEqualTo("((NOT a) AND b)");
	}

	@Test
	void comparisonsBindLooserThanArithmeticAndConcat() {
		assertThat(sql("a + 1 > b * 2")).isEqualTo("((a + 1) > (b * 2))");
		assertThat(sql("a || b = c")).isEqualTo("((a || b) = c)");
		assertThat(sql("a + b || c")).isEqualTo("((a + b) || c)");
	}

	@Test
	void unaryMinusBindsTightest() {
		assertThat(sql("-a * b")).isEqualTo("((- a) * b)");
		assertThat(sql("- - a")).isEqualTo("(- (- a))");
	}

	@Test
	void everyComparisonOperatorParses() {
		assertThat(sql("a = 1")).isEqualTo("(a = 1)");
		assertThat(sql("a == 1")).isEqualTo("(a = 1)");
		assertThat(sql("a <> 1")).isEqualTo("(a <> 1)");
		assertThat(sql("a != 1")).isEqualTo("(a <> 1)");
		assertThat(sql("a < 1")).isEqualTo("(a < 1)");
		assertThat(sql("a <= 1")).isEqualTo("(a <= 1)");
		assertThat(sql("a > 1")).isEqualTo("(a > 1)");
		assertThat(sql("a >= 1")).isEqualTo("(a >= 1)");
		assertThat(sql("a <=> 1")).isEqualTo("(a <=> 1)");
	}

	@Test
	void predicatesParse() {
		assertThat(sql("a IS NULL")).isEqualTo("(a IS NULL)");
		assertThat(sql("a is not null")).isEqualTo("(a IS NOT NULL)");
		assertThat(sql("a IN (1, 2, 3)")).isEqualTo("(a IN (1, 2, 3))");
		assertThat(sql("a NOT IN (1)")).isEqualTo("(NOT (a IN (1)))");
		assertThat(sql("a BETWEEN 1 AND 2 + 3")).isEqualTo("(a BETWEEN 1 AND (2 + 3))");
		assertThat(sql("a NOT BETWEEN 1 AND 2 AND b")).isEqualTo("((NOT (a BETWEEN 1 AND 2)) AND b)");
		assertThat(sql("name LIKE 'a%'")).isEqualTo("name LIKE a%");
		assertThat(sql("name NOT LIKE 'a%'")).isEqualTo("(NOT name LIKE a%)");
	}

	@Test
	void keywordsAreCaseInsensitive() {
		assertThat(ExprParser.parse("a iS nOt NuLl aNd b bEtWeEn 1 AnD 2"))
			.isEqualTo(ExprParser.parse("a IS NOT NULL AND b BETWEEN 1 AND 2"));
	}

	@Test
	void integerLiteralsAreIntWhenTheyFitElseBigint() {
		assertThat(literal("42")).extracting(Literal::value, Literal::type).containsExactly(42, DataType.INT);
		assertThat(literal("2147483648")).extracting(Literal::value, Literal::type)
			.containsExactly(2147483648L, DataType.BIGINT);
		assertThat(literal("-2147483648")).extracting(Literal::value, Literal::type)
			.containsExactly(Integer.MIN_VALUE, DataType.INT);
		assertThat(literal("10L")).extracting(Literal::value, Literal::type).containsExactly(10L, DataType.BIGINT);
		assertThat(literal("99999999999999999999").type()).isEqualTo(DataType.decimal(20, 0));
	}

	@Test
	void fractionsAreDecimalsAndExponentsDoublesAsInSparkSql() {
		assertThat(literal("1.5")).extracting(Literal::value, Literal::type)
			.containsExactly(new BigDecimal("1.5"), DataType.decimal(2, 1));
		assertThat(literal(".5")).extracting(Literal::value, Literal::type)
			.containsExactly(new BigDecimal("0.5"), DataType.decimal(1, 1));
		assertThat(literal("0.01").type()).isEqualTo(DataType.decimal(2, 2));
		assertThat(literal("123.4500").type()).isEqualTo(DataType.decimal(7, 4));
		assertThat(literal("1.").type()).isEqualTo(DataType.decimal(1, 0));
		assertThat(literal("1e3")).extracting(Literal::value, Literal::type).containsExactly(1000.0, DataType.DOUBLE);
		assertThat(literal("1.5D")).extracting(Literal::value, Literal::type).containsExactly(1.5, DataType.DOUBLE);
		assertThat(literal("2.5BD")).extracting(Literal::value, Literal::type)
			.containsExactly(new BigDecimal("2.5"), DataType.decimal(2, 1));
		// a negative exponent's zeros become digits: 1.5e3BD is decimal(4,0)
		assertThat(literal("1.5e3BD")).extracting(Literal::value, Literal::type)
			.containsExactly(new BigDecimal("1500"), DataType.decimal(4, 0));
		assertThat(literal("1.5e-3BD").type()).isEqualTo(DataType.decimal(4, 4));
		assertThatThrownBy(() -> ExprParser.parse("x > 1e400")).isInstanceOf(ExprException.class)
			.hasMessage("number '1e400' is out of the range of double at position 4");
	}

	@Test
	void stringLiteralsUnescapeQuotes() {
		assertThat(literal("'it''s'").value()).isEqualTo("it's");
		assertThat(literal("'it\\'s'").value()).isEqualTo("it's");
		assertThat(literal("\"double\"").value()).isEqualTo("double");
		assertThat(literal("''").value()).isEqualTo("");
		assertThat(literal("'tab\\there'").value()).isEqualTo("tab\there");
	}

	@Test
	void booleanNullDateAndTimestampLiterals() {
		assertThat(literal("TRUE").value()).isEqualTo(true);
		assertThat(literal("false").value()).isEqualTo(false);
		assertThat(literal("null")).extracting(Literal::value, Literal::type).containsExactly(null, DataType.NULL);
		assertThat(literal("DATE '2024-01-31'").value()).isEqualTo(LocalDate.of(2024, 1, 31));
		assertThat(literal("timestamp '2024-01-31 10:00:00'").value()).isEqualTo(LocalDateTime.of(2024, 1, 31, 10, 0));
		assertThat(sql("DATE '2024-01-31'")).isEqualTo("DATE '2024-01-31'");
		assertThat(sql("TIMESTAMP '2024-01-31 10:00:00'")).isEqualTo("TIMESTAMP '2024-01-31 10:00:00'");
	}

	@Test
	void invalidDateLiteralNamesItsPosition() {
		assertThatThrownBy(() -> ExprParser.parse("d = DATE '2024-02-30'")).isInstanceOf(ExprException.class)
			.hasMessage("invalid DATE literal '2024-02-30' at position 9")
			.extracting("position")
			.isEqualTo(9);
	}

	@Test
	void backtickedNamesMayHoldAnything() {
		assertThat(ExprParser.parse("`first name`")).isEqualTo(new ColumnRef("first name", 0));
		assertThat(ExprParser.parse("`a``b`")).isEqualTo(new ColumnRef("a`b", 0));
		assertThat(ExprParser.parse("`select`")).isEqualTo(new ColumnRef("select", 0));
	}

	@Test
	void nodesCarryTheirSourcePosition() {
		Binary b = (Binary) ExprParser.parse("age  >= 18");
		assertThat(b.position()).isEqualTo(5);
		assertThat(b.left().position()).isZero();
		assertThat(b.right().position()).isEqualTo(8);
	}

	@Test
	void caseWhenInBothForms() {
		Case searched = (Case) ExprParser.parse("CASE WHEN a > 1 THEN 'x' WHEN a > 0 THEN 'y' ELSE 'z' END");
		assertThat(searched.operand()).isNull();
		assertThat(searched.whens()).hasSize(2);
		assertThat(searched.sql()).isEqualTo("CASE WHEN (a > 1) THEN x WHEN (a > 0) THEN y ELSE z END");
		Case simple = (Case) ExprParser.parse("case a when 1 then 'one' end");
		assertThat(simple.operand()).isEqualTo(new ColumnRef("a", 5));
		assertThat(simple.otherwise()).isNull();
	}

	@Test
	void castTakesSparkTypeNames() {
		assertThat(ExprParser.parse("CAST(a AS integer)")).isEqualTo(new Cast(new ColumnRef("a", 5), DataType.INT, 0));
		assertThat(sql("cast(a as decimal(10, 2))")).isEqualTo("CAST(a AS DECIMAL(10,2))");
		assertThat(sql("cast(a as decimal)")).isEqualTo("CAST(a AS DECIMAL(10,0))");
		assertThat(sql("cast(a as numeric(5))")).isEqualTo("CAST(a AS DECIMAL(5,0))");
		assertThatThrownBy(() -> ExprParser.parse("CAST(a AS decimal(39, 2))")).isInstanceOf(ExprException.class)
			.hasMessage("[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision 39 exceeds max precision 38."
					+ " at position 10");
		assertThatThrownBy(() -> ExprParser.parse("CAST(a AS decimal(2, 3))")).isInstanceOf(ExprException.class)
			.hasMessageStartingWith("[DECIMAL_SCALE_EXCEEDS_PRECISION]");
		assertThat(sql("CAST(a AS string)")).isEqualTo("CAST(a AS STRING)");
		assertThatThrownBy(() -> ExprParser.parse("CAST(a AS blob)")).isInstanceOf(ExprException.class)
			.hasMessage("unknown type 'blob' at position 10");
	}

	@Test
	void functionNamesAreLowerCased() {
		FunctionCall call = (FunctionCall) ExprParser.parse("UPPER(name)");
		assertThat(call.name()).isEqualTo("upper");
		assertThat(call.arguments()).containsExactly(new ColumnRef("name", 6));
		assertThat(sql("coalesce(a, b, 0)")).isEqualTo("coalesce(a, b, 0)");
	}

	@Test
	void aggregateCallsParseAnywhere() {
		assertThat(ExprParser.parse("count(*)")).isEqualTo(new AggregateCall("count", List.of(), false, 0));
		assertThat(ExprParser.parse("COUNT(DISTINCT x)"))
			.isEqualTo(AggregateCall.of("count", new ColumnRef("x", 15), true, 0));
		assertThat(sql("count(*)")).isEqualTo("count(1)");
		assertThat(sql("avg(salary)")).isEqualTo("avg(salary)");
		assertThat(sql("count(distinct x)")).isEqualTo("count(DISTINCT x)");
		assertThat(sql("sum(a) / count(*) + 1")).isEqualTo("((sum(a) / count(1)) + 1)");
	}

	@Test
	void canonicalTextOfArithmeticWithADouble() {
		assertThat(sql("salary*1.1")).isEqualTo("(salary * 1.1)");
	}

	@Test
	void namedExpressionsTakeTheAliasThenTheColumnThenTheText() {
		assertThat(ExprParser.parseNamed("salary * 1.1 AS raised").outputName()).isEqualTo("raised");
		assertThat(ExprParser.parseNamed("salary * 1.1 raised").outputName()).isEqualTo("raised");
		assertThat(ExprParser.parseNamed("salary AS `pay day`").outputName()).isEqualTo("pay day");
		assertThat(ExprParser.parseNamed("age").outputName()).isEqualTo("age");
		assertThat(ExprParser.parseNamed("`Odd Name`").outputName()).isEqualTo("Odd Name");
		assertThat(ExprParser.parseNamed("avg(salary)").outputName()).isEqualTo("avg(salary)");
		assertThat(ExprParser.parseNamed("count(*)").outputName()).isEqualTo("count(1)");
		assertThat(ExprParser.parseNamed("salary * 1.1").outputName()).isEqualTo("(salary * 1.1)");
	}

	@Test
	void aliasMustFollowAs() {
		assertThatThrownBy(() -> ExprParser.parseNamed("a AS")).isInstanceOf(ExprException.class)
			.hasMessage("expected an alias after AS at position 4, found end of expression");
		assertThatThrownBy(() -> ExprParser.parseNamed("a AS b c")).isInstanceOf(ExprException.class)
			.hasMessage("unexpected 'c' at position 7");
	}

	@Test
	void sortKeysDefaultToSparkNullOrdering() {
		assertThat(ExprParser.parseSortKey("x")).isEqualTo(new SortKey(new ColumnRef("x", 0), true, true));
		assertThat(ExprParser.parseSortKey("x ASC")).isEqualTo(new SortKey(new ColumnRef("x", 0), true, true));
		assertThat(ExprParser.parseSortKey("x desc")).isEqualTo(new SortKey(new ColumnRef("x", 0), false, false));
		assertThat(ExprParser.parseSortKey("x ASC NULLS LAST"))
			.isEqualTo(new SortKey(new ColumnRef("x", 0), true, false));
		assertThat(ExprParser.parseSortKey("x DESC NULLS FIRST"))
			.isEqualTo(new SortKey(new ColumnRef("x", 0), false, true));
		assertThat(ExprParser.parseSortKey("a + b DESC").expr()).isInstanceOf(Binary.class);
	}

	@Test
	void sortKeyRejectsBadNullsClause() {
		assertThatThrownBy(() -> ExprParser.parseSortKey("x DESC NULLS MIDDLE")).isInstanceOf(ExprException.class)
			.hasMessage("expected FIRST or LAST after NULLS at position 13, found 'MIDDLE'");
	}

	@Test
	void missingClosingParenthesisNamesThePosition() {
		assertThatThrownBy(() -> ExprParser.parse("(salary * 1.1")).isInstanceOf(ExprException.class)
			.hasMessage("expected ')' at position 13, found end of expression")
			.extracting("position")
			.isEqualTo(13);
		assertThatThrownBy(() -> ExprParser.parse("lower(name, 'x'")).isInstanceOf(ExprException.class)
			.hasMessageStartingWith("expected ')' at position 15");
	}

	@Test
	void trailingGarbageIsAnError() {
		assertThatThrownBy(() -> ExprParser.parse("a + b c")).isInstanceOf(ExprException.class)
			.hasMessage("unexpected 'c' at position 6");
		assertThatThrownBy(() -> ExprParser.parse("a )")).isInstanceOf(ExprException.class)
			.hasMessage("unexpected ')' at position 2");
	}

	@Test
	void lexicalErrorsNameThePosition() {
		assertThatThrownBy(() -> ExprParser.parse("a = 'open")).isInstanceOf(ExprException.class)
			.hasMessage("unterminated string at position 4");
		assertThatThrownBy(() -> ExprParser.parse("a # b")).isInstanceOf(ExprException.class)
			.hasMessage("unexpected character '#' at position 2");
		assertThatThrownBy(() -> ExprParser.parse("12abc")).isInstanceOf(ExprException.class)
			.hasMessageStartingWith("malformed number");
	}

	@Test
	void emptyAndIncompleteExpressionsAreErrors() {
		assertThatThrownBy(() -> ExprParser.parse("  ")).isInstanceOf(ExprException.class)
			.hasMessage("expression is empty at position 2");
		assertThatThrownBy(() -> ExprParser.parse("a +")).isInstanceOf(ExprException.class)
			.hasMessage("unexpected end of expression at position 3");
		assertThatThrownBy(() -> ExprParser.parse("a IS 5")).isInstanceOf(ExprException.class)
			.hasMessage("expected NULL after IS at position 5, found '5'");
		assertThatThrownBy(() -> ExprParser.parse("CASE WHEN a THEN 1")).isInstanceOf(ExprException.class)
			.hasMessage("expected END at position 18, found end of expression");
		assertThatThrownBy(() -> ExprParser.parse("a AND")).isInstanceOf(ExprException.class)
			.hasMessage("unexpected end of expression at position 5");
	}

	@Test
	void textLongerThanTheLimitIsRejected() {
		String text = "a + ".repeat(2500) + "a";
		assertThat(text.length()).isGreaterThan(ExprParser.MAX_LENGTH);
		assertThatThrownBy(() -> ExprParser.parse(text)).isInstanceOf(ExprException.class)
			.hasMessageContaining("more than the limit of 10000")
			.extracting("position")
			.isEqualTo(-1);
	}

	@Test
	void nestingDeeperThanTheLimitIsRejectedNotOverflowed() {
		assertThat(ExprParser.parse("(".repeat(60) + "a" + ")".repeat(60))).isEqualTo(new ColumnRef("a", 60));
		assertThatThrownBy(() -> ExprParser.parse("(".repeat(4000) + "a" + ")".repeat(4000)))
			.isInstanceOf(ExprException.class)
			.hasMessageStartingWith("expression nests deeper than 64 levels at position 64");
		assertThatThrownBy(() -> ExprParser.parse("-".repeat(9000) + "a")).isInstanceOf(ExprException.class)
			.hasMessageStartingWith("expression nests deeper than 64 levels");
		assertThatThrownBy(() -> ExprParser.parse("NOT ".repeat(2000) + "a")).isInstanceOf(ExprException.class);
		assertThatThrownBy(() -> ExprParser.parse("a" + " OR a".repeat(1000))).isInstanceOf(ExprException.class)
			.hasMessageEndingWith("(each operator in a chain is a level; for long lists of values use IN)");
		assertThatThrownBy(() -> ExprParser.parse("lower(".repeat(1000) + "a" + ")".repeat(1000)))
			.isInstanceOf(ExprException.class);
	}

	@Test
	void longListsAreWideNotDeep() {
		In in = (In) ExprParser.parse("x IN (" + "1, ".repeat(1000) + "2)");
		assertThat(in.list()).hasSize(1001);
	}

	@Test
	void referencedColumnsAreListedAsWritten() {
		Expr e = ExprParser.parse("Age > 1 AND lower(`first name`) LIKE 'a%' OR age IS NULL");
		assertThat(Expressions.referencedColumns(e)).containsExactly("Age", "first name", "age");
		assertThat(Expressions.referencedColumns(ExprParser.parse("count(*)"))).isEmpty();
	}

	@Test
	void containsAggregateLooksEverywhere() {
		assertThat(Expressions.containsAggregate(ExprParser.parse("a + 1"))).isFalse();
		assertThat(Expressions.containsAggregate(ExprParser.parse("CASE WHEN max(a) > 1 THEN 1 END"))).isTrue();
		assertThat(Expressions.aggregates(ExprParser.parse("sum(a) / count(*)"))).extracting(AggregateCall::sql)
			.containsExactly("sum(a)", "count(1)");
	}

	@Test
	void transformReplacesAggregatesByColumns() {
		Expr e = ExprParser.parse("sum(a) / count(*) + 1");
		Expr rewritten = Expressions.transform(e,
				(node) -> (node instanceof AggregateCall call) ? new ColumnRef(call.sql(), call.position()) : node);
		assertThat(Expressions.containsAggregate(rewritten)).isFalse();
		assertThat(Expressions.referencedColumns(rewritten)).containsExactly("sum(a)", "count(1)");
	}

	@Test
	void sourceTextParsesBackToTheSameTree() {
		for (String text : List.of("name = 'it''s \\% done'", "`first name` || `a``b`", "big = 5L AND price = 1.5BD",
				"x NOT IN (1, 2) AND y NOT BETWEEN 1 AND 2 OR z NOT LIKE 'a%'", "CASE x WHEN 1 THEN 'a' END",
				"CAST(x AS decimal(10, 2)) > -2147483648", "count(all) + count(DISTINCT `select`) + count(*)",
				"d = DATE '2024-01-31' OR t < TIMESTAMP '2024-01-31 10:00:00.5'", "1e300 > - - x", "null IS NULL",
				"- -0 + - -5")) {
			Expr e = ExprParser.parse(text);
			String source = Expressions.toSource(e);
			assertThat(Expressions.toSource(ExprParser.parse(source))).as(text).isEqualTo(source);
			assertThat(ExprParser.parse(source).sql()).as(text).isEqualTo(e.sql());
		}
		assertThat(Expressions.toSource(ExprParser.parse("name = 'it''s'"))).isEqualTo("(name = 'it''s')");
		assertThat(Expressions.toSource(ExprParser.parse("`first name` NOT IN (1, 10L)")))
			.isEqualTo("(`first name` NOT IN (1, 10L))");
	}

	@Test
	void recordsValidateTheirArguments() {
		assertThatThrownBy(() -> new Literal("x", DataType.INT, 0)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new AggregateCall("median", List.of(), false, 0))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new In(new ColumnRef("a", 0), List.of(), false, 0))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
