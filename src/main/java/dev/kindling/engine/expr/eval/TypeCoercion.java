package dev.kindling.engine.expr.eval;

import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.types.DataType;

/**
 * Spark's implicit type rules without ANSI mode, in one place: which type two operands
 * meet in, which casts are allowed, and how an operand is converted. Numbers widen int →
 * bigint → decimal → double; a date meets a timestamp as a timestamp; a string compared
 * with a number, date or timestamp is cast to that type, and used in arithmetic it is a
 * double; the untyped {@code null} takes the other side's type. The binder and the scalar
 * functions use these rules, so an expression and a function argument coerce alike.
 */
public final class TypeCoercion {

	private TypeCoercion() {
	}

	/**
	 * The type an arithmetic operator computes in for operands of these types (before
	 * {@code /} makes it double), or {@code null} if one is not a number (a string counts
	 * as a double).
	 */
	public static DataType arithmeticType(DataType left, DataType right) {
		DataType l = numericOperand(left);
		DataType r = numericOperand(right);
		if (l == null || r == null) {
			return null;
		}
		if (l == DataType.NULL) {
			return (r == DataType.NULL) ? DataType.INT : r;
		}
		return (r == DataType.NULL) ? l : widerNumeric(l, r);
	}

	private static DataType numericOperand(DataType t) {
		if (t == DataType.STRING) {
			return DataType.DOUBLE;
		}
		return (t.isNumeric() || t == DataType.NULL) ? t : null;
	}

	/** Whether {@code CAST(x AS to)} is allowed for an {@code x} of type {@code from}. */
	public static boolean canCast(DataType from, DataType to) {
		return from == to || from == DataType.NULL || from == DataType.STRING || to == DataType.STRING
				|| (from.isNumeric() && (to.isNumeric() || to == DataType.BOOLEAN || to == DataType.TIMESTAMP))
				|| (from == DataType.BOOLEAN && to.isNumeric())
				|| (from == DataType.TIMESTAMP && (to.isNumeric() || to == DataType.DATE || to == DataType.BOOLEAN))
				|| (from == DataType.DATE && to == DataType.TIMESTAMP);
	}

	/** {@code e} as a boolean predicate; a null literal becomes a boolean null. */
	public static BoundExpr predicate(BoundExpr e, Expr source, String context) {
		if (e.type() == DataType.BOOLEAN) {
			return e;
		}
		if (e.type() == DataType.NULL) {
			return cast(e, DataType.BOOLEAN);
		}
		throw ExprException.at(source.position(), context + " expects a boolean, got " + e.type().sqlName());
	}

	/** {@code e} converted to {@code type}; constants are converted now. */
	public static BoundExpr cast(BoundExpr e, DataType type) {
		if (e.type() == type || type == DataType.NULL) {
			return e;
		}
		if (e instanceof LiteralEval lit) {
			return new LiteralEval(Values.cast(lit.value(), type), type);
		}
		return new CastEval(e, type);
	}

	/**
	 * The type two values share with no string involved: either one when they are the
	 * same or one is NULL, the wider number, or TIMESTAMP for two temporals; {@code null}
	 * otherwise.
	 */
	private static DataType commonType(DataType a, DataType b) {
		if (a == b || b == DataType.NULL) {
			return a;
		}
		if (a == DataType.NULL) {
			return b;
		}
		if (a.isNumeric() && b.isNumeric()) {
			return widerNumeric(a, b);
		}
		if (isTemporal(a) && isTemporal(b)) {
			return DataType.TIMESTAMP;
		}
		return null;
	}

	/**
	 * The type two operands are compared in, or {@code null} if they cannot be compared.
	 */
	public static DataType comparisonType(DataType a, DataType b) {
		DataType common = commonType(a, b);
		if (common != null) {
			return common;
		}
		if (a == DataType.STRING && b != DataType.STRING) {
			return b;
		}
		if (b == DataType.STRING) {
			return a;
		}
		return null;
	}

	/**
	 * The type of a value that is one of two (CASE, coalesce, if), or {@code null} if
	 * none fits.
	 */
	public static DataType resultType(DataType a, DataType b) {
		DataType common = commonType(a, b);
		if (common != null) {
			return common;
		}
		if (a == DataType.STRING || b == DataType.STRING) {
			return DataType.STRING;
		}
		return null;
	}

	private static boolean isTemporal(DataType t) {
		return t == DataType.DATE || t == DataType.TIMESTAMP;
	}

	private static DataType widerNumeric(DataType a, DataType b) {
		return (rank(a) >= rank(b)) ? a : b;
	}

	private static int rank(DataType t) {
		return switch (t) {
			case INT -> 0;
			case BIGINT -> 1;
			case DECIMAL -> 2;
			default -> 3;
		};
	}

	static boolean isNullLiteral(BoundExpr e) {
		return e instanceof LiteralEval lit && lit.isNull();
	}

}
