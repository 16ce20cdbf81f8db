package dev.kindling.engine.expr;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.kindling.engine.expr.Lexer.Kind;
import dev.kindling.engine.expr.Lexer.Token;

/**
 * The token stream under the expression parser: the tokens of one text, a position in
 * them, the nesting depth so far, and the small moves a recursive-descent parser makes
 * (peek, accept, expect) with the errors they raise. The grammar sits on top, in
 * {@link PrimaryParser} (operands) and {@link ExprParser} (operators by precedence).
 */
abstract class TokenCursor {

	/**
	 * Words that end an expression or a clause, so never read as column names or aliases.
	 */
	static final Set<String> RESERVED = Set.of("and", "or", "not", "is", "in", "between", "like", "case", "when",
			"then", "else", "end", "as", "null", "true", "false", "distinct", "asc", "desc", "nulls", "rlike",
			"regexp");

	protected final String text;

	private final List<Token> tokens;

	private int index;

	/** Levels of nesting entered and not yet left, checked against the limit. */
	protected int depth;

	TokenCursor(String text) {
		if (text == null) {
			throw new ExprException("expression is missing", -1);
		}
		if (text.length() > ExprParser.MAX_LENGTH) {
			throw new ExprException("expression is " + text.length() + " characters long, more than the limit of "
					+ ExprParser.MAX_LENGTH, -1);
		}
		this.text = text;
		this.tokens = Lexer.tokenize(text);
	}

	/** A cursor over {@code tokens}, the tokens of {@code text} (the SQL parser's). */
	TokenCursor(String text, List<Token> tokens) {
		this.text = text;
		this.tokens = tokens;
	}

	/**
	 * Whether a bare word is a keyword, so never a column name or an alias; the SQL
	 * parser adds its clause keywords.
	 */
	protected boolean isReserved(Token t) {
		return t.kind() == Kind.WORD && RESERVED.contains(t.text().toLowerCase(Locale.ROOT));
	}

	/** An identifier: a backticked name or a word that is no keyword. */
	protected final String name(String what) {
		Token t = peek();
		if (t.kind() == Kind.QUOTED || (t.kind() == Kind.WORD && !isReserved(t))) {
			advance();
			return t.text();
		}
		throw expected(what);
	}

	protected final void enter(Token at) {
		if (++this.depth > ExprParser.MAX_DEPTH) {
			throw ExprException.at(at.position(), "expression nests deeper than " + ExprParser.MAX_DEPTH + " levels");
		}
	}

	/** Leaves a level entered with {@link #enter}. */
	protected final void leave() {
		this.depth--;
	}

	/**
	 * Each operator of a chain such as {@code a OR b OR c} is one more level of the
	 * (left-deep) tree, so long chains count against the limit too.
	 */
	final void enterChain(Token at) {
		if (++this.depth > ExprParser.MAX_DEPTH) {
			throw new ExprException("expression nests deeper than " + ExprParser.MAX_DEPTH + " levels at position "
					+ at.position() + " (each operator in a chain is a level; for long lists of values use IN)",
					at.position());
		}
	}

	protected final Token peek() {
		return this.tokens.get(this.index);
	}

	protected final Token peekAt(int ahead) {
		return this.tokens.get(Math.min(this.index + ahead, this.tokens.size() - 1));
	}

	protected final Token advance() {
		Token t = this.tokens.get(this.index);
		if (t.kind() != Kind.END) {
			this.index++;
		}
		return t;
	}

	protected final boolean acceptKeyword(String keyword) {
		if (peek().kind() == Kind.WORD && peek().text().equalsIgnoreCase(keyword)) {
			advance();
			return true;
		}
		return false;
	}

	protected final boolean acceptSymbol(String symbol) {
		if (peek().kind() == Kind.SYMBOL && peek().text().equals(symbol)) {
			advance();
			return true;
		}
		return false;
	}

	protected final void expectSymbol(String symbol) {
		if (!acceptSymbol(symbol)) {
			throw expected("'" + symbol + "'");
		}
	}

	protected final void expectEnd() {
		if (peek().kind() != Kind.END) {
			throw unexpected(peek());
		}
	}

	protected final ExprException expected(String what) {
		Token t = peek();
		return new ExprException("expected " + what + " at position " + t.position() + ", found " + t.describe(),
				t.position());
	}

	protected final ExprException unexpected(Token t) {
		if (t.kind() == Kind.END) {
			return ExprException.at(t.position(),
					this.text.isBlank() ? "expression is empty" : "unexpected end of expression");
		}
		return ExprException.at(t.position(), "unexpected " + t.describe());
	}

}
