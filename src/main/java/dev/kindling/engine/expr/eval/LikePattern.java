package dev.kindling.engine.expr.eval;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A compiled LIKE pattern. Patterns with only {@code %} wildcards (exact, prefix, suffix,
 * contains, and any mix) match directly on UTF-8 bytes, which is sound because UTF-8 is
 * self-synchronizing; patterns with {@code _} match on code points. Both run in at most
 * O(text × pattern) steps (no regular expression, so no catastrophic backtracking on
 * hostile patterns). A backslash escapes the next character.
 */
final class LikePattern {

	private static final int ANY_ONE = -1;

	private static final int ANY_MANY = -2;

	/**
	 * The literal pieces between {@code %} wildcards, as UTF-8 bytes; null when {@code _}
	 * occurs.
	 */
	private final byte[][] pieces;

	/**
	 * The pattern as code points, with {@link #ANY_ONE} and {@link #ANY_MANY} for
	 * wildcards.
	 */
	private final int[] codePoints;

	private LikePattern(byte[][] pieces, int[] codePoints) {
		this.pieces = pieces;
		this.codePoints = codePoints;
	}

	static LikePattern compile(String pattern) {
		List<String> pieces = new ArrayList<>();
		StringBuilder piece = new StringBuilder();
		List<Integer> codePoints = new ArrayList<>();
		boolean underscore = false;
		int i = 0;
		while (i < pattern.length()) {
			int c = pattern.codePointAt(i);
			i += Character.charCount(c);
			if (c == '\\' && i < pattern.length()) {
				int next = pattern.codePointAt(i);
				i += Character.charCount(next);
				piece.appendCodePoint(next);
				codePoints.add(next);
			}
			else if (c == '%') {
				pieces.add(piece.toString());
				piece.setLength(0);
				if (codePoints.isEmpty() || codePoints.get(codePoints.size() - 1) != ANY_MANY) {
					codePoints.add(ANY_MANY);
				}
			}
			else if (c == '_') {
				underscore = true;
				codePoints.add(ANY_ONE);
			}
			else {
				piece.appendCodePoint(c);
				codePoints.add(c);
			}
		}
		pieces.add(piece.toString());
		if (underscore) {
			return new LikePattern(null, codePoints.stream().mapToInt(Integer::intValue).toArray());
		}
		byte[][] bytes = pieces.stream().map((p) -> p.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
		return new LikePattern(bytes, null);
	}

	boolean matches(byte[] data, int from, int length) {
		if (this.pieces == null) {
			return matchesCodePoints(new String(data, from, length, StandardCharsets.UTF_8).codePoints().toArray());
		}
		byte[][] p = this.pieces;
		int end = from + length;
		if (p.length == 1) {
			return Arrays.equals(data, from, end, p[0], 0, p[0].length);
		}
		byte[] first = p[0];
		byte[] last = p[p.length - 1];
		if (length < first.length + last.length) {
			return false;
		}
		if (!Arrays.equals(data, from, from + first.length, first, 0, first.length)
				|| !Arrays.equals(data, end - last.length, end, last, 0, last.length)) {
			return false;
		}
		int pos = from + first.length;
		int limit = end - last.length;
		for (int k = 1; k < p.length - 1; k++) {
			pos = indexOf(data, pos, limit, p[k]);
			if (pos < 0) {
				return false;
			}
			pos += p[k].length;
		}
		return true;
	}

	/**
	 * Wildcard matching that backtracks only to the last {@code %}: O(text × pattern).
	 */
	private boolean matchesCodePoints(int[] text) {
		int[] p = this.codePoints;
		int t = 0;
		int k = 0;
		int star = -1;
		int starText = 0;
		while (t < text.length) {
			if (k < p.length && (p[k] == ANY_ONE || p[k] == text[t])) {
				t++;
				k++;
			}
			else if (k < p.length && p[k] == ANY_MANY) {
				star = k++;
				starText = t;
			}
			else if (star >= 0) {
				k = star + 1;
				t = ++starText;
			}
			else {
				return false;
			}
		}
		while (k < p.length && p[k] == ANY_MANY) {
			k++;
		}
		return k == p.length;
	}

	private static int indexOf(byte[] data, int from, int limit, byte[] needle) {
		if (needle.length == 0) {
			return from;
		}
		byte firstByte = needle[0];
		for (int i = from; i + needle.length <= limit; i++) {
			if (data[i] == firstByte && Arrays.equals(data, i, i + needle.length, needle, 0, needle.length)) {
				return i;
			}
		}
		return -1;
	}

	boolean matches(String s) {
		byte[] b = s.getBytes(StandardCharsets.UTF_8);
		return matches(b, 0, b.length);
	}

}
