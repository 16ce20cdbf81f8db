package dev.kindling.engine.expr.eval;

import dev.kindling.engine.expr.FunctionCall;
import dev.kindling.engine.expr.ExprException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import dev.kindling.engine.aggregate.AggregateFunctions;
import dev.kindling.engine.types.DataType;

/**
 * The scalar functions: their names, argument counts, argument coercions and result
 * types, with Spark's semantics. {@code lower}, {@code upper} and {@code length} have
 * byte-level kernels ({@link StringKernelEval}); the rest run on the per-row path of
 * {@link RowFunctionEval}.
 */
final class Functions {

	/**
	 * Every function name the binder knows (scalar and aggregate), for error messages.
	 */
	static final Set<String> NAMES = new TreeSet<>(Set.of("lower", "upper", "length", "substring", "substr", "trim",
			"ltrim", "rtrim", "concat", "abs", "round", "floor", "ceil", "ceiling", "coalesce", "nullif", "if", "year",
			"month", "day", "dayofmonth", "raise_error"));

	private Functions() {
	}

	static BoundExpr bind(FunctionCall call, List<BoundExpr> args) {
		String name = call.name();
		switch (name) {
			case "lower", "upper", "trim", "ltrim", "rtrim": {
				arity(call, args, 1, 1);
				if (name.equals("lower") || name.equals("upper")) {
					return new StringKernelEval(
							name.equals("lower") ? StringKernelEval.Kind.LOWER : StringKernelEval.Kind.UPPER,
							text(args.get(0)));
				}
				return strings(name, List.of(text(args.get(0))), DataType.STRING, (a) -> {
					String s = (String) a[0];
					return switch (name) {
						case "lower" -> s.toLowerCase(Locale.ROOT);
						case "upper" -> s.toUpperCase(Locale.ROOT);
						case "trim" -> trim(s, true, true);
						case "ltrim" -> trim(s, true, false);
						default -> trim(s, false, true);
					};
				});
			}
			case "length": {
				arity(call, args, 1, 1);
				return new StringKernelEval(StringKernelEval.Kind.LENGTH, text(args.get(0)));
			}
			case "substring", "substr": {
				arity(call, args, 2, 3);
				List<BoundExpr> coerced = new ArrayList<>();
				coerced.add(text(args.get(0)));
				coerced.add(integer(call, args, 1));
				if (args.size() == 3) {
					coerced.add(integer(call, args, 2));
				}
				return strings(name, coerced, DataType.STRING, (a) -> substring((String) a[0], (Integer) a[1],
						(a.length == 3) ? (Integer) a[2] : Integer.MAX_VALUE));
			}
			case "concat": {
				arity(call, args, 1, Integer.MAX_VALUE);
				return strings(name, args.stream().map(Functions::text).toList(), DataType.STRING, (a) -> {
					StringBuilder sb = new StringBuilder();
					for (Object o : a) {
						sb.append((String) o);
					}
					return sb.toString();
				});
			}
			case "abs": {
				arity(call, args, 1, 1);
				BoundExpr x = number(call, args, 0);
				return strings(name, List.of(x), x.type(), (a) -> {
					Object v = a[0];
					if (v instanceof Integer i) {
						return Math.abs(i);
					}
					if (v instanceof Long l) {
						return Math.abs(l);
					}
					if (v instanceof Double d) {
						return Math.abs(d);
					}
					return ((BigDecimal) v).abs();
				});
			}
			case "round": {
				arity(call, args, 1, 2);
				BoundExpr x = number(call, args, 0);
				List<BoundExpr> coerced = new ArrayList<>(List.of(x));
				if (args.size() == 2) {
					coerced.add(integer(call, args, 1));
				}
				return strings(name, coerced, x.type(), (a) -> round(a[0], (a.length == 2) ? (Integer) a[1] : 0));
			}
			case "floor", "ceil", "ceiling": {
				arity(call, args, 1, 1);
				BoundExpr x = number(call, args, 0);
				boolean floor = name.equals("floor");
				return strings(name, List.of(x), DataType.BIGINT, (a) -> {
					Object v = a[0];
					if (v instanceof Integer || v instanceof Long) {
						return ((Number) v).longValue();
					}
					if (v instanceof Double d) {
						return (long) (floor ? Math.floor(d) : Math.ceil(d));
					}
					return ((BigDecimal) v).setScale(0, floor ? RoundingMode.FLOOR : RoundingMode.CEILING).longValue();
				});
			}
			case "coalesce": {
				arity(call, args, 1, Integer.MAX_VALUE);
				DataType type = common(call, args, 0);
				List<BoundExpr> coerced = args.stream().map((a) -> Binder.cast(a, type)).toList();
				return new RowFunctionEval(name, coerced, type, false, (a) -> {
					for (Object o : a) {
						if (o != null) {
							return o;
						}
					}
					return null;
				});
			}
			case "nullif": {
				arity(call, args, 2, 2);
				DataType compared = Binder.comparisonType(args.get(0).type(), args.get(1).type());
				if (compared == null) {
					throw ExprException.at(call.position(), "cannot compare " + args.get(0).type().sqlName() + " with "
							+ args.get(1).type().sqlName() + " in nullif");
				}
				DataType type = args.get(0).type();
				return new RowFunctionEval(name, List.of(args.get(0), args.get(1)), type, false, (a) -> {
					if (a[0] == null || a[1] == null) {
						return a[0];
					}
					Object x = Values.cast(a[0], compared);
					Object y = Values.cast(a[1], compared);
					return (x != null && y != null && Values.compare(x, y) == 0) ? null : a[0];
				});
			}
			case "if": {
				arity(call, args, 3, 3);
				BoundExpr condition = Binder.predicate(args.get(0), call.arguments().get(0), "if");
				List<BoundExpr> branches = args.subList(1, 3);
				DataType type = common(call, branches, 1);
				return new RowFunctionEval(name,
						List.of(condition, Binder.cast(args.get(1), type), Binder.cast(args.get(2), type)), type, false,
						(a) -> Boolean.TRUE.equals(a[0]) ? a[1] : a[2]);
			}
			case "year", "month", "day", "dayofmonth": {
				arity(call, args, 1, 1);
				BoundExpr x = args.get(0);
				DataType t = x.type();
				if (t != DataType.DATE && t != DataType.TIMESTAMP && t != DataType.STRING && t != DataType.NULL) {
					throw ExprException.at(call.arguments().get(0).position(),
							name + " expects a date, got " + t.sqlName());
				}
				return strings(name, List.of(Binder.cast(x, DataType.DATE)), DataType.INT, (a) -> {
					LocalDate d = (LocalDate) a[0];
					return switch (name) {
						case "year" -> d.getYear();
						case "month" -> d.getMonthValue();
						default -> d.getDayOfMonth();
					};
				});
			}
			case "raise_error": {
				arity(call, args, 1, 1);
				return new RaiseErrorEval(text(args.get(0)));
			}
			default:
				throw new ExprException(
						"unknown function '" + name + "' at position " + call.position() + " (available: "
								+ String.join(", ", NAMES) + ", " + String.join(", ", AggregateFunctions.names()) + ")",
						call.position());
		}
	}

	/** A null-intolerant function: null in, null out. */
	private static BoundExpr strings(String name, List<BoundExpr> args, DataType type,
			Function<Object[], Object> function) {
		return new RowFunctionEval(name, args, type, true, function);
	}

	private static void arity(FunctionCall call, List<BoundExpr> args, int min, int max) {
		int n = args.size();
		if (n >= min && n <= max) {
			return;
		}
		String expected = (min == max) ? min + " argument" + ((min == 1) ? "" : "s") : (max == Integer.MAX_VALUE)
				? "at least " + min + " argument" + ((min == 1) ? "" : "s") : min + " to " + max + " arguments";
		throw ExprException.at(call.position(), "function '" + call.name() + "' takes " + expected + ", got " + n);
	}

	private static BoundExpr text(BoundExpr arg) {
		return Binder.cast(arg, DataType.STRING);
	}

	private static BoundExpr number(FunctionCall call, List<BoundExpr> args, int index) {
		BoundExpr arg = args.get(index);
		DataType t = arg.type();
		if (t == DataType.STRING) {
			return Binder.cast(arg, DataType.DOUBLE);
		}
		if (t == DataType.NULL) {
			return Binder.cast(arg, DataType.INT);
		}
		if (!t.isNumeric()) {
			throw ExprException.at(call.arguments().get(index).position(),
					call.name() + " expects a number, got " + t.sqlName());
		}
		return arg;
	}

	private static BoundExpr integer(FunctionCall call, List<BoundExpr> args, int index) {
		BoundExpr arg = args.get(index);
		DataType t = arg.type();
		if (!t.isIntegral() && t != DataType.STRING && t != DataType.NULL) {
			throw ExprException.at(call.arguments().get(index).position(),
					call.name() + " expects an integer, got " + t.sqlName());
		}
		return Binder.cast(arg, DataType.INT);
	}

	private static DataType common(FunctionCall call, List<BoundExpr> args, int firstArgument) {
		DataType type = DataType.NULL;
		for (int k = 0; k < args.size(); k++) {
			DataType next = Binder.resultType(type, args.get(k).type());
			if (next == null) {
				throw ExprException.at(call.arguments().get(firstArgument + k).position(),
						call.name() + " has arguments of incompatible types " + type.sqlName() + " and "
								+ args.get(k).type().sqlName());
			}
			type = next;
		}
		return type;
	}

	/** Spark's {@code trim}: removes spaces only (not tabs or newlines). */
	private static String trim(String s, boolean leading, boolean trailing) {
		int start = 0;
		int end = s.length();
		while (leading && start < end && s.charAt(start) == ' ') {
			start++;
		}
		while (trailing && end > start && s.charAt(end - 1) == ' ') {
			end--;
		}
		return s.substring(start, end);
	}

	/**
	 * Spark's {@code substring}: 1-based; 0 counts as 1; a negative start counts from the
	 * end; a negative length gives the empty string. Positions are in characters (code
	 * points).
	 */
	static String substring(String s, int pos, int length) {
		int chars = s.codePointCount(0, s.length());
		int start = (pos > 0) ? pos - 1 : (pos < 0) ? chars + pos : 0;
		long endLong = (long) start + length;
		int end = (int) Math.max(Math.min(endLong, Integer.MAX_VALUE), Integer.MIN_VALUE);
		start = Math.max(start, 0);
		end = Math.min(end, chars);
		if (start >= end) {
			return "";
		}
		return s.substring(s.offsetByCodePoints(0, start), s.offsetByCodePoints(0, end));
	}

	/** HALF_UP rounding to {@code scale} digits, keeping the type of {@code value}. */
	static Object round(Object value, int scale) {
		Objects.requireNonNull(value);
		if (scale > 400) {
			// beyond any digit a double or a parsed decimal holds: keep the value, and
			// the memory
			return value;
		}
		if (scale < -400) {
			return (value instanceof Double) ? (Object) 0.0 : (value instanceof BigDecimal) ? BigDecimal.ZERO
					: (value instanceof Integer) ? (Object) 0 : (Object) 0L;
		}
		if (value instanceof Double d) {
			if (d.isNaN() || d.isInfinite()) {
				return d;
			}
			return BigDecimal.valueOf(d).setScale(scale, RoundingMode.HALF_UP).doubleValue();
		}
		if (value instanceof BigDecimal d) {
			BigDecimal rounded = d.setScale(scale, RoundingMode.HALF_UP);
			return (scale < 0) ? rounded.setScale(0) : rounded;
		}
		long l = ((Number) value).longValue();
		if (scale >= 0) {
			return value;
		}
		long rounded = BigDecimal.valueOf(l).setScale(scale, RoundingMode.HALF_UP).longValue();
		return (value instanceof Integer) ? (Object) (int) rounded : (Object) rounded;
	}

}
