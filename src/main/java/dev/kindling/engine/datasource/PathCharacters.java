package dev.kindling.engine.datasource;

import java.text.Normalizer;

/**
 * Which characters a dataset path may hold, so that two names that look the same are the
 * same file and no name hides what it is (issue 19).
 *
 * <p>
 * A path is first normalized to Unicode NFC, so {@code café.csv} typed with a composed
 * {@code é} or with {@code e} and a combining accent names one file. Then it is refused
 * if it holds any code point that is:
 * <ol>
 * <li>a control (general category Cc, C0 and C1), a format character (Cf: the bidi
 * embeddings, overrides, isolates and marks, the zero-width space, joiners and word
 * joiner, the byte order mark, the soft hyphen, tags...), a surrogate (Cs), private use
 * (Co) or unassigned in the JVM's Unicode version (Cn);</li>
 * <li>a line or paragraph separator (Zl, Zp), or a space (Zs) other than U+0020;</li>
 * <li>another default-ignorable code point, invisible although not Cf: U+034F, U+115F,
 * U+1160, U+17B4, U+17B5, U+180B–U+180F, U+3164, U+FE00–U+FE0F, U+FFA0,
 * U+E0100–U+E01EF;</li>
 * <li>a compatibility look-alike of ASCII: a non-ASCII character whose NFKC form holds an
 * ASCII character, such as the fullwidth and small forms ({@code ．} {@code ／} {@code ：}
 * {@code Ａ} {@code ﹒}), the one-dot leader {@code ․}, ligatures ({@code ﬁ}), superscript
 * and circled digits, and mathematical letters;</li>
 * <li>a look-alike of path syntax that NFKC keeps: the slashes U+2044, U+2215, U+2571,
 * U+29F8, the backslashes U+2216, U+2572, U+29F5, U+29F9, the ideographic full stops
 * U+3002 and U+FF61, and the colons U+0589, U+2236, U+A789.</li>
 * </ol>
 * Letters, digits, marks and symbols of every script stay allowed ({@code ünïcødé.csv},
 * {@code 東京.csv}, {@code ملف.csv}).
 */
public final class PathCharacters {

	private PathCharacters() {
	}

	/** The path in Unicode NFC. */
	public static String normalize(String path) {
		return Normalizer.isNormalized(path, Normalizer.Form.NFC) ? path
				: Normalizer.normalize(path, Normalizer.Form.NFC);
	}

	/**
	 * Why the first refused code point of a normalized path is refused, or {@code null}
	 * when every code point is allowed.
	 */
	public static String refusal(String path) {
		for (int i = 0; i < path.length();) {
			int cp = path.codePointAt(i);
			i += Character.charCount(cp);
			String why = refusal(cp);
			if (why != null) {
				return "U+" + String.format("%04X", cp) + name(cp) + ", " + why;
			}
		}
		return null;
	}

	/** Whether the code point is invisible (rules 1–3), so a message must escape it. */
	static boolean invisible(int cp) {
		if (cp < 0x80) {
			return cp < 0x20 || cp == 0x7f;
		}
		return switch (Character.getType(cp)) {
			case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
					Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR ->
				true;
			default -> otherDefaultIgnorable(cp);
		};
	}

	private static String refusal(int cp) {
		if (cp < 0x80) {
			return cp < 0x20 || cp == 0x7f ? "a control character" : null;
		}
		switch (Character.getType(cp)) {
			case Character.CONTROL:
				return "a control character";
			case Character.FORMAT:
				return "an invisible formatting character (bidi control, zero-width character or similar)";
			case Character.SURROGATE:
			case Character.PRIVATE_USE:
			case Character.UNASSIGNED:
				return "a private-use, unpaired or unassigned code point";
			case Character.LINE_SEPARATOR:
			case Character.PARAGRAPH_SEPARATOR:
			case Character.SPACE_SEPARATOR:
				return "a space or line break other than ' '";
			default:
				break;
		}
		if (otherDefaultIgnorable(cp)) {
			return "an invisible character";
		}
		if (PATH_SYNTAX_LOOKALIKES.indexOf(cp) >= 0) {
			return "a look-alike of '/', '\\', '.' or ':'";
		}
		String compatible = Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFKC);
		for (int i = 0; i < compatible.length(); i++) {
			if (compatible.charAt(i) < 0x80) {
				return "a look-alike of '" + compatible + "'";
			}
		}
		return null;
	}

	private static final String PATH_SYNTAX_LOOKALIKES = "\u2044\u2215\u2571\u29F8\u2216\u2572\u29F5\u29F9"
			+ "\u3002\uFF61\u0589\u2236\uA789";

	private static boolean otherDefaultIgnorable(int cp) {
		return cp == 0x034F || cp == 0x115F || cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5
				|| (cp >= 0x180B && cp <= 0x180F) || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFFA0
				|| (cp >= 0xE0100 && cp <= 0xE01EF);
	}

	private static String name(int cp) {
		String name = Character.getName(cp);
		return name == null ? "" : " (" + name + ")";
	}

}
