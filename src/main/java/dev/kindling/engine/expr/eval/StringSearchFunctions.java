package dev.kindling.engine.expr.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.kindling.engine.expr.FunctionCall;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.LongVector;
import dev.kindling.engine.vector.StringVector;

import static dev.kindling.engine.expr.eval.FunctionArguments.arity;
import static dev.kindling.engine.expr.eval.FunctionArguments.integer;
import static dev.kindling.engine.expr.eval.FunctionArguments.text;

/**
 * String functions that search one string in another, with Spark's semantics: positions
 * are 1-based and counted in characters, 0 means not found; the search itself runs on the
 * UTF-8 bytes.
 */
final class StringSearchFunctions {

	private StringSearchFunctions() {
	}

	/** {@code instr(str, substr)}: the position of the first occurrence, or 0. */
	static BoundExpr instr(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		return VectorFunctionEval.of(call.name(), List.of(text(args.get(0)), text(args.get(1))), DataType.INT, (a, row,
				out, s) -> ((LongVector) out).append(position((StringVector) a[0], row, (StringVector) a[1], 1)));
	}

	/**
	 * {@code locate(substr, str[, pos])} and {@code position}: the position of the first
	 * occurrence at or after character {@code pos} (1 by default), or 0; 0 too for a pos
	 * below 1 or null.
	 */
	static BoundExpr locate(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 3);
		List<BoundExpr> coerced = new ArrayList<>(List.of(text(args.get(0)), text(args.get(1))));
		coerced.add((args.size() == 3) ? integer(call, args, 2) : new LiteralEval(1, DataType.INT));
		return new VectorFunctionEval(call.name(), coerced, DataType.INT, false, (a, row, out, s) -> {
			if (a[2].isNull(row)) {
				((LongVector) out).append(0);
				return;
			}
			if (a[0].isNull(row) || a[1].isNull(row)) {
				out.appendNull();
				return;
			}
			long pos = ((LongVector) a[2]).get(row);
			((LongVector) out)
				.append((pos < 1) ? 0 : position((StringVector) a[1], row, (StringVector) a[0], (int) pos));
		});
	}

	/**
	 * The 1-based character position of {@code needle} in {@code hay} at or after
	 * character {@code from} (1-based), or 0.
	 */
	private static int position(StringVector hay, int row, StringVector needle, int from) {
		if (needle.length(row) == 0) {
			// as Spark's UTF8String.indexOf: the empty string is found at the start
			return 1;
		}
		byte[] data = hay.data();
		int start = hay.start(row);
		int end = start + hay.length(row);
		int b = Utf8.offset(data, start, end, from - 1);
		int found = Utf8.indexOf(data, b, end, needle.data(), needle.start(row),
				needle.start(row) + needle.length(row));
		return (found < 0) ? 0 : Utf8.count(data, start, found) + 1;
	}

	/**
	 * {@code replace(str, search[, replace])}: every occurrence of {@code search}
	 * replaced (removed by default); {@code str} unchanged when search is empty.
	 */
	static BoundExpr replace(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 3);
		List<BoundExpr> coerced = new ArrayList<>(List.of(text(args.get(0)), text(args.get(1))));
		coerced.add((args.size() == 3) ? text(args.get(2)) : new LiteralEval("", DataType.STRING));
		return VectorFunctionEval.of(call.name(), coerced, DataType.STRING, (a, row, out, s) -> {
			StringVector v = (StringVector) a[0];
			StringVector search = (StringVector) a[1];
			StringVector with = (StringVector) a[2];
			byte[] data = v.data();
			int from = v.start(row);
			int to = from + v.length(row);
			int sFrom = search.start(row);
			int sTo = sFrom + search.length(row);
			if (sTo == sFrom) {
				((StringVector) out).append(data, from, to - from);
				return;
			}
			s.length = 0;
			int i = from;
			while (true) {
				int found = Utf8.indexOf(data, i, to, search.data(), sFrom, sTo);
				if (found < 0) {
					break;
				}
				s.add(data, i, found - i);
				s.add(with.data(), with.start(row), with.length(row));
				i = found + (sTo - sFrom);
			}
			s.add(data, i, to - i);
			((StringVector) out).append(s.bytes, 0, s.length);
		});
	}

	/**
	 * {@code translate(str, from, to)}: each character of {@code from} in {@code str}
	 * replaced by the character at the same place in {@code to}, or removed when
	 * {@code to} is shorter; the first occurrence in {@code from} decides.
	 */
	static BoundExpr translate(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 3, 3);
		return RowFunctionEval.nullIntolerant(call.name(),
				List.of(text(args.get(0)), text(args.get(1)), text(args.get(2))), DataType.STRING,
				(a) -> translate((String) a[0], (String) a[1], (String) a[2]));
	}

	static String translate(String input, String from, String to) {
		Map<Integer, Integer> dict = new HashMap<>();
		int[] f = from.codePoints().toArray();
		int[] t = to.codePoints().toArray();
		for (int i = 0; i < f.length; i++) {
			dict.putIfAbsent(f[i], (i < t.length) ? t[i] : -1);
		}
		StringBuilder sb = new StringBuilder(input.length());
		input.codePoints().forEach((cp) -> {
			Integer r = dict.get(cp);
			if (r == null) {
				sb.appendCodePoint(cp);
			}
			else if (r >= 0) {
				sb.appendCodePoint(r);
			}
		});
		return sb.toString();
	}

	/** {@code startswith}, {@code endswith} and {@code contains}, by the call's name. */
	static BoundExpr startsWith(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		String name = call.name();
		return VectorFunctionEval.of(name, List.of(text(args.get(0)), text(args.get(1))), DataType.BOOLEAN,
				(a, row, out, s) -> {
					StringVector v = (StringVector) a[0];
					StringVector p = (StringVector) a[1];
					int len = v.length(row);
					int plen = p.length(row);
					boolean result;
					if (plen > len) {
						result = false;
					}
					else if (name.equals("startswith")) {
						result = java.util.Arrays.equals(v.data(), v.start(row), v.start(row) + plen, p.data(),
								p.start(row), p.start(row) + plen);
					}
					else if (name.equals("endswith")) {
						int end = v.start(row) + len;
						result = java.util.Arrays.equals(v.data(), end - plen, end, p.data(), p.start(row),
								p.start(row) + plen);
					}
					else {
						result = Utf8.indexOf(v.data(), v.start(row), v.start(row) + len, p.data(), p.start(row),
								p.start(row) + plen) >= 0;
					}
					((BooleanVector) out).append(result);
				});
	}

	/**
	 * {@code substring_index(str, delim, count)}: the text before the {@code count}-th
	 * delimiter, or after the {@code -count}-th one from the end; empty for a count of 0
	 * or an empty delimiter.
	 */
	static BoundExpr substringIndex(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 3, 3);
		return VectorFunctionEval.of(call.name(), List.of(text(args.get(0)), text(args.get(1)), integer(call, args, 2)),
				DataType.STRING, (a, row, out, s) -> {
					StringVector v = (StringVector) a[0];
					StringVector d = (StringVector) a[1];
					long count = ((LongVector) a[2]).get(row);
					byte[] data = v.data();
					int from = v.start(row);
					int to = from + v.length(row);
					int dFrom = d.start(row);
					int dTo = dFrom + d.length(row);
					StringVector o = (StringVector) out;
					if (count == 0 || dTo == dFrom) {
						o.append(data, from, 0);
						return;
					}
					if (count > 0) {
						// as Spark, each search starts one byte after the previous match
						int at = from - 1;
						for (long k = 0; k < count; k++) {
							at = Utf8.indexOf(data, at + 1, to, d.data(), dFrom, dTo);
							if (at < 0) {
								o.append(data, from, to - from);
								return;
							}
						}
						o.append(data, from, at - from);
					}
					else {
						int at = to;
						for (long k = 0; k < -count; k++) {
							at = Utf8.lastIndexOf(data, from, at, d.data(), dFrom, dTo);
							if (at < 0) {
								o.append(data, from, to - from);
								return;
							}
						}
						int start = at + (dTo - dFrom);
						o.append(data, start, to - start);
					}
				});
	}

	/**
	 * {@code split_part(str, delim, part)}: the {@code part}-th piece of {@code str} cut
	 * at every {@code delim} (1-based; negative counts from the end), empty past the
	 * last; part 0 is an error.
	 */
	static BoundExpr splitPart(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 3, 3);
		return VectorFunctionEval.of(call.name(), List.of(text(args.get(0)), text(args.get(1)), integer(call, args, 2)),
				DataType.STRING, (a, row, out, s) -> {
					StringVector v = (StringVector) a[0];
					StringVector d = (StringVector) a[1];
					long part = ((LongVector) a[2]).get(row);
					if (part == 0) {
						throw AnsiError.of("INVALID_INDEX_OF_ZERO", "22003",
								"The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1).");
					}
					byte[] data = v.data();
					int from = v.start(row);
					int to = from + v.length(row);
					int dFrom = d.start(row);
					int dLen = d.length(row);
					List<int[]> pieces = new ArrayList<>();
					if (dLen == 0) {
						pieces.add(new int[] { from, to });
					}
					else {
						int i = from;
						while (true) {
							int found = Utf8.indexOf(data, i, to, d.data(), dFrom, dFrom + dLen);
							if (found < 0) {
								pieces.add(new int[] { i, to });
								break;
							}
							pieces.add(new int[] { i, found });
							i = found + dLen;
						}
					}
					long index = (part > 0) ? part - 1 : pieces.size() + part;
					StringVector o = (StringVector) out;
					if (index < 0 || index >= pieces.size()) {
						o.append(data, from, 0);
					}
					else {
						int[] p = pieces.get((int) index);
						o.append(data, p[0], p[1] - p[0]);
					}
				});
	}

	/**
	 * {@code levenshtein(a, b[, threshold])}: the edit distance in characters; -1 when it
	 * is above the threshold.
	 */
	static BoundExpr levenshtein(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 3);
		List<BoundExpr> coerced = new ArrayList<>(List.of(text(args.get(0)), text(args.get(1))));
		if (args.size() == 3) {
			coerced.add(integer(call, args, 2));
		}
		return RowFunctionEval.nullIntolerant(call.name(), coerced, DataType.INT, (a) -> {
			int d = distance(((String) a[0]).codePoints().toArray(), ((String) a[1]).codePoints().toArray());
			return (a.length == 3 && d > (Integer) a[2]) ? -1 : d;
		});
	}

	/** The Levenshtein distance of two code point sequences. */
	static int distance(int[] x, int[] y) {
		int[] prev = new int[y.length + 1];
		int[] cur = new int[y.length + 1];
		for (int j = 0; j <= y.length; j++) {
			prev[j] = j;
		}
		for (int i = 1; i <= x.length; i++) {
			cur[0] = i;
			for (int j = 1; j <= y.length; j++) {
				int cost = (x[i - 1] == y[j - 1]) ? 0 : 1;
				cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
			}
			int[] t = prev;
			prev = cur;
			cur = t;
		}
		return prev[y.length];
	}

	/**
	 * {@code find_in_set(str, list)}: the 1-based index of {@code str} in the
	 * comma-separated {@code list}, 0 when absent or when {@code str} holds a comma.
	 */
	static BoundExpr findInSet(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		return RowFunctionEval.nullIntolerant(call.name(), List.of(text(args.get(0)), text(args.get(1))), DataType.INT,
				(a) -> {
					String word = (String) a[0];
					if (word.contains(",")) {
						return 0;
					}
					String[] items = ((String) a[1]).split(",", -1);
					for (int i = 0; i < items.length; i++) {
						if (items[i].equals(word)) {
							return i + 1;
						}
					}
					return 0;
				});
	}

}
