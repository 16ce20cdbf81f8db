package dev.kindling.engine.expr;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.kindling.engine.aggregate.AggregateFunctions;
import dev.kindling.engine.expr.Lexer.Kind;
import dev.kindling.engine.expr.Lexer.Token;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.DecimalType;
import dev.kindling.engine.types.Temporal;

/**
 * The operands of the expression grammar: literals (numbers with Spark's suffixes,
 * strings, {@code DATE '...'}, {@code TIMESTAMP '...'}), column names, parenthesised
 * expressions, {@code CASE}, {@code CAST} and function calls (an aggregate function's
 * name makes an {@link AggregateCall}, any other a {@link FunctionCall}), with Spark's
 * special forms {@code EXTRACT(YEAR FROM d)} (and MONTH, DAY) and
 * {@code SUBSTRING(s FROM a [FOR b])}. Whatever nests inside them is a whole
 * {@link #expression()}, which {@link ExprParser} supplies.
 *
 * <p>
 * The SQL parser's hooks ({@link #subquery}, {@link #qualifiedNames}) add subqueries
 * ({@code (SELECT ...)}, {@code EXISTS (SELECT ...)}) and qualified names ({@code t.c}).
 */
abstract class PrimaryParser extends TokenCursor {

	/**
	 * Spark's narrower types, which Kindling does not have (a cast to one is an error).
	 */
	private static final Set<String> NARROW_TYPES = Set.of("tinyint", "byte", "smallint", "short", "float", "real");

	PrimaryParser(String text) {
		super(text);
	}

	PrimaryParser(String text, List<Token> tokens) {
		super(text, tokens);
	}

	/** A whole expression, loosest operator first. */
	protected abstract Expr expression();

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

	/** Whether the token {@code ahead} of the next one starts a query. */
	protected final boolean startsQuery(int ahead) {
		Token t = peekAt(ahead);
		return t.kind() == Kind.WORD && (t.is("select") || t.is("with"));
	}

	final Expr primary() {
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
			if (lower.equals("cast") || lower.equals("try_cast")) {
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
			throw expected("AS in " + start.text().toUpperCase(Locale.ROOT));
		}
		Token typeToken = peek();
		if (typeToken.kind() != Kind.WORD) {
			throw expected("a type name");
		}
		advance();
		StringBuilder typeName = new StringBuilder(typeToken.text());
		if (acceptSymbol("(")) {
			// decimal(10, 2)
			typeName.append('(');
			String separator = "";
			do {
				Token n = peek();
				if (n.kind() != Kind.NUMBER) {
					throw expected("a number in the type");
				}
				typeName.append(separator).append(advance().text());
				separator = ",";
			}
			while (acceptSymbol(","));
			expectSymbol(")");
			typeName.append(')');
		}
		String narrow = typeName.toString().toLowerCase(Locale.ROOT);
		if (NARROW_TYPES.contains(narrow)) {
			// a schema may name them (read as int or double), but a cast to one would
			// give a wider value than Spark's, or none of its overflow errors
			throw ExprException.at(typeToken.position(), start.text().toUpperCase(Locale.ROOT) + " to " + narrow
					+ " is not supported: the types are int, bigint, double, decimal(p,s), string, boolean, date "
					+ "and timestamp");
		}
		DataType type;
		try {
			type = DataType.parse(typeName.toString());
		}
		catch (IllegalArgumentException ex) {
			throw ExprException.at(typeToken.position(),
					ex.getMessage().startsWith("unknown type") ? "unknown type '" + typeName + "'" : ex.getMessage());
		}
		expectSymbol(")");
		this.depth--;
		return new Cast(operand, type, start.text().equalsIgnoreCase("try_cast"), start.position());
	}

	private Expr call() {
		Token nameToken = advance();
		String name = nameToken.text().toLowerCase(Locale.ROOT);
		advance();
		enter(nameToken);
		Expr function;
		try {
			function = arguments(name, nameToken);
		}
		finally {
			this.depth--;
		}
		boolean ignoreNulls = false;
		if (peek().is("ignore") && peekAt(1).is("nulls")) {
			advance();
			advance();
			ignoreNulls = true;
		}
		else if (peek().is("respect") && peekAt(1).is("nulls")) {
			advance();
			advance();
		}
		if (peek().is("over")) {
			return over(function, ignoreNulls, nameToken);
		}
		if (ignoreNulls) {
			throw expected("OVER after IGNORE NULLS");
		}
		return function;
	}

	/** The arguments of a call, after its '(': an aggregate or a function call. */
	private Expr arguments(String name, Token nameToken) {
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
		if (AggregateFunctions.isAggregate(name)) {
			if (name.equals("count") && peek().kind() == Kind.SYMBOL && peek().text().equals("*")) {
				advance();
				expectSymbol(")");
				return new AggregateCall(name, List.of(), false, nameToken.position());
			}
			boolean distinct = acceptKeyword("distinct");
			if (!distinct && peek().is("all") && !peekAt(1).is(")") && !peekAt(1).is(",")) {
				// count(ALL x); but count(all) counts a column named all
				advance();
			}
			List<Expr> arguments = new ArrayList<>();
			if (!acceptSymbol(")")) {
				do {
					arguments.add(expression());
				}
				while (acceptSymbol(","));
				expectSymbol(")");
			}
			if (arguments.isEmpty() && !distinct && AggregateFunctions.find(name).minArguments() == 0) {
				return new AggregateCall(name, arguments, false, nameToken.position());
			}
			if (arguments.isEmpty()) {
				throw ExprException.at(nameToken.position(), name + " needs an argument");
			}
			return new AggregateCall(name, arguments, distinct, nameToken.position());
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

	/**
	 * {@code OVER ([PARTITION BY e, ...] [ORDER BY key, ...] [frame])} after a call.
	 */
	private Expr over(Expr function, boolean ignoreNulls, Token nameToken) {
		Token over = advance();
		enter(over);
		expectSymbol("(");
		List<Expr> partitionBy = new ArrayList<>();
		List<SortKey> orderBy = new ArrayList<>();
		if (peek().is("partition") && peekAt(1).is("by")) {
			advance();
			advance();
			do {
				partitionBy.add(expression());
			}
			while (acceptSymbol(","));
		}
		if (peek().is("order") && peekAt(1).is("by")) {
			advance();
			advance();
			do {
				orderBy.add(sortKey());
			}
			while (acceptSymbol(","));
		}
		WindowFrame frame = null;
		if (peek().is("rows") || peek().is("range")) {
			frame = frame();
		}
		expectSymbol(")");
		this.depth--;
		return new WindowExpr(function, partitionBy, orderBy, frame, ignoreNulls, nameToken.position());
	}

	/** {@code expression [ASC | DESC] [NULLS FIRST | NULLS LAST]}, Spark's defaults. */
	final SortKey sortKey() {
		Expr e = expression();
		boolean ascending = true;
		if (peek().is("asc")) {
			advance();
		}
		else if (peek().is("desc")) {
			advance();
			ascending = false;
		}
		boolean nullsFirst = ascending;
		if (peek().is("nulls")) {
			advance();
			if (peek().is("first")) {
				nullsFirst = true;
			}
			else if (peek().is("last")) {
				nullsFirst = false;
			}
			else {
				throw expected("FIRST or LAST after NULLS");
			}
			advance();
		}
		return new SortKey(e, ascending, nullsFirst);
	}

	/** {@code (ROWS | RANGE) (BETWEEN bound AND bound | bound)}. */
	final WindowFrame frame() {
		WindowFrame.Type type = advance().text().equalsIgnoreCase("rows") ? WindowFrame.Type.ROWS
				: WindowFrame.Type.RANGE;
		if (acceptKeyword("between")) {
			WindowFrame.Bound start = bound();
			if (!acceptKeyword("and")) {
				throw expected("AND in the window frame");
			}
			return new WindowFrame(type, start, bound());
		}
		return new WindowFrame(type, bound(), WindowFrame.Bound.CURRENT_ROW);
	}

	private WindowFrame.Bound bound() {
		Token t = peek();
		if (t.is("unbounded")) {
			advance();
			if (acceptKeyword("preceding")) {
				return WindowFrame.Bound.UNBOUNDED_PRECEDING;
			}
			if (acceptKeyword("following")) {
				return WindowFrame.Bound.UNBOUNDED_FOLLOWING;
			}
			throw expected("PRECEDING or FOLLOWING after UNBOUNDED");
		}
		if (t.is("current")) {
			advance();
			if (!acceptKeyword("row")) {
				throw expected("ROW after CURRENT");
			}
			return WindowFrame.Bound.CURRENT_ROW;
		}
		if (t.kind() == Kind.NUMBER) {
			advance();
			Object value = number(t.text(), t.position()).value();
			if (!(value instanceof Number offset)) {
				throw ExprException.at(t.position(), "a window frame bound must be a number, got " + t.text());
			}
			if (acceptKeyword("preceding")) {
				return new WindowFrame.Bound(WindowFrame.Kind.PRECEDING, offset);
			}
			if (acceptKeyword("following")) {
				return new WindowFrame.Bound(WindowFrame.Kind.FOLLOWING, offset);
			}
			throw expected("PRECEDING or FOLLOWING after " + t.text());
		}
		throw expected("a window frame bound (UNBOUNDED PRECEDING, n PRECEDING, CURRENT ROW, n FOLLOWING or "
				+ "UNBOUNDED FOLLOWING)");
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

	/**
	 * A number literal, typed as Spark types it: {@code 10} int (bigint, then
	 * {@code decimal(p,0)} when it does not fit), {@code 1.5} {@code decimal(2,1)},
	 * {@code 1e3} and {@code 1.5D} double, {@code 10L} bigint, {@code 1.5BD} decimal. A
	 * decimal of more than 38 digits is refused here, as Spark's parser refuses it,
	 * without computing its digits ({@code 1e10000000BD} costs nothing).
	 */
	final Literal number(String text, int position) {
		String lower = text.toLowerCase(Locale.ROOT);
		try {
			if (lower.endsWith("bd")) {
				return decimalLiteral(text, text.substring(0, text.length() - 2), position);
			}
			if (lower.endsWith("d")) {
				return doubleLiteral(text, Double.parseDouble(text.substring(0, text.length() - 1)), position);
			}
			if (lower.endsWith("l")) {
				BigDecimal value = new BigDecimal(text.substring(0, text.length() - 1));
				if (value.scale() > 0 || value.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0
						|| value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
					throw ExprException.at(position, "number '" + text + "' is out of the range of bigint ["
							+ Long.MIN_VALUE + ", " + Long.MAX_VALUE + "]");
				}
				return new Literal(value.longValueExact(), DataType.BIGINT, position);
			}
			if (lower.contains("e")) {
				return doubleLiteral(text, Double.parseDouble(text), position);
			}
			if (lower.contains(".")) {
				return decimalLiteral(text, text, position);
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
			return decimalLiteral(text, text, position);
		}
		catch (NumberFormatException ex) {
			throw ExprException.at(position, "malformed number '" + text + "'");
		}
	}

	/**
	 * {@code number} as a decimal literal with Spark's type: as many digits as written
	 * ({@code 0.01} is {@code decimal(2,2)}), a negative exponent's zeros made digits
	 * ({@code 1e3BD} is {@code decimal(4,0)}).
	 */
	private static Literal decimalLiteral(String text, String number, int position) {
		BigDecimal value = new BigDecimal(number);
		long precision = value.precision();
		int scale = value.scale();
		if (scale < 0) {
			precision -= scale;
			scale = 0;
		}
		else if (precision < scale) {
			precision = scale;
		}
		if (precision > DecimalType.MAX_PRECISION) {
			throw ExprException.at(position,
					"[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision " + precision
							+ " exceeds max precision " + DecimalType.MAX_PRECISION + " in the literal '"
							+ ((text.length() > 40) ? text.substring(0, 40) + "..." : text) + "'");
		}
		// at most 38 digits now, so no scale change below can be costly
		BigDecimal v = (value.scale() < 0) ? value.setScale(0) : value;
		return new Literal(v, DecimalType.of((int) precision, scale), position);
	}

	private static Literal doubleLiteral(String text, double value, int position) {
		if (Double.isInfinite(value)) {
			throw ExprException.at(position, "number '" + text + "' is out of the range of double");
		}
		return new Literal(value, DataType.DOUBLE, position);
	}

}
