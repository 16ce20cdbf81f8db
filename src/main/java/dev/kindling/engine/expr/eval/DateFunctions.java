package dev.kindling.engine.expr.eval;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.function.LongUnaryOperator;

import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.expr.FunctionCall;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.LongVector;

import static dev.kindling.engine.expr.eval.FunctionArguments.arity;
import static dev.kindling.engine.expr.eval.FunctionArguments.integer;
import static dev.kindling.engine.expr.eval.FunctionArguments.text;

/**
 * Date functions with Spark's semantics: fields of a date, arithmetic by days and months,
 * month ends, the next weekday, truncation. A timestamp argument counts by its date, a
 * string argument is read as Spark casts it (an error under ANSI mode when it names no
 * date, else null). The fields and day arithmetic are loops over the day numbers that
 * never make a {@code LocalDate}.
 */
final class DateFunctions {

	private DateFunctions() {
	}

	/** Argument {@code index} as a date: dates, timestamps, strings and null convert. */
	static BoundExpr dateOf(FunctionCall call, List<BoundExpr> args, int index) {
		BoundExpr arg = args.get(index);
		DataType t = arg.type();
		if (t != DataType.DATE && t != DataType.TIMESTAMP && t != DataType.STRING && t != DataType.NULL) {
			throw ExprException.at(call.arguments().get(index).position(),
					call.name() + " expects a date, got " + t.sqlName());
		}
		return TextToTemporalEval.date(arg);
	}

	/** A field of a date, by the function's name; an int. */
	static BoundExpr field(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		LongUnaryOperator f = switch (call.name()) {
			case "year" -> DateTimes::year;
			case "quarter" -> (d) -> (DateTimes.month(d) + 2) / 3;
			case "month" -> DateTimes::month;
			case "dayofweek" -> DateTimes::dayOfWeek;
			case "weekday" -> DateTimes::weekday;
			case "dayofyear" -> DateTimes::dayOfYear;
			case "weekofyear" ->
				(d) -> LocalDate.ofEpochDay(d).get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR);
			default -> DateTimes::dayOfMonth;
		};
		return new LongMapEval(call.name(), dateOf(call, args, 0), DataType.INT, f);
	}

	/** {@code monthname(d)} and {@code dayname(d)}: three-letter English names. */
	static BoundExpr name(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		boolean month = call.name().equals("monthname");
		return RowFunctionEval.nullIntolerant(call.name(), List.of(dateOf(call, args, 0)), DataType.STRING, (a) -> {
			LocalDate d = (LocalDate) a[0];
			return month ? d.getMonth().getDisplayName(TextStyle.SHORT, Locale.US)
					: d.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US);
		});
	}

	/**
	 * {@code date_add(d, n)}, {@code dateadd} and {@code date_sub(d, n)}: the date
	 * {@code n} days later (earlier).
	 */
	static BoundExpr addDays(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		boolean minus = call.name().equals("date_sub");
		return VectorFunctionEval.of(call.name(), List.of(dateOf(call, args, 0), integer(call, args, 1)), DataType.DATE,
				(a, row, out, s) -> {
					long d = ((LongVector) a[0]).get(row);
					long n = ((LongVector) a[1]).get(row);
					// Spark adds two ints: the day number wraps as an int
					((LongVector) out).append((int) (minus ? d - n : d + n));
				});
	}

	/** {@code datediff(end, start)} and {@code date_diff}: days from start to end. */
	static BoundExpr dateDiff(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		return VectorFunctionEval.of(call.name(), List.of(dateOf(call, args, 0), dateOf(call, args, 1)), DataType.INT,
				(a, row, out, s) -> ((LongVector) out)
					.append((int) (((LongVector) a[0]).get(row) - ((LongVector) a[1]).get(row))));
	}

	/**
	 * {@code add_months(d, n)}: {@code n} months later, the day clamped to the month's
	 * end ({@code add_months('2016-08-31', 1)} is 2016-09-30).
	 */
	static BoundExpr addMonths(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		return RowFunctionEval.nullIntolerant(call.name(), List.of(dateOf(call, args, 0), integer(call, args, 1)),
				DataType.DATE, (a) -> {
					try {
						return ((LocalDate) a[0]).plusMonths((Integer) a[1]);
					}
					catch (DateTimeException ex) {
						return null;
					}
				});
	}

	/** {@code last_day(d)}: the last day of its month. */
	static BoundExpr lastDay(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		return new LongMapEval(call.name(), dateOf(call, args, 0), DataType.DATE, (d) -> {
			LocalDate date = LocalDate.ofEpochDay(d);
			return date.withDayOfMonth(date.lengthOfMonth()).toEpochDay();
		});
	}

	/**
	 * {@code next_day(d, dayOfWeek)}: the first date after {@code d} that is that day
	 * ({@code MO}, {@code Mon}, {@code Monday} ...); an unknown day is an error under
	 * ANSI mode, else null.
	 */
	static BoundExpr nextDay(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		boolean ansi = Session.current().ansi();
		return RowFunctionEval.nullIntolerant(call.name(), List.of(dateOf(call, args, 0), text(args.get(1))),
				DataType.DATE, (a) -> {
					int dow = DateTimes.dayOfWeekFromString((String) a[1]);
					if (dow < 0) {
						if (ansi) {
							throw AnsiError.of("ILLEGAL_DAY_OF_WEEK", "22009",
									"Illegal input for day of week: " + a[1] + ".");
						}
						return null;
					}
					long start = ((LocalDate) a[0]).toEpochDay();
					long next = start + 1 + Math.floorMod(dow - 1 - (DateTimes.dayOfWeek(start) - 1) - 1, 7);
					return LocalDate.ofEpochDay(next);
				});
	}

	/**
	 * {@code trunc(d, unit)}: the first day of its year ({@code YEAR}, {@code YYYY},
	 * {@code YY}), quarter, month ({@code MONTH}, {@code MM}, {@code MON}) or week
	 * (Monday); null for another unit.
	 */
	static BoundExpr trunc(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		return RowFunctionEval.nullIntolerant(call.name(), List.of(dateOf(call, args, 0), text(args.get(1))),
				DataType.DATE, (a) -> {
					int level = DateTimes.truncLevel((String) a[1]);
					if (level < DateTimes.TRUNC_WEEK) {
						return null;
					}
					return LocalDate.ofEpochDay(DateTimes.truncDate(((LocalDate) a[0]).toEpochDay(), level));
				});
	}

	/**
	 * {@code make_date(y, m, d)}: that date; fields out of range are an error under ANSI
	 * mode, else null.
	 */
	static BoundExpr makeDate(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 3, 3);
		boolean ansi = Session.current().ansi();
		return RowFunctionEval.nullIntolerant(call.name(),
				List.of(integer(call, args, 0), integer(call, args, 1), integer(call, args, 2)), DataType.DATE, (a) -> {
					try {
						return LocalDate.of((Integer) a[0], (Integer) a[1], (Integer) a[2]);
					}
					catch (DateTimeException ex) {
						if (ansi) {
							throw AnsiError.dateTimeFieldOutOfBounds(ex.getMessage());
						}
						return null;
					}
				});
	}

	/** {@code unix_date(d)}: the days since 1970-01-01. */
	static BoundExpr unixDate(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		return new LongMapEval(call.name(), dateOf(call, args, 0), DataType.INT, (d) -> d);
	}

	/** {@code date_from_unix_date(n)}: the date {@code n} days after 1970-01-01. */
	static BoundExpr fromUnixDate(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		return new LongMapEval(call.name(), integer(call, args, 0), DataType.DATE, (d) -> d);
	}

}
