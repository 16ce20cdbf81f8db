package dev.kindling.engine.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits expression (and SQL) text into tokens; strings and backticked names are
 * unescaped here. Public for the SQL parser, which reads the same tokens.
 */
public final class Lexer {

	/** What a token is. */
	public enum Kind {

		/** A bare word: a name or a keyword. */
		WORD,
		/** A backticked name (never a keyword). */
		QUOTED, NUMBER, STRING, SYMBOL, END

	}

	/**
	 * {@code text} is the source text, except for strings and quoted names, where it is
	 * the value.
	 */
	public record Token(Kind kind, String text, int position) {

		/** Whether this is the symbol, or the keyword in any case. */
		public boolean is(String symbolOrKeyword) {
			return (this.kind == Kind.SYMBOL || this.kind == Kind.WORD) && this.text.equalsIgnoreCase(symbolOrKeyword);
		}

		/** The token as an error message names it. */
		public String describe() {
			return switch (this.kind) {
				case END -> "end of expression";
				case STRING -> "string '" + this.text + "'";
				case QUOTED -> "`" + this.text + "`";
				default -> "'" + this.text + "'";
			};
		}

	}

	private static final String[] SYMBOLS = { "<=>", "<>", "<=", ">=", "!=", "==", "||", "(", ")", ",", "*", "/", "%",
			"+", "-", "=", "<", ">", ".", ";" };

	private final String text;

	private final boolean comments;

	private int pos;

	private Lexer(String text, boolean comments) {
		this.text = text;
		this.comments = comments;
	}

	/** The tokens of {@code text}, ending with one of kind {@link Kind#END}. */
	public static List<Token> tokenize(String text) {
		return new Lexer(text, false).run();
	}

	/**
	 * The tokens of SQL text: as {@link #tokenize(String)}, and {@code -- to the end of
	 * the line} and {@code /* ... *}{@code /} are comments.
	 */
	public static List<Token> tokenizeSql(String text) {
		return new Lexer(text, true).run();
	}

	private List<Token> run() {
		List<Token> tokens = new ArrayList<>();
		while (true) {
			skipWhitespace();
			if (this.pos >= this.text.length()) {
				tokens.add(new Token(Kind.END, "", this.text.length()));
				return tokens;
			}
			tokens.add(next());
		}
	}

	private void skipWhitespace() {
		String t = this.text;
		while (this.pos < t.length()) {
			if (Character.isWhitespace(t.charAt(this.pos))) {
				this.pos++;
			}
			else if (this.comments && t.startsWith("--", this.pos)) {
				int end = t.indexOf('\n', this.pos);
				this.pos = (end < 0) ? t.length() : end + 1;
			}
			else if (this.comments && t.startsWith("/*", this.pos)) {
				int end = t.indexOf("*/", this.pos + 2);
				if (end < 0) {
					throw ExprException.at(this.pos, "unterminated comment");
				}
				this.pos = end + 2;
			}
			else {
				return;
			}
		}
	}

	private Token next() {
		int start = this.pos;
		char c = this.text.charAt(start);
		if (c == '\'' || c == '"') {
			return string(c);
		}
		if (c == '`') {
			return quoted();
		}
		if (isDigit(c) || (c == '.' && start + 1 < this.text.length() && isDigit(this.text.charAt(start + 1)))) {
			return number();
		}
		if (Character.isLetter(c) || c == '_') {
			while (this.pos < this.text.length() && isWordPart(this.text.charAt(this.pos))) {
				this.pos++;
			}
			return new Token(Kind.WORD, this.text.substring(start, this.pos), start);
		}
		for (String symbol : SYMBOLS) {
			if (this.text.startsWith(symbol, start)) {
				this.pos += symbol.length();
				return new Token(Kind.SYMBOL, symbol, start);
			}
		}
		throw ExprException.at(start, "unexpected character '" + c + "'");
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private static boolean isWordPart(char c) {
		return Character.isLetterOrDigit(c) || c == '_';
	}

	private Token number() {
		int start = this.pos;
		String t = this.text;
		while (this.pos < t.length() && isDigit(t.charAt(this.pos))) {
			this.pos++;
		}
		if (this.pos < t.length() && t.charAt(this.pos) == '.') {
			this.pos++;
			while (this.pos < t.length() && isDigit(t.charAt(this.pos))) {
				this.pos++;
			}
		}
		if (this.pos < t.length() && (t.charAt(this.pos) == 'e' || t.charAt(this.pos) == 'E')) {
			int save = this.pos;
			this.pos++;
			if (this.pos < t.length() && (t.charAt(this.pos) == '+' || t.charAt(this.pos) == '-')) {
				this.pos++;
			}
			if (this.pos < t.length() && isDigit(t.charAt(this.pos))) {
				while (this.pos < t.length() && isDigit(t.charAt(this.pos))) {
					this.pos++;
				}
			}
			else {
				this.pos = save;
			}
		}
		// Spark's type suffixes: 10L, 1.5D, 1.5BD
		if (t.regionMatches(true, this.pos, "BD", 0, 2)) {
			this.pos += 2;
		}
		else if (this.pos < t.length() && "lLdD".indexOf(t.charAt(this.pos)) >= 0) {
			this.pos++;
		}
		if (this.pos < t.length() && isWordPart(t.charAt(this.pos))) {
			throw ExprException.at(start, "malformed number '" + t.substring(start, this.pos + 1) + "'");
		}
		return new Token(Kind.NUMBER, t.substring(start, this.pos), start);
	}

	private Token string(char quote) {
		int start = this.pos;
		StringBuilder sb = new StringBuilder();
		this.pos++;
		while (true) {
			if (this.pos >= this.text.length()) {
				throw ExprException.at(start, "unterminated string");
			}
			char c = this.text.charAt(this.pos);
			if (c == quote) {
				if (this.pos + 1 < this.text.length() && this.text.charAt(this.pos + 1) == quote) {
					sb.append(quote);
					this.pos += 2;
					continue;
				}
				this.pos++;
				return new Token(Kind.STRING, sb.toString(), start);
			}
			if (c == '\\' && this.pos + 1 < this.text.length()) {
				char e = this.text.charAt(this.pos + 1);
				switch (e) {
					case 'n' -> sb.append('\n');
					case 't' -> sb.append('\t');
					case 'r' -> sb.append('\r');
					case '0' -> sb.append('\0');
					// kept escaped for LIKE patterns, as Spark does
					case '%', '_' -> sb.append('\\').append(e);
					default -> sb.append(e);
				}
				this.pos += 2;
				continue;
			}
			sb.append(c);
			this.pos++;
		}
	}

	private Token quoted() {
		int start = this.pos;
		StringBuilder sb = new StringBuilder();
		this.pos++;
		while (true) {
			if (this.pos >= this.text.length()) {
				throw ExprException.at(start, "unterminated backtick name");
			}
			char c = this.text.charAt(this.pos);
			if (c == '`') {
				if (this.pos + 1 < this.text.length() && this.text.charAt(this.pos + 1) == '`') {
					sb.append('`');
					this.pos += 2;
					continue;
				}
				this.pos++;
				if (sb.isEmpty()) {
					throw ExprException.at(start, "empty backtick name");
				}
				return new Token(Kind.QUOTED, sb.toString(), start);
			}
			sb.append(c);
			this.pos++;
		}
	}

}
