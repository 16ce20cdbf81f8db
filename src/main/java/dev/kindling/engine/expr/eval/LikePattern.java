package dev.kindling.engine.expr.eval;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.kindling.engine.cancel.Cancellation;
import dev.kindling.engine.types.QueryExecutionException;

/**
 * A compiled LIKE pattern, matched without backtracking. The pattern is cut at its
 * {@code %}s into segments of fixed length (literal characters and {@code _}); the first
 * segment must match at the start of the text, the last at its end, and each one between
 * is found at its leftmost place after the previous one (for fixed-length segments the
 * leftmost place always leaves the most room, so no choice is ever revisited). A segment
 * without {@code _} is searched on the UTF-8 bytes with Knuth-Morris-Pratt (sound because
 * UTF-8 is self-synchronizing); one with {@code _} on the text's code points with the
 * bit-parallel Shift-And algorithm, one machine word per 64 pattern characters. So a
 * match costs O(text + pattern) steps, or O(text × pattern / 64) for segments holding a
 * {@code _}, never the O(text × pattern) of backtracking; and a pattern has at most
 * {@value #MAX_LENGTH} characters. A backslash escapes the next character. Long matches
 * stop when their task is cancelled.
 */
final class LikePattern {

	/** The longest pattern, in characters (a longer one is an error, not slow work). */
	static final int MAX_LENGTH = 10_000;

	private static final int ANY_ONE = -1;

	/** How many text positions a search covers between two cancellation checks. */
	private static final int CHECK_EVERY = 1 << 16;

	/** The segments between {@code %}s, in order. */
	private final Segment[] segments;

	/** Whether the pattern starts with {@code %} (the first segment floats). */
	private final boolean openStart;

	/** Whether the pattern ends with {@code %} (the last segment floats). */
	private final boolean openEnd;

	/** Whether any segment holds {@code _}: matching then works on code points. */
	private final boolean codePoints;

	private LikePattern(List<int[]> segments, boolean openStart, boolean openEnd) {
		this.codePoints = segments.stream().anyMatch((s) -> Arrays.stream(s).anyMatch((u) -> u == ANY_ONE));
		this.segments = segments.stream().map((s) -> new Segment(s, this.codePoints)).toArray(Segment[]::new);
		this.openStart = openStart;
		this.openEnd = openEnd;
	}

	static LikePattern compile(String pattern) {
		if (pattern.length() > MAX_LENGTH) {
			throw new QueryExecutionException("LIKE_PATTERN_TOO_LONG",
					"a LIKE pattern has at most " + MAX_LENGTH + " characters, this one has " + pattern.length() + ".");
		}
		List<int[]> segments = new ArrayList<>();
		List<Integer> current = new ArrayList<>();
		boolean openStart = false;
		boolean openEnd = false;
		int i = 0;
		while (i < pattern.length()) {
			int c = pattern.codePointAt(i);
			i += Character.charCount(c);
			if (c == '\\' && i < pattern.length()) {
				int next = pattern.codePointAt(i);
				i += Character.charCount(next);
				current.add(next);
			}
			else if (c == '%') {
				if (segments.isEmpty() && current.isEmpty()) {
					openStart = true;
				}
				else if (!current.isEmpty()) {
					segments.add(units(current));
					current.clear();
				}
				openEnd = true;
			}
			else {
				current.add((c == '_') ? ANY_ONE : c);
				openEnd = false;
			}
		}
		if (!current.isEmpty() || segments.isEmpty()) {
			segments.add(units(current));
		}
		return new LikePattern(segments, openStart, openEnd);
	}

	private static int[] units(List<Integer> units) {
		return units.stream().mapToInt(Integer::intValue).toArray();
	}

	boolean matches(String s) {
		byte[] b = s.getBytes(StandardCharsets.UTF_8);
		return matches(b, 0, b.length);
	}

	boolean matches(byte[] data, int from, int length) {
		if (this.codePoints) {
			int[] text = new String(data, from, length, StandardCharsets.UTF_8).codePoints().toArray();
			return matchUnits(new CodePoints(text), 0, text.length);
		}
		return matchUnits(new Bytes(data), from, from + length);
	}

	/** The algorithm of the class comment, over bytes or code points. */
	private boolean matchUnits(Text text, int start, int end) {
		Segment[] s = this.segments;
		if (s.length == 1 && !this.openStart && !this.openEnd) {
			return end - start == s[0].length(this.codePoints) && text.matchesAt(s[0], start, this.codePoints);
		}
		int first = 0;
		int last = s.length - 1;
		int pos = start;
		int limit = end;
		if (!this.openStart) {
			int n = s[first].length(this.codePoints);
			if (limit - pos < n || !text.matchesAt(s[first], pos, this.codePoints)) {
				return false;
			}
			pos += n;
			first++;
		}
		if (!this.openEnd && first <= last) {
			int n = s[last].length(this.codePoints);
			if (limit - pos < n || !text.matchesAt(s[last], limit - n, this.codePoints)) {
				return false;
			}
			limit -= n;
			last--;
		}
		for (int k = first; k <= last; k++) {
			int at = text.find(s[k], pos, limit, this.codePoints);
			if (at < 0) {
				return false;
			}
			pos = at + s[k].length(this.codePoints);
		}
		return true;
	}

	/**
	 * A run of characters between {@code %}s: its code points ({@link #ANY_ONE} for
	 * {@code _}), its UTF-8 bytes and Knuth-Morris-Pratt table when it has no {@code _},
	 * and its Shift-And masks when it has.
	 */
	private static final class Segment {

		final int[] units;

		final byte[] bytes;

		final int[] failure;

		/** The distinct code points of the segment, sorted, and a mask per one. */
		final int[] alphabet;

		final long[][] masks;

		/** The mask of a code point that is not in the segment: the {@code _}s. */
		final long[] anyMask;

		/** The mask of each ASCII character, without a search. */
		final long[][] asciiMasks;

		/** A segment matched on bytes, or with {@code codePoints} on code points. */
		Segment(int[] units, boolean codePoints) {
			this.units = units;
			StringBuilder sb = new StringBuilder();
			for (int u : units) {
				sb.appendCodePoint((u == ANY_ONE) ? '?' : u);
			}
			this.bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
			this.failure = codePoints ? null : failure(this.bytes);
			int words = codePoints ? (units.length + 63) / 64 : 0;
			this.anyMask = new long[Math.max(words, 1)];
			this.alphabet = codePoints ? Arrays.stream(units).filter((u) -> u != ANY_ONE).distinct().sorted().toArray()
					: new int[0];
			this.masks = new long[this.alphabet.length][Math.max(words, 1)];
			this.asciiMasks = new long[codePoints ? 128 : 0][];
			for (int c = 0; c < this.asciiMasks.length; c++) {
				int a = Arrays.binarySearch(this.alphabet, c);
				this.asciiMasks[c] = (a >= 0) ? this.masks[a] : this.anyMask;
			}
			for (int j = 0; j < units.length && codePoints; j++) {
				if (units[j] == ANY_ONE) {
					this.anyMask[j >>> 6] |= 1L << (j & 63);
					for (long[] m : this.masks) {
						m[j >>> 6] |= 1L << (j & 63);
					}
				}
				else {
					int a = Arrays.binarySearch(this.alphabet, units[j]);
					this.masks[a][j >>> 6] |= 1L << (j & 63);
				}
			}
		}

		int length(boolean codePoints) {
			return codePoints ? this.units.length : this.bytes.length;
		}

		long[] mask(int codePoint) {
			if (codePoint < 128) {
				return this.asciiMasks[codePoint];
			}
			int a = Arrays.binarySearch(this.alphabet, codePoint);
			return (a >= 0) ? this.masks[a] : this.anyMask;
		}

		private static int[] failure(byte[] p) {
			int[] f = new int[p.length];
			int k = 0;
			for (int i = 1; i < p.length; i++) {
				while (k > 0 && p[i] != p[k]) {
					k = f[k - 1];
				}
				if (p[i] == p[k]) {
					k++;
				}
				f[i] = k;
			}
			return f;
		}

	}

	/** The text a pattern is matched against, as bytes or as code points. */
	private interface Text {

		/** Whether the segment matches at {@code at}. */
		boolean matchesAt(Segment s, int at, boolean codePoints);

		/**
		 * The leftmost place in {@code [from, limit)} where the segment matches whole, or
		 * -1.
		 */
		int find(Segment s, int from, int limit, boolean codePoints);

	}

	private record Bytes(byte[] data) implements Text {

		@Override
		public boolean matchesAt(Segment s, int at, boolean codePoints) {
			return Arrays.equals(this.data, at, at + s.bytes.length, s.bytes, 0, s.bytes.length);
		}

		/** Knuth-Morris-Pratt: each text byte is looked at once. */
		@Override
		public int find(Segment s, int from, int limit, boolean codePoints) {
			byte[] p = s.bytes;
			if (p.length == 0) {
				return from;
			}
			int[] f = s.failure;
			int k = 0;
			for (int i = from; i < limit; i++) {
				if (((i - from) & (CHECK_EVERY - 1)) == CHECK_EVERY - 1) {
					Cancellation.check();
				}
				byte b = this.data[i];
				while (k > 0 && b != p[k]) {
					k = f[k - 1];
				}
				if (b == p[k]) {
					k++;
				}
				if (k == p.length) {
					return i - p.length + 1;
				}
			}
			return -1;
		}

	}

	private record CodePoints(int[] text) implements Text {

		@Override
		public boolean matchesAt(Segment s, int at, boolean codePoints) {
			int[] u = s.units;
			for (int j = 0; j < u.length; j++) {
				if (u[j] != ANY_ONE && u[j] != this.text[at + j]) {
					return false;
				}
			}
			return true;
		}

		/** Shift-And: one pass over the text, the pattern's states as bits. */
		@Override
		public int find(Segment s, int from, int limit, boolean codePoints) {
			int m = s.units.length;
			if (m == 0) {
				return from;
			}
			int words = (m + 63) >>> 6;
			if (words == 1) {
				return findInOneWord(s, from, limit, m);
			}
			long[] d = new long[words];
			long lastBit = 1L << ((m - 1) & 63);
			// a character costs a step per word: checked as often in steps as elsewhere
			int every = Math.max(1, Integer.highestOneBit(CHECK_EVERY / words)) - 1;
			for (int i = from; i < limit; i++) {
				if (((i - from) & every) == every) {
					Cancellation.check();
				}
				long[] mask = s.mask(this.text[i]);
				long carry = 1;
				for (int w = 0; w < words; w++) {
					long next = (d[w] << 1) | carry;
					carry = d[w] >>> 63;
					d[w] = next & mask[w];
				}
				if ((d[words - 1] & lastBit) != 0) {
					return i - m + 1;
				}
			}
			return -1;
		}

		/** Shift-And for a segment of at most 64 characters: one long of states. */
		private int findInOneWord(Segment s, int from, int limit, int m) {
			long d = 0;
			long lastBit = 1L << (m - 1);
			for (int i = from; i < limit; i++) {
				if (((i - from) & (CHECK_EVERY - 1)) == CHECK_EVERY - 1) {
					Cancellation.check();
				}
				d = ((d << 1) | 1) & s.mask(this.text[i])[0];
				if ((d & lastBit) != 0) {
					return i - m + 1;
				}
			}
			return -1;
		}

	}

}
