package dev.kindling.engine.expr.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.expr.FunctionCall;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Temporal;
import dev.kindling.engine.vector.LongVector;

import static dev.kindling.engine.expr.eval.FunctionArguments.arity;
import static dev.kindling.engine.expr.eval.FunctionArguments.bigint;
import static dev.kindling.engine.expr.eval.FunctionArguments.integer;
import static dev.kindling.engine.expr.eval.FunctionArguments.text;

/**
 * Timestamp functions with Spark's semantics and datetime patterns
 * ({@link DatetimePatterns}). A timestamp is a wall-clock reading in the session time
 * zone ({@link Session#timeZone()}): its fields are read as they are; the functions that
 * meet the outside world's instants ({@code current_timestamp}, {@code unix_timestamp},
 * {@code from_unixtime}, text with a zone, zone-aware patterns) convert through that
 * zone, so every result shows what Spark shows in a session of that zone. The job's start
 * is fixed when it is accepted, so {@code current_timestamp()} is one value on every
 * executor.
 */
final class TimestampFunctions {

	/** Spark's default pattern for {@code from_unixtime} and {@code unix_timestamp}. */
	static final String DEFAULT_PATTERN = "yyyy-MM-dd HH:mm:ss";

	private TimestampFunctions() {
	}

	/**
	 * Argument {@code index} as a timestamp: timestamps, dates, strings and null convert.
	 */
	static BoundExpr timestampOf(FunctionCall call, List<BoundExpr> args, int index) {
		BoundExpr arg = args.get(index);
		DataType t = arg.type();
		if (t != DataType.DATE && t != DataType.TIMESTAMP && t != DataType.STRING && t != DataType.NULL) {
			throw ExprException.at(call.arguments().get(index).position(),
					call.name() + " expects a timestamp, got " + t.sqlName());
		}
		return TextToTemporalEval.timestamp(arg);
	}

	/**
	 * {@code current_date()} and {@code curdate()}: the job's start date in the session
	 * zone.
	 */
	static BoundExpr currentDate(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 0, 0);
		return new LiteralEval(Session.current().startLocal().toLocalDate(), DataType.DATE);
	}

	/**
	 * {@code current_timestamp()}, {@code now()} and {@code localtimestamp()}: the job's
	 * start, as a wall-clock reading in the session zone.
	 */
	static BoundExpr currentTimestamp(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 0, 0);
		return new LiteralEval(Session.current().startLocal(), DataType.TIMESTAMP);
	}

	/** {@code current_timezone()}: the session time zone. */
	static BoundExpr currentTimezone(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 0, 0);
		return new LiteralEval(Session.current().timeZone().getId(), DataType.STRING);
	}

	/** {@code hour}, {@code minute} and {@code second} of a timestamp: an int. */
	static BoundExpr field(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		long unit = switch (call.name()) {
			case "hour" -> 3600 * DateTimes.MICROS_PER_SECOND;
			case "minute" -> 60 * DateTimes.MICROS_PER_SECOND;
			default -> DateTimes.MICROS_PER_SECOND;
		};
		long range = call.name().equals("hour") ? 24 : 60;
		return new LongMapEval(call.name(), timestampOf(call, args, 0), DataType.INT,
				(t) -> Math.floorMod(Math.floorDiv(t, unit), range));
	}

	/**
	 * {@code to_date(x[, fmt])} and {@code try_to_date}: a date from text (with a
	 * pattern, or as a cast), a timestamp or a date. Text that does not parse is an error
	 * under ANSI mode ({@code CAST_INVALID_INPUT} without a pattern,
	 * {@code CANNOT_PARSE_TIMESTAMP} with one), else null; always null for
	 * {@code try_to_date}.
	 */
	static BoundExpr toDate(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 2);
		Session session = Session.current();
		boolean fail = session.ansi() && !call.name().startsWith("try_");
		BoundExpr x = args.get(0);
		if (args.size() == 1 || x.type() != DataType.STRING) {
			checkTemporalOrText(call, args, 0);
			if (x.type() == DataType.STRING) {
				return new TextToTemporalEval(call.name(), x, DataType.DATE, session.timeZone(), fail);
			}
			return TypeCoercion.cast(x, DataType.DATE);
		}
		BoundExpr parsed = parseWithPattern(call, args, session, fail, "try_to_date");
		return TypeCoercion.cast(parsed, DataType.DATE);
	}

	/**
	 * {@code to_timestamp(x[, fmt])} and {@code try_to_timestamp}: a timestamp from text
	 * (with a pattern, or as a cast), a date, a timestamp or a number of seconds; invalid
	 * text as {@code to_date}.
	 */
	static BoundExpr toTimestamp(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 2);
		Session session = Session.current();
		boolean fail = session.ansi() && !call.name().startsWith("try_");
		BoundExpr x = args.get(0);
		if (args.size() == 1 || x.type() != DataType.STRING) {
			if (x.type().isNumeric()) {
				return secondsToTimestamp(call, x);
			}
			checkTemporalOrText(call, args, 0);
			if (x.type() == DataType.STRING) {
				return new TextToTemporalEval(call.name(), x, DataType.TIMESTAMP, session.timeZone(), fail);
			}
			return TypeCoercion.cast(x, DataType.TIMESTAMP);
		}
		return parseWithPattern(call, args, session, fail, "try_to_timestamp");
	}

	private static void checkTemporalOrText(FunctionCall call, List<BoundExpr> args, int index) {
		DataType t = args.get(index).type();
		if (t != DataType.DATE && t != DataType.TIMESTAMP && t != DataType.STRING && t != DataType.NULL) {
			throw ExprException.at(call.arguments().get(index).position(),
					call.name() + " expects a string, date or timestamp, got " + t.sqlName());
		}
	}

	/** Text parsed with the pattern of argument 1 into a wall-clock timestamp. */
	private static BoundExpr parseWithPattern(FunctionCall call, List<BoundExpr> args, Session session, boolean fail,
			String tryFunction) {
		DateTimeFormatter constant = constantFormatter(call, args, 1, true);
		ZoneId zone = session.timeZone();
		return RowFunctionEval.nullIntolerant(call.name(), List.of(args.get(0), text(args.get(1))), DataType.TIMESTAMP,
				(a) -> {
					DateTimeFormatter f = (constant != null) ? constant : rowFormatter(call, (String) a[1], true);
					try {
						ZonedDateTime t = DatetimePatterns.parse(f, (String) a[0], zone);
						return DateTimes.local(DateTimes.toWall(t.toInstant(), zone));
					}
					catch (DateTimeException | ArithmeticException ex) {
						if (fail) {
							throw AnsiError.cannotParseTimestamp(ex.getMessage(), tryFunction);
						}
						return null;
					}
				});
	}

	/** A number of seconds since the epoch (UTC) as a timestamp in the session zone. */
	private static BoundExpr secondsToTimestamp(FunctionCall call, BoundExpr x) {
		ZoneId zone = Session.current().timeZone();
		return RowFunctionEval.nullIntolerant(call.name(), List.of(x), DataType.TIMESTAMP, (a) -> {
			long micros;
			if (a[0] instanceof Double d) {
				if (d.isNaN() || d.isInfinite()) {
					return null;
				}
				micros = (long) (d * DateTimes.MICROS_PER_SECOND);
			}
			else if (a[0] instanceof BigDecimal d) {
				micros = d.movePointRight(6).setScale(0, RoundingMode.DOWN).longValue();
			}
			else {
				micros = Math.multiplyExact(((Number) a[0]).longValue(), DateTimes.MICROS_PER_SECOND);
			}
			return DateTimes.local(DateTimes.toWall(micros, zone));
		});
	}

	/**
	 * {@code date_format(ts, fmt)}: the timestamp (or date, or text read as one) in a
	 * Spark datetime pattern.
	 */
	static BoundExpr dateFormat(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		DateTimeFormatter constant = constantFormatter(call, args, 1, false);
		ZoneId zone = Session.current().timeZone();
		return RowFunctionEval.nullIntolerant(call.name(), List.of(timestampOf(call, args, 0), text(args.get(1))),
				DataType.STRING, (a) -> {
					DateTimeFormatter f = (constant != null) ? constant : rowFormatter(call, (String) a[1], false);
					return format(f, (LocalDateTime) a[0], zone);
				});
	}

	private static String format(DateTimeFormatter f, LocalDateTime t, ZoneId zone) {
		try {
			return f.format(ZonedDateTime.of(t, zone));
		}
		catch (DateTimeException ex) {
			throw new ExprException("cannot format " + Temporal.formatTimestamp(t) + ": " + ex.getMessage(), -1);
		}
	}

	/**
	 * {@code unix_timestamp([x[, fmt]])} and {@code to_unix_timestamp(x[, fmt])}: the
	 * seconds since 1970-01-01 00:00:00 UTC of a timestamp, a date (its start in the
	 * session zone) or text parsed with {@code fmt} ({@code yyyy-MM-dd HH:mm:ss} by
	 * default); without an argument, of the job's start.
	 */
	static BoundExpr unixTimestamp(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, call.name().equals("unix_timestamp") ? 0 : 1, 2);
		Session session = Session.current();
		ZoneId zone = session.timeZone();
		if (args.isEmpty()) {
			return new LiteralEval(Math.floorDiv(session.startMicros(), DateTimes.MICROS_PER_SECOND), DataType.BIGINT);
		}
		BoundExpr x = args.get(0);
		if (x.type() == DataType.STRING) {
			List<BoundExpr> pattern = new ArrayList<>(args);
			if (pattern.size() == 1) {
				pattern.add(new LiteralEval(DEFAULT_PATTERN, DataType.STRING));
			}
			BoundExpr wall = parseWithPattern(call, pattern, session, session.ansi(), "try_to_timestamp");
			return new LongMapEval(call.name(), wall, DataType.BIGINT,
					(t) -> DateTimes.toInstant(t, zone) / DateTimes.MICROS_PER_SECOND);
		}
		checkTemporalOrText(call, args, 0);
		if (x.type() == DataType.DATE) {
			return new LongMapEval(call.name(), x, DataType.BIGINT,
					(d) -> DateTimes.toInstant(d * DateTimes.MICROS_PER_DAY, zone) / DateTimes.MICROS_PER_SECOND);
		}
		return new LongMapEval(call.name(), TypeCoercion.cast(x, DataType.TIMESTAMP), DataType.BIGINT,
				(t) -> DateTimes.toInstant(t, zone) / DateTimes.MICROS_PER_SECOND);
	}

	/**
	 * {@code from_unixtime(seconds[, fmt])}: the instant as text in the session zone, in
	 * {@code fmt} ({@code yyyy-MM-dd HH:mm:ss} by default).
	 */
	static BoundExpr fromUnixtime(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 2);
		List<BoundExpr> coerced = new ArrayList<>(List.of(bigint(call, args, 0)));
		coerced.add((args.size() == 2) ? text(args.get(1)) : new LiteralEval(DEFAULT_PATTERN, DataType.STRING));
		DateTimeFormatter constant = constantFormatter(call, coerced, 1, false);
		ZoneId zone = Session.current().timeZone();
		return RowFunctionEval.nullIntolerant(call.name(), coerced, DataType.STRING, (a) -> {
			DateTimeFormatter f = (constant != null) ? constant : rowFormatter(call, (String) a[1], false);
			long micros = Math.multiplyExact((Long) a[0], DateTimes.MICROS_PER_SECOND);
			return format(f, DateTimes.local(DateTimes.toWall(micros, zone)), zone);
		});
	}

	/**
	 * {@code timestamp_seconds}, {@code timestamp_millis} and {@code timestamp_micros}:
	 * the instant that many units after the epoch, in the session zone.
	 */
	static BoundExpr fromEpoch(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		if (call.name().equals("timestamp_seconds")) {
			BoundExpr x = FunctionArguments.number(call, args, 0);
			return secondsToTimestamp(call, x);
		}
		long factor = call.name().equals("timestamp_millis") ? 1000L : 1L;
		ZoneId zone = Session.current().timeZone();
		return new LongMapEval(call.name(), bigint(call, args, 0), DataType.TIMESTAMP,
				(v) -> DateTimes.toWall(Math.multiplyExact(v, factor), zone));
	}

	/**
	 * {@code unix_seconds}, {@code unix_millis} and {@code unix_micros}: the units since
	 * the epoch of a timestamp's instant (floored).
	 */
	static BoundExpr toEpoch(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		long divisor = switch (call.name()) {
			case "unix_seconds" -> DateTimes.MICROS_PER_SECOND;
			case "unix_millis" -> 1000L;
			default -> 1L;
		};
		ZoneId zone = Session.current().timeZone();
		return new LongMapEval(call.name(), timestampOf(call, args, 0), DataType.BIGINT,
				(t) -> Math.floorDiv(DateTimes.toInstant(t, zone), divisor));
	}

	/**
	 * {@code date_trunc(unit, ts)}: the timestamp cut to the start of its year, quarter,
	 * month, week, day, hour, minute, second or millisecond; null for another unit.
	 */
	static BoundExpr dateTrunc(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		return RowFunctionEval.nullIntolerant(call.name(), List.of(text(args.get(0)), timestampOf(call, args, 1)),
				DataType.TIMESTAMP, (a) -> {
					int level = DateTimes.truncLevel((String) a[0]);
					if (level == DateTimes.TRUNC_INVALID) {
						return null;
					}
					return DateTimes.local(DateTimes.truncTimestamp(Temporal.toMicros((LocalDateTime) a[1]), level));
				});
	}

	/**
	 * {@code months_between(t1, t2[, roundOff])}: whole months when the days of month
	 * agree or both are month ends, else over 31-day months, rounded to 8 digits unless
	 * {@code roundOff} is false.
	 */
	static BoundExpr monthsBetween(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 3);
		List<BoundExpr> coerced = new ArrayList<>(List.of(timestampOf(call, args, 0), timestampOf(call, args, 1)));
		coerced
			.add((args.size() == 3) ? FunctionArguments.bool(call, args, 2) : new LiteralEval(true, DataType.BOOLEAN));
		return RowFunctionEval.nullIntolerant(call.name(), coerced, DataType.DOUBLE,
				(a) -> DateTimes.monthsBetween(Temporal.toMicros((LocalDateTime) a[0]),
						Temporal.toMicros((LocalDateTime) a[1]), (Boolean) a[2]));
	}

	/**
	 * {@code make_timestamp(y, mo, d, h, mi, sec[, zone])}: the timestamp of those fields
	 * (in {@code zone}, shown in the session zone); {@code sec} may carry a fraction and
	 * may be 60 (the next minute). Fields out of range are an error under ANSI mode, else
	 * null.
	 */
	static BoundExpr makeTimestamp(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 6, 7);
		List<BoundExpr> coerced = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			coerced.add(integer(call, args, i));
		}
		coerced.add(FunctionArguments.number(call, args, 5));
		if (args.size() == 7) {
			coerced.add(text(args.get(6)));
		}
		Session session = Session.current();
		boolean fail = session.ansi() && !call.name().startsWith("try_");
		ZoneId zone = session.timeZone();
		return RowFunctionEval.nullIntolerant(call.name(), coerced, DataType.TIMESTAMP, (a) -> {
			try {
				BigDecimal sec = ((a[5] instanceof BigDecimal d) ? d : (a[5] instanceof Double d)
						? BigDecimal.valueOf(d) : BigDecimal.valueOf(((Number) a[5]).longValue()))
					.setScale(6, RoundingMode.DOWN);
				long micros = sec.movePointRight(6).longValueExact();
				int seconds = (int) Math.floorDiv(micros, DateTimes.MICROS_PER_SECOND);
				int nanos = (int) Math.floorMod(micros, DateTimes.MICROS_PER_SECOND) * 1000;
				LocalDateTime t;
				if (seconds == 60) {
					if (nanos != 0) {
						throw new DateTimeException("The fraction of sec must be zero. Valid range is [0, 60].");
					}
					t = LocalDateTime
						.of((Integer) a[0], (Integer) a[1], (Integer) a[2], (Integer) a[3], (Integer) a[4], 0, 0)
						.plusMinutes(1);
				}
				else {
					t = LocalDateTime.of((Integer) a[0], (Integer) a[1], (Integer) a[2], (Integer) a[3], (Integer) a[4],
							seconds, nanos);
				}
				ZoneId in = (a.length == 7) ? Session.zone((String) a[6]) : zone;
				return DateTimes.local(DateTimes.toWall(t.atZone(in).toInstant(), zone));
			}
			catch (DateTimeException | ArithmeticException | NumberFormatException ex) {
				if (fail) {
					throw AnsiError.dateTimeFieldOutOfBounds(ex.getMessage());
				}
				return null;
			}
		});
	}

	/**
	 * {@code from_utc_timestamp(ts, zone)}: the UTC time {@code ts} as a wall-clock
	 * reading in {@code zone}; {@code to_utc_timestamp(ts, zone)} the reverse.
	 */
	static BoundExpr utcShift(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		boolean from = call.name().equals("from_utc_timestamp");
		ZoneId session = Session.current().timeZone();
		return RowFunctionEval.nullIntolerant(call.name(), List.of(timestampOf(call, args, 0), text(args.get(1))),
				DataType.TIMESTAMP, (a) -> {
					ZoneId target;
					try {
						target = Session.zone((String) a[1]);
					}
					catch (DateTimeException ex) {
						throw new ExprException("invalid time zone '" + a[1] + "' in " + call.name(), -1);
					}
					long instant = DateTimes.toInstant(Temporal.toMicros((LocalDateTime) a[0]), session);
					// Spark's convertTz: the instant's reading in one zone, read again in
					// the other
					ZoneId readIn = from ? target : java.time.ZoneOffset.UTC;
					ZoneId readAs = from ? java.time.ZoneOffset.UTC : target;
					LocalDateTime reading = LocalDateTime.ofInstant(DateTimes.instant(instant), readIn);
					long shifted = DateTimes.instantMicros(reading.atZone(readAs).toInstant());
					return DateTimes.local(DateTimes.toWall(shifted, session));
				});
	}

	/**
	 * The formatter of a constant pattern argument, checked now; null if not constant.
	 */
	static DateTimeFormatter constantFormatter(FunctionCall call, List<BoundExpr> args, int index, boolean parsing) {
		if (!(args.get(index) instanceof LiteralEval lit) || lit.value() == null) {
			return null;
		}
		String pattern = Values.toText(lit.value());
		try {
			return DatetimePatterns.formatter(pattern, parsing);
		}
		catch (IllegalArgumentException ex) {
			int position = (index < call.arguments().size()) ? call.arguments().get(index).position() : call.position();
			throw ExprException.at(position,
					"invalid datetime pattern '" + pattern + "' in " + call.name() + ": " + ex.getMessage());
		}
	}

	private static DateTimeFormatter rowFormatter(FunctionCall call, String pattern, boolean parsing) {
		try {
			return DatetimePatterns.formatter(pattern, parsing);
		}
		catch (IllegalArgumentException ex) {
			throw new ExprException(
					"invalid datetime pattern '" + pattern + "' in " + call.name() + ": " + ex.getMessage(), -1);
		}
	}

}
