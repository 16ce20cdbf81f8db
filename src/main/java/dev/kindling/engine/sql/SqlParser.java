package dev.kindling.engine.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.expr.Lexer;
import dev.kindling.engine.expr.Lexer.Kind;
import dev.kindling.engine.expr.Lexer.Token;
import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.expr.Subquery;
import dev.kindling.engine.sql.QueryBody.Select;
import dev.kindling.engine.sql.QueryBody.SetOperation;

/**
 * A recursive-descent parser for Spark SQL's query syntax, built on the expression
 * grammar of {@link ExprParser} (same tokens, precedence and messages):
 *
 * <pre>
 * statement  = query [';']
 * query      = [WITH cte {, cte}] setExpr [ORDER BY sortKey {, sortKey}] [LIMIT n]
 * cte        = name ['(' names ')'] AS '(' query ')'
 * setExpr    = setTerm {(UNION | EXCEPT | MINUS) [ALL | DISTINCT] setTerm}
 * setTerm    = primary {INTERSECT [ALL | DISTINCT] primary}
 * primary    = select | '(' query ')'
 * select     = SELECT [DISTINCT | ALL] item {, item} [FROM relation {, relation}]
 *              [WHERE expr] [GROUP BY expr {, expr}] [HAVING expr]
 * item       = '*' | name '.' '*' | expr [[AS] alias]
 * relation   = source {join}
 * join       = [INNER | CROSS | LEFT [OUTER | SEMI | ANTI] | RIGHT [OUTER] | FULL [OUTER]]
 *              JOIN source [ON expr | USING '(' names ')']
 * source     = name [[AS] alias] | '(' query ')' [AS] alias ['(' names ')'] | '(' relation ')'
 * </pre>
 *
 * Expressions add subqueries ({@code (SELECT ...)}, {@code [NOT] EXISTS (...)},
 * {@code x [NOT] IN (SELECT ...)}), qualified names ({@code t.c}) and decimal literals
 * ({@code 0.05} is a decimal, as in Spark). {@code --} and {@code /* *}{@code /} are
 * comments. Every error is a {@link SqlException} naming the line, the column and the
 * token.
 */
public final class SqlParser extends ExprParser {

	/** The longest SQL text accepted, in characters. */
	public static final int MAX_LENGTH = 100_000;

	/** Words that end a clause, so never read as an alias or a column name. */
	private static final Set<String> KEYWORDS = Set.of("select", "from", "where", "group", "by", "having", "order",
			"limit", "join", "inner", "left", "right", "full", "outer", "cross", "semi", "anti", "on", "using", "union",
			"intersect", "except", "minus", "with", "all", "exists", "interval", "natural", "lateral", "window");

	private final String sql;

	private SqlParser(String sql, List<Token> tokens) {
		super(sql, tokens);
		this.sql = sql;
	}

	/**
	 * Parses one query (an optional {@code ;} may end it).
	 * @throws SqlException naming the line and column of the first error
	 */
	public static Query parseQuery(String sql) {
		if (sql == null || sql.isBlank()) {
			throw SqlException.at("", -1, "sql is empty", null, null);
		}
		if (sql.length() > MAX_LENGTH) {
			throw SqlException.at(sql, -1,
					"sql is " + sql.length() + " characters long, more than the limit of " + MAX_LENGTH, null, null);
		}
		try {
			SqlParser parser = new SqlParser(sql, Lexer.tokenizeSql(sql));
			Query query = parser.query();
			parser.acceptSymbol(";");
			parser.expectEnd();
			return query;
		}
		catch (ExprException ex) {
			throw SqlException.at(sql, ex.position(), ex.getMessage(), null, ex);
		}
	}

	// --- hooks of the expression grammar

	@Override
	protected Subquery.Query subquery() {
		return query();
	}

	@Override
	protected boolean qualifiedNames() {
		return true;
	}

	@Override
	protected boolean decimalLiterals() {
		return true;
	}

	@Override
	protected boolean isReserved(Token t) {
		return super.isReserved(t) || (t.kind() == Kind.WORD && KEYWORDS.contains(t.text().toLowerCase(Locale.ROOT)));
	}

	// --- queries

	private Query query() {
		Token start = peek();
		enter(start);
		List<Query.Cte> with = new ArrayList<>();
		if (acceptKeyword("with")) {
			do {
				Token at = peek();
				String name = name("a table name after WITH");
				List<String> columns = acceptSymbol("(") ? names() : List.of();
				if (!acceptKeyword("as")) {
					throw expected("AS after the name of a WITH table");
				}
				expectSymbol("(");
				Query q = query();
				expectSymbol(")");
				with.add(new Query.Cte(name, columns, q, at.position()));
			}
			while (acceptSymbol(","));
		}
		QueryBody body = setExpression();
		List<SortKey> orderBy = new ArrayList<>();
		if (peek().is("order")) {
			advance();
			expectKeyword("by", "BY after ORDER");
			do {
				orderBy.add(sortKey());
			}
			while (acceptSymbol(","));
		}
		Long limit = null;
		if (acceptKeyword("limit")) {
			Token n = peek();
			if (n.kind() != Kind.NUMBER || !n.text().chars().allMatch(Character::isDigit)) {
				throw expected("a whole number after LIMIT");
			}
			advance();
			try {
				limit = Long.parseLong(n.text());
			}
			catch (NumberFormatException ex) {
				throw new ExprException("LIMIT " + n.text() + " is too large at position " + n.position(),
						n.position());
			}
		}
		leave();
		return new Query(with, body, orderBy, limit, start.position());
	}

	private SortKey sortKey() {
		Expr e = expression();
		boolean ascending = true;
		if (acceptKeyword("asc")) {
			ascending = true;
		}
		else if (acceptKeyword("desc")) {
			ascending = false;
		}
		boolean nullsFirst = ascending;
		if (acceptKeyword("nulls")) {
			if (acceptKeyword("first")) {
				nullsFirst = true;
			}
			else if (acceptKeyword("last")) {
				nullsFirst = false;
			}
			else {
				throw expected("FIRST or LAST after NULLS");
			}
		}
		return new SortKey(e, ascending, nullsFirst);
	}

	private QueryBody setExpression() {
		QueryBody left = setTerm();
		while (peek().is("union") || peek().is("except") || peek().is("minus")) {
			Token op = advance();
			boolean all = setQuantifier();
			QueryBody right = setTerm();
			left = new SetOperation(op.is("union") ? SetOperation.Op.UNION : SetOperation.Op.EXCEPT, all, left, right,
					op.position());
		}
		return left;
	}

	private QueryBody setTerm() {
		QueryBody left = setPrimary();
		while (peek().is("intersect")) {
			Token op = advance();
			boolean all = setQuantifier();
			left = new SetOperation(SetOperation.Op.INTERSECT, all, left, setPrimary(), op.position());
		}
		return left;
	}

	private boolean setQuantifier() {
		if (acceptKeyword("all")) {
			return true;
		}
		acceptKeyword("distinct");
		return false;
	}

	private QueryBody setPrimary() {
		if (peek().is("(") && (startsQuery(1) || peekAt(1).is("("))) {
			advance();
			Query inner = query();
			expectSymbol(")");
			return new QueryBody.Nested(inner);
		}
		if (!peek().is("select")) {
			throw expected("SELECT");
		}
		return select();
	}

	private Select select() {
		Token start = advance();
		boolean distinct = acceptKeyword("distinct");
		if (!distinct) {
			acceptKeyword("all");
		}
		List<SelectItem> items = new ArrayList<>();
		do {
			items.add(selectItem());
		}
		while (acceptSymbol(","));
		List<Relation> from = new ArrayList<>();
		if (acceptKeyword("from")) {
			do {
				from.add(relation());
			}
			while (acceptSymbol(","));
		}
		Expr where = acceptKeyword("where") ? expression() : null;
		List<Expr> groupBy = new ArrayList<>();
		if (peek().is("group")) {
			advance();
			expectKeyword("by", "BY after GROUP");
			do {
				groupBy.add(expression());
			}
			while (acceptSymbol(","));
		}
		Expr having = acceptKeyword("having") ? expression() : null;
		return new Select(distinct, items, from, where, groupBy, having, start.position());
	}

	private SelectItem selectItem() {
		Token t = peek();
		if (t.is("*")) {
			advance();
			return new SelectItem.Star(null, t.position());
		}
		if ((t.kind() == Kind.WORD || t.kind() == Kind.QUOTED) && peekAt(1).is(".") && peekAt(2).is("*")) {
			advance();
			advance();
			advance();
			return new SelectItem.Star(t.text(), t.position());
		}
		Expr e = expression();
		return new SelectItem.Item(e, alias(), t.position());
	}

	/** {@code [AS] alias}, or null when none follows. */
	private String alias() {
		if (acceptKeyword("as")) {
			return name("an alias after AS");
		}
		Token t = peek();
		if (t.kind() == Kind.QUOTED || (t.kind() == Kind.WORD && !isReserved(t))) {
			advance();
			return t.text();
		}
		return null;
	}

	private Relation relation() {
		Relation left = source();
		while (true) {
			Token t = peek();
			Relation.Join.Kind kind;
			if (t.is("join")) {
				kind = Relation.Join.Kind.INNER;
			}
			else if (t.is("inner")) {
				advance();
				kind = Relation.Join.Kind.INNER;
			}
			else if (t.is("cross")) {
				advance();
				kind = Relation.Join.Kind.CROSS;
			}
			else if (t.is("left")) {
				advance();
				if (acceptKeyword("semi")) {
					kind = Relation.Join.Kind.SEMI;
				}
				else if (acceptKeyword("anti")) {
					kind = Relation.Join.Kind.ANTI;
				}
				else {
					acceptKeyword("outer");
					kind = Relation.Join.Kind.LEFT;
				}
			}
			else if (t.is("right")) {
				advance();
				acceptKeyword("outer");
				kind = Relation.Join.Kind.RIGHT;
			}
			else if (t.is("full")) {
				advance();
				acceptKeyword("outer");
				kind = Relation.Join.Kind.FULL;
			}
			else if (t.is("semi") || t.is("anti")) {
				advance();
				kind = t.is("semi") ? Relation.Join.Kind.SEMI : Relation.Join.Kind.ANTI;
			}
			else {
				return left;
			}
			expectKeyword("join", "JOIN");
			Relation right = source();
			Expr condition = null;
			List<String> using = List.of();
			if (acceptKeyword("on")) {
				condition = expression();
			}
			else if (acceptKeyword("using")) {
				expectSymbol("(");
				using = names();
			}
			else if (kind != Relation.Join.Kind.CROSS && kind != Relation.Join.Kind.INNER) {
				throw expected("ON or USING after a " + kind.name() + " JOIN");
			}
			if (kind == Relation.Join.Kind.CROSS && (condition != null || !using.isEmpty())) {
				throw new ExprException("a CROSS JOIN takes no condition at position " + t.position(), t.position());
			}
			left = new Relation.Join(left, right, kind, condition, using, t.position());
		}
	}

	private Relation source() {
		Token t = peek();
		if (t.is("(")) {
			advance();
			if (startsQuery(0) || peek().is("(")) {
				if (!startsQuery(0)) {
					// ( ( ... : a nested relation or a nested query; relations nest only
					// as joins
					Relation inner = relation();
					expectSymbol(")");
					return inner;
				}
				Query q = query();
				expectSymbol(")");
				String alias = alias();
				List<String> columns = List.of();
				if (alias != null && acceptSymbol("(")) {
					columns = names();
				}
				return new Relation.Derived(q, alias, columns, t.position());
			}
			Relation inner = relation();
			expectSymbol(")");
			return inner;
		}
		String name = name("a table name");
		return new Relation.Table(name, alias(), t.position());
	}

	/** {@code name {, name} )}, after the opening parenthesis. */
	private List<String> names() {
		List<String> names = new ArrayList<>();
		do {
			names.add(name("a column name"));
		}
		while (acceptSymbol(","));
		expectSymbol(")");
		return names;
	}

	private void expectKeyword(String keyword, String what) {
		if (!acceptKeyword(keyword)) {
			throw expected(what);
		}
	}

}
