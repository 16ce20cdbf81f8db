package dev.kindling.engine.expr.eval;

import dev.kindling.engine.expr.Binary;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.DecimalType;
import dev.kindling.engine.types.QueryExecutionException;

/**
 * Spark's implicit type rules, in one place: which type two operands meet in, which casts
 * are allowed, and how an operand is converted. Numbers widen int → bigint → decimal →
 * double (an integer meets a decimal as the decimal that holds it, two decimals as the
 * one that holds both); a date meets a timestamp as a timestamp; a string compared with a
 * number, date or timestamp is cast to that type, and used in arithmetic it is a double;
 * the untyped {@code null} takes the other side's type. The binder and the scalar
 * functions use these rules, so an expression and a function argument coerce alike.
 */
public final class TypeCoercion {

	private TypeCoercion() {
	}

	/**
	 * The type the operands of an arithmetic operator are cast to before it computes, or
	 * {@code null} if one is not a number (a string counts as a double): the wider
	 * integral type, double when either side is a double, and a decimal when either side
	 * is one. For a decimal the two operands keep their own decimal types (an integer
	 * becomes the decimal that holds it, see {@link #decimalOperand}); the operator's
	 * result type is then {@link #decimalResult}. Division of integers is the caller's
	 * business (Spark divides them as doubles).
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

	/**
	 * The decimal type an operand of a decimal operator is cast to: a decimal keeps its
	 * type; an integer constant takes the fewest digits that hold it ({@code 2} is
	 * {@code decimal(1,0)}, Spark's {@code literalPickMinimumPrecision}); another integer
	 * the decimal that holds its type ({@code decimal(10,0)} for an int,
	 * {@code decimal(20,0)} for a bigint); an untyped null the other operand's type.
	 */
	static DecimalType decimalOperand(BoundExpr operand, DecimalType other) {
		DataType t = operand.type();
		if (t.isDecimal()) {
			return (DecimalType) t;
		}
		if (t == DataType.NULL) {
			return other;
		}
		if (operand instanceof LiteralEval lit && !lit.isNull()) {
			return DecimalType.forLiteral(lit.longValue());
		}
		return DecimalType.forType(t);
	}

	/**
	 * The type of {@code a op b} for two decimals, as Spark's arithmetic with
	 * {@code spark.sql.decimalOperations.allowPrecisionLoss=true}, cut to 38 digits by
	 * {@link DecimalType#adjusted}.
	 */
	static DecimalType decimalResult(Binary.Op op, DecimalType a, DecimalType b) {
		int p1 = a.precision();
		int s1 = a.scale();
		int p2 = b.precision();
		int s2 = b.scale();
		return switch (op) {
			case ADD, SUBTRACT -> {
				int scale = Math.max(s1, s2);
				yield DecimalType.adjusted(Math.max(p1 - s1, p2 - s2) + scale + 1, scale);
			}
			case MULTIPLY -> DecimalType.adjusted(p1 + p2 + 1, s1 + s2);
			case DIVIDE -> {
				int scale = Math.max(DecimalType.MINIMUM_ADJUSTED_SCALE, s1 + p2 + 1);
				yield DecimalType.adjusted(p1 - s1 + s2 + scale, scale);
			}
			case MODULO -> {
				int scale = Math.max(s1, s2);
				yield DecimalType.adjusted(Math.min(p1 - s1, p2 - s2) + scale, scale);
			}
			default -> throw new IllegalArgumentException("not an arithmetic operator: " + op);
		};
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

	/**
	 * {@code e} converted to {@code type}; constants are converted now, unless the
	 * conversion fails in ANSI mode: that cast is left to fail when a row is evaluated,
	 * so a query over no rows does not fail (Spark folds constants the same way).
	 */
	public static BoundExpr cast(BoundExpr e, DataType type) {
		return cast(e, type, false);
	}

	/**
	 * {@code e} converted to {@code type} as {@link #cast} does, or as {@code TRY_CAST}:
	 * null where the ANSI cast would fail.
	 */
	static BoundExpr cast(BoundExpr e, DataType type, boolean tryCast) {
		if (e.type() == type || type == DataType.NULL) {
			return e;
		}
		CastEval cast = new CastEval(e, type, tryCast);
		if (e instanceof LiteralEval lit) {
			try {
				return new LiteralEval(cast.castValue(lit.value()), type);
			}
			catch (QueryExecutionException ex) {
				return cast;
			}
		}
		return cast;
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

	/**
	 * The type two numbers meet in: the wider integral type; double when either is a
	 * double; for a decimal and an integer or another decimal, the decimal that holds
	 * both (Spark's {@code widerDecimalType}, bounded to 38 digits).
	 */
	private static DataType widerNumeric(DataType a, DataType b) {
		if (a == b) {
			return a;
		}
		if (a == DataType.DOUBLE || b == DataType.DOUBLE) {
			return DataType.DOUBLE;
		}
		if (a.isDecimal() || b.isDecimal()) {
			return DecimalType.wider(DecimalType.forType(a), DecimalType.forType(b));
		}
		return (a == DataType.BIGINT || b == DataType.BIGINT) ? DataType.BIGINT : DataType.INT;
	}

	static boolean isNullLiteral(BoundExpr e) {
		return e instanceof LiteralEval lit && lit.isNull();
	}

}
