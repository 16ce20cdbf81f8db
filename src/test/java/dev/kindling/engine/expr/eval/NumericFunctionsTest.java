package dev.kindling.engine.expr.eval;

import java.math.BigDecimal;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.LongVector;

import static dev.kindling.engine.expr.eval.EvalSupport.LENIENT;
import static dev.kindling.engine.expr.eval.EvalSupport.bind;
import static dev.kindling.engine.expr.eval.EvalSupport.eval;
import static dev.kindling.engine.expr.eval.EvalSupport.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Numeric, conditional and regular-expression functions against the values Spark 4 gives
 * (its function reference and {@code MathExpressionsSuite}, {@code RandomSuite},
 * {@code RegexpExpressionsSuite}), under ANSI mode and without it.
 */
class NumericFunctionsTest {

	@Test
	void roundingModes() {
		assertThat(value("round(2.5, 0)")).isEqualTo(new BigDecimal("3"));
		assertThat(value("bround(2.5, 0)")).isEqualTo(new BigDecimal("2"));
		assertThat(value("bround(3.5)")).isEqualTo(new BigDecimal("4"));
		assertThat(value("round(25, -1)")).isEqualTo(30);
		assertThat(value("bround(25, -1)")).isEqualTo(20);
		assertThat(value("round(-25, -1)")).isEqualTo(-30);
		assertThat(value("round(1.2345, 2)")).isEqualTo(new BigDecimal("1.23"));
		assertThat(value("round(CAST('NaN' AS double), 2)")).isEqualTo(Double.NaN);
		assertThatThrownBy(() -> value("round(2147483647, -1)")).hasMessageStartingWith("[ARITHMETIC_OVERFLOW]");
		assertThat(value(LENIENT, "round(2147483647, -1)")).isEqualTo(-2147483646);
	}

	@Test
	void absAndNegativeOverflowOnlyUnderAnsi() {
		assertThat(value("abs(-1)")).isEqualTo(1);
		assertThat(value(LENIENT, "abs(-2147483648)")).isEqualTo(Integer.MIN_VALUE);
		assertThatThrownBy(() -> value("abs(CAST(-9223372036854775808 AS bigint))"))
			.hasMessageStartingWith("[ARITHMETIC_OVERFLOW]");
		assertThat(value("negative(5)")).isEqualTo(-5);
		assertThat(value("positive(-5)")).isEqualTo(-5);
		assertThatThrownBy(() -> value("negative(-2147483648)")).hasMessageStartingWith("[ARITHMETIC_OVERFLOW]");
	}

	@Test
	void ceilFloorAndSign() {
		assertThat(value("ceil(-0.1)")).isEqualTo(new BigDecimal("0"));
		assertThat(value("floor(-0.1)")).isEqualTo(new BigDecimal("-1"));
		assertThat(value("ceil(5)")).isEqualTo(5L);
		assertThat(value("sign(40)")).isEqualTo(1.0);
		assertThat(value("signum(-0.5)")).isEqualTo(-1.0);
		assertThat(value("sign(0)")).isEqualTo(0.0);
	}

	@Test
	void powersRootsAndLogarithms() {
		assertThat(value("pow(2, 3)")).isEqualTo(8.0);
		assertThat(value("power(2, -1)")).isEqualTo(0.5);
		assertThat(value("sqrt(4)")).isEqualTo(2.0);
		assertThat((Double) value("sqrt(-1)")).isNaN();
		assertThat(value("cbrt(27.0)")).isEqualTo(3.0);
		assertThat(value("exp(0)")).isEqualTo(1.0);
		assertThat(value("ln(1)")).isEqualTo(0.0);
		assertThat(value("log(10, 100)")).isEqualTo(2.0);
		assertThat(value("log10(10)")).isEqualTo(1.0);
		assertThat(value("log2(2)")).isEqualTo(1.0);
		assertThat(value("log1p(0)")).isEqualTo(0.0);
		assertThat(value("log(2.718281828459045)")).isEqualTo(1.0);
		// at and below the asymptote a logarithm is null, not NaN or -Infinity
		assertThat(value("ln(0)")).isNull();
		assertThat(value("ln(-1)")).isNull();
		assertThat(value("log10(0)")).isNull();
		assertThat(value("log1p(-1)")).isNull();
		assertThat(value("log(0, 100)")).isNull();
		assertThat(value("log(10, -1)")).isNull();
		assertThat(value("ln(null)")).isNull();
	}

	@Test
	void trigonometryAndConstants() {
		assertThat(value("degrees(pi())")).isEqualTo(180.0);
		assertThat(value("radians(180)")).isEqualTo(Math.PI);
		assertThat(value("e()")).isEqualTo(Math.E);
		assertThat(value("cos(0)")).isEqualTo(1.0);
		assertThat(value("atan2(0, 1)")).isEqualTo(0.0);
		assertThat(value("hypot(3, 4)")).isEqualTo(5.0);
		assertThat(value("factorial(5)")).isEqualTo(120L);
		assertThat(value("factorial(21)")).isNull();
	}

	@Test
	void remaindersByZeroAreNullOrAnError() {
		assertThat(value("mod(7, 3)")).isEqualTo(1);
		assertThat(value("mod(-7, 3)")).isEqualTo(-1);
		assertThat(value("pmod(10, 3)")).isEqualTo(1);
		assertThat(value("pmod(-10, 3)")).isEqualTo(2);
		assertThat(value("pmod(-10.5, 3)")).isEqualTo(new BigDecimal("1.5"));
		assertThatThrownBy(() -> value("pmod(10, 0)")).isInstanceOf(AnsiError.class)
			.hasMessageStartingWith("[DIVIDE_BY_ZERO] Division by zero.");
		assertThat(value(LENIENT, "pmod(10, 0)")).isNull();
		assertThat(value(LENIENT, "pmod(10.5, 0)")).isNull();
		// a constant that fails is not folded: only a row that reaches it fails
		assertThat(value("CASE WHEN id > 100 THEN pmod(10, 0) ELSE 1 END")).isEqualTo(1);
	}

	@Test
	void greatestAndLeastSkipNulls() {
		assertThat(value("greatest(10, 9, 2, 4, 3)")).isEqualTo(10);
		assertThat(value("least(10, 9, 2, 4, 3)")).isEqualTo(2);
		assertThat(value("greatest(1, null, 3)")).isEqualTo(3);
		assertThat(value("greatest(null, null)")).isNull();
		assertThat(value("greatest(1, 2.5)")).isEqualTo(new BigDecimal("2.5"));
		assertThat(value("greatest('apple', 'banana')")).isEqualTo("banana");
		assertThat((Double) value("greatest(1.0, CAST('NaN' AS double))")).isNaN();
		assertThat(eval("least(age, id * 10)")).containsExactly(10, 20, 30, 25);
		assertThatThrownBy(() -> bind("greatest(1)")).isInstanceOf(ExprException.class)
			.hasMessage("function 'greatest' takes at least 2 arguments, got 1 at position 0");
		assertThatThrownBy(() -> bind("greatest(1, joined)")).isInstanceOf(ExprException.class)
			.hasMessageContaining("incompatible types int and date");
	}

	@Test
	void nullFunctions() {
		assertThat(value("nvl(null, 'x')")).isEqualTo("x");
		assertThat(value("ifnull('a', 'x')")).isEqualTo("a");
		assertThat(value("nvl2(null, 2, 1)")).isEqualTo(1);
		assertThat(value("nvl2('x', 2, 1)")).isEqualTo(2);
		assertThat(value("isnull(null)")).isEqualTo(true);
		assertThat(value("isnotnull(1)")).isEqualTo(true);
		assertThat(value("isnan(CAST('NaN' AS double))")).isEqualTo(true);
		assertThat(value("isnan(1.0)")).isEqualTo(false);
		assertThat(value("isnan(null)")).isEqualTo(false);
		assertThat(value("nanvl(CAST('NaN' AS double), 123)")).isEqualTo(123.0);
		assertThat(value("nanvl(1.5, 123)")).isEqualTo(1.5);
		assertThat(value("nullifzero(0)")).isNull();
		assertThat(value("nullifzero(5)")).isEqualTo(5);
		assertThat(value("zeroifnull(null)")).isEqualTo(0);
		assertThat(value("equal_null(null, null)")).isEqualTo(true);
		assertThat(value("equal_null(1, null)")).isEqualTo(false);
		assertThat(eval("nvl(age, -1)")).containsExactly(30, -1, 45, 25);
	}

	@Test
	void regularExpressionsAreJavas() {
		assertThat(value("regexp_extract('100-200', '(\\\\d+)-(\\\\d+)', 1)")).isEqualTo("100");
		assertThat(value("regexp_extract('100-200', '(\\\\d+)-(\\\\d+)', 2)")).isEqualTo("200");
		assertThat(value("regexp_extract('100-200', '(\\\\d+)-(\\\\d+)', 0)")).isEqualTo("100-200");
		assertThat(value("regexp_extract('foo', '(\\\\d+)', 1)")).isEqualTo("");
		assertThat(value("regexp_extract('ab', '(a)|(x)', 2)")).isEqualTo("");
		assertThat(value("regexp_replace('100-200', '(\\\\d+)', 'num')")).isEqualTo("num-num");
		assertThat(value("regexp_replace('100-200', '(\\\\d+)-(\\\\d+)', '$2-$1')")).isEqualTo("200-100");
		assertThat(value("regexp_replace('aaa', 'a', 'b', 2)")).isEqualTo("abb");
		assertThat(value("'%SystemDrive%\\\\Users\\\\John' rlike '%SystemDrive%\\\\\\\\Users.*'")).isEqualTo(true);
		assertThat(value("rlike('Spark', 'ar')")).isEqualTo(true);
		assertThat(value("regexp_like('Spark', '^ar')")).isEqualTo(false);
		assertThat(value("regexp_count('Steven Jones and Stephen Smith are the best players', 'Ste(v|ph)en')"))
			.isEqualTo(2);
		assertThat(value("regexp_substr('Steven Jones and Stephen Smith are the best players', 'Ste(v|ph)en')"))
			.isEqualTo("Steven");
		assertThat(value("regexp_substr('xyz', 'a')")).isNull();
		assertThat(value("regexp_instr('user@spark.apache.org', '@[^.]*')")).isEqualTo(5);
		assertThat(value("regexp_extract(null, 'a', 0)")).isNull();
	}

	@Test
	void aBadRegexIsA400AtBindTimeAndABadGroupAnError() {
		assertThatThrownBy(() -> bind("regexp_extract(name, '(a', 1)")).isInstanceOf(ExprException.class)
			.hasMessageStartingWith("invalid regular expression '(a' in regexp_extract: Unclosed group at position 21");
		assertThatThrownBy(() -> value("regexp_extract('100-200', '(\\\\d+)', 2)")).isInstanceOf(AnsiError.class)
			.hasMessageStartingWith("[INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX] The value of parameter(s) `idx` in "
					+ "`regexp_extract` is invalid: Expects group index between 0 and 1, but got 2.");
		assertThatThrownBy(() -> bind("regexp_replace(name, 'a', 'b', 0)")).isInstanceOf(ExprException.class)
			.hasMessageStartingWith("regexp_replace expects a position of 1 or more, got 0");
	}

	@Test
	void catastrophicBacktrackingIsStoppedNotRun() {
		// (.*a){20}b backtracks through every way of splitting the a's: hours of work
		// without the budget
		String value = "a".repeat(40);
		assertThatThrownBy(() -> value("'" + value + "' rlike '(.*a){20}b'")).isInstanceOf(ExprException.class)
			.hasMessageContaining("backtracks too much on a value of 40 characters");
		assertThat(value("'" + value + "b' rlike '^a+b$'")).isEqualTo(true);
		assertThat(value("regexp_count('" + value + "', 'a')")).isEqualTo(40);
	}

	@Test
	void randDrawsSparksSequenceForASeedAndPartition() {
		assertThat((Double) TaskScope.run(0, () -> value("rand(30)"))).isEqualTo(0.2762195585886885);
		assertThat((Double) TaskScope.run(0, () -> value("randn(30)"))).isEqualTo(-1.0451987154313813);
		assertThat((Double) TaskScope.run(0, () -> value("rand(null)"))).isEqualTo(0.7604953758285915);
		assertThat((Double) TaskScope.run(0, () -> value("rand(5419823303878592871L)"))).isEqualTo(0.7145363364564755);
		// Spark seeds each partition with seed + partition index
		assertThat((Double) TaskScope.run(1, () -> value("rand(29)"))).isEqualTo(0.2762195585886885);
		// never folded to a constant: every row draws the next number
		List<Object> draws = TaskScope.run(0, () -> eval("rand(30)"));
		assertThat(draws.get(0)).isEqualTo(0.2762195585886885);
		assertThat(draws).doesNotHaveDuplicates();
		List<Object> again = TaskScope.run(0, () -> eval("rand(30)"));
		assertThat(again).isEqualTo(draws);
		assertThat((Double) value("rand()")).isBetween(0.0, 1.0);
		assertThatThrownBy(() -> bind("rand(age)")).isInstanceOf(ExprException.class)
			.hasMessageStartingWith("rand expects a constant seed as argument 1");
	}

	@Test
	void monotonicallyIncreasingIdsCountPerPartition() {
		Schema schema = Schema.parse("x INT");
		BoundExpr id = Binder.bind(ExprParser.parse("monotonically_increasing_id()"), schema);
		BoundExpr partition = Binder.bind(ExprParser.parse("spark_partition_id()"), schema);
		List<Long> ids = TaskScope.run(3, () -> {
			List<Long> out = new ArrayList<>();
			for (int b = 0; b < 2; b++) {
				ColumnVector v = id.evaluate(batchOf(2));
				out.add(((LongVector) v).get(0));
				out.add(((LongVector) v).get(1));
			}
			out.add(((LongVector) partition.evaluate(batchOf(1))).get(0));
			return out;
		});
		long base = 3L << 33;
		assertThat(ids).containsExactly(base, base + 1, base + 2, base + 3, 3L);
		assertThat(id.type()).isEqualTo(DataType.BIGINT);
	}

	private static Batch batchOf(int rows) {
		LongVector v = new LongVector(DataType.INT, rows);
		for (int i = 0; i < rows; i++) {
			v.append(i);
		}
		return new Batch(new ColumnVector[] { v }, rows);
	}

	@Test
	void mathOnColumnsKeepsNulls() {
		assertThat(eval("sqrt(age)")).satisfies((values) -> {
			assertThat((Double) values.get(0)).isCloseTo(Math.sqrt(30), within(1e-12));
			assertThat(values.get(1)).isNull();
		});
		assertThat(eval("ln(salary)").get(3)).isNull();
	}

}
