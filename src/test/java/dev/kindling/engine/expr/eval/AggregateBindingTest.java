package dev.kindling.engine.expr.eval;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.aggregate.AggregateFunctions;
import dev.kindling.engine.expr.AggregateCall;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One rule for an aggregate's result type and partial state, Spark's (its {@code Count},
 * {@code Sum}, {@code Average}, {@code Min} and {@code Max}): the planners and the hash
 * aggregate all read it from here.
 */
class AggregateBindingTest {

	static BoundAggregate bind(String text) {
		return BoundAggregate.bind((AggregateCall) ExprParser.parse(text), EvalSupport.SCHEMA);
	}

	static DataType type(String text) {
		return bind(text).resultType();
	}

	@Test
	void countIsABigintOfAnyArgument() {
		assertThat(type("count(*)")).isEqualTo(DataType.BIGINT);
		assertThat(type("count(name)")).isEqualTo(DataType.BIGINT);
		assertThat(type("count(DISTINCT joined)")).isEqualTo(DataType.BIGINT);
		assertThat(type("count(NULL)")).isEqualTo(DataType.BIGINT);
		assertThat(bind("count(*)").arguments()).isEmpty();
	}

	@Test
	void sumWidensIntegersToBigintAndCastsAnUntypedNullToDouble() {
		assertThat(type("sum(age)")).isEqualTo(DataType.BIGINT);
		assertThat(type("sum(big)")).isEqualTo(DataType.BIGINT);
		assertThat(type("sum(salary)")).isEqualTo(DataType.DOUBLE);
		// Spark's Sum: decimal(p + 10, s)
		assertThat(type("sum(price)")).isEqualTo(DataType.decimal(20, 2));
		assertThat(type("sum(CAST(price AS DECIMAL(30, 5)))")).isEqualTo(DataType.decimal(38, 5));
		// Spark casts NULL to NumericType's default, double, before summing
		assertThat(type("sum(NULL)")).isEqualTo(DataType.DOUBLE);
	}

	@Test
	void avgIsDoubleExceptForDecimals() {
		assertThat(type("avg(age)")).isEqualTo(DataType.DOUBLE);
		assertThat(type("avg(salary)")).isEqualTo(DataType.DOUBLE);
		// Spark's Average: decimal(p + 4, s + 4)
		assertThat(type("avg(price)")).isEqualTo(DataType.decimal(14, 6));
		assertThat(type("avg(CAST(price AS DECIMAL(36, 35)))")).isEqualTo(DataType.decimal(38, 38));
		assertThat(type("avg(NULL)")).isEqualTo(DataType.DOUBLE);
	}

	@Test
	void minAndMaxKeepTheArgumentsTypeEvenTheNullType() {
		assertThat(type("min(name)")).isEqualTo(DataType.STRING);
		assertThat(type("max(joined)")).isEqualTo(DataType.DATE);
		assertThat(type("max(seen)")).isEqualTo(DataType.TIMESTAMP);
		assertThat(type("min(active)")).isEqualTo(DataType.BOOLEAN);
		assertThat(type("max(price)")).isEqualTo(DataType.decimal(10, 2));
		// Spark does not cast an untyped NULL for min/max: the result is void
		assertThat(type("min(NULL)")).isEqualTo(DataType.NULL);
		assertThat(type("max(NULL)")).isEqualTo(DataType.NULL);
	}

	@Test
	void thePartialStateIsTheFunctionsOwnLayout() {
		assertThat(bind("count(age)").state()).containsExactly(new Field("count", DataType.BIGINT));
		assertThat(bind("sum(age)").state()).containsExactly(new Field("sum", DataType.BIGINT));
		assertThat(bind("avg(age)").state()).containsExactly(new Field("sum", DataType.DOUBLE),
				new Field("count", DataType.BIGINT));
		assertThat(bind("avg(price)").state()).containsExactly(new Field("sum", DataType.decimal(20, 2)),
				new Field("count", DataType.BIGINT));
		// a decimal sum says whether its group is empty, so an overflowed (null) partial
		// sum stays null
		assertThat(bind("sum(price)").state()).containsExactly(new Field("sum", DataType.decimal(20, 2)),
				new Field("empty", DataType.BOOLEAN));
		assertThat(bind("max(name)").state()).containsExactly(new Field("max", DataType.STRING));
	}

	@Test
	void theParserKnowsTheRegistrysNames() {
		assertThat(AggregateCall.FUNCTIONS).containsExactlyElementsOf(AggregateFunctions.names())
			.contains("avg", "count", "max", "min", "sum", "stddev", "corr", "percentile_approx",
					"approx_count_distinct", "first", "last", "count_if", "bool_and");
		for (String name : AggregateFunctions.names()) {
			assertThat(ExprParser.parse(name + "(age)")).isInstanceOf(AggregateCall.class);
		}
	}

}
