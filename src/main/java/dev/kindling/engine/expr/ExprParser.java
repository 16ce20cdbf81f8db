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

/**
 * A recursive-descent parser for Spark SQL expressions. Precedence, loosest first:
 * {@code OR}, {@code AND}, {@code NOT}, predicates ({@code IS [NOT] NULL},
 * {@code [NOT] IN}, {@code [NOT]
 * BETWEEN}, {@code [NOT] LIKE}), comparisons, {@code ||}, {@code + -}, {@code * / %},
 * unary {@code -
 * +}. Binary operators associate to the left. Keywords are case-insensitive.
 *
 * <p>
 * Also Spark's special forms: {@code EXTRACT(YEAR FROM d)} (and MONTH, DAY),
 * {@code SUBSTRING(s FROM a [FOR b])}, and {@code d + INTERVAL '3' MONTH} (and {@code -};
 * units YEAR, MONTH, WEEK, DAY), computed at once on a date literal and as {@code d + n}
 * days on any date.
 *
 * <p>
 * The SQL parser extends this grammar: its hooks ({@link #subquery}, {@link #isReserved},
 * {@link #qualifiedNames}, {@link #decimalLiterals}) add subqueries, qualified names, SQL
 * keywords and Spark's decimal literals, with the same tokens and error messages.
 */
public class ExprParser {

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
		this(checked(text), Lexer.tokenize(text));
	}

	/** A parser over {@code tokens}, the tokens of {@code text}. */
	protected ExprParser(String text, List<Token> tokens) {
		this.text = text;
		this.tokens = tokens;
	}

	private static String checked(String text) {
		if (text == null) {
			throw new ExprException("expression is missing", -1);
		}
		if (text.length() > MAX_LENGTH) {
			throw new ExprException(
					"expression is " + text.length() + " characters long, more than the limit of " + MAX_LENGTH, -1);
		}
		return text;
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

	// --- hooks for the SQL grammar

	/**
	 * Parses the query of a subquery; the next token is {@code SELECT} or {@code WITH}.
	 * Expressions alone have no subqueries.
	 */
	protected Subquery.Query subquery() {
		throw ExprException.at(peek().position(), "a subquery is only allowed in a SQL job");
	}

	/** Whether {@code table.column} names a column. */
	protected boolean qualifiedNames() {
		return false;
	}

	/**
	 * Whether {@code 1.5} is a decimal (Spark SQL) rather than a double (the pipeline's
	 * expressions).
	 */
	protected boolean decimalLiterals() {
		return false;
	}

	/** Whether a bare word is a keyword, so never a column name or an alias. */
	protected boolean isReserved(Token t) {
		return t.kind() == Kind.WORD && RESERVED.contains(t.text().toLowerCase(Locale.ROOT));
	}

	/** Whether the token {@code ahead} of the next one starts a query. */
	protected boolean startsQuery(int ahead) {
		Token t = peekAt(ahead);
		return t.kind() == Kind.WORD && (t.is("select") || t.is("with"));
	}

	// --- the grammar, loosest binding first

	/** One whole expression. */
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
				return column(t);
			case SYMBOL:
				if (t.text().equals("(") && startsQuery(1)) {
					advance();
					enter(t);
					Subquery.Query query = subquery();
					this.depth--;
					expectSymbol(")");
					return new Subquery(Subquery.Kind.SCALAR, null, query, false, t.position());
				}
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
			case "exists":
				if (next.is("(") && startsQuery(2)) {
					advance();
					advance();
					enter(t);
					Subquery.Query query = subquery();
					this.depth--;
					expectSymbol(")");
					return new Subquery(Subquery.Kind.EXISTS, null, query, false, t.position());
				}
				break;
			case "interval":
				if (next.kind() == Kind.STRING || next.kind() == Kind.NUMBER) {
					throw ExprException.at(t.position(),
							"an INTERVAL must be added to or subtracted from a date (d + INTERVAL '3' DAY)");
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
		return column(t);
	}

	/** A column named by {@code first}, qualified when a dot and a name follow. */
	private Expr column(Token first) {
		if (qualifiedNames() && peek().is(".") && (peekAt(1).kind() == Kind.QUOTED || peekAt(1).kind() == Kind.WORD)) {
			advance();
			Token name = advance();
			return new ColumnRef(first.text(), name.text(), first.position());
		}
		return new ColumnRef(first.text(), first.position());
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
			catch (java.time.DateTimeException ex) {
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
			if (name.equals("extract") && peek().kind() == Kind.WORD && peekAt(1).is("from")) {
				Token field = advance();
				advance();
				String function = switch (field.text().toLowerCase(Locale.ROOT)) {
					case "year", "years" -> "year";
					case "month", "months" -> "month";
					case "day", "days" -> "day";
					default -> throw ExprException.at(field.position(),
							"EXTRACT supports YEAR, MONTH and DAY, not " + field.describe());
				};
				Expr source = expression();
				expectSymbol(")");
				return new FunctionCall(function, List.of(source), nameToken.position());
			}
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
				arguments.add(expression());
				if ((name.equals("substring") || name.equals("substr")) && acceptKeyword("from")) {
					// SUBSTRING(s FROM a [FOR b]) is substring(s, a[, b])
					arguments.add(expression());
					if (acceptKeyword("for")) {
						arguments.add(expression());
					}
				}
				else {
					while (acceptSymbol(",")) {
						arguments.add(expression());
					}
				}
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
				LocalDate d = Values.parseDate(s);
				if (d == null) {
					throw new IllegalArgumentException();
				}
				return new Literal(d, DataType.DATE, position);
			}
			LocalDateTime t = Values.parseTimestamp(s);
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
			if (lower.contains(".") && !lower.contains("e") && decimalLiterals()) {
				return new Literal(new BigDecimal(text), DataType.DECIMAL, position);
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

	/** An identifier: a backticked name or a word that is no keyword. */
	protected String name(String what) {
		Token t = peek();
		if (t.kind() == Kind.QUOTED || (t.kind() == Kind.WORD && !isReserved(t))) {
			advance();
			return t.text();
		}
		throw expected(what);
	}

	protected void enter(Token at) {
		if (++this.depth > MAX_DEPTH) {
			throw ExprException.at(at.position(), "expression nests deeper than " + MAX_DEPTH + " levels");
		}
	}

	/** Leaves a level entered with {@link #enter}. */
	protected void leave() {
		this.depth--;
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

	protected Token peek() {
		return this.tokens.get(this.index);
	}

	protected Token peekAt(int ahead) {
		return this.tokens.get(Math.min(this.index + ahead, this.tokens.size() - 1));
	}

	protected Token advance() {
		Token t = this.tokens.get(this.index);
		if (t.kind() != Kind.END) {
			this.index++;
		}
		return t;
	}

	protected boolean acceptKeyword(String keyword) {
		if (peek().kind() == Kind.WORD && peek().text().equalsIgnoreCase(keyword)) {
			advance();
			return true;
		}
		return false;
	}

	protected boolean acceptSymbol(String symbol) {
		if (peek().kind() == Kind.SYMBOL && peek().text().equals(symbol)) {
			advance();
			return true;
		}
		return false;
	}

	protected void expectSymbol(String symbol) {
		if (!acceptSymbol(symbol)) {
			throw expected("'" + symbol + "'");
		}
	}

	protected void expectEnd() {
		if (peek().kind() != Kind.END) {
			throw unexpected(peek());
		}
	}

	protected ExprException expected(String what) {
		Token t = peek();
		return new ExprException("expected " + what + " at position " + t.position() + ", found " + t.describe(),
				t.position());
	}

	protected ExprException unexpected(Token t) {
		if (t.kind() == Kind.END) {
			return ExprException.at(t.position(),
					this.text.isBlank() ? "expression is empty" : "unexpected end of expression");
		}
		return ExprException.at(t.position(), "unexpected " + t.describe());
	}

}
