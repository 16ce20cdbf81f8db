package dev.kindling.engine.expr.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.kindling.engine.expr.FunctionCall;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.DecimalType;

import static dev.kindling.engine.expr.eval.FunctionArguments.arity;
import static dev.kindling.engine.expr.eval.FunctionArguments.integer;
import static dev.kindling.engine.expr.eval.FunctionArguments.number;

/** Numeric functions with Spark's semantics (without ANSI mode). */
final class NumericFunctions {

	private NumericFunctions() {
	}

	static BoundExpr abs(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		BoundExpr x = number(call, args, 0);
		return RowFunctionEval.nullIntolerant(call.name(), List.of(x), x.type(), (a) -> {
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

	static BoundExpr round(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 2);
		BoundExpr x = number(call, args, 0);
		List<BoundExpr> coerced = new ArrayList<>(List.of(x));
		if (args.size() == 2) {
			coerced.add(integer(call, args, 1));
		}
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
				(a) -> round(a[0], (a.length == 2) ? (Integer) a[1] : 0));
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
