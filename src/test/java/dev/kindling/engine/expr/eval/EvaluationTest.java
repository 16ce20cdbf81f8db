package dev.kindling.engine.expr.eval;

import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.expr.ExprParser;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.QueryExecutionException;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;

import static dev.kindling.engine.expr.eval.EvalSupport.BATCH;
import static dev.kindling.engine.expr.eval.EvalSupport.bind;
import static dev.kindling.engine.expr.eval.EvalSupport.eval;
import static dev.kindling.engine.expr.eval.EvalSupport.evalLegacy;
import static dev.kindling.engine.expr.eval.EvalSupport.value;
import static dev.kindling.engine.expr.eval.EvalSupport.valueLegacy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvaluationTest {

	@Test
	void boundColumnReturnsTheBatchVectorItself() {
		assertThat(bind("AGE").evaluate(BATCH)).isSameAs(BATCH.column(2));
		assertThat(bind("`name`").evaluate(BATCH)).isSameAs(BATCH.column(1));
	}

	@Test
	void precedenceShowsInValues() {
		assertThat(value("1 + 2 * 3")).isEqualTo(7);
		assertThat(value("(1 + 2) * 3")).isEqualTo(9);
		assertThat(value("10 - 3 - 2")).isEqualTo(5);
		assertThat(value("true OR false AND false")).isEqualTo(true);
		assertThat(value("NOT 1 = 2")).isEqualTo(true);
	}

	@Test
	void integerArithmeticKeepsTheType() {
		assertThat(bind("age + 1").type()).isEqualTo(DataType.INT);
		assertThat(eval("age + 1")).containsExactly(31, null, 46, 26);
		assertThat(eval("age * big")).containsExactly(300L, null, 1350L, -125L);
		assertThat(bind("age * big").type()).isEqualTo(DataType.BIGINT);
		assertThat(eval("age % 7")).containsExactly(2, null, 3, 4);
		assertThat(eval("id - age")).containsExactly(-29, null, -42, -21);
	}

	@Test
	void withoutAnsiModeIntOverflowWrapsAt32Bits() {
		assertThat(valueLegacy("2147483647 + 1")).isEqualTo(Integer.MIN_VALUE);
		assertThat(valueLegacy("65536 * 65536")).isEqualTo(0);
		assertThat(valueLegacy("9223372036854775807 + 1")).isEqualTo(Long.MIN_VALUE);
		assertThat(valueLegacy("-(-2147483648)")).isEqualTo(Integer.MIN_VALUE);
	}

	@Test
	void inAnsiModeIntegerOverflowIsAnError() {
		assertThatThrownBy(() -> value("2147483647 + 1")).isInstanceOf(QueryExecutionException.class)
			.hasMessageStartingWith("[ARITHMETIC_OVERFLOW] integer overflow. Use 'try_add'");
		assertThatThrownBy(() -> value("65536 * 65536")).hasMessageContaining("ARITHMETIC_OVERFLOW");
		assertThatThrownBy(() -> value("9223372036854775807 + 1"))
			.hasMessageStartingWith("[ARITHMETIC_OVERFLOW] long overflow");
		assertThatThrownBy(() -> value("-(-2147483648)")).hasMessageContaining("ARITHMETIC_OVERFLOW");
		assertThatThrownBy(() -> eval("big * 922337203685477580")).hasMessageContaining("ARITHMETIC_OVERFLOW");
		// a null row never overflows
		assertThat(eval("age - 2147483647")).containsExactly(-2147483617, null, -2147483602, -2147483622);
	}

	@Test
	void divisionAlwaysYieldsDouble() {
		assertThat(bind("age / 2").type()).isEqualTo(DataType.DOUBLE);
		assertThat(eval("age / 2")).containsExactly(15.0, null, 22.5, 12.5);
		assertThat(value("7 / 2")).isEqualTo(3.5);
	}

	@Test
	void withoutAnsiModeDivisionByZeroIsNull() {
		assertThat(valueLegacy("1 / 0")).isNull();
		assertThat(valueLegacy("1.5 / 0")).isNull();
		assertThat(evalLegacy("salary / 0")).containsOnlyNulls();
		assertThat(evalLegacy("price / 0")).containsOnlyNulls();
		assertThat(evalLegacy("id / (id - 1)")).containsExactly(null, 2.0, 1.5, 4.0 / 3);
	}

	@Test
	void withoutAnsiModeModuloByZeroIsNull() {
		assertThat(valueLegacy("5 % 0")).isNull();
		assertThat(evalLegacy("id % (id - 1)")).containsExactly(null, 0, 1, 1);
		assertThat(evalLegacy("salary % 0")).containsOnlyNulls();
	}

	@Test
	void inAnsiModeDivisionByZeroIsAnErrorOnRowsThatHaveOperands() {
		String divideByZero = "[DIVIDE_BY_ZERO] Division by zero. Use `try_divide`";
		assertThatThrownBy(() -> value("1 / 0")).isInstanceOf(QueryExecutionException.class)
			.hasMessageStartingWith(divideByZero);
		assertThatThrownBy(() -> value("1.5 / 0")).hasMessageStartingWith(divideByZero);
		assertThatThrownBy(() -> eval("salary / 0")).hasMessageStartingWith(divideByZero);
		assertThatThrownBy(() -> eval("price % 0")).hasMessageStartingWith(divideByZero);
		assertThatThrownBy(() -> eval("id % (id - 1)")).hasMessageStartingWith(divideByZero);
		// a null operand gives null before any division
		assertThat(eval("CAST(NULL AS INT) / 0")).containsOnlyNulls();
		assertThat(eval("(CASE WHEN age > 100 THEN age END) % 0")).containsOnlyNulls();
	}

	@Test
	void numericPromotionWidensToTheLargerType() {
		assertThat(bind("age + big").type()).isEqualTo(DataType.BIGINT);
		// int meets decimal(10,2) as decimal(10,0): Spark's decimal(13,2) for the sum
		assertThat(bind("age + price").type()).isEqualTo(DataType.decimal(13, 2));
		assertThat(bind("price + salary").type()).isEqualTo(DataType.DOUBLE);
		// 1.5 is decimal(2,1), as in Spark SQL
		assertThat(bind("age + 1.5").type()).isEqualTo(DataType.decimal(12, 1));
		assertThat(bind("age + 1.5D").type()).isEqualTo(DataType.DOUBLE);
		// an integer constant takes the fewest digits: 2 is decimal(1,0)
		assertThat(bind("price * 2").type()).isEqualTo(DataType.decimal(12, 2));
		assertThat(eval("price * 2")).containsExactly(new BigDecimal("3.00"), null, new BigDecimal("4.50"),
				new BigDecimal("0.00"));
		assertThat(eval("salary * 1.1")).containsExactly(1000.0 * 1.1, 2000.5 * 1.1, null, 0.0);
		assertThat(eval("age + 0.5")).containsExactly(new BigDecimal("30.5"), null, new BigDecimal("45.5"),
				new BigDecimal("25.5"));
	}

	@Test
	void unaryMinusNegates() {
		assertThat(eval("-age")).containsExactly(-30, null, -45, -25);
		assertThat(eval("-salary")).containsExactly(-1000.0, -2000.5, null, -0.0);
		assertThat(eval("+age")).containsExactly(30, null, 45, 25);
		assertThat(bind("-age").sql()).isEqualTo("(- age)");
	}

	@Test
	void arithmeticWithNullIsNull() {
		assertThat(eval("age + null")).containsOnlyNulls();
		assertThat(bind("price + null").type()).isEqualTo(DataType.decimal(11, 2));
		assertThat(bind("age + null").type()).isEqualTo(DataType.INT);
		assertThat(value("null * 2")).isNull();
	}

	@Test
	void comparisonsOnEveryType() {
		assertThat(eval("age > 28")).containsExactly(true, null, true, false);
		assertThat(eval("28 < age")).containsExactly(true, null, true, false);
		assertThat(eval("big >= 10")).containsExactly(true, null, true, false);
		assertThat(eval("salary <= 1000")).containsExactly(true, false, null, true);
		assertThat(eval("name = 'bob'")).containsExactly(false, true, null, false);
		assertThat(eval("name <> 'bob'")).containsExactly(true, false, null, true);
		assertThat(eval("name < 'b'")).containsExactly(true, false, null, false);
		assertThat(eval("price = 1.5")).containsExactly(true, null, false, false);
		assertThat(eval("active = true")).containsExactly(true, false, null, true);
		assertThat(eval("joined < DATE '2024-01-01'")).containsExactly(false, true, null, false);
		assertThat(eval("seen >= TIMESTAMP '2024-01-31 10:00:00'")).containsExactly(true, null, false, true);
	}

	@Test
	void columnVersusColumnComparisons() {
		assertThat(eval("id < age")).containsExactly(true, null, true, true);
		assertThat(eval("name = name")).containsExactly(true, true, null, true);
		assertThat(eval("name = code")).containsExactly(false, false, null, false);
		assertThat(eval("salary > age")).containsExactly(true, null, null, false);
		assertThat(eval("joined = seen")).containsExactly(false, null, null, true);
	}

	@Test
	void stringsCompareByCodePoint() {
		assertThat(eval("name > 'zzz'")).containsExactly(false, false, null, true);
		assertThat(value("'a' < 'b'")).isEqualTo(true);
		assertThat(value("'B' < 'a'")).isEqualTo(true);
		assertThat(value("'\uFFFF' < '\uD83D\uDE00'")).isEqualTo(true);
	}

	@Test
	void nanIsEqualToItselfAndLargerThanAnyNumber() {
		assertThat(value("CAST('NaN' AS double) > 1e308")).isEqualTo(true);
		assertThat(value("CAST('NaN' AS double) = CAST('NaN' AS double)")).isEqualTo(true);
		assertThat(value("CAST('NaN' AS double) < 1.0")).isEqualTo(false);
		assertThat(value("CAST('NaN' AS double) <> 1.0")).isEqualTo(true);
		assertThat(value("0.0 = -0.0")).isEqualTo(true);
		Schema schema = Schema.parse("x DOUBLE, y DOUBLE");
		Batch batch = EvalSupport.batch(schema,
				new Object[][] { { Double.NaN, 1.0 }, { 1.0, Double.NaN }, { Double.NaN, Double.NaN }, { null, 1.0 } });
		for (String[] c : new String[][] { { "x > 1e300", "true,false,true,null" },
				{ "x >= 1.0", "true,true,true,null" }, { "x < 5", "false,true,false,null" },
				{ "x = 1", "false,true,false,null" }, { "x <> 1", "true,false,true,null" },
				{ "x = y", "false,false,true,null" }, { "x > y", "true,false,false,null" } }) {
			ColumnVector v = Binder.bind(ExprParser.parse(c[0]), schema).evaluate(batch);
			String actual = String.join(",",
					IntStream.range(0, 4).mapToObj((i) -> String.valueOf(v.getObject(i))).toList());
			assertThat(actual).as(c[0]).isEqualTo(c[1]);
		}
	}

	@Test
	void nullSafeEqualityIsNeverNull() {
		assertThat(eval("age <=> 30")).containsExactly(true, false, false, false);
		assertThat(eval("age <=> null")).containsExactly(false, true, false, false);
		assertThat(eval("name <=> name")).containsExactly(true, true, true, true);
		assertThat(value("null <=> null")).isEqualTo(true);
	}

	@Test
	void comparisonWithNullIsNull() {
		assertThat(eval("age = null")).containsOnlyNulls();
		assertThat(value("null = null")).isNull();
		assertThat(value("1 < null")).isNull();
	}

	@Test
	void threeValuedAnd() {
		assertThat(value("null AND false")).isEqualTo(false);
		assertThat(value("false AND null")).isEqualTo(false);
		assertThat(value("null AND true")).isNull();
		assertThat(value("true AND true")).isEqualTo(true);
		assertThat(eval("active AND age > 26")).containsExactly(true, false, null, false);
	}

	@Test
	void threeValuedOr() {
		assertThat(value("null OR true")).isEqualTo(true);
		assertThat(value("true OR null")).isEqualTo(true);
		assertThat(value("null OR false")).isNull();
		assertThat(value("false OR false")).isEqualTo(false);
		assertThat(eval("active OR age > 40")).containsExactly(true, null, true, true);
	}

	@Test
	void notOfNullIsNull() {
		assertThat(value("NOT null")).isNull();
		assertThat(eval("NOT active")).containsExactly(false, true, null, false);
	}

	@Test
	void longAndChainsAreFlattened() {
		BoundExpr e = bind("age > 1 AND age > 2 AND age > 3 AND age > 4");
		assertThat(e).isInstanceOf(LogicEval.class);
		assertThat(((LogicEval) e).operands()).hasSize(4);
		assertThat(e.evaluate(BATCH).getObject(0)).isEqualTo(true);
	}

	@Test
	void isNullReadsTheMask() {
		assertThat(eval("age IS NULL")).containsExactly(false, true, false, false);
		assertThat(eval("name IS NOT NULL")).containsExactly(true, true, false, true);
		assertThat(eval("id IS NULL")).containsExactly(false, false, false, false);
		assertThat(bind("age IS NULL").nullable()).isFalse();
		assertThat(value("null IS NULL")).isEqualTo(true);
	}

	@Test
	void inListsOfConstants() {
		assertThat(eval("age IN (30, 45)")).containsExactly(true, null, true, false);
		assertThat(eval("age NOT IN (30, 45)")).containsExactly(false, null, false, true);
		assertThat(eval("name IN ('bob', 'Émile')")).containsExactly(false, true, null, true);
		assertThat(eval("salary IN (0, 2000.5)")).containsExactly(false, true, null, true);
		assertThat(eval("joined IN (DATE '2024-01-31')")).containsExactly(true, false, null, false);
		assertThat(eval("price IN (1.5, 0)")).containsExactly(true, null, false, true);
	}

	@Test
	void inWithNullInTheListFollowsSql() {
		assertThat(eval("age IN (30, null)")).containsExactly(true, null, null, null);
		assertThat(eval("age NOT IN (30, null)")).containsExactly(false, null, null, null);
		assertThat(value("1 IN (1, null)")).isEqualTo(true);
		assertThat(value("2 IN (1, null)")).isNull();
		assertThat(value("null IN (1)")).isNull();
	}

	@Test
	void inWithColumnsInTheList() {
		assertThat(eval("30 IN (age, id)")).containsExactly(true, null, false, false);
		assertThat(eval("id IN (age, 2)")).containsExactly(false, true, false, false);
	}

	@Test
	void betweenIsInclusive() {
		assertThat(eval("age BETWEEN 25 AND 30")).containsExactly(true, null, false, true);
		assertThat(eval("age NOT BETWEEN 25 AND 30")).containsExactly(false, null, true, false);
		assertThat(eval("joined BETWEEN '2024-01-01' AND '2024-12-31'")).containsExactly(true, false, null, true);
	}

	@Test
	void likePatterns() {
		assertThat(eval("name LIKE 'a%'")).containsExactly(true, false, null, false);
		assertThat(eval("name LIKE '%e'")).containsExactly(true, false, null, true);
		assertThat(eval("name LIKE '%li%'")).containsExactly(true, false, null, false);
		assertThat(eval("name LIKE '%mil%'")).containsExactly(false, false, null, true);
		assertThat(eval("name LIKE 'bob'")).containsExactly(false, true, null, false);
		assertThat(eval("name LIKE '_mile'")).containsExactly(false, false, null, true);
		assertThat(eval("name LIKE 'a%i%e'")).containsExactly(true, false, null, false);
		assertThat(eval("name LIKE '%'")).containsExactly(true, true, null, true);
		assertThat(eval("name NOT LIKE 'a%'")).containsExactly(false, true, null, true);
	}

	@Test
	void likeEscapesWildcards() {
		assertThat(value("'100%' LIKE '100\\%'")).isEqualTo(true);
		assertThat(value("'1000' LIKE '100\\%'")).isEqualTo(false);
		assertThat(value("'a_c' LIKE 'a\\_c'")).isEqualTo(true);
		assertThat(value("'abc' LIKE 'a\\_c'")).isEqualTo(false);
		assertThat(value("'a.c' LIKE 'a.c'")).isEqualTo(true);
		assertThat(value("'abc' LIKE 'a.c'")).isEqualTo(false);
		assertThat(value("'aXbXc' LIKE '%b%'")).isEqualTo(true);
		assertThat(value("'ab' LIKE 'a%b%b'")).isEqualTo(false);
	}

	@Test
	void likeMixesBothWildcards() {
		assertThat(value("'abcde' LIKE 'a_c%'")).isEqualTo(true);
		assertThat(value("'abcde' LIKE '%c_e'")).isEqualTo(true);
		assertThat(value("'abcde' LIKE '%c_'")).isEqualTo(false);
		assertThat(value("'\uD83D\uDE00x' LIKE '_x'")).isEqualTo(true);
		assertThat(value("'' LIKE '%'")).isEqualTo(true);
		assertThat(value("'' LIKE '_'")).isEqualTo(false);
	}

	@Test
	void hostileLikePatternsStayFast() {
		String text = "a".repeat(5000);
		String pattern = "%_".repeat(200) + "b";
		long start = System.nanoTime();
		assertThat(LikePattern.compile(pattern).matches(text)).isFalse();
		assertThat(LikePattern.compile("%a".repeat(200) + "%b").matches(text)).isFalse();
		assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
	}

	@Test
	void likeWithAPatternPerRow() {
		assertThat(eval("name LIKE code")).containsExactly(false, false, null, false);
		assertThat(eval("name LIKE concat(substr(name, 1, 1), '%')")).containsExactly(true, true, null, true);
	}

	@Test
	void searchedCaseTakesTheFirstTrueBranch() {
		assertThat(eval("CASE WHEN age > 40 THEN 'old' WHEN age > 26 THEN 'mid' ELSE 'young' END"))
			.containsExactly("mid", "young", "old", "young");
		assertThat(eval("CASE WHEN age > 40 THEN 'old' END")).containsExactly(null, null, "old", null);
	}

	@Test
	void simpleCaseComparesTheOperand() {
		assertThat(eval("CASE id WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END")).containsExactly("one", "two",
				"many", "many");
		assertThat(eval("CASE age WHEN null THEN 'never' ELSE 'x' END")).containsExactly("x", "x", "x", "x");
	}

	@Test
	void caseWidensItsBranches() {
		assertThat(bind("CASE WHEN active THEN 1 ELSE 2.5D END").type()).isEqualTo(DataType.DOUBLE);
		assertThat(eval("CASE WHEN active THEN 1 ELSE 2.5D END")).containsExactly(1.0, 2.5, 2.5, 1.0);
		// an int (decimal(10,0)) and decimal(2,1) meet in decimal(11,1)
		assertThat(bind("CASE WHEN active THEN 1 ELSE 2.5 END").type()).isEqualTo(DataType.decimal(11, 1));
		assertThat(eval("CASE WHEN active THEN 1 ELSE 2.5 END")).containsExactly(new BigDecimal("1.0"),
				new BigDecimal("2.5"), new BigDecimal("2.5"), new BigDecimal("1.0"));
		assertThat(bind("CASE WHEN active THEN age ELSE big END").type()).isEqualTo(DataType.BIGINT);
		assertThat(bind("CASE WHEN active THEN 1 ELSE 'x' END").type()).isEqualTo(DataType.STRING);
	}

	@Test
	void explicitCasts() {
		assertThat(eval("CAST(age AS bigint)")).containsExactly(30L, null, 45L, 25L);
		assertThat(eval("CAST(age AS string)")).containsExactly("30", null, "45", "25");
		assertThat(eval("CAST(salary AS int)")).containsExactly(1000, 2000, null, 0);
		assertThat(evalLegacy("CAST(code AS int)")).containsExactly(42, null, null, 7);
		assertThat(eval("try_cast(code AS int)")).containsExactly(42, null, null, 7);
		assertThat(eval("try_cast(salary * 2000000 AS int)")).containsExactly(2000000000, null, null, 0);
		assertThat(eval("CAST(seen AS date)")).containsExactly(LocalDate.of(2024, 1, 31), null,
				LocalDate.of(2020, 2, 29), LocalDate.of(2024, 12, 1));
		assertThat(eval("CAST(joined AS timestamp)")).containsExactly(LocalDateTime.of(2024, 1, 31, 0, 0),
				LocalDateTime.of(2023, 6, 15, 0, 0), null, LocalDateTime.of(2024, 12, 1, 0, 0));
		assertThat(eval("CAST(seen AS string)")).containsExactly("2024-01-31 10:00:00", null, "2020-02-29 23:59:59",
				"2024-12-01 00:00:00");
		assertThat(eval("CAST(active AS int)")).containsExactly(1, 0, null, 1);
		assertThat(eval("CAST(price AS double)")).containsExactly(1.5, null, 2.25, 0.0);
	}

	@Test
	void withoutAnsiModeCastFailuresGiveNull() {
		assertThat(valueLegacy("CAST('abc' AS int)")).isNull();
		assertThat(valueLegacy("CAST('2024-13-01' AS date)")).isNull();
		assertThat(valueLegacy("CAST('maybe' AS boolean)")).isNull();
		assertThat(valueLegacy("CAST('3000000000' AS int)")).isNull();
		assertThat(valueLegacy("CAST('1.9' AS int)")).isEqualTo(1);
		assertThat(valueLegacy("CAST(' 12 ' AS bigint)")).isEqualTo(12L);
		assertThat(valueLegacy("CAST('yes' AS boolean)")).isEqualTo(true);
		assertThat(valueLegacy("CAST('2024-01-31 10:11:12.5' AS timestamp)"))
			.isEqualTo(LocalDateTime.of(2024, 1, 31, 10, 11, 12, 500_000_000));
		assertThat(valueLegacy("CAST('2024-1-5' AS date)")).isEqualTo(LocalDate.of(2024, 1, 5));
		// Spark's date cast also takes a year alone, or a year and a month
		assertThat(value("CAST('2024' AS date)")).isEqualTo(LocalDate.of(2024, 1, 1));
		assertThat(value("CAST(' 2024-5 ' AS date)")).isEqualTo(LocalDate.of(2024, 5, 1));
		assertThat(value("CAST('2024-05-07T10:00' AS date)")).isEqualTo(LocalDate.of(2024, 5, 7));
		assertThat(value("CAST('2024-05' AS timestamp)")).isEqualTo(LocalDateTime.of(2024, 5, 1, 0, 0));
		// a time part is still read strictly: no midnight for an hour without minutes or
		// for junk
		assertThat(valueLegacy("CAST('2024-05-01 junk' AS timestamp)")).isNull();
		assertThat(valueLegacy("CAST('2024-05-01T10' AS timestamp)")).isNull();
		assertThat(valueLegacy("CAST('202' AS date)")).isNull();
		assertThat(valueLegacy("CAST('2024-5-' AS date)")).isNull();
		// TRY_CAST is null for what does not convert, in ANSI mode too
		assertThat(value("TRY_CAST('abc' AS int)")).isNull();
		assertThat(value("try_cast('2024-02-30' AS date)")).isNull();
		assertThat(value("try_cast(3000000000 AS int)")).isNull();
		assertThat(value("try_cast(' 12 ' AS bigint) + 1")).isEqualTo(13L);
		assertThat(valueLegacy("try_cast(3000000000 AS int)")).isNull();
		assertThat(value("try_cast(12345.678 AS decimal(5,2))")).isNull();
		assertThat(ExprParser.parse("try_cast(a AS date)").sql()).isEqualTo("TRY_CAST(a AS DATE)");
		// types Spark has and Kindling does not: an error, not a wider value
		assertThatThrownBy(() -> value("CAST(300 AS tinyint)")).isInstanceOf(ExprException.class)
			.hasMessageStartingWith("CAST to tinyint is not supported: the types are int, bigint");
		assertThatThrownBy(() -> value("CAST(1.1 AS FLOAT)")).isInstanceOf(ExprException.class)
			.hasMessageStartingWith("CAST to float is not supported");
		assertThat(valueLegacy("CAST(3000000000 AS int)")).isEqualTo((int) 3000000000L);
		assertThat(valueLegacy("CAST(12345.678 AS decimal(5,2))")).isNull();
		assertThat(valueLegacy("CAST('1e10000000' AS decimal(10,2))")).isNull();
	}

	@Test
	void inAnsiModeCastFailuresAreErrorsWithSparksErrorClass() {
		assertThatThrownBy(() -> value("CAST('abc' AS int)")).isInstanceOf(QueryExecutionException.class)
			.hasMessageStartingWith("[CAST_INVALID_INPUT] The value 'abc' of the type \"STRING\" cannot be cast to "
					+ "\"INT\" because it is malformed.");
		assertThatThrownBy(() -> value("CAST('2024-13-01' AS date)")).hasMessageStartingWith("[CAST_INVALID_INPUT]");
		assertThatThrownBy(() -> value("CAST('maybe' AS boolean)")).hasMessageStartingWith("[CAST_INVALID_INPUT]");
		assertThatThrownBy(() -> value("CAST('x1' AS double)")).hasMessageStartingWith("[CAST_INVALID_INPUT]");
		assertThatThrownBy(() -> value("CAST('1.2.3' AS decimal(5,2))")).hasMessageStartingWith("[CAST_INVALID_INPUT]");
		assertThatThrownBy(() -> value("CAST(3000000000 AS int)")).hasMessageStartingWith(
				"[CAST_OVERFLOW] The value 3000000000L of the type \"BIGINT\" cannot be cast to \"INT\" due to an overflow.");
		assertThatThrownBy(() -> value("CAST(1e10 AS int)")).hasMessageStartingWith("[CAST_OVERFLOW]");
		assertThatThrownBy(() -> value("CAST(12345.678 AS decimal(5,2))")).hasMessageStartingWith(
				"[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION] 12345.678 cannot be represented as " + "Decimal(5, 2).");
		assertThatThrownBy(() -> value("CAST('1e10000000' AS decimal(10,2))"))
			.hasMessageStartingWith("[NUMERIC_VALUE_OUT_OF_RANGE");
		// what converts still converts; NaN to decimal is null, as in Spark
		assertThat(value("CAST('1.9' AS int)")).isEqualTo(1);
		assertThat(value("CAST(' 12 ' AS bigint)")).isEqualTo(12L);
		assertThat(value("CAST(CAST('NaN' AS double) AS decimal(5,2))")).isNull();
		assertThat(eval("CAST(age AS decimal(3,1))")).containsExactly(new BigDecimal("30.0"), null,
				new BigDecimal("45.0"), new BigDecimal("25.0"));
		assertThatThrownBy(() -> eval("CAST(age AS decimal(2,1))")).hasMessageContaining("Decimal(2, 1)");
	}

	@Test
	void stringComparedWithANumberIsCastToTheNumber() {
		assertThat(evalLegacy("code = 42")).containsExactly(true, null, null, false);
		assertThat(evalLegacy("code = 7")).containsExactly(false, null, null, true);
		assertThat(eval("'30' = age")).containsExactly(true, null, false, false);
		assertThat(value("'1.5' = 1.5")).isEqualTo(true);
		assertThat(valueLegacy("'abc' = 1")).isNull();
		// in ANSI mode a string that is not a number is an error, not a silent null
		assertThatThrownBy(() -> value("'abc' = 1")).hasMessageStartingWith("[CAST_INVALID_INPUT]");
		assertThatThrownBy(() -> eval("code = 42")).hasMessageStartingWith("[CAST_INVALID_INPUT] The value 'x'");
	}

	@Test
	void stringComparedWithADateIsCastToTheDate() {
		assertThat(eval("joined = '2024-01-31'")).containsExactly(true, false, null, false);
		assertThat(eval("seen > '2024-06-01'")).containsExactly(false, null, false, true);
		assertThat(evalLegacy("joined < 'not a date'")).containsOnlyNulls();
		assertThatThrownBy(() -> eval("joined < 'not a date'")).hasMessageStartingWith("[CAST_INVALID_INPUT]");
	}

	@Test
	void stringInArithmeticBecomesDouble() {
		assertThat(evalLegacy("code + 1")).containsExactly(43.0, null, null, 8.0);
	}

	@Test
	void dateArithmeticAddsDays() {
		assertThat(eval("joined + 1")).containsExactly(LocalDate.of(2024, 2, 1), LocalDate.of(2023, 6, 16), null,
				LocalDate.of(2024, 12, 2));
		assertThat(value("DATE '2024-03-01' - 1")).isEqualTo(LocalDate.of(2024, 2, 29));
		assertThat(value("DATE '2024-03-01' + 9223372036854775807")).isNull();
	}

	@Test
	void concatOperatorAndFunction() {
		assertThat(eval("name || '!'")).containsExactly("alice!", "bob!", null, "Émile!");
		assertThat(eval("concat(name, '-', id)")).containsExactly("alice-1", "bob-2", null, "Émile-4");
		assertThat(value("'a' || 1")).isEqualTo("a1");
	}

	@Test
	void constantSubtreesAreFoldedAtBindTime() {
		assertThat(bind("1 + 2 * 3")).isInstanceOf(LiteralEval.class);
		assertThat(bind("upper('x') || 'y'")).isInstanceOf(LiteralEval.class);
		BoundExpr e = bind("age > 10 * 2");
		assertThat(e).isInstanceOf(CompareEval.class);
		assertThat(e.sql()).isEqualTo("(age > 20)");
	}

	@Test
	void evaluatesEmptyBatches() {
		Batch empty = EvalSupport.batch(EvalSupport.SCHEMA, new Object[0][]);
		for (String text : new String[] { "age + 1", "salary / 2 > 1", "name LIKE 'a%'", "lower(name)",
				"CASE WHEN active THEN 1 END", "age IN (1, 2)", "CAST(code AS int)", "coalesce(age, 0)", "42", "'x'",
				"null", "NOT active OR age IS NULL" }) {
			assertThat(bind(text).evaluate(empty).size()).as(text).isZero();
		}
	}

	@Test
	void evaluatesLargeBatchesWithoutLosingRows() {
		int n = 5000;
		Object[][] rows = new Object[n][];
		for (int i = 0; i < n; i++) {
			Object[] row = EvalSupport.ROWS[i % 4].clone();
			row[0] = i;
			rows[i] = row;
		}
		Batch batch = EvalSupport.batch(EvalSupport.SCHEMA, rows);
		BooleanVector v = (BooleanVector) bind("id % 2 = 0 AND name LIKE '%li%'").evaluate(batch);
		assertThat(v.size()).isEqualTo(n);
		// rows cycle alice, bob, (null), Émile: even ids are alice and the null name
		assertThat(batch.filter(v).rowCount()).isEqualTo(n / 4);
		assertThat(Arrays.stream(batch.filter(v).row(0)).toList()).startsWith(0, "alice");
	}

}
