package dev.kindling.engine.expr.eval;

import java.time.LocalDate;
import java.util.List;

import dev.kindling.engine.expr.FunctionCall;
import dev.kindling.engine.types.DataType;

import static dev.kindling.engine.expr.eval.FunctionArguments.arity;
import static dev.kindling.engine.expr.eval.FunctionArguments.date;

/** Date and time functions. */
final class DateFunctions {

	private DateFunctions() {
	}

	/**
	 * {@code year}, {@code month}, {@code day} and {@code dayofmonth} of a date: an int.
	 */
	static BoundExpr datePart(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		String name = call.name();
		return RowFunctionEval.nullIntolerant(name, List.of(date(call, args, 0)), DataType.INT, (a) -> {
			LocalDate d = (LocalDate) a[0];
			return switch (name) {
				case "year" -> d.getYear();
				case "month" -> d.getMonthValue();
				default -> d.getDayOfMonth();
			};
		});
	}

}
