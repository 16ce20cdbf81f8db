package dev.kindling.engine.expr.eval;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.types.DataType;

import static dev.kindling.engine.expr.eval.EvalSupport.bind;
import static dev.kindling.engine.expr.eval.EvalSupport.eval;
import static dev.kindling.engine.expr.eval.EvalSupport.value;
import static dev.kindling.engine.expr.eval.EvalSupport.valueLegacy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunctionsTest {

	@Test
	void lowerAndUpper() {
		assertThat(eval("lower(name)")).containsExactly("alice", "bob", null, "émile");
		assertThat(eval("UPPER(name)")).containsExactly("ALICE", "BOB", null, "ÉMILE");
		assertThat(value("lower(42)")).isEqualTo("42");
		assertThat(value("upper('mixed Ünïcode and ascii')")).isEqualTo("MIXED ÜNÏCODE AND ASCII");
		assertThat(value("lower('" + "ABC".repeat(100) + "')")).isEqualTo("abc".repeat(100));
	}

	@Test
	void lengthCountsCharactersNotBytes() {
		assertThat(eval("length(name)")).containsExactly(5, 3, null, 5);
		assertThat(bind("length(name)").type()).isEqualTo(DataType.INT);
		assertThat(value("length('\uD83D\uDE00')")).isEqualTo(1);
		assertThat(value("length('')")).isEqualTo(0);
		assertThat(value("length('日本語')")).isEqualTo(3);
	}

	@Test
	void substringIsOneBasedWithSparkRules() {
		assertThat(value("substring('Spark SQL', 5)")).isEqualTo("k SQL");
		assertThat(value("substring('Spark SQL', 1, 3)")).isEqualTo("Spa");
		assertThat(value("substring('Spark SQL', 0, 3)")).isEqualTo("Spa");
		assertThat(value("substring('Spark SQL', -3)")).isEqualTo("SQL");
		assertThat(value("substring('Spark SQL', -3, 2)")).isEqualTo("SQ");
		assertThat(value("substring('Spark SQL', 5, -1)")).isEqualTo("");
		assertThat(value("substring('Spark SQL', 20)")).isEqualTo("");
		// as Spark: the window [-2, 1) is clipped to [0, 1)
		assertThat(value("substring('abc', -5, 3)")).isEqualTo("a");
		assertThat(value("substr('abc', 2, 100)")).isEqualTo("bc");
		assertThat(eval("substr(name, 2, 2)")).containsExactly("li", "ob", null, "mi");
		assertThat(value("substring('abc', null)")).isNull();
	}

	@Test
	void trimRemovesSpaces() {
		assertThat(value("trim('  a b  ')")).isEqualTo("a b");
		assertThat(value("ltrim('  a  ')")).isEqualTo("a  ");
		assertThat(value("rtrim('  a  ')")).isEqualTo("  a");
		assertThat(eval("trim(code)")).containsExactly("42", "x", null, "7");
	}

	@Test
	void concatIsNullWhenAnyArgumentIsNull() {
		assertThat(value("concat('a', 'b', 'c')")).isEqualTo("abc");
		assertThat(value("concat('a', null)")).isNull();
		assertThat(eval("concat(name, age)")).containsExactly("alice30", null, null, "Émile25");
	}

	@Test
	void absKeepsTheType() {
		assertThat(eval("abs(big)")).containsExactly(10L, null, 30L, 5L);
		assertThat(value("abs(-2.5D)")).isEqualTo(2.5);
		assertThat(value("abs(-2.5)")).isEqualTo(new BigDecimal("2.5"));
		assertThat(value("abs(-3)")).isEqualTo(3);
		assertThat(valueLegacy("abs(-2147483648)")).isEqualTo(Integer.MIN_VALUE);
		assertThat(value("abs(CAST('-1.25' AS decimal(5,2)))")).isEqualTo(new BigDecimal("1.25"));
		assertThat(bind("abs(price)").type()).isEqualTo(DataType.decimal(10, 2));
	}

	@Test
	void roundIsHalfUp() {
		assertThat(value("round(2.5D)")).isEqualTo(3.0);
		assertThat(value("round(-2.5D)")).isEqualTo(-3.0);
		assertThat(value("round(1.005D, 2)")).isEqualTo(1.01);
		// decimals: Spark's decimal(p - s + 1 + min(s, d), min(s, d))
		assertThat(value("round(2.5)")).isEqualTo(new BigDecimal("3"));
		assertThat(bind("round(2.5)").type()).isEqualTo(DataType.decimal(2, 0));
		assertThat(value("round(-2.5)")).isEqualTo(new BigDecimal("-3"));
		assertThat(value("round(1.005, 2)")).isEqualTo(new BigDecimal("1.01"));
		assertThat(bind("round(1.005, 2)").type()).isEqualTo(DataType.decimal(4, 2));
		assertThat(bind("round(price, -1)").type()).isEqualTo(DataType.decimal(9, 0));
		assertThat(value("round(1234, -2)")).isEqualTo(1200);
		assertThat(value("round(1250, -2)")).isEqualTo(1300);
		assertThat(eval("round(price, 1)")).containsExactly(new BigDecimal("1.5"), null, new BigDecimal("2.3"),
				new BigDecimal("0.0"));
		assertThat(value("round(1.5, 2147483647)")).isEqualTo(new BigDecimal("1.5"));
		assertThat(value("round(15, -2147483648)")).isEqualTo(0);
		assertThat(eval("round(salary / 3, 2)")).containsExactly(333.33, 666.83, null, 0.0);
	}

	@Test
	void floorAndCeilGiveBigintOrAnIntegralDecimal() {
		assertThat(value("floor(2.7D)")).isEqualTo(2L);
		assertThat(value("floor(-2.1D)")).isEqualTo(-3L);
		assertThat(value("ceil(2.1D)")).isEqualTo(3L);
		assertThat(value("ceil(5)")).isEqualTo(5L);
		assertThat(bind("ceil(salary)").type()).isEqualTo(DataType.BIGINT);
		// Spark: floor and ceil of decimal(p,s) are decimal(p - s + 1, 0)
		assertThat(value("floor(-2.1)")).isEqualTo(new BigDecimal("-3"));
		assertThat(value("ceil(2.1)")).isEqualTo(new BigDecimal("3"));
		assertThat(bind("floor(price)").type()).isEqualTo(DataType.decimal(9, 0));
		assertThat(eval("floor(price)")).containsExactly(new BigDecimal("1"), null, new BigDecimal("2"),
				new BigDecimal("0"));
	}

	@Test
	void coalesceTakesTheFirstNonNull() {
		assertThat(eval("coalesce(age, big, 0)")).containsExactly(30L, 0L, 45L, 25L);
		assertThat(bind("coalesce(age, big, 0)").type()).isEqualTo(DataType.BIGINT);
		assertThat(eval("coalesce(name, 'none')")).containsExactly("alice", "bob", "none", "Émile");
		assertThat(value("coalesce(null, null)")).isNull();
	}

	@Test
	void nullifGivesNullOnEquality() {
		assertThat(eval("nullif(age, 30)")).containsExactly(null, null, 45, 25);
		assertThat(value("nullif(1, 2)")).isEqualTo(1);
		assertThat(value("nullif('1', 1)")).isNull();
	}

	@Test
	void ifChoosesByCondition() {
		assertThat(eval("if(age > 28, 'old', 'young')")).containsExactly("old", "young", "old", "young");
		assertThat(eval("if(active, age, 0.5D)")).containsExactly(30.0, 0.5, 0.5, 25.0);
		// int and decimal(1,1) meet in decimal(11,1), as in Spark
		assertThat(eval("if(active, age, 0.5)")).containsExactly(new BigDecimal("30.0"), new BigDecimal("0.5"),
				new BigDecimal("0.5"), new BigDecimal("25.0"));
	}

	@Test
	void yearMonthDayOfDatesAndTimestamps() {
		assertThat(eval("year(joined)")).containsExactly(2024, 2023, null, 2024);
		assertThat(eval("month(joined)")).containsExactly(1, 6, null, 12);
		assertThat(eval("day(joined)")).containsExactly(31, 15, null, 1);
		assertThat(eval("dayofmonth(seen)")).containsExactly(31, null, 29, 1);
		assertThat(value("year('2021-07-04')")).isEqualTo(2021);
	}

	@Test
	void boundFunctionsPrintTheirCanonicalText() {
		assertThat(bind("lower(name)").sql()).isEqualTo("lower(name)");
		assertThat(bind("length(age)").sql()).isEqualTo("length(CAST(age AS STRING))");
	}

	@Test
	void everyRegisteredNameReachesItsFunction() {
		assertThat(ScalarFunctions.names()).contains("lower", "substr", "ceiling", "raise_error", "dayofmonth");
		for (String name : ScalarFunctions.names()) {
			// a call with no argument is either right (pi(), rand()) or the function's
			// own
			// error (its arity, an array it cannot return), never an unknown name
			try {
				bind(name + "()");
			}
			catch (ExprException ex) {
				assertThat(ex.getMessage()).as(name).matches("function '" + name + "' (takes |returns an array).*");
			}
		}
	}

}
