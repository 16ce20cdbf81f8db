package dev.kindling.engine.expr.eval;

import java.util.ArrayList;
import java.util.List;

import dev.kindling.engine.expr.FunctionCall;
import dev.kindling.engine.types.DataType;

import static dev.kindling.engine.expr.eval.FunctionArguments.arity;
import static dev.kindling.engine.expr.eval.FunctionArguments.integer;
import static dev.kindling.engine.expr.eval.FunctionArguments.text;

/**
 * String functions with Spark's semantics. {@code lower}, {@code upper} and
 * {@code length} have byte-level kernels ({@link StringKernelEval}); the rest run on the
 * per-row path.
 */
final class StringFunctions {

	private StringFunctions() {
	}

	static BoundExpr lower(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		return new StringKernelEval(StringKernelEval.Kind.LOWER, text(args.get(0)));
	}

	static BoundExpr upper(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		return new StringKernelEval(StringKernelEval.Kind.UPPER, text(args.get(0)));
	}

	static BoundExpr length(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		return new StringKernelEval(StringKernelEval.Kind.LENGTH, text(args.get(0)));
	}

	/** {@code trim}, {@code ltrim} and {@code rtrim}, by the call's name. */
	static BoundExpr trim(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		boolean leading = !call.name().equals("rtrim");
		boolean trailing = !call.name().equals("ltrim");
		return RowFunctionEval.nullIntolerant(call.name(), List.of(text(args.get(0))), DataType.STRING,
				(a) -> trim((String) a[0], leading, trailing));
	}

	/** {@code substring} and {@code substr}. */
	static BoundExpr substring(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 3);
		List<BoundExpr> coerced = new ArrayList<>();
		coerced.add(text(args.get(0)));
		coerced.add(integer(call, args, 1));
		if (args.size() == 3) {
			coerced.add(integer(call, args, 2));
		}
		return RowFunctionEval.nullIntolerant(call.name(), coerced, DataType.STRING,
				(a) -> substring((String) a[0], (Integer) a[1], (a.length == 3) ? (Integer) a[2] : Integer.MAX_VALUE));
	}

	static BoundExpr concat(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, Integer.MAX_VALUE);
		return RowFunctionEval.nullIntolerant(call.name(), args.stream().map(FunctionArguments::text).toList(),
				DataType.STRING, (a) -> {
					StringBuilder sb = new StringBuilder();
					for (Object o : a) {
						sb.append((String) o);
					}
					return sb.toString();
				});
	}

	/** Spark's {@code trim}: removes spaces only (not tabs or newlines). */
	static String trim(String s, boolean leading, boolean trailing) {
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

}
