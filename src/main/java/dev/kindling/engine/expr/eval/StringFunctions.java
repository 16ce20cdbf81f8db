package dev.kindling.engine.expr.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.kindling.engine.expr.FunctionCall;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.LongVector;
import dev.kindling.engine.vector.StringVector;

import static dev.kindling.engine.expr.eval.FunctionArguments.arity;
import static dev.kindling.engine.expr.eval.FunctionArguments.bigint;
import static dev.kindling.engine.expr.eval.FunctionArguments.integer;
import static dev.kindling.engine.expr.eval.FunctionArguments.text;

/**
 * String functions with Spark's semantics: case, length, cutting, trimming, padding,
 * joining and repeating. Every one works on the UTF-8 bytes of its input, counting
 * characters as code points ({@link StringKernelEval} for {@code lower}, {@code upper}
 * and {@code length}, {@link VectorFunctionEval} kernels for the rest); only
 * {@code initcap} and case changes of non-ASCII text decode a value.
 */
final class StringFunctions {

	private static final byte[] SPACE = { ' ' };

	private StringFunctions() {
	}

	/** {@code lower} and {@code lcase}. */
	static BoundExpr lower(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		return new StringKernelEval(StringKernelEval.Kind.LOWER, text(args.get(0)));
	}

	/** {@code upper} and {@code ucase}. */
	static BoundExpr upper(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		return new StringKernelEval(StringKernelEval.Kind.UPPER, text(args.get(0)));
	}

	/** {@code length}, {@code char_length}, {@code character_length}, {@code len}. */
	static BoundExpr length(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		return new StringKernelEval(StringKernelEval.Kind.LENGTH, text(args.get(0)));
	}

	/** {@code octet_length} (bytes) and {@code bit_length} (bits) of the UTF-8 text. */
	static BoundExpr octetLength(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		int factor = call.name().equals("bit_length") ? 8 : 1;
		return VectorFunctionEval.of(call.name(), List.of(text(args.get(0))), DataType.INT,
				(a, row, out, s) -> ((LongVector) out).append((long) ((StringVector) a[0]).length(row) * factor));
	}

	/**
	 * {@code trim}, {@code ltrim}, {@code rtrim} and {@code btrim}, by the call's name:
	 * spaces only (not tabs or newlines), or every character of a second argument, which
	 * Spark takes first for trim, ltrim and rtrim ({@code trim('SL', 'SSparkSQLS')}) and
	 * last for btrim ({@code btrim('SSparkSQLS', 'SL')}).
	 */
	static BoundExpr trim(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 2);
		boolean leading = !call.name().equals("rtrim");
		boolean trailing = !call.name().equals("ltrim");
		List<BoundExpr> coerced = new ArrayList<>();
		for (BoundExpr arg : args) {
			coerced.add(text(arg));
		}
		if (coerced.size() == 2 && !call.name().equals("btrim")) {
			// Spark's two-argument trim, ltrim and rtrim take the characters first
			java.util.Collections.reverse(coerced);
		}
		return VectorFunctionEval.of(call.name(), coerced, DataType.STRING, (a, row, out, s) -> {
			StringVector v = (StringVector) a[0];
			byte[] data = v.data();
			int start = v.start(row);
			int end = start + v.length(row);
			if (a.length == 1) {
				while (leading && start < end && data[start] == ' ') {
					start++;
				}
				while (trailing && end > start && data[end - 1] == ' ') {
					end--;
				}
			}
			else {
				StringVector chars = (StringVector) a[1];
				byte[] set = chars.data();
				int from = chars.start(row);
				int to = from + chars.length(row);
				while (leading && start < end && contains(set, from, to, data, start)) {
					start += Utf8.length(data[start]);
				}
				while (trailing && end > start) {
					int last = end - 1;
					while (last > start && !Utf8.isStart(data[last])) {
						last--;
					}
					if (!contains(set, from, to, data, last)) {
						break;
					}
					end = last;
				}
			}
			((StringVector) out).append(data, start, end - start);
		});
	}

	/**
	 * Whether the code point at {@code data[at]} is one of the code points of
	 * {@code set[from .. to)}.
	 */
	private static boolean contains(byte[] set, int from, int to, byte[] data, int at) {
		int n = Utf8.length(data[at]);
		for (int i = from; i < to; i += Utf8.length(set[i])) {
			if (Utf8.length(set[i]) == n && java.util.Arrays.equals(set, i, i + n, data, at, at + n)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * {@code substring(str, pos[, len])} and {@code substr}: 1-based; 0 counts as 1; a
	 * negative start counts from the end; a negative length gives the empty string.
	 */
	static BoundExpr substring(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 3);
		List<BoundExpr> coerced = new ArrayList<>();
		coerced.add(text(args.get(0)));
		coerced.add(integer(call, args, 1));
		if (args.size() == 3) {
			coerced.add(integer(call, args, 2));
		}
		return VectorFunctionEval.of(call.name(), coerced, DataType.STRING, (a, row, out, s) -> {
			int pos = (int) ((LongVector) a[1]).get(row);
			int length = (a.length == 3) ? (int) ((LongVector) a[2]).get(row) : Integer.MAX_VALUE;
			appendSubstring((StringVector) a[0], row, pos, length, (StringVector) out);
		});
	}

	/** {@code left(str, len)}: the first {@code len} characters; empty for len &le; 0. */
	static BoundExpr left(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		return VectorFunctionEval.of(call.name(), List.of(text(args.get(0)), integer(call, args, 1)), DataType.STRING,
				(a, row, out, s) -> {
					int len = (int) ((LongVector) a[1]).get(row);
					appendSubstring((StringVector) a[0], row, 1, Math.max(len, 0), (StringVector) out);
				});
	}

	/** {@code right(str, len)}: the last {@code len} characters; empty for len &le; 0. */
	static BoundExpr right(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		return VectorFunctionEval.of(call.name(), List.of(text(args.get(0)), integer(call, args, 1)), DataType.STRING,
				(a, row, out, s) -> {
					int len = (int) ((LongVector) a[1]).get(row);
					if (len <= 0) {
						((StringVector) out).append(SPACE, 0, 0);
					}
					else {
						appendSubstring((StringVector) a[0], row, -len, len, (StringVector) out);
					}
				});
	}

	/**
	 * Spark's {@code UTF8String.substringSQL} of row {@code row}, appended to
	 * {@code out}.
	 */
	static void appendSubstring(StringVector v, int row, int pos, int length, StringVector out) {
		byte[] data = v.data();
		int from = v.start(row);
		int to = from + v.length(row);
		int chars = Utf8.count(data, from, to);
		int start = (pos > 0) ? pos - 1 : (pos < 0) ? chars + pos : 0;
		long endLong = (long) start + length;
		int end = (int) Math.max(Math.min(endLong, Integer.MAX_VALUE), Integer.MIN_VALUE);
		start = Math.max(start, 0);
		end = Math.min(end, chars);
		if (start >= end) {
			out.append(data, from, 0);
			return;
		}
		if (chars == to - from) {
			out.append(data, from + start, end - start);
			return;
		}
		int b = Utf8.offset(data, from, to, start);
		int e = Utf8.offset(data, b, to, end - start);
		out.append(data, b, e - b);
	}

	/** {@code concat(a, b, ...)}: null if any argument is null. */
	static BoundExpr concat(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, Integer.MAX_VALUE);
		return VectorFunctionEval.of(call.name(), args.stream().map(FunctionArguments::text).toList(), DataType.STRING,
				(a, row, out, s) -> {
					s.length = 0;
					for (ColumnVector arg : a) {
						StringVector v = (StringVector) arg;
						s.add(v.data(), v.start(row), v.length(row));
					}
					((StringVector) out).append(s.bytes, 0, s.length);
				});
	}

	/**
	 * {@code concat_ws(sep, a, b, ...)}: the non-null arguments joined by {@code sep};
	 * null only when the separator is.
	 */
	static BoundExpr concatWs(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, Integer.MAX_VALUE);
		return new VectorFunctionEval(call.name(), args.stream().map(FunctionArguments::text).toList(), DataType.STRING,
				false, (a, row, out, s) -> {
					StringVector sep = (StringVector) a[0];
					if (sep.isNull(row)) {
						out.appendNull();
						return;
					}
					s.length = 0;
					boolean first = true;
					for (int k = 1; k < a.length; k++) {
						StringVector v = (StringVector) a[k];
						if (v.isNull(row)) {
							continue;
						}
						if (!first) {
							s.add(sep.data(), sep.start(row), sep.length(row));
						}
						s.add(v.data(), v.start(row), v.length(row));
						first = false;
					}
					((StringVector) out).append(s.bytes, 0, s.length);
				});
	}

	/**
	 * {@code lpad(str, len[, pad])} and {@code rpad}: padded with {@code pad} (a space by
	 * default) to {@code len} characters, or cut to them when longer.
	 */
	static BoundExpr pad(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 3);
		boolean leftSide = call.name().equals("lpad");
		List<BoundExpr> coerced = new ArrayList<>(List.of(text(args.get(0)), integer(call, args, 1)));
		coerced.add((args.size() == 3) ? text(args.get(2)) : new LiteralEval(" ", DataType.STRING));
		return VectorFunctionEval.of(call.name(), coerced, DataType.STRING, (a, row, out, s) -> {
			StringVector v = (StringVector) a[0];
			int len = (int) ((LongVector) a[1]).get(row);
			StringVector p = (StringVector) a[2];
			byte[] data = v.data();
			int from = v.start(row);
			int to = from + v.length(row);
			int chars = Utf8.count(data, from, to);
			int padFrom = p.start(row);
			int padTo = padFrom + p.length(row);
			int spaces = len - chars;
			if (spaces <= 0 || padTo == padFrom) {
				appendSubstring(v, row, 1, Math.max(len, 0), (StringVector) out);
				return;
			}
			s.length = 0;
			if (!leftSide) {
				s.add(data, from, to - from);
			}
			byte[] pad = p.data();
			int padChars = Utf8.count(pad, padFrom, padTo);
			int whole = spaces / padChars;
			for (int k = 0; k < whole; k++) {
				s.add(pad, padFrom, padTo - padFrom);
			}
			int rest = Utf8.offset(pad, padFrom, padTo, spaces - whole * padChars);
			s.add(pad, padFrom, rest - padFrom);
			if (leftSide) {
				s.add(data, from, to - from);
			}
			((StringVector) out).append(s.bytes, 0, s.length);
		});
	}

	/** {@code repeat(str, n)}: empty for n &le; 0. */
	static BoundExpr repeat(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		return VectorFunctionEval.of(call.name(), List.of(text(args.get(0)), integer(call, args, 1)), DataType.STRING,
				(a, row, out, s) -> {
					StringVector v = (StringVector) a[0];
					long times = ((LongVector) a[1]).get(row);
					int length = v.length(row);
					s.length = 0;
					if (times > 0 && length > 0) {
						s.ensure((int) Math.min(times * length, Utf8.MAX_VALUE_BYTES + 1L));
						for (long k = 0; k < times; k++) {
							s.add(v.data(), v.start(row), length);
						}
					}
					((StringVector) out).append(s.bytes, 0, s.length);
				});
	}

	/** {@code space(n)}: n spaces; empty for n &le; 0. */
	static BoundExpr space(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		return VectorFunctionEval.of(call.name(), List.of(integer(call, args, 0)), DataType.STRING,
				(a, row, out, s) -> {
					long n = ((LongVector) a[0]).get(row);
					s.length = 0;
					for (long k = 0; k < n; k++) {
						s.add((byte) ' ');
					}
					((StringVector) out).append(s.bytes, 0, s.length);
				});
	}

	/** {@code reverse(str)}: the characters (code points) in reverse order. */
	static BoundExpr reverse(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		return VectorFunctionEval.of(call.name(), List.of(text(args.get(0))), DataType.STRING, (a, row, out, s) -> {
			StringVector v = (StringVector) a[0];
			byte[] data = v.data();
			int from = v.start(row);
			int to = from + v.length(row);
			s.length = 0;
			s.ensure(to - from);
			int at = to - from;
			s.length = at;
			for (int i = from; i < to;) {
				int n = Utf8.length(data[i]);
				n = Math.min(n, to - i);
				at -= n;
				System.arraycopy(data, i, s.bytes, at, n);
				i += n;
			}
			((StringVector) out).append(s.bytes, 0, s.length);
		});
	}

	/**
	 * {@code initcap(str)}: lower case, then the first letter and every letter after a
	 * space in title case, as Spark's {@code toLowerCase().toTitleCase()}.
	 */
	static BoundExpr initcap(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		return RowFunctionEval.nullIntolerant(call.name(), List.of(text(args.get(0))), DataType.STRING,
				(a) -> initcap((String) a[0]));
	}

	static String initcap(String value) {
		if (value.isEmpty()) {
			return value;
		}
		StringBuilder sb = new StringBuilder(value.toLowerCase(Locale.ROOT));
		sb.setCharAt(0, Character.toTitleCase(sb.charAt(0)));
		for (int i = 1; i < sb.length(); i++) {
			if (sb.charAt(i - 1) == ' ') {
				sb.setCharAt(i, Character.toTitleCase(sb.charAt(i)));
			}
		}
		return sb.toString();
	}

	/**
	 * {@code ascii(str)}: the code point of the first character, 0 for the empty string.
	 */
	static BoundExpr ascii(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		return VectorFunctionEval.of(call.name(), List.of(text(args.get(0))), DataType.INT, (a, row, out, s) -> {
			StringVector v = (StringVector) a[0];
			((LongVector) out).append((v.length(row) == 0) ? 0 : Utf8.decode(v.data(), v.start(row)));
		});
	}

	/**
	 * {@code chr(n)} and {@code char(n)}: the character of code {@code n % 256}; empty
	 * for a negative n.
	 */
	static BoundExpr chr(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		return VectorFunctionEval.of(call.name(), List.of(bigint(call, args, 0)), DataType.STRING, (a, row, out, s) -> {
			long n = ((LongVector) a[0]).get(row);
			s.length = 0;
			if (n >= 0) {
				s.addCodePoint((int) (n % 256));
			}
			((StringVector) out).append(s.bytes, 0, s.length);
		});
	}

}
