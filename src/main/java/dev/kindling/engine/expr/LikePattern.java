package dev.kindling.engine.expr;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A compiled LIKE pattern. Patterns with only {@code %} wildcards (exact, prefix, suffix,
 * contains, and any mix) match directly on UTF-8 bytes, which is sound because UTF-8 is
 * self-synchronizing; patterns with {@code _} fall back to a regular expression on the decoded
 * string. A backslash escapes the next character.
 */
final class LikePattern {

	/** The literal pieces between {@code %} wildcards, as UTF-8 bytes; null when using a regex. */
	private final byte[][] pieces;

	private final Pattern regex;

	private LikePattern(byte[][] pieces, Pattern regex) {
		this.pieces = pieces;
		this.regex = regex;
	}

	static LikePattern compile(String pattern) {
		List<String> pieces = new ArrayList<>();
		StringBuilder regex = new StringBuilder();
		StringBuilder piece = new StringBuilder();
		boolean underscore = false;
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			if (c == '\\' && i + 1 < pattern.length()) {
				char next = pattern.charAt(++i);
				piece.append(next);
				regex.append(Pattern.quote(String.valueOf(next)));
			}
			else if (c == '%') {
				pieces.add(piece.toString());
				piece.setLength(0);
				regex.append(".*");
			}
			else if (c == '_') {
				underscore = true;
				regex.append('.');
			}
			else {
				piece.append(c);
				regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		pieces.add(piece.toString());
		if (underscore) {
			return new LikePattern(null, Pattern.compile(regex.toString(), Pattern.DOTALL));
		}
		byte[][] bytes = pieces.stream().map((p) -> p.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
		return new LikePattern(bytes, null);
	}

	boolean matches(byte[] data, int from, int length) {
		if (this.regex != null) {
			return this.regex.matcher(new String(data, from, length, StandardCharsets.UTF_8)).matches();
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
