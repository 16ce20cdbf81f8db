package dev.kindling.engine.datasource;

import java.util.regex.Pattern;

/**
 * Hadoop's glob syntax, which Spark's paths use, for one path segment at a time:
 * {@code *} (any characters but {@code /}), {@code ?} (one character), {@code [abc]},
 * {@code [a-z]}, {@code [^a]} and {@code {a,b}} (alternatives, which may hold globs).
 */
public final class Globs {

	private Globs() {
	}

	/** Whether the text holds a glob character. */
	public static boolean isGlob(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '*' || c == '?' || c == '[' || c == '{') {
				return true;
			}
		}
		return false;
	}

	/**
	 * The pattern of one segment.
	 * @throws IllegalArgumentException for an unclosed {@code [} or <code>{</code>
	 */
	public static Pattern segment(String glob) {
		StringBuilder re = new StringBuilder();
		int braces = 0;
		for (int i = 0; i < glob.length(); i++) {
			char c = glob.charAt(i);
			switch (c) {
				case '*' -> re.append("[^/]*");
				case '?' -> re.append("[^/]");
				case '[' -> {
					int close = glob.indexOf(']', i + 2);
					if (close < 0) {
						throw new IllegalArgumentException("unclosed '[' in glob '" + glob + "'");
					}
					String set = glob.substring(i + 1, close);
					boolean negated = set.startsWith("^") || set.startsWith("!");
					if (negated) {
						set = set.substring(1);
					}
					re.append(negated ? "[^" : "[");
					for (char s : set.toCharArray()) {
						re.append(s == '-' ? "-" : (Character.isLetterOrDigit(s) ? String.valueOf(s) : "\\" + s));
					}
					re.append(']');
					i = close;
				}
				case '{' -> {
					braces++;
					re.append("(?:");
				}
				case '}' -> {
					if (braces == 0) {
						re.append("\\}");
					}
					else {
						braces--;
						re.append(')');
					}
				}
				case ',' -> re.append(braces > 0 ? "|" : ",");
				case '\\' -> {
					if (i + 1 < glob.length()) {
						re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
					}
				}
				default -> re.append(Pattern.quote(String.valueOf(c)));
			}
		}
		if (braces > 0) {
			throw new IllegalArgumentException("unclosed '{' in glob '" + glob + "'");
		}
		return Pattern.compile(re.toString());
	}

}
