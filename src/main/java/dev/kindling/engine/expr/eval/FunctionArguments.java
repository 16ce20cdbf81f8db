package dev.kindling.engine.expr.eval;

import java.util.List;

import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.expr.FunctionCall;
import dev.kindling.engine.types.DataType;

/**
 * What scalar functions check and coerce their arguments with, so every function reports
 * the same errors the same way (naming the function, and the position of the call or of
 * the argument).
 */
final class FunctionArguments {

	private FunctionArguments() {
	}

	/** Refuses a call with fewer than {@code min} or more than {@code max} arguments. */
	static void arity(FunctionCall call, List<BoundExpr> args, int min, int max) {
		int n = args.size();
		if (n >= min && n <= max) {
			return;
		}
		String expected = (min == max) ? min + " argument" + ((min == 1) ? "" : "s") : (max == Integer.MAX_VALUE)
				? "at least " + min + " argument" + ((min == 1) ? "" : "s") : min + " to " + max + " arguments";
		throw ExprException.at(call.position(), "function '" + call.name() + "' takes " + expected + ", got " + n);
	}

	/** Any argument as a string (Spark casts any type to string implicitly). */
	static BoundExpr text(BoundExpr arg) {
		return TypeCoercion.cast(arg, DataType.STRING);
	}

	/** Argument {@code index} as a number: a string becomes a double, a null an int. */
	static BoundExpr number(FunctionCall call, List<BoundExpr> args, int index) {
		BoundExpr arg = args.get(index);
		DataType t = arg.type();
		if (t == DataType.STRING) {
			return TypeCoercion.cast(arg, DataType.DOUBLE);
		}
		if (t == DataType.NULL) {
			return TypeCoercion.cast(arg, DataType.INT);
		}
		if (!t.isNumeric()) {
			throw ExprException.at(call.arguments().get(index).position(),
					call.name() + " expects a number, got " + t.sqlName());
		}
		return arg;
	}

	/** Argument {@code index} as an int: integers, strings and null convert. */
	static BoundExpr integer(FunctionCall call, List<BoundExpr> args, int index) {
		BoundExpr arg = args.get(index);
		DataType t = arg.type();
		if (!t.isIntegral() && t != DataType.STRING && t != DataType.NULL) {
			throw ExprException.at(call.arguments().get(index).position(),
					call.name() + " expects an integer, got " + t.sqlName());
		}
		return TypeCoercion.cast(arg, DataType.INT);
	}

	/** Argument {@code index} as a date: dates, timestamps, strings and null convert. */
	static BoundExpr date(FunctionCall call, List<BoundExpr> args, int index) {
		BoundExpr arg = args.get(index);
		DataType t = arg.type();
		if (t != DataType.DATE && t != DataType.TIMESTAMP && t != DataType.STRING && t != DataType.NULL) {
			throw ExprException.at(call.arguments().get(index).position(),
					call.name() + " expects a date, got " + t.sqlName());
		}
		return TypeCoercion.cast(arg, DataType.DATE);
	}

	/**
	 * The type arguments {@code args} (argument {@code firstArgument} onwards of the
	 * call) share as one value, as CASE branches do.
	 */
	static DataType common(FunctionCall call, List<BoundExpr> args, int firstArgument) {
		DataType type = DataType.NULL;
		for (int k = 0; k < args.size(); k++) {
			DataType next = TypeCoercion.resultType(type, args.get(k).type());
			if (next == null) {
				throw ExprException.at(call.arguments().get(firstArgument + k).position(),
						call.name() + " has arguments of incompatible types " + type.sqlName() + " and "
								+ args.get(k).type().sqlName());
			}
			type = next;
		}
		return type;
	}

	/** Argument {@code index} as a bigint: integers, strings and null convert. */
	static BoundExpr bigint(FunctionCall call, List<BoundExpr> args, int index) {
		BoundExpr arg = args.get(index);
		DataType t = arg.type();
		if (!t.isIntegral() && t != DataType.STRING && t != DataType.NULL) {
			throw ExprException.at(call.arguments().get(index).position(),
					call.name() + " expects an integer, got " + t.sqlName());
		}
		return TypeCoercion.cast(arg, DataType.BIGINT);
	}

	/** Argument {@code index} as a double: numbers, strings and null convert. */
	static BoundExpr real(FunctionCall call, List<BoundExpr> args, int index) {
		BoundExpr arg = args.get(index);
		DataType t = arg.type();
		if (!t.isNumeric() && t != DataType.STRING && t != DataType.NULL) {
			throw ExprException.at(call.arguments().get(index).position(),
					call.name() + " expects a number, got " + t.sqlName());
		}
		return TypeCoercion.cast(arg, DataType.DOUBLE);
	}

	/**
	 * Argument {@code index} as a timestamp: timestamps, dates, strings and null convert.
	 */
	static BoundExpr timestamp(FunctionCall call, List<BoundExpr> args, int index) {
		BoundExpr arg = args.get(index);
		DataType t = arg.type();
		if (t != DataType.DATE && t != DataType.TIMESTAMP && t != DataType.STRING && t != DataType.NULL) {
			throw ExprException.at(call.arguments().get(index).position(),
					call.name() + " expects a timestamp, got " + t.sqlName());
		}
		return TypeCoercion.cast(arg, DataType.TIMESTAMP);
	}

	/** Argument {@code index} as a boolean: booleans and null. */
	static BoundExpr bool(FunctionCall call, List<BoundExpr> args, int index) {
		BoundExpr arg = args.get(index);
		DataType t = arg.type();
		if (t != DataType.BOOLEAN && t != DataType.NULL) {
			throw ExprException.at(call.arguments().get(index).position(),
					call.name() + " expects a boolean, got " + t.sqlName());
		}
		return TypeCoercion.cast(arg, DataType.BOOLEAN);
	}

	/**
	 * The value of argument {@code index}, which must be a constant (a literal, or an
	 * expression of literals); {@code null} for a null constant.
	 */
	static Object constant(FunctionCall call, List<BoundExpr> args, int index, String what) {
		if (args.get(index) instanceof LiteralEval lit) {
			return lit.value();
		}
		throw ExprException.at(call.arguments().get(index).position(),
				call.name() + " expects a constant " + what + " as argument " + (index + 1));
	}

	/** A string constant argument ({@code null} for a null constant). */
	static String constantText(FunctionCall call, List<BoundExpr> args, int index, String what) {
		Object v = constant(call, args, index, what);
		return (v == null) ? null : Values.toText(v);
	}

	/** An integer constant argument ({@code null} for a null constant). */
	static Integer constantInt(FunctionCall call, List<BoundExpr> args, int index, String what) {
		BoundExpr arg = integer(call, args, index);
		if (arg instanceof LiteralEval lit) {
			return (Integer) lit.value();
		}
		throw ExprException.at(call.arguments().get(index).position(),
				call.name() + " expects a constant " + what + " as argument " + (index + 1));
	}

	/** Whether argument {@code index} is the null constant. */
	static boolean isNullConstant(List<BoundExpr> args, int index) {
		return TypeCoercion.isNullLiteral(args.get(index));
	}

}
