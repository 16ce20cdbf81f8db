package dev.kindling.engine.expr.eval;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.aggregate.AggregateFunctions;
import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.types.AnsiMode;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.QueryExecutionException;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Decimal types and values as Spark 4 gives them: the result types of Spark's
 * {@code DecimalPrecisionSuite} (same columns: {@code d1 decimal(2,1)},
 * {@code d2 decimal(5,2)}, {@code u decimal(38,18)}), values computed on unscaled longs
 * and on the wide path with HALF_UP rounding, overflow as null without ANSI mode and as
 * {@code NUMERIC_VALUE_OUT_OF_RANGE} with it, and literals beyond 38 digits refused when
 * parsed.
 */
class DecimalRulesTest {

	static final Schema SCHEMA = Schema
		.parse("i INT, l BIGINT, d1 DECIMAL(2,1), d2 DECIMAL(5,2), u DECIMAL(38,18), f DOUBLE, "
				+ "p DECIMAL(15,2), q DECIMAL(15,2), w DECIMAL(38,0)");

	/** Rows at the edges: long's range, 38 digits, nulls. */
	static final Object[][] ROWS = {
			{ 1, 2L, bd("1.5"), bd("100.25"), bd("1.000000000000000001"), 0.5, bd("0.01"), bd("0.99"),
					bd("9223372036854775807") },
			{ null, null, null, null, null, null, null, null, null },
			{ -3, Long.MAX_VALUE, bd("-9.9"), bd("-999.99"), bd("-12345678901234567890.123456789012345678"), -2.0,
					bd("9999999999999.99"), bd("9999999999999.99"), bd("99999999999999999999999999999999999999") } };

	static final Batch BATCH = EvalSupport.batch(SCHEMA, ROWS);

	static BigDecimal bd(String text) {
		return new BigDecimal(text);
	}

	static DataType type(String text) {
		return Binder.bind(ExprParser.parse(text), SCHEMA).type();
	}

	static List<Object> eval(String text) {
		return values(Binder.bind(ExprParser.parse(text), SCHEMA));
	}

	static List<Object> evalLegacy(String text) {
		return values(AnsiMode.with(false, () -> Binder.bind(ExprParser.parse(text), SCHEMA)));
	}

	static List<Object> values(BoundExpr bound) {
		ColumnVector v = bound.evaluate(BATCH);
		return java.util.stream.IntStream.range(0, BATCH.rowCount()).mapToObj(v::getObject).toList();
	}

	@Test
	void basicOperationsAreTypedAsSparksDecimalPrecisionSuite() {
		assertThat(type("d1 + d2")).isEqualTo(DataType.decimal(6, 2));
		assertThat(type("d1 - d2")).isEqualTo(DataType.decimal(6, 2));
		assertThat(type("d1 * d2")).isEqualTo(DataType.decimal(8, 3));
		assertThat(type("d1 / d2")).isEqualTo(DataType.decimal(10, 7));
		assertThat(type("d2 / d1")).isEqualTo(DataType.decimal(10, 6));
		assertThat(type("d1 % d2")).isEqualTo(DataType.decimal(3, 2));
		assertThat(type("d2 % d1")).isEqualTo(DataType.decimal(3, 2));
		assertThat(type("(d1 + d2) + d1")).isEqualTo(DataType.decimal(7, 2));
		assertThat(type("(d1 + d1) + d1")).isEqualTo(DataType.decimal(4, 1));
		assertThat(type("d1 + (d1 + d1)")).isEqualTo(DataType.decimal(4, 1));
		assertThat(type("((d1 + d2) + d1) + d2")).isEqualTo(DataType.decimal(8, 2));
		assertThat(type("(d1 + d2) + (d1 + d2)")).isEqualTo(DataType.decimal(7, 2));
		assertThat(type("(d2 - d1) - d1")).isEqualTo(DataType.decimal(7, 2));
		assertThat(type("(d1 * d1) * d2")).isEqualTo(DataType.decimal(11, 4));
		assertThat(type("d2 / (d1 + d1)")).isEqualTo(DataType.decimal(10, 6));
	}

	@Test
	void aggregatesAreTypedAsSpark() {
		assertThat(aggregateType("sum(d1)")).isEqualTo(DataType.decimal(12, 1));
		assertThat(aggregateType("avg(d1)")).isEqualTo(DataType.decimal(6, 5));
		assertThat(aggregateType("sum(d1 + d1)")).isEqualTo(DataType.decimal(13, 1));
		assertThat(aggregateType("sum(u)")).isEqualTo(DataType.decimal(38, 18));
		assertThat(aggregateType("min(d2)")).isEqualTo(DataType.decimal(5, 2));
		assertThat(AggregateFunctions.find("max")).isNotNull();
	}

	static DataType aggregateType(String text) {
		return BoundAggregate.bind((dev.kindling.engine.expr.AggregateCall) ExprParser.parse(text), SCHEMA)
			.resultType();
	}

	@Test
	void integersAndDoublesMeetDecimalsAsSparkBringsInPrimitiveTypes() {
		assertThat(type("d1 + i")).isEqualTo(DataType.decimal(12, 1));
		assertThat(type("i + d1")).isEqualTo(DataType.decimal(12, 1));
		assertThat(type("d1 + f")).isEqualTo(DataType.DOUBLE);
		assertThat(type("f + d1")).isEqualTo(DataType.DOUBLE);
		assertThat(type("d1 + CAST(i AS BIGINT)")).isEqualTo(DataType.decimal(22, 1));
		assertThat(type("d1 + CAST(i AS DOUBLE)")).isEqualTo(DataType.DOUBLE);
		// an integer constant takes its own digits (literalPickMinimumPrecision)
		assertThat(type("1 - p")).isEqualTo(DataType.decimal(16, 2));
		assertThat(type("u * 2")).isEqualTo(DataType.decimal(38, 16));
		// i / i is a double division in Spark; with a decimal it is a decimal one
		assertThat(type("i / i")).isEqualTo(DataType.DOUBLE);
		assertThat(type("i / d1")).isEqualTo(DataType.decimal(17, 6));
	}

	@Test
	void resultsBeyond38DigitsAreCutAsSparksMaximumDecimals() {
		for (String e : List.of("d1", "d2", "i", "u")) {
			assertThat(type(e + " + u")).as(e).isEqualTo(DataType.decimal(38, 17));
			assertThat(type(e + " - u")).as(e).isEqualTo(DataType.decimal(38, 17));
		}
		assertThat(type("d1 * u")).isEqualTo(DataType.decimal(38, 16));
		assertThat(type("d2 * u")).isEqualTo(DataType.decimal(38, 14));
		assertThat(type("i * u")).isEqualTo(DataType.decimal(38, 7));
		assertThat(type("u * u")).isEqualTo(DataType.decimal(38, 6));
		assertThat(type("u / d1")).isEqualTo(DataType.decimal(38, 17));
		assertThat(type("u / d2")).isEqualTo(DataType.decimal(38, 16));
		assertThat(type("u / i")).isEqualTo(DataType.decimal(38, 18));
		assertThat(type("u / u")).isEqualTo(DataType.decimal(38, 6));
		assertThat(type("d1 % u")).isEqualTo(DataType.decimal(19, 18));
		assertThat(type("d2 % u")).isEqualTo(DataType.decimal(21, 18));
		assertThat(type("i % u")).isEqualTo(DataType.decimal(28, 18));
		assertThat(type("u % u")).isEqualTo(DataType.decimal(38, 18));
		for (String op : List.of("+", "-", "*", "/", "%")) {
			assertThat(type("f " + op + " u")).isEqualTo(DataType.DOUBLE);
		}
	}

	@Test
	void comparisonsAndBranchesMeetInTheWiderDecimal() {
		assertThat(TypeCoercion.comparisonType(DataType.INT, DataType.decimal(2, 1)))
			.isEqualTo(DataType.decimal(11, 1));
		assertThat(TypeCoercion.comparisonType(DataType.decimal(5, 2), DataType.decimal(2, 1)))
			.isEqualTo(DataType.decimal(5, 2));
		assertThat(TypeCoercion.comparisonType(DataType.decimal(5, 2), DataType.decimal(38, 18)))
			.isEqualTo(DataType.decimal(38, 18));
		assertThat(TypeCoercion.comparisonType(DataType.decimal(2, 1), DataType.DOUBLE)).isEqualTo(DataType.DOUBLE);
		assertThat(type("CASE WHEN i > 0 THEN d1 ELSE i END")).isEqualTo(DataType.decimal(11, 1));
		assertThat(type("coalesce(i, d2)")).isEqualTo(DataType.decimal(12, 2));
		assertThat(eval("d1 < i")).containsExactly(false, null, true);
		assertThat(eval("d2 >= d1")).containsExactly(true, null, false);
		assertThat(eval("p = 0.010")).containsExactly(true, null, false);
		assertThat(eval("d1 IN (1.5, 2)")).containsExactly(true, null, false);
		assertThat(eval("w > 9223372036854775806")).containsExactly(true, null, true);
	}

	@Test
	void valuesAreExactAndRoundHalfUp() {
		assertThat(eval("d1 + d2")).containsExactly(bd("101.75"), null, bd("-1009.89"));
		assertThat(eval("d1 * d2")).containsExactly(bd("150.375"), null, bd("9899.901"));
		// 1.5 / 100.25 = 0.014962593516... to 7 digits of scale
		assertThat(eval("d1 / d2")).containsExactly(bd("0.0149626"), null, bd("0.0099001"));
		assertThat(eval("d2 % d1")).containsExactly(bd("1.25"), null, bd("-0.09"));
		assertThat(eval("-d2")).containsExactly(bd("-100.25"), null, bd("999.99"));
		assertThat(Binder.bind(ExprParser.parse("-d2"), SCHEMA).type()).isEqualTo(DataType.decimal(5, 2));
		// 0.01 * 0.99 = 0.0099 exactly: decimal(31,4)
		assertThat(eval("p * q")).containsExactly(bd("0.0099"), null, bd("99999999999999800000000000.0001"));
		assertThat(eval("CAST(-0.05 AS DECIMAL(2,1))")).containsExactly(bd("-0.1"), bd("-0.1"), bd("-0.1"));
		assertThat(eval("CAST(d1 AS DOUBLE)")).containsExactly(1.5, null, -9.9);
		// toward zero, as Spark's Decimal.toLong
		assertThat(eval("CAST(d2 AS BIGINT)")).containsExactly(100L, null, -999L);
	}

	@Test
	void valuesAtTheLongBoundaryTakeTheWidePathExactly() {
		// 9223372036854775807 + 1 does not fit a long: the row is computed as a
		// BigDecimal
		assertThat(evalLegacy("w + 1")).containsExactly(bd("9223372036854775808"), null, null);
		assertThat(eval("CAST(l AS DECIMAL(20,0)) * 10")).containsExactly(bd("20"), null, bd("92233720368547758070"));
		assertThat(eval("-CAST(w AS DECIMAL(38,0))").get(0)).isEqualTo(bd("-9223372036854775807"));
		DecimalVector sum = (DecimalVector) Binder.bind(ExprParser.parse("w + w"), SCHEMA).evaluate(head(1));
		assertThat(sum.isCompact(0)).isFalse();
		assertThat(sum.get(0)).isEqualTo(bd("18446744073709551614"));
	}

	private static Batch head(int n) {
		return BATCH.head(n);
	}

	@Test
	void overflowIsNullWithoutAnsiModeAndAnErrorWithIt() {
		// 10^38 - 1 plus 1 has 39 digits
		assertThat(evalLegacy("w + 1").get(2)).isNull();
		assertThatThrownBy(() -> eval("w * 10")).isInstanceOf(QueryExecutionException.class)
			.hasMessageStartingWith(
					"[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION] 999999999999999999999999999999999999990"
							+ " cannot be represented as Decimal(38, 0).");
		assertThatThrownBy(() -> eval("CAST(u AS BIGINT)")).hasMessageStartingWith("[CAST_OVERFLOW]");
		assertThat(evalLegacy("CAST(d2 AS DECIMAL(4,1))")).containsExactly(bd("100.3"), null, null);
		assertThatThrownBy(() -> eval("CAST(d2 AS DECIMAL(3,1))")).hasMessageContaining("Decimal(3, 1)");
	}

	@Test
	void aLiteralBeyond38DigitsIsRefusedWhenParsedAtItsPosition() {
		long start = System.nanoTime();
		assertThatThrownBy(() -> ExprParser.parse("1e10000000BD + 1BD > 0")).isInstanceOf(ExprException.class)
			.hasMessage("[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision 10000001 exceeds max precision 38"
					+ " in the literal '1e10000000BD' at position 0")
			.extracting((e) -> ((ExprException) e).position())
			.isEqualTo(0);
		// its digits are never computed: well under the 13 s the unbounded version took
		assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
		assertThatThrownBy(() -> ExprParser.parse("x + 123456789012345678901234567890123456789"))
			.hasMessageContaining("Decimal precision 39 exceeds max precision 38")
			.hasMessageEndingWith("at position 4");
		assertThatThrownBy(() -> ExprParser.parse("0.000000000000000000000000000000000000001"))
			.hasMessageContaining("Decimal precision 39");
		assertThat(ExprParser.parse("12345678901234567890123456789012345678").sql())
			.isEqualTo("12345678901234567890123456789012345678");
	}

}
