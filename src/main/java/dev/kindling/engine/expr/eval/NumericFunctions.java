package dev.kindling.engine.expr.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.kindling.engine.expr.Binary;
import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.expr.FunctionCall;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.DecimalType;

import static dev.kindling.engine.expr.eval.FunctionArguments.arity;
import static dev.kindling.engine.expr.eval.FunctionArguments.integer;
import static dev.kindling.engine.expr.eval.FunctionArguments.number;

/**
 * Numeric functions with Spark's semantics: the result keeps the argument's type where
 * Spark's does ({@code abs}, {@code round}, {@code mod}); under ANSI mode an integer
 * result beyond its type and a remainder by zero are errors, without it they wrap and
 * give null. The functions of doubles are in {@link MathFunctions}.
 */
final class NumericFunctions {

	private NumericFunctions() {
	}

	static BoundExpr abs(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		BoundExpr x = number(call, args, 0);
		boolean ansi = Session.current().ansi();
		return RowFunctionEval.nullIntolerant(call.name(), List.of(x), x.type(), (a) -> {
			Object v = a[0];
			if (v instanceof Integer i) {
				if (i == Integer.MIN_VALUE && ansi) {
					throw AnsiError.arithmeticOverflow("integer", null);
				}
				return Math.abs(i);
			}
			if (v instanceof Long l) {
				if (l == Long.MIN_VALUE && ansi) {
					throw AnsiError.arithmeticOverflow("long", null);
				}
				return Math.abs(l);
			}
			if (v instanceof Double d) {
				return Math.abs(d);
			}
			return ((BigDecimal) v).abs();
		});
	}

	/** {@code negative(x)}: {@code -x}, with the overflow rules of unary minus. */
	static BoundExpr negative(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		BoundExpr x = number(call, args, 0);
		boolean ansi = Session.current().ansi();
		return RowFunctionEval.nullIntolerant(call.name(), List.of(x), x.type(), (a) -> {
			Object v = a[0];
			if (v instanceof Integer i) {
				if (i == Integer.MIN_VALUE && ansi) {
					throw AnsiError.arithmeticOverflow("integer", null);
				}
				return -i;
			}
			if (v instanceof Long l) {
				if (l == Long.MIN_VALUE && ansi) {
					throw AnsiError.arithmeticOverflow("long", null);
				}
				return -l;
			}
			if (v instanceof Double d) {
				return -d;
			}
			return ((BigDecimal) v).negate();
		});
	}

	/** {@code positive(x)}: x itself. */
	static BoundExpr positive(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		return number(call, args, 0);
	}

	/**
	 * {@code round(x[, d])} (HALF_UP) and {@code bround(x[, d])} (HALF_EVEN, banker's
	 * rounding), keeping the type of {@code x}.
	 */
	static BoundExpr round(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 2);
		BoundExpr x = number(call, args, 0);
		List<BoundExpr> coerced = new ArrayList<>(List.of(x));
		if (args.size() == 2) {
			coerced.add(integer(call, args, 1));
		}
		RoundingMode mode = call.name().equals("bround") ? RoundingMode.HALF_EVEN : RoundingMode.HALF_UP;
		boolean ansi = Session.current().ansi();
		DataType type = x.type();
		if (type instanceof DecimalType d) {
			// Spark types round(decimal) by its constant scale; a scale computed per row
			// keeps the argument's type
			Object digits = (args.size() == 1) ? Integer.valueOf(0)
					: (coerced.get(1) instanceof LiteralEval l) ? l.value() : null;
			if (digits != null) {
				type = roundedType(d, (Integer) digits);
			}
		}
		return RowFunctionEval.nullIntolerant(call.name(), coerced, type,
				(a) -> round(a[0], (a.length == 2) ? (Integer) a[1] : 0, mode, ansi));
	}

	/**
	 * Spark's type of {@code round(x, digits)} for {@code x} of {@code decimal(p,s)}: one
	 * more integer digit for a carry, at most {@code digits} of scale.
	 */
	static DecimalType roundedType(DecimalType d, int digits) {
		int integral = d.precision() - d.scale() + 1;
		if (digits < 0) {
			long precision = Math.max(integral, -(long) digits + 1);
			return DecimalType.of((int) Math.min(precision, DecimalType.MAX_PRECISION), 0);
		}
		int scale = Math.min(d.scale(), digits);
		return DecimalType.of(Math.min(integral + scale, DecimalType.MAX_PRECISION), scale);
	}

	/**
	 * {@code floor}, {@code ceil} and {@code ceiling}: a bigint, or for a decimal
	 * {@code decimal(p - s + 1, 0)} (Spark's type).
	 */
	static BoundExpr floorOrCeil(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		BoundExpr x = number(call, args, 0);
		boolean floor = call.name().equals("floor");
		if (x.type() instanceof DecimalType d) {
			DecimalType type = (d.scale() == 0) ? d : DecimalType.bounded(d.precision() - d.scale() + 1, 0);
			return RowFunctionEval.nullIntolerant(call.name(), List.of(x), type,
					(a) -> ((BigDecimal) a[0]).setScale(0, floor ? RoundingMode.FLOOR : RoundingMode.CEILING));
		}
		return RowFunctionEval.nullIntolerant(call.name(), List.of(x), DataType.BIGINT, (a) -> {
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

	/**
	 * Rounding to {@code scale} digits in {@code mode}, keeping the type of
	 * {@code value}.
	 */
	static Object round(Object value, int scale, RoundingMode mode, boolean ansi) {
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
			return BigDecimal.valueOf(d).setScale(scale, mode).doubleValue();
		}
		if (value instanceof BigDecimal d) {
			BigDecimal rounded = d.setScale(scale, mode);
			return (scale < 0) ? rounded.setScale(0) : rounded;
		}
		long l = ((Number) value).longValue();
		if (scale >= 0) {
			return value;
		}
		BigDecimal rounded = BigDecimal.valueOf(l).setScale(scale, mode);
		boolean isInt = value instanceof Integer;
		BigDecimal max = BigDecimal.valueOf(isInt ? Integer.MAX_VALUE : Long.MAX_VALUE);
		BigDecimal min = BigDecimal.valueOf(isInt ? Integer.MIN_VALUE : Long.MIN_VALUE);
		if (ansi && (rounded.compareTo(max) > 0 || rounded.compareTo(min) < 0)) {
			throw AnsiError.arithmeticOverflow(isInt ? "integer" : "long", null);
		}
		long r = rounded.longValue();
		return isInt ? (Object) (int) r : (Object) r;
	}

	/** {@code mod(a, b)}: the remainder, as the {@code %} operator. */
	static BoundExpr mod(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		DataType type = remainderType(call, args);
		return new ArithmeticEval(Binary.Op.MODULO, TypeCoercion.cast(args.get(0), type),
				TypeCoercion.cast(args.get(1), type), type);
	}

	/**
	 * {@code pmod(a, b)}: the remainder made positive ({@code ((a % b) + b) % b} when
	 * {@code a % b} is negative); null (or, under ANSI mode, an error) for b = 0.
	 */
	static BoundExpr pmod(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		DataType type = remainderType(call, args);
		boolean ansi = Session.current().ansi();
		return RowFunctionEval.nullIntolerant(call.name(),
				List.of(TypeCoercion.cast(args.get(0), type), TypeCoercion.cast(args.get(1), type)), type, (a) -> {
					Object x = a[0];
					Object n = a[1];
					if (x instanceof Double d) {
						double m = (Double) n;
						if (m == 0) {
							if (ansi) {
								throw AnsiError.divideByZero();
							}
							return null;
						}
						double r = d % m;
						return (r < 0) ? (r + m) % m : r;
					}
					if (x instanceof BigDecimal d) {
						BigDecimal m = (BigDecimal) n;
						if (m.signum() == 0) {
							if (ansi) {
								throw AnsiError.divideByZero();
							}
							return null;
						}
						BigDecimal r = d.remainder(m);
						return (r.signum() < 0) ? r.add(m).remainder(m) : r;
					}
					long l = ((Number) x).longValue();
					long m = ((Number) n).longValue();
					if (m == 0) {
						if (ansi) {
							throw AnsiError.divideByZero();
						}
						return null;
					}
					long r = l % m;
					if (r < 0) {
						r = (r + m) % m;
					}
					return (x instanceof Integer) ? (Object) (int) r : (Object) r;
				});
	}

	private static DataType remainderType(FunctionCall call, List<BoundExpr> args) {
		DataType type = TypeCoercion.arithmeticType(args.get(0).type(), args.get(1).type());
		if (type == null) {
			throw ExprException.at(call.position(), call.name() + " expects numbers, got "
					+ args.get(0).type().sqlName() + " and " + args.get(1).type().sqlName());
		}
		return type;
	}

	/**
	 * {@code greatest(a, b, ...)} and {@code least}: the largest (smallest) non-null
	 * argument in their common type; null when all are null. NaN is the largest double.
	 */
	static BoundExpr greatest(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, Integer.MAX_VALUE);
		DataType type = FunctionArguments.common(call, args, 0);
		if (type == DataType.BOOLEAN || type == DataType.NULL || type.isNumeric() || type == DataType.STRING
				|| type == DataType.DATE || type == DataType.TIMESTAMP) {
			boolean greatest = call.name().equals("greatest");
			List<BoundExpr> coerced = args.stream().map((a) -> TypeCoercion.cast(a, type)).toList();
			return new RowFunctionEval(call.name(), coerced, type, false, (a) -> {
				Object best = null;
				for (Object o : a) {
					if (o != null && (best == null
							|| (greatest ? Values.compare(o, best) > 0 : Values.compare(o, best) < 0))) {
						best = o;
					}
				}
				return best;
			});
		}
		throw ExprException.at(call.position(), call.name() + " cannot order values of type " + type.sqlName());
	}

	/** {@code sign(x)} and {@code signum(x)}: -1.0, 0.0 or 1.0 (NaN for NaN). */
	static BoundExpr sign(FunctionCall call, List<BoundExpr> args) {
		return MathFunctions.of(Math::signum).bind(call, args);
	}

	/** {@code factorial(n)}: n! as a bigint for 0 &le; n &le; 20, else null. */
	static BoundExpr factorial(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		return RowFunctionEval.nullIntolerant(call.name(), List.of(integer(call, args, 0)), DataType.BIGINT, (a) -> {
			int n = (Integer) a[0];
			if (n < 0 || n > 20) {
				return null;
			}
			long f = 1;
			for (int i = 2; i <= n; i++) {
				f *= i;
			}
			return f;
		});
	}

	/**
	 * {@code rand([seed])}, {@code random([seed])} and {@code randn([seed])}: uniform in
	 * [0, 1) or standard normal, from Spark's generator seeded with {@code seed} plus the
	 * partition; without a seed, one drawn from the job's start time, so every executor
	 * draws alike.
	 */
	static BoundExpr rand(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 0, 1);
		long seed;
		if (args.isEmpty()) {
			seed = new java.util.SplittableRandom(Session.current().startMicros()).nextLong();
		}
		else {
			DataType t = args.get(0).type();
			if (!t.isIntegral() && t != DataType.NULL) {
				throw ExprException.at(call.arguments().get(0).position(),
						call.name() + " expects an integer seed, got " + t.sqlName());
			}
			Object v = FunctionArguments.constant(call, args, 0, "seed");
			seed = (v == null) ? 0L : ((Number) v).longValue();
		}
		TaskFunctionEval.Kind kind = call.name().equals("randn") ? TaskFunctionEval.Kind.RANDN
				: TaskFunctionEval.Kind.RAND;
		return new TaskFunctionEval(kind, seed, call.name() + "(" + seed + ")");
	}

	/** {@code monotonically_increasing_id()} and {@code spark_partition_id()}. */
	static BoundExpr taskValue(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 0, 0);
		TaskFunctionEval.Kind kind = call.name().equals("spark_partition_id") ? TaskFunctionEval.Kind.SPARK_PARTITION_ID
				: TaskFunctionEval.Kind.MONOTONICALLY_INCREASING_ID;
		return new TaskFunctionEval(kind, 0, call.name() + "()");
	}

}
