package dev.kindling.engine.sql;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.expr.Binary;
import dev.kindling.engine.expr.ColumnRef;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.expr.FunctionCall;
import dev.kindling.engine.expr.Literal;
import dev.kindling.engine.expr.Subquery;
import dev.kindling.engine.sql.QueryBody.Select;
import dev.kindling.engine.sql.QueryBody.SetOperation;
import dev.kindling.engine.types.DataType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlParserTest {

	private static Select select(String sql) {
		Query q = SqlParser.parseQuery(sql);
		assertThat(q.body()).isInstanceOf(Select.class);
		return (Select) q.body();
	}

	private static SqlException error(String sql) {
		try {
			SqlParser.parseQuery(sql);
		}
		catch (SqlException ex) {
			return ex;
		}
		throw new AssertionError("parsed: " + sql);
	}

	@Test
	void readsEveryClauseOfASelect() {
		Query q = SqlParser.parseQuery("SELECT DISTINCT city, count(*) AS n FROM people WHERE age > 30 "
				+ "GROUP BY city HAVING count(*) > 1 ORDER BY n DESC, city NULLS LAST LIMIT 10;");
		Select s = (Select) q.body();
		assertThat(s.distinct()).isTrue();
		assertThat(s.items()).extracting(SelectItem::sql).containsExactly("city", "count(1) AS n");
		assertThat(s.from()).extracting(Relation::sql).containsExactly("people");
		assertThat(s.where().sql()).isEqualTo("(age > 30)");
		assertThat(s.groupBy()).extracting(Expr::sql).containsExactly("city");
		assertThat(s.having().sql()).isEqualTo("(count(1) > 1)");
		assertThat(q.orderBy()).extracting(k -> k.sql()).containsExactly("n DESC NULLS LAST", "city ASC NULLS LAST");
		assertThat(q.limit()).isEqualTo(10L);
	}

	@Test
	void keywordsAreCaseInsensitiveAndAliasesNeedNoAs() {
		Select s = select("select p.name nm, `order` from people p");
		assertThat(s.items()).extracting(SelectItem::sql).containsExactly("p.name AS nm", "order");
		assertThat(s.from()).extracting(Relation::sql).containsExactly("people p");
	}

	@Test
	void qualifiedNamesAndStarsResolveToTheirTable() {
		Select s = select("SELECT n1.n_name, t.*, * FROM nation n1, t");
		SelectItem.Item first = (SelectItem.Item) s.items().get(0);
		assertThat(first.expr()).isEqualTo(new ColumnRef("n1", "n_name", 7));
		assertThat(s.items().get(1)).isEqualTo(new SelectItem.Star("t", 18));
		assertThat(s.items().get(2)).isEqualTo(new SelectItem.Star(null, 23));
	}

	@Test
	void readsEveryJoinForm() {
		Select s = select("SELECT * FROM a JOIN b ON a.k = b.k LEFT OUTER JOIN c USING (k) RIGHT JOIN d ON true "
				+ "FULL JOIN e ON a.x = e.x LEFT SEMI JOIN f ON a.k = f.k LEFT ANTI JOIN g ON a.k = g.k "
				+ "CROSS JOIN h INNER JOIN i ON a.k = i.k");
		Relation r = s.from().get(0);
		List<Relation.Join.Kind> kinds = new java.util.ArrayList<>();
		while (r instanceof Relation.Join j) {
			kinds.add(0, j.kind());
			r = j.left();
		}
		assertThat(kinds).containsExactly(Relation.Join.Kind.INNER, Relation.Join.Kind.LEFT, Relation.Join.Kind.RIGHT,
				Relation.Join.Kind.FULL, Relation.Join.Kind.SEMI, Relation.Join.Kind.ANTI, Relation.Join.Kind.CROSS,
				Relation.Join.Kind.INNER);
		assertThat(s.from().get(0).sql()).contains("LEFT JOIN c USING (k)");
	}

	@Test
	void readsSubqueriesInFromWithColumnAliases() {
		Select s = select("SELECT c_count FROM (SELECT c_custkey, count(o_orderkey) FROM customer GROUP BY c_custkey) "
				+ "AS c_orders (c_custkey, c_count)");
		Relation.Derived d = (Relation.Derived) s.from().get(0);
		assertThat(d.alias()).isEqualTo("c_orders");
		assertThat(d.columns()).containsExactly("c_custkey", "c_count");
	}

	@Test
	void readsScalarExistsAndInSubqueries() {
		Select s = select("SELECT a FROM t WHERE x = (SELECT max(y) FROM u) AND NOT EXISTS (SELECT * FROM v "
				+ "WHERE v.k = t.k) AND k NOT IN (SELECT k FROM w) AND exists (select 1 from z)");
		List<Expr> conjuncts = dev.kindling.engine.logical.Predicates.conjuncts(s.where());
		assertThat(((Binary) conjuncts.get(0)).right()).isInstanceOf(Subquery.class);
		Subquery notExists = (Subquery) conjuncts.get(1);
		assertThat(notExists.kind()).isEqualTo(Subquery.Kind.EXISTS);
		assertThat(notExists.negated()).isTrue();
		Subquery notIn = (Subquery) conjuncts.get(2);
		assertThat(notIn.kind()).isEqualTo(Subquery.Kind.IN);
		assertThat(notIn.negated()).isTrue();
		assertThat(notIn.operand()).isEqualTo(new ColumnRef("k", 102));
		assertThat(((Subquery) conjuncts.get(3)).negated()).isFalse();
	}

	@Test
	void readsCommonTableExpressionsAndSetOperations() {
		Query q = SqlParser.parseQuery("WITH a AS (SELECT x FROM t), b (y) AS (SELECT x FROM a) "
				+ "SELECT x FROM a UNION ALL SELECT y FROM b INTERSECT SELECT x FROM t EXCEPT SELECT x FROM u");
		assertThat(q.with()).extracting(Query.Cte::name).containsExactly("a", "b");
		assertThat(q.with().get(1).columns()).containsExactly("y");
		SetOperation except = (SetOperation) q.body();
		assertThat(except.op()).isEqualTo(SetOperation.Op.EXCEPT);
		SetOperation union = (SetOperation) except.left();
		assertThat(union.op()).isEqualTo(SetOperation.Op.UNION);
		assertThat(union.all()).isTrue();
		// INTERSECT binds tighter than UNION
		assertThat(((SetOperation) union.right()).op()).isEqualTo(SetOperation.Op.INTERSECT);
	}

	@Test
	void readsTheSpecialFormsOfTpch() {
		Select s = select("SELECT extract(year FROM l_shipdate), substring(c_phone FROM 1 FOR 2), "
				+ "DATE '1998-12-01' - INTERVAL '90' DAY, date '1996-01-01' + interval '3' month, "
				+ "date '1994-01-01' + interval 1 year, l_shipdate + INTERVAL '7' DAY FROM t");
		List<Expr> e = s.items().stream().map(i -> ((SelectItem.Item) i).expr()).toList();
		assertThat(e.get(0)).isInstanceOf(FunctionCall.class);
		assertThat(e.get(0).sql()).isEqualTo("year(l_shipdate)");
		assertThat(e.get(1).sql()).isEqualTo("substring(c_phone, 1, 2)");
		assertThat(((Literal) e.get(2)).value()).isEqualTo(LocalDate.of(1998, 9, 2));
		assertThat(((Literal) e.get(3)).value()).isEqualTo(LocalDate.of(1996, 4, 1));
		assertThat(((Literal) e.get(4)).value()).isEqualTo(LocalDate.of(1995, 1, 1));
		assertThat(e.get(5).sql()).isEqualTo("(l_shipdate + 7)");
	}

	@Test
	void fractionalNumbersAreDecimalsAsInSparkSql() {
		Select s = select("SELECT 0.05, 1e3, 2.5D, 7 FROM t");
		List<Literal> l = s.items().stream().map(i -> (Literal) ((SelectItem.Item) i).expr()).toList();
		assertThat(l.get(0).value()).isEqualTo(new BigDecimal("0.05"));
		assertThat(l.get(0).type()).isEqualTo(DataType.decimal(2, 2));
		assertThat(l.get(1).type()).isEqualTo(DataType.DOUBLE);
		assertThat(l.get(2).type()).isEqualTo(DataType.DOUBLE);
		assertThat(l.get(3).type()).isEqualTo(DataType.INT);
		// the pipeline's expressions type them alike (Spark's decimal literals)
		assertThat(((Literal) ExprParser.parse("0.05")).type()).isEqualTo(DataType.decimal(2, 2));
	}

	@Test
	void commentsAreSkipped() {
		Select s = select("-- the cities\nSELECT /* all of them */ city FROM people -- done");
		assertThat(s.items()).extracting(SelectItem::sql).containsExactly("city");
	}

	@Test
	void anErrorNamesTheLineColumnAndToken() {
		SqlException ex = error("SELECT city,\n  count(*) AS n\nFROM people\nWHERE age >> 30");
		assertThat(ex.line()).isEqualTo(4);
		assertThat(ex.columnNumber()).isEqualTo(12);
		assertThat(ex.token()).isEqualTo(">");
		assertThat(ex.getMessage()).isEqualTo("unexpected '>' at line 4, column 12");
		assertThat(ex.pointer()).isEqualTo("/sql");
	}

	@Test
	void keywordsAreNeverAliases() {
		SqlException ex = error("SELECT a FROM t WHERE");
		assertThat(ex.getMessage()).isEqualTo("unexpected end of expression at line 1, column 22");
		assertThat(error("SELECT a FROM").getMessage()).startsWith("expected a table name at line 1, column 14");
		assertThat(error("SELECT a FROM t GROUP x").getMessage()).startsWith("expected BY after GROUP");
		assertThat(error("SELECT a FROM t LEFT JOIN u").getMessage()).startsWith("expected ON or USING");
		assertThat(error("SELECT a FROM t LIMIT x").getMessage()).startsWith("expected a whole number after LIMIT");
		assertThat(error("SELECT a FROM t t2 t3").token()).isEqualTo("t3");
	}

	@Test
	void intervalsNeedADateAndAUnit() {
		assertThat(error("SELECT INTERVAL '3' DAY FROM t").getMessage())
			.startsWith("an INTERVAL must be added to or subtracted from a date");
		assertThat(error("SELECT d + INTERVAL '3' HOUR FROM t").getMessage()).startsWith("expected an INTERVAL unit");
		assertThat(error("SELECT d + INTERVAL '3' MONTH FROM t").getMessage())
			.startsWith("INTERVAL MONTH is only supported on a date literal");
	}

	@Test
	void subqueriesAreOnlyForSql() {
		assertThatThrownBy(() -> ExprParser.parse("x IN (SELECT y FROM t)"))
			.hasMessage("a subquery is only allowed in a SQL job at position 6");
	}

	@Test
	void emptyOrUnfinishedSqlIsAnError() {
		assertThat(error(" ").getMessage()).isEqualTo("sql is empty");
		assertThat(error("SELECT a FROM t WHERE (b").getMessage()).startsWith("expected ')'");
		assertThat(error("SELECT a FROM t; SELECT b FROM u").getMessage()).startsWith("unexpected 'SELECT'");
		assertThat(error("SELECT a FROM t /* open").getMessage()).startsWith("unterminated comment");
	}

}
