package dev.kindling.engine.expr;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.kindling.engine.expr.Lexer.Kind;
import dev.kindling.engine.expr.Lexer.Token;
import dev.kindling.engine.types.DataType;

/**
 * A recursive-descent parser for Spark SQL expressions (and, extended by the SQL parser,
 * the expressions of SQL queries). Precedence, loosest first: {@code OR}, {@code AND},
 * {@code NOT}, predicates ({@code IS [NOT] NULL}, {@code [NOT] IN}, {@code [NOT]
 * BETWEEN}, {@code [NOT] LIKE}, {@code [NOT] RLIKE} or {@code REGEXP}), comparisons,
 * {@code ||}, {@code + -}, {@code * / %}, unary {@code -
 * +}. Binary operators associate to the left. Keywords are case-insensitive.
 *
 * <p>
 * The grammar is in three layers: this class parses the operators by precedence,
 * {@link PrimaryParser} the operands between them (literals, names, CASE, CAST, calls),
 * and {@link TokenCursor} moves through the tokens and counts the nesting depth. Dates
 * take {@code d + INTERVAL '3' MONTH} (and {@code -}; units YEAR, MONTH, WEEK, DAY),
 * computed at once on a date literal and as {@code d + n} days on any date.
 */
public class ExprParser extends PrimaryParser {

	/** The longest expression text accepted, in characters. */
	public static final int MAX_LENGTH = 10_000;

	/** The deepest nesting accepted (parentheses, operators, function calls). */
	public static final int MAX_DEPTH = 64;

	private ExprParser(String text) {
		super(text);
	}

	/** A parser over {@code tokens}, the tokens of {@code text}: the SQL parser. */
	protected ExprParser(String text, List<Token> tokens) {
		super(text, tokens);
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
		SortKey key = p.sortKey();
		p.expectEnd();
		return key;
	}

	/**
	 * Parses a window frame, {@code ROWS BETWEEN 2 PRECEDING AND CURRENT ROW} (a window
	 * step's {@code frame}).
	 */
	public static WindowFrame parseFrame(String text) {
		ExprParser p = new ExprParser(text);
		if (!p.peek().is("rows") && !p.peek().is("range")) {
			throw p.expected("ROWS or RANGE");
		}
		WindowFrame frame = p.frame();
		p.expectEnd();
		return frame;
	}

	/** Whether a bare word is a keyword that cannot name a column without backticks. */
	static boolean isReservedWord(String word) {
		return RESERVED.contains(word.toLowerCase(Locale.ROOT));
	}

	// --- the operators, loosest binding first; operands are in PrimaryParser

	@Override
	protected Expr expression() {
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
			if (operand instanceof Subquery q && q.kind() == Subquery.Kind.EXISTS && !q.negated()) {
				return new Subquery(q.kind(), null, q.query(), true, t.position());
			}
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
			if (t.is("not") && (peekAt(1).is("in") || peekAt(1).is("between") || peekAt(1).is("like")
					|| peekAt(1).is("rlike") || peekAt(1).is("regexp"))) {
				advance();
				negated = true;
			}
			Token op = peek();
			if (op.is("in")) {
				enterChain(t);
				entered++;
				advance();
				expectSymbol("(");
				if (startsQuery(0)) {
					Subquery.Query query = subquery();
					expectSymbol(")");
					left = new Subquery(Subquery.Kind.IN, left, query, negated, t.position());
					continue;
				}
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
			else if (op.is("rlike") || op.is("regexp")) {
				// Spark's x RLIKE pattern is the function rlike(x, pattern)
				enterChain(t);
				entered++;
				advance();
				Expr match = new FunctionCall("rlike", List.of(left, comparison()), op.position());
				left = negated ? new Unary(Unary.Op.NOT, match, t.position()) : match;
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
			if (peek().is("interval") && peekAt(1).kind() != Kind.SYMBOL) {
				left = interval(left, op, t);
				continue;
			}
			left = new Binary(op, left, multiplicative(), t.position());
		}
		this.depth -= entered;
		return left;
	}

	/**
	 * {@code left op INTERVAL 'n' unit}: folded at once when {@code left} is a date
	 * literal (as Spark folds constants), else days added with {@code date + n}.
	 */
	private Expr interval(Expr left, Binary.Op op, Token operator) {
		Token start = advance();
		Token value = advance();
		long amount;
		try {
			amount = Long.parseLong(value.text().trim());
		}
		catch (NumberFormatException ex) {
			throw ExprException.at(value.position(), "invalid INTERVAL value " + value.describe());
		}
		Token unitToken = peek();
		String unit = unitToken.kind() == Kind.WORD ? unitToken.text().toLowerCase(Locale.ROOT) : "";
		if (unit.endsWith("s")) {
			unit = unit.substring(0, unit.length() - 1);
		}
		if (!unit.equals("year") && !unit.equals("month") && !unit.equals("week") && !unit.equals("day")) {
			throw expected("an INTERVAL unit (YEAR, MONTH, WEEK or DAY)");
		}
		advance();
		long signed = (op == Binary.Op.SUBTRACT) ? -amount : amount;
		if (left instanceof Literal l && l.value() instanceof LocalDate d) {
			try {
				LocalDate result = switch (unit) {
					case "year" -> d.plusYears(signed);
					case "month" -> d.plusMonths(signed);
					case "week" -> d.plusWeeks(signed);
					default -> d.plusDays(signed);
				};
				return new Literal(result, DataType.DATE, l.position());
			}
			catch (DateTimeException ex) {
				throw ExprException.at(start.position(), "the date is out of range");
			}
		}
		if (unit.equals("year") || unit.equals("month")) {
			throw ExprException.at(start.position(),
					"INTERVAL " + unit.toUpperCase(Locale.ROOT) + " is only supported on a date literal");
		}
		long days = unit.equals("week") ? amount * 7 : amount;
		if (days > Integer.MAX_VALUE) {
			throw ExprException.at(value.position(), "INTERVAL is too large");
		}
		return new Binary(op, left, new Literal((int) days, DataType.INT, value.position()), operator.position());
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

}
