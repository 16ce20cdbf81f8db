package dev.kindling.engine.expr.eval;

import java.util.List;

import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.expr.FunctionCall;
import dev.kindling.engine.types.DataType;

import static dev.kindling.engine.expr.eval.FunctionArguments.arity;
import static dev.kindling.engine.expr.eval.FunctionArguments.common;
import static dev.kindling.engine.expr.eval.FunctionArguments.text;

/** Functions about nulls and conditions, and {@code raise_error}. */
final class ConditionalFunctions {

	private ConditionalFunctions() {
	}

	/** The first non-null argument, all of them in their common type. */
	static BoundExpr coalesce(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, Integer.MAX_VALUE);
		DataType type = common(call, args, 0);
		List<BoundExpr> coerced = args.stream().map((a) -> TypeCoercion.cast(a, type)).toList();
		if (type == DataType.NULL) {
			return new LiteralEval(null, DataType.NULL);
		}
		return new CoalesceEval(call.name(), coerced, type);
	}

	/** Null when the two arguments are equal, else the first. */
	static BoundExpr nullif(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		DataType compared = TypeCoercion.comparisonType(args.get(0).type(), args.get(1).type());
		if (compared == null) {
			throw ExprException.at(call.position(), "cannot compare " + args.get(0).type().sqlName() + " with "
					+ args.get(1).type().sqlName() + " in nullif");
		}
		DataType type = args.get(0).type();
		return new RowFunctionEval(call.name(), List.of(args.get(0), args.get(1)), type, false, (a) -> {
			if (a[0] == null || a[1] == null) {
				return a[0];
			}
			Object x = Values.cast(a[0], compared);
			Object y = Values.cast(a[1], compared);
			return (x != null && y != null && Values.compare(x, y) == 0) ? null : a[0];
		});
	}

	/**
	 * {@code if(condition, then, else)} and {@code iff}: as a CASE, each branch evaluated
	 * only for the rows that take it.
	 */
	static BoundExpr ifThenElse(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 3, 3);
		BoundExpr condition = TypeCoercion.predicate(args.get(0), call.arguments().get(0), "if");
		DataType type = common(call, args.subList(1, 3), 1);
		if (type == DataType.NULL) {
			return new LiteralEval(null, DataType.NULL);
		}
		return new CaseEval(List.of(condition), List.of(TypeCoercion.cast(args.get(1), type)),
				TypeCoercion.cast(args.get(2), type), type);
	}

	/** Fails the task with the message, as Spark's {@code raise_error}. */
	static BoundExpr raiseError(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		return new RaiseErrorEval(text(args.get(0)));
	}

	/**
	 * {@code nvl(a, b)} and {@code ifnull(a, b)}: {@code a} unless it is null, then
	 * {@code b}.
	 */
	static BoundExpr nvl(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		return coalesce(call, args);
	}

	/** {@code nvl2(a, b, c)}: {@code b} when {@code a} is not null, else {@code c}. */
	static BoundExpr nvl2(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 3, 3);
		DataType type = common(call, args.subList(1, 3), 1);
		if (type == DataType.NULL) {
			return new LiteralEval(null, DataType.NULL);
		}
		return new CaseEval(List.of(new IsNullEval(args.get(0), true)), List.of(TypeCoercion.cast(args.get(1), type)),
				TypeCoercion.cast(args.get(2), type), type);
	}

	/** {@code isnull(x)} and {@code isnotnull(x)}, as {@code x IS [NOT] NULL}. */
	static BoundExpr isNull(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		return new IsNullEval(args.get(0), call.name().equals("isnotnull"));
	}

	/** {@code isnan(x)}: whether the double is NaN; false for null. */
	static BoundExpr isNan(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		return new RowFunctionEval(call.name(), List.of(FunctionArguments.real(call, args, 0)), DataType.BOOLEAN, false,
				(a) -> a[0] != null && ((Double) a[0]).isNaN());
	}

	/** {@code nanvl(a, b)}: {@code a} unless it is NaN, then {@code b}; as doubles. */
	static BoundExpr nanvl(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		return new RowFunctionEval(call.name(),
				List.of(FunctionArguments.real(call, args, 0), FunctionArguments.real(call, args, 1)), DataType.DOUBLE,
				false, (a) -> (a[0] != null && ((Double) a[0]).isNaN()) ? a[1] : a[0]);
	}

	/** {@code nullifzero(x)}: null when x is 0, else x. */
	static BoundExpr nullIfZero(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		BoundExpr x = FunctionArguments.number(call, args, 0);
		return RowFunctionEval.nullIntolerant(call.name(), List.of(x), x.type(),
				(a) -> (Values.compare(a[0], Values.cast(0, x.type())) == 0) ? null : a[0]);
	}

	/** {@code zeroifnull(x)}: 0 when x is null, else x. */
	static BoundExpr zeroIfNull(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		BoundExpr x = FunctionArguments.number(call, args, 0);
		Object zero = Values.cast(0, x.type());
		return new RowFunctionEval(call.name(), List.of(x), x.type(), false, (a) -> (a[0] == null) ? zero : a[0]);
	}

	/**
	 * {@code equal_null(a, b)}: as {@code a <=> b}, true when both are null, false when
	 * one is.
	 */
	static BoundExpr equalNull(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		DataType compared = TypeCoercion.comparisonType(args.get(0).type(), args.get(1).type());
		if (compared == null) {
			throw ExprException.at(call.position(), "cannot compare " + args.get(0).type().sqlName() + " with "
					+ args.get(1).type().sqlName() + " in equal_null");
		}
		DataType type = (compared == DataType.NULL) ? DataType.BOOLEAN : compared;
		return new CompareEval(dev.kindling.engine.expr.Binary.Op.NULL_SAFE_EQ, TypeCoercion.cast(args.get(0), type),
				TypeCoercion.cast(args.get(1), type));
	}

}
