package dev.kindling.engine.expr.eval;

import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.ColumnRef;
import dev.kindling.engine.expr.AggregateCall;
import dev.kindling.engine.expr.Unary;
import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.expr.ExprParser;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BinderErrorTest {

	private static final Schema PEOPLE = Schema.parse("id INT, name STRING, age INT");

	private static BoundExpr bind(String text) {
		return Binder.bind(ExprParser.parse(text), EvalSupport.SCHEMA);
	}

	@Test
	void unknownColumnNamesTheColumnPositionAndAlternatives() {
		assertThatThrownBy(() -> Binder.bind(ExprParser.parse("agee > 18"), PEOPLE))
			.isInstanceOfSatisfying(ExprException.class, (ex) -> {
				assertThat(ex.getMessage()).isEqualTo("unknown column 'agee' at position 0 (available: id, name, age)");
				assertThat(ex.position()).isZero();
				assertThat(ex.column()).isEqualTo("agee");
			});
		assertThatThrownBy(() -> Binder.bind(ExprParser.parse("id + lower(`nme`)"), PEOPLE))
			.isInstanceOfSatisfying(ExprException.class, (ex) -> {
				assertThat(ex.position()).isEqualTo(11);
				assertThat(ex.column()).isEqualTo("nme");
			});
	}

	@Test
	void columnsResolveCaseInsensitively() {
		assertThat(Binder.bind(ExprParser.parse("NAME"), PEOPLE).type()).isEqualTo(DataType.STRING);
		assertThat(Binder.bind(ExprParser.parse("`Age` + 1"), PEOPLE).type()).isEqualTo(DataType.INT);
	}

	@Test
	void backtickedNamesResolveOddColumns() {
		Schema odd = Schema.parse("`first name` STRING, `a-b` INT");
		assertThat(Binder.bind(ExprParser.parse("`first name` = 'x' AND `a-b` > 1"), odd).type())
			.isEqualTo(DataType.BOOLEAN);
	}

	@Test
	void comparingIncompatibleTypesIsATypeError() {
		assertThatThrownBy(() -> bind("active = joined")).isInstanceOfSatisfying(ExprException.class, (ex) -> {
			assertThat(ex.getMessage()).isEqualTo("cannot compare boolean with date at position 7");
			assertThat(ex.position()).isEqualTo(7);
			assertThat(ex.column()).isNull();
		});
		assertThatThrownBy(() -> bind("age < active")).isInstanceOf(ExprException.class)
			.hasMessage("cannot compare int with boolean at position 4");
		assertThatThrownBy(() -> bind("age IN (1, DATE '2024-01-01')")).isInstanceOf(ExprException.class)
			.hasMessage("cannot compare int with date in IN at position 11");
	}

	@Test
	void arithmeticOnNonNumbersIsATypeError() {
		assertThatThrownBy(() -> bind("active + 1")).isInstanceOf(ExprException.class)
			.hasMessage("cannot apply '+' to boolean and int at position 7");
		assertThatThrownBy(() -> bind("-joined")).isInstanceOf(ExprException.class)
			.hasMessage("cannot apply unary '-' to date at position 0");
	}

	@Test
	void logicalOperatorsNeedBooleans() {
		assertThatThrownBy(() -> bind("age AND active")).isInstanceOf(ExprException.class)
			.hasMessage("AND expects a boolean, got int at position 0");
		assertThatThrownBy(() -> bind("NOT name")).isInstanceOf(ExprException.class)
			.hasMessage("NOT expects a boolean, got string at position 4");
		assertThatThrownBy(() -> bind("CASE WHEN age THEN 1 END")).isInstanceOf(ExprException.class)
			.hasMessage("WHEN expects a boolean, got int at position 10");
	}

	@Test
	void incompatibleCaseBranchesAreATypeError() {
		assertThatThrownBy(() -> bind("CASE WHEN active THEN joined ELSE true END")).isInstanceOf(ExprException.class)
			.hasMessage("CASE branches have incompatible types date and boolean at position 34");
	}

	@Test
	void impossibleCastIsATypeError() {
		assertThatThrownBy(() -> bind("CAST(joined AS int)")).isInstanceOf(ExprException.class)
			.hasMessage("cannot cast date to int at position 0");
	}

	@Test
	void unknownFunctionIsNamed() {
		assertThatThrownBy(() -> bind("id + frobnicate(name)")).isInstanceOfSatisfying(ExprException.class, (ex) -> {
			assertThat(ex.getMessage()).isEqualTo(
					"unknown function 'frobnicate' at position 5 (docs/functions.md lists the functions Kindling knows)");
			assertThat(ex.position()).isEqualTo(5);
		});
		assertThatThrownBy(() -> bind("frobnicate(nosuchcolumn)")).isInstanceOf(ExprException.class)
			.hasMessageStartingWith("unknown function 'frobnicate'");
	}

	@Test
	void wrongArityIsNamed() {
		assertThatThrownBy(() -> bind("lower(name, name)")).isInstanceOf(ExprException.class)
			.hasMessage("function 'lower' takes 1 argument, got 2 at position 0");
		assertThatThrownBy(() -> bind("substring(name)")).isInstanceOf(ExprException.class)
			.hasMessage("function 'substring' takes 2 to 3 arguments, got 1 at position 0");
		assertThatThrownBy(() -> bind("coalesce()")).isInstanceOf(ExprException.class)
			.hasMessage("function 'coalesce' takes at least 1 argument, got 0 at position 0");
		assertThatThrownBy(
				() -> BoundAggregate.bind((AggregateCall) ExprParser.parse("sum(age, id)"), EvalSupport.SCHEMA))
			.isInstanceOf(ExprException.class)
			.hasMessage("aggregate function 'sum' takes 1 argument, got 2 at position 0");
	}

	@Test
	void functionArgumentTypesAreChecked() {
		assertThatThrownBy(() -> bind("abs(active)")).isInstanceOf(ExprException.class)
			.hasMessage("abs expects a number, got boolean at position 4");
		assertThatThrownBy(() -> bind("year(age)")).isInstanceOf(ExprException.class)
			.hasMessage("year expects a date, got int at position 5");
		assertThatThrownBy(() -> bind("substring(name, 1.5)")).isInstanceOf(ExprException.class)
			.hasMessage("substring expects an integer, got decimal(2,1) at position 16");
	}

	@Test
	void aggregatesAreRejectedOutsideAggregation() {
		assertThatThrownBy(() -> bind("avg(salary) > 1")).isInstanceOf(ExprException.class)
			.hasMessage("aggregate function avg(salary) is not allowed here at position 0");
	}

	@Test
	void aggregateArgumentsAreCheckedWhereTheyAreWritten() {
		assertThatThrownBy(() -> aggregate("sum(name)")).isInstanceOf(ExprException.class)
			.hasMessage("sum expects a number, got string at position 4");
		assertThatThrownBy(() -> aggregate("avg(joined)")).isInstanceOf(ExprException.class)
			.hasMessage("avg expects a number, got date at position 4");
		assertThatThrownBy(() -> aggregate("sum(max(age))")).isInstanceOf(ExprException.class)
			.hasMessage("aggregate function calls cannot be nested: sum(max(age)) at position 0");
		assertThatThrownBy(() -> aggregate("max(nme)")).isInstanceOf(ExprException.class)
			.hasMessageStartingWith("unknown column 'nme' at position 4");
	}

	static BoundAggregate aggregate(String text) {
		return BoundAggregate.bind((AggregateCall) ExprParser.parse(text), EvalSupport.SCHEMA);
	}

	@Test
	void programmaticTreesDeeperThanTheLimitAreRejected() {
		Expr e = new ColumnRef("age", 0);
		for (int i = 0; i < 10_000; i++) {
			e = new Unary(Unary.Op.MINUS, e, 0);
		}
		Expr deep = e;
		assertThatThrownBy(() -> Binder.bind(deep, EvalSupport.SCHEMA)).isInstanceOf(ExprException.class)
			.hasMessageStartingWith("expression nests deeper than 64 levels");
	}

}
