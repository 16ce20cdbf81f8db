package dev.kindling.engine.expr;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
 * name makes an {@link AggregateCall}, any other a {@link FunctionCall}). Whatever nests
 * inside them is a whole {@link #expression()}, which {@link ExprParser} supplies.
 */
abstract class PrimaryParser extends TokenCursor {

	PrimaryParser(String text) {
		super(text);
	}

	/** A whole expression, loosest operator first. */
	abstract Expr expression();

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
		return new Cast(operand, type, start.position());
	}

	private Expr call() {
		Token nameToken = advance();
		String name = nameToken.text().toLowerCase(Locale.ROOT);
		advance();
		enter(nameToken);
		try {
			if (AggregateFunctions.isAggregate(name)) {
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
