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
		return new RowFunctionEval(call.name(), coerced, type, false, (a) -> {
			for (Object o : a) {
				if (o != null) {
					return o;
				}
			}
			return null;
		});
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

	/** {@code if(condition, then, else)}. */
	static BoundExpr ifThenElse(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 3, 3);
		BoundExpr condition = TypeCoercion.predicate(args.get(0), call.arguments().get(0), "if");
		DataType type = common(call, args.subList(1, 3), 1);
		return new RowFunctionEval(call.name(),
				List.of(condition, TypeCoercion.cast(args.get(1), type), TypeCoercion.cast(args.get(2), type)), type,
				false, (a) -> Boolean.TRUE.equals(a[0]) ? a[1] : a[2]);
	}

	/** Fails the task with the message, as Spark's {@code raise_error}. */
	static BoundExpr raiseError(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		return new RaiseErrorEval(text(args.get(0)));
	}

}
