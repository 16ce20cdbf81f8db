package dev.kindling.engine.expr.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.expr.FunctionCall;
import dev.kindling.engine.types.DataType;

import static dev.kindling.engine.expr.eval.FunctionArguments.arity;
import static dev.kindling.engine.expr.eval.FunctionArguments.integer;
import static dev.kindling.engine.expr.eval.FunctionArguments.text;

/**
 * Regular expressions as Spark runs them: Java's {@code java.util.regex} syntax and
 * semantics (so lookarounds, back-references and {@code $1} in replacements work as in
 * Spark), a constant pattern compiled once when the expression is bound (an invalid one
 * is a 400 naming it), matching with {@code find} (anywhere in the value). Backtracking
 * is bounded: a match that reads more than {@link #STEPS_PER_CHAR} characters per
 * character of its value (and at least a million) fails the job with a clear error
 * instead of running for hours, so a pattern such as {@code (a+)+b} cannot hold an
 * executor.
 */
final class RegexpFunctions {

	/** Characters a match may read per character of its input before it is stopped. */
	static final long STEPS_PER_CHAR = 1_000;

	private static final long MIN_STEPS = 1_000_000;

	private RegexpFunctions() {
	}

	/**
	 * {@code rlike(str, regexp)}, {@code regexp_like} and {@code regexp}: whether it
	 * matches anywhere.
	 */
	static BoundExpr like(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		Pattern constant = constantPattern(call, args, 1);
		return RowFunctionEval.nullIntolerant(call.name(), List.of(text(args.get(0)), text(args.get(1))),
				DataType.BOOLEAN, (a) -> matcher(call, constant, a).find());
	}

	/**
	 * {@code regexp_extract(str, regexp[, idx])}: group {@code idx} (1 by default; 0 is
	 * the whole match) of the first match, or the empty string when there is none.
	 */
	static BoundExpr extract(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 3);
		Pattern constant = constantPattern(call, args, 1);
		List<BoundExpr> coerced = new ArrayList<>(List.of(text(args.get(0)), text(args.get(1))));
		coerced.add((args.size() == 3) ? integer(call, args, 2) : new LiteralEval(1, DataType.INT));
		return RowFunctionEval.nullIntolerant(call.name(), coerced, DataType.STRING, (a) -> {
			Matcher m = matcher(call, constant, a);
			if (!m.find()) {
				return "";
			}
			int index = (Integer) a[2];
			checkGroup(call, m.groupCount(), index);
			String group = m.group(index);
			return (group == null) ? "" : group;
		});
	}

	/**
	 * {@code regexp_substr(str, regexp)}: the first match, or null when there is none.
	 */
	static BoundExpr substr(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		Pattern constant = constantPattern(call, args, 1);
		return RowFunctionEval.nullIntolerant(call.name(), List.of(text(args.get(0)), text(args.get(1))),
				DataType.STRING, (a) -> {
					Matcher m = matcher(call, constant, a);
					return m.find() ? m.group() : null;
				});
	}

	/** {@code regexp_count(str, regexp)}: how many times the pattern matches. */
	static BoundExpr count(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		Pattern constant = constantPattern(call, args, 1);
		return RowFunctionEval.nullIntolerant(call.name(), List.of(text(args.get(0)), text(args.get(1))), DataType.INT,
				(a) -> {
					Matcher m = matcher(call, constant, a);
					int n = 0;
					while (m.find()) {
						n++;
					}
					return n;
				});
	}

	/**
	 * {@code regexp_instr(str, regexp[, idx])}: the 1-based position of the first match
	 * (of its group {@code idx}), or 0.
	 */
	static BoundExpr instr(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 3);
		Pattern constant = constantPattern(call, args, 1);
		List<BoundExpr> coerced = new ArrayList<>(List.of(text(args.get(0)), text(args.get(1))));
		coerced.add((args.size() == 3) ? integer(call, args, 2) : new LiteralEval(0, DataType.INT));
		return RowFunctionEval.nullIntolerant(call.name(), coerced, DataType.INT, (a) -> {
			Matcher m = matcher(call, constant, a);
			if (!m.find()) {
				return 0;
			}
			int index = (Integer) a[2];
			checkGroup(call, m.groupCount(), index);
			int start = m.start(index);
			return (start < 0) ? 0 : ((String) a[0]).codePointCount(0, start) + 1;
		});
	}

	/**
	 * {@code regexp_replace(str, regexp, rep[, pos])}: every match at or after character
	 * {@code pos} (1 by default) replaced by {@code rep}, where {@code $1} names a group.
	 */
	static BoundExpr replace(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 3, 4);
		Pattern constant = constantPattern(call, args, 1);
		List<BoundExpr> coerced = new ArrayList<>(List.of(text(args.get(0)), text(args.get(1)), text(args.get(2))));
		if (args.size() == 4) {
			BoundExpr pos = integer(call, args, 3);
			if (pos instanceof LiteralEval lit && lit.value() != null && (Integer) lit.value() <= 0) {
				throw ExprException.at(call.arguments().get(3).position(),
						"regexp_replace expects a position of 1 or more, got " + lit.value());
			}
			coerced.add(pos);
		}
		else {
			coerced.add(new LiteralEval(1, DataType.INT));
		}
		return RowFunctionEval.nullIntolerant(call.name(), coerced, DataType.STRING, (a) -> {
			String source = (String) a[0];
			int position = (Integer) a[3] - 1;
			if (position < 0) {
				throw new ExprException("regexp_replace expects a position of 1 or more, got " + (position + 1), -1);
			}
			if (position != 0 && position >= source.length()) {
				return source;
			}
			Matcher m = matcher(call, constant, a);
			m.region(position, source.length());
			StringBuilder sb = new StringBuilder();
			try {
				while (m.find()) {
					m.appendReplacement(sb, (String) a[2]);
				}
			}
			catch (IllegalArgumentException | IndexOutOfBoundsException ex) {
				throw new ExprException("invalid replacement '" + a[2] + "' in regexp_replace: " + ex.getMessage(), -1);
			}
			m.appendTail(sb);
			return sb.toString();
		});
	}

	private static void checkGroup(FunctionCall call, int groupCount, int index) {
		if (index < 0 || index > groupCount) {
			throw AnsiError.of("INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX", "22023",
					"The value of parameter(s) `idx` in `" + call.name()
							+ "` is invalid: Expects group index between 0 and " + groupCount + ", but got " + index
							+ ".");
		}
	}

	/**
	 * The pattern of argument {@code index} when it is a constant, compiled now; else
	 * null.
	 */
	private static Pattern constantPattern(FunctionCall call, List<BoundExpr> args, int index) {
		if (args.get(index) instanceof LiteralEval lit && lit.value() != null) {
			try {
				return Pattern.compile(Values.toText(lit.value()));
			}
			catch (PatternSyntaxException ex) {
				throw ExprException.at(call.arguments().get(index).position(), "invalid regular expression '"
						+ lit.value() + "' in " + call.name() + ": " + ex.getDescription());
			}
		}
		return null;
	}

	/** A matcher of the row's pattern over the row's text, with bounded backtracking. */
	private static Matcher matcher(FunctionCall call, Pattern constant, Object[] row) {
		Pattern p = constant;
		if (p == null) {
			try {
				p = Pattern.compile((String) row[1]);
			}
			catch (PatternSyntaxException ex) {
				throw AnsiError.of("INVALID_PARAMETER_VALUE.PATTERN", "22023", "The value of parameter(s) `regexp` in `"
						+ call.name() + "` is invalid: '" + row[1] + "' (" + ex.getDescription() + ").");
			}
		}
		String text = (String) row[0];
		return p.matcher(new BoundedText(text, Math.max(MIN_STEPS, STEPS_PER_CHAR * text.length()), call.name()));
	}

	/**
	 * A value as the regex engine reads it, one character at a time, counting: past its
	 * budget of reads the match is stopped.
	 */
	static final class BoundedText implements CharSequence {

		private final String text;

		private final String function;

		private long budget;

		BoundedText(String text, long budget, String function) {
			this.text = text;
			this.budget = budget;
			this.function = function;
		}

		@Override
		public int length() {
			return this.text.length();
		}

		@Override
		public char charAt(int index) {
			if (--this.budget < 0) {
				throw new ExprException("the regular expression in " + this.function
						+ " backtracks too much on a value of " + this.text.length() + " characters (more than "
						+ STEPS_PER_CHAR
						+ " steps per character); simplify the pattern, for example by removing nested repetition such as (a+)+",
						-1);
			}
			return this.text.charAt(index);
		}

		@Override
		public CharSequence subSequence(int start, int end) {
			return this.text.substring(start, end);
		}

		@Override
		public String toString() {
			return this.text;
		}

	}

}
