package dev.kindling.engine.expr;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.kindling.engine.expr.Lexer.Kind;
import dev.kindling.engine.expr.Lexer.Token;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Temporal;

/**
 * A recursive-descent parser for Spark SQL expressions. Precedence, loosest first:
 * {@code OR}, {@code AND}, {@code NOT}, predicates ({@code IS [NOT] NULL},
 * {@code [NOT] IN}, {@code [NOT]
 * BETWEEN}, {@code [NOT] LIKE}), comparisons, {@code ||}, {@code + -}, {@code * / %},
 * unary {@code -
 * +}. Binary operators associate to the left. Keywords are case-insensitive.
 */
public final class ExprParser {

	/** The longest expression text accepted, in characters. */
	public static final int MAX_LENGTH = 10_000;

	/** The deepest nesting accepted (parentheses, operators, function calls). */
	public static final int MAX_DEPTH = 64;

	/**
	 * Words that end an expression or a clause, so never read as column names or aliases.
	 */
	private static final Set<String> RESERVED = Set.of("and", "or", "not", "is", "in", "between", "like", "case",
			"when", "then", "else", "end", "as", "null", "true", "false", "distinct", "asc", "desc", "nulls");

	private final String text;

	private final List<Token> tokens;

	private int index;

	private int depth;

	private ExprParser(String text) {
		if (text == null) {
			throw new ExprException("expression is missing", -1);
		}
		if (text.length() > MAX_LENGTH) {
			throw new ExprException(
					"expression is " + text.length() + " characters long, more than the limit of " + MAX_LENGTH, -1);
		}
		this.text = text;
		this.tokens = Lexer.tokenize(text);
	}

	/** Parses a whole expression; anything after it is an error. */
	public static Expr parse(String text) {
		ExprParser p = new ExprParser(text);
		Expr e = p.expression();
		p.expectEnd();
		return e;
	}

	/** Parses {@code expression [AS] alias}, the alias being optional. */
	public static NamedExpr parseNamed(String text) {
		ExprParser p = new ExprParser(text);
		Expr e = p.expression();
		String alias = null;
		if (p.peek().is("as")) {
			p.advance();
			alias = p.name("an alias after AS");
		}
		else if (p.peek().kind() == Kind.QUOTED || (p.peek().kind() == Kind.WORD && !p.isReserved(p.peek()))) {
			alias = p.name("an alias");
		}
		p.expectEnd();
		return new NamedExpr(e, alias);
	}

	/**
	 * Parses {@code expression [ASC | DESC] [NULLS FIRST | NULLS LAST]}, with Spark's
	 * defaults.
	 */
	public static SortKey parseSortKey(String text) {
		ExprParser p = new ExprParser(text);
		Expr e = p.expression();
		boolean ascending = true;
		if (p.peek().is("asc")) {
			p.advance();
		}
		else if (p.peek().is("desc")) {
			p.advance();
			ascending = false;
		}
		boolean nullsFirst = ascending;
		if (p.peek().is("nulls")) {
			p.advance();
			if (p.peek().is("first")) {
				nullsFirst = true;
			}
			else if (p.peek().is("last")) {
				nullsFirst = false;
			}
			else {
				throw p.expected("FIRST or LAST after NULLS");
			}
			p.advance();
		}
		p.expectEnd();
		return new SortKey(e, ascending, nullsFirst);
	}

	// --- the grammar, loosest binding first

	private Expr expression() {
		return or();
	}

	private Expr or() {
		int entered = 0;
		Expr left = and();
		while (peek().is("or")) {
			enterChain(peek());
			entered++;
			int pos = advance().position();
			left = new Binary(Binary.Op.OR, left, and(), pos);
		}
		this.depth -= entered;
		return left;
	}

	private Expr and() {
		int entered = 0;
		Expr left = not();
		while (peek().is("and")) {
			enterChain(peek());
			entered++;
			int pos = advance().position();
			left = new Binary(Binary.Op.AND, left, not(), pos);
		}
		this.depth -= entered;
		return left;
	}

	private Expr not() {
		if (peek().is("not")) {
			Token t = advance();
			enter(t);
			Expr operand = not();
			this.depth--;
			return new Unary(Unary.Op.NOT, operand, t.position());
		}
		return predicate();
	}

	private Expr predicate() {
		int entered = 0;
		Expr left = comparison();
		while (true) {
			Token t = peek();
			if (t.is("is")) {
				enterChain(t);
				entered++;
				advance();
				boolean negated = acceptKeyword("not");
				if (!peek().is("null")) {
					throw expected("NULL after IS" + (negated ? " NOT" : ""));
				}
				advance();
				left = new IsNull(left, negated, t.position());
				continue;
			}
			boolean negated = false;
			if (t.is("not") && (peekAt(1).is("in") || peekAt(1).is("between") || peekAt(1).is("like"))) {
				advance();
				negated = true;
			}
			Token op = peek();
			if (op.is("in")) {
				enterChain(t);
				entered++;
				advance();
				expectSymbol("(");
				List<Expr> list = new ArrayList<>();
				do {
					list.add(expression());
				}
				while (acceptSymbol(","));
				expectSymbol(")");
				left = new In(left, list, negated, t.position());
			}
			else if (op.is("between")) {
				enterChain(t);
				entered++;
				advance();
				Expr low = comparison();
				if (!peek().is("and")) {
					throw expected("AND in BETWEEN");
				}
				advance();
				Expr high = comparison();
				left = new Between(left, low, high, negated, t.position());
			}
			else if (op.is("like")) {
				enterChain(t);
				entered++;
				advance();
				left = new Like(left, comparison(), negated, t.position());
			}
			else {
				break;
			}
		}
		this.depth -= entered;
		return left;
	}

	private Expr comparison() {
		int entered = 0;
		Expr left = concat();
		while (true) {
			Token t = peek();
			Binary.Op op = (t.kind() != Kind.SYMBOL) ? null : switch (t.text()) {
				case "=", "==" -> Binary.Op.EQ;
				case "<>", "!=" -> Binary.Op.NE;
				case "<" -> Binary.Op.LT;
				case "<=" -> Binary.Op.LE;
				case ">" -> Binary.Op.GT;
				case ">=" -> Binary.Op.GE;
				case "<=>" -> Binary.Op.NULL_SAFE_EQ;
				default -> null;
			};
			if (op == null) {
				break;
			}
			enterChain(t);
			entered++;
			advance();
			left = new Binary(op, left, concat(), t.position());
		}
		this.depth -= entered;
		return left;
	}

	private Expr concat() {
		int entered = 0;
		Expr left = additive();
		while (peek().kind() == Kind.SYMBOL && peek().text().equals("||")) {
			Token t = advance();
			enterChain(t);
			entered++;
			left = new Binary(Binary.Op.CONCAT, left, additive(), t.position());
		}
		this.depth -= entered;
		return left;
	}

	private Expr additive() {
		int entered = 0;
		Expr left = multiplicative();
		while (peek().kind() == Kind.SYMBOL && (peek().text().equals("+") || peek().text().equals("-"))) {
			Token t = advance();
			enterChain(t);
			entered++;
			Binary.Op op = t.text().equals("+") ? Binary.Op.ADD : Binary.Op.SUBTRACT;
			left = new Binary(op, left, multiplicative(), t.position());
		}
		this.depth -= entered;
		return left;
	}

	private Expr multiplicative() {
		int entered = 0;
		Expr left = unary();
		while (peek().kind() == Kind.SYMBOL
				&& (peek().text().equals("*") || peek().text().equals("/") || peek().text().equals("%"))) {
			Token t = advance();
			enterChain(t);
			entered++;
			Binary.Op op = switch (t.text()) {
				case "*" -> Binary.Op.MULTIPLY;
				case "/" -> Binary.Op.DIVIDE;
				default -> Binary.Op.MODULO;
			};
			left = new Binary(op, left, unary(), t.position());
		}
		this.depth -= entered;
		return left;
	}

	private Expr unary() {
		Token t = peek();
		if (t.kind() == Kind.SYMBOL && (t.text().equals("-") || t.text().equals("+"))) {
			advance();
			boolean minus = t.text().equals("-");
			if (minus && peek().kind() == Kind.NUMBER) {
				// a negative number is one literal, so -2147483648 is an int as in Spark
				Token n = advance();
				return number("-" + n.text(), t.position());
			}
			enter(t);
			Expr operand = unary();
			this.depth--;
			return new Unary(minus ? Unary.Op.MINUS : Unary.Op.PLUS, operand, t.position());
		}
		return primary();
	}

	private Expr primary() {
		Token t = peek();
		switch (t.kind()) {
			case NUMBER:
				advance();
				return number(t.text(), t.position());
			case STRING:
				advance();
				return new Literal(t.text(), DataType.STRING, t.position());
			case QUOTED:
				advance();
				return new ColumnRef(t.text(), t.position());
			case SYMBOL:
				if (t.text().equals("(")) {
					advance();
					enter(t);
					Expr inner = expression();
					this.depth--;
					expectSymbol(")");
					return inner;
				}
				throw unexpected(t);
			case END:
				throw unexpected(t);
			default:
				return word(t);
		}
	}

	private Expr word(Token t) {
		String lower = t.text().toLowerCase(Locale.ROOT);
		Token next = peekAt(1);
		switch (lower) {
			case "null":
				advance();
				return new Literal(null, DataType.NULL, t.position());
			case "true", "false":
				advance();
				return new Literal(lower.equals("true"), DataType.BOOLEAN, t.position());
			case "case":
				return caseExpr();
			case "date", "timestamp":
				if (next.kind() == Kind.STRING) {
					advance();
					advance();
					return typedLiteral(lower, t.position(), next);
				}
				break;
			default:
				break;
		}
		if (next.kind() == Kind.SYMBOL && next.text().equals("(")) {
			if (lower.equals("cast")) {
				return cast();
			}
			return call();
		}
		if (isReserved(t)) {
			throw unexpected(t);
		}
		advance();
		return new ColumnRef(t.text(), t.position());
	}

	private Expr caseExpr() {
		Token start = advance();
		enter(start);
		Expr operand = peek().is("when") ? null : expression();
		List<Case.When> whens = new ArrayList<>();
		while (acceptKeyword("when")) {
			Expr condition = expression();
			if (!acceptKeyword("then")) {
				throw expected("THEN");
			}
			whens.add(new Case.When(condition, expression()));
		}
		if (whens.isEmpty()) {
			throw expected("WHEN");
		}
		Expr otherwise = acceptKeyword("else") ? expression() : null;
		if (!acceptKeyword("end")) {
			throw expected("END");
		}
		this.depth--;
		return new Case(operand, whens, otherwise, start.position());
	}

	private Expr cast() {
		Token start = advance();
		advance();
		enter(start);
		Expr operand = expression();
		if (!acceptKeyword("as")) {
			throw expected("AS in CAST");
		}
		Token typeToken = peek();
		if (typeToken.kind() != Kind.WORD) {
			throw expected("a type name");
		}
		advance();
		StringBuilder typeName = new StringBuilder(typeToken.text());
		if (acceptSymbol("(")) {
			// decimal(10, 2): precision and scale are accepted and ignored
			typeName.append('(');
			do {
				Token n = peek();
				if (n.kind() != Kind.NUMBER) {
					throw expected("a number in the type");
				}
				typeName.append(advance().text());
			}
			while (acceptSymbol(","));
			expectSymbol(")");
			typeName.append(')');
		}
		DataType type;
		try {
			type = DataType.parse(typeName.toString());
		}
		catch (IllegalArgumentException ex) {
			throw ExprException.at(typeToken.position(), "unknown type '" + typeName + "'");
		}
		expectSymbol(")");
		this.depth--;
		return new Cast(operand, type, start.position());
	}

	private Expr call() {
		Token nameToken = advance();
		String name = nameToken.text().toLowerCase(Locale.ROOT);
		advance();
		enter(nameToken);
		try {
			if (AggregateCall.FUNCTIONS.contains(name)) {
				if (name.equals("count") && peek().kind() == Kind.SYMBOL && peek().text().equals("*")) {
					advance();
					expectSymbol(")");
					return new AggregateCall(name, null, false, nameToken.position());
				}
				boolean distinct = acceptKeyword("distinct");
				if (!distinct && peek().is("all") && !peekAt(1).is(")")) {
					// count(ALL x); but count(all) counts a column named all
					advance();
				}
				Expr argument = expression();
				if (peek().kind() == Kind.SYMBOL && peek().text().equals(",")) {
					throw ExprException.at(peek().position(), name + " takes 1 argument");
				}
				expectSymbol(")");
				return new AggregateCall(name, argument, distinct, nameToken.position());
			}
			List<Expr> arguments = new ArrayList<>();
			if (!acceptSymbol(")")) {
				do {
					arguments.add(expression());
				}
				while (acceptSymbol(","));
				expectSymbol(")");
			}
			return new FunctionCall(name, arguments, nameToken.position());
		}
		finally {
			this.depth--;
		}
	}

	private Literal typedLiteral(String kind, int position, Token value) {
		String s = value.text().trim();
		try {
			if (kind.equals("date")) {
				LocalDate d = Temporal.parseDate(s);
				if (d == null) {
					throw new IllegalArgumentException();
				}
				return new Literal(d, DataType.DATE, position);
			}
			LocalDateTime t = Temporal.parseTimestamp(s);
			if (t == null) {
				throw new IllegalArgumentException();
			}
			return new Literal(t, DataType.TIMESTAMP, position);
		}
		catch (RuntimeException ex) {
			throw ExprException.at(value.position(),
					"invalid " + kind.toUpperCase(Locale.ROOT) + " literal '" + value.text() + "'");
		}
	}

	private Literal number(String text, int position) {
		String lower = text.toLowerCase(Locale.ROOT);
		try {
			if (lower.endsWith("bd")) {
				return new Literal(new BigDecimal(text.substring(0, text.length() - 2)), DataType.DECIMAL, position);
			}
			if (lower.endsWith("d")) {
				return doubleLiteral(text, Double.parseDouble(text.substring(0, text.length() - 1)), position);
			}
			if (lower.endsWith("l")) {
				return new Literal(Long.parseLong(text.substring(0, text.length() - 1)), DataType.BIGINT, position);
			}
			if (lower.contains(".") || lower.contains("e")) {
				return doubleLiteral(text, Double.parseDouble(text), position);
			}
			BigDecimal value = new BigDecimal(text);
			if (value.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0
					&& value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
				return new Literal(value.intValue(), DataType.INT, position);
			}
			if (value.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0
					&& value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
				return new Literal(value.longValue(), DataType.BIGINT, position);
			}
			return new Literal(value, DataType.DECIMAL, position);
		}
		catch (NumberFormatException ex) {
			throw ExprException.at(position, "malformed number '" + text + "'");
		}
	}

	private static Literal doubleLiteral(String text, double value, int position) {
		if (Double.isInfinite(value)) {
			throw ExprException.at(position, "number '" + text + "' is out of the range of double");
		}
		return new Literal(value, DataType.DOUBLE, position);
	}

	// --- token helpers

	/** Whether a bare word is a keyword that cannot name a column without backticks. */
	static boolean isReservedWord(String word) {
		return RESERVED.contains(word.toLowerCase(Locale.ROOT));
	}

	private boolean isReserved(Token t) {
		return t.kind() == Kind.WORD && RESERVED.contains(t.text().toLowerCase(Locale.ROOT));
	}

	private String name(String what) {
		Token t = peek();
		if (t.kind() == Kind.QUOTED || (t.kind() == Kind.WORD && !isReserved(t))) {
			advance();
			return t.text();
		}
		throw expected(what);
	}

	private void enter(Token at) {
		if (++this.depth > MAX_DEPTH) {
			throw ExprException.at(at.position(), "expression nests deeper than " + MAX_DEPTH + " levels");
		}
	}

	/**
	 * Each operator of a chain such as {@code a OR b OR c} is one more level of the
	 * (left-deep) tree, so long chains count against the limit too.
	 */
	private void enterChain(Token at) {
		if (++this.depth > MAX_DEPTH) {
			throw new ExprException("expression nests deeper than " + MAX_DEPTH + " levels at position " + at.position()
					+ " (each operator in a chain is a level; for long lists of values use IN)", at.position());
		}
	}

	private Token peek() {
		return this.tokens.get(this.index);
	}

	private Token peekAt(int ahead) {
		return this.tokens.get(Math.min(this.index + ahead, this.tokens.size() - 1));
	}

	private Token advance() {
		Token t = this.tokens.get(this.index);
		if (t.kind() != Kind.END) {
			this.index++;
		}
		return t;
	}

	private boolean acceptKeyword(String keyword) {
		if (peek().kind() == Kind.WORD && peek().text().equalsIgnoreCase(keyword)) {
			advance();
			return true;
		}
		return false;
	}

	private boolean acceptSymbol(String symbol) {
		if (peek().kind() == Kind.SYMBOL && peek().text().equals(symbol)) {
			advance();
			return true;
		}
		return false;
	}

	private void expectSymbol(String symbol) {
		if (!acceptSymbol(symbol)) {
			throw expected("'" + symbol + "'");
		}
	}

	private void expectEnd() {
		if (peek().kind() != Kind.END) {
			throw unexpected(peek());
		}
	}

	private ExprException expected(String what) {
		Token t = peek();
		return new ExprException("expected " + what + " at position " + t.position() + ", found " + t.describe(),
				t.position());
	}

	private ExprException unexpected(Token t) {
		if (t.kind() == Kind.END) {
			return ExprException.at(t.position(),
					this.text.isBlank() ? "expression is empty" : "unexpected end of expression");
		}
		return ExprException.at(t.position(), "unexpected " + t.describe());
	}

}
