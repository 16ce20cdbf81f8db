package dev.kindling.engine.sql;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kindling.engine.exec.LocalJobRunner;
import dev.kindling.engine.logical.Join;
import dev.kindling.engine.logical.LogicalPlan;
import dev.kindling.engine.planner.PlanPrinter;
import dev.kindling.engine.spec.ActionSpec;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.engine.spec.SourceSpec;
import dev.kindling.engine.spec.StepSpec;
import dev.kindling.engine.types.Field;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SQL's semantics through the analyzer, the optimizer and every stage of the engine (in
 * process, several splits and shuffle partitions), each answer compared with DuckDB's on
 * the same small files, which have nulls where they matter: names and scopes, self-joins,
 * aggregates, ordering by hidden columns, set operations, and each kind of subquery.
 */
class SqlPlannerTest {

	@TempDir
	static Path root;

	private static Connection duck;

	private static final String PEOPLE = "id INT, name STRING, dept STRING, salary INT, manager INT";

	private static final String DEPTS = "dept STRING, floor INT";

	@BeforeAll
	static void data() throws IOException, SQLException {
		StringBuilder people = new StringBuilder("id,name,dept,salary,manager\n");
		String[] depts = { "eng", "ops", "sales", "" };
		for (int i = 1; i <= 60; i++) {
			String dept = depts[i % 4];
			String manager = i <= 3 ? "" : Integer.toString(1 + i % 7);
			people.append(i)
				.append(",p")
				.append(i)
				.append(',')
				.append(dept)
				.append(',')
				.append(20 + (i * 37) % 90)
				.append(',')
				.append(manager)
				.append('\n');
		}
		Files.writeString(root.resolve("people.csv"), people);
		Files.writeString(root.resolve("depts.csv"), "dept,floor\neng,1\nops,2\nhr,3\n,4\n");
		duck = DriverManager.getConnection("jdbc:duckdb:");
		try (Statement s = duck.createStatement()) {
			s.execute("CREATE TABLE people AS SELECT * FROM read_csv('" + root.resolve("people.csv")
					+ "', header = true, columns = {'id': 'INTEGER', 'name': 'VARCHAR', 'dept': 'VARCHAR', "
					+ "'salary': 'INTEGER', 'manager': 'INTEGER'})");
			s.execute("CREATE TABLE depts AS SELECT * FROM read_csv('" + root.resolve("depts.csv")
					+ "', header = true, columns = {'dept': 'VARCHAR', 'floor': 'INTEGER'})");
		}
	}

	@AfterAll
	static void close() throws SQLException {
		duck.close();
	}

	private static Map<String, SourceSpec> tables() {
		Map<String, SourceSpec> tables = new LinkedHashMap<>();
		tables.put("people", source("people.csv", PEOPLE));
		tables.put("depts", source("depts.csv", DEPTS));
		return tables;
	}

	private static SourceSpec source(String path, String schema) {
		return new SourceSpec("csv", path, true, false, schema, null, null, null, null, null, null, null, null, null,
				null, null, null, 3, null, null, null, null, null, null, null, null, null, null, null, null, null,
				null);
	}

	private static LocalJobRunner.Result run(String sql) {
		return new LocalJobRunner(root, 3, 3, 100).run(JobSpec.sql("t", sql, tables(), null));
	}

	private static List<List<Object>> rows(LocalJobRunner.Result result) {
		List<List<Object>> out = new ArrayList<>();
		for (Object[] row : result.rows()) {
			out.add(Arrays.stream(row).map(SqlPlannerTest::canonical).toList());
		}
		return out;
	}

	private static List<List<Object>> duck(String sql) throws SQLException {
		List<List<Object>> out = new ArrayList<>();
		try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql)) {
			int n = rs.getMetaData().getColumnCount();
			while (rs.next()) {
				List<Object> row = new ArrayList<>();
				for (int i = 1; i <= n; i++) {
					row.add(canonical(rs.getObject(i)));
				}
				out.add(row);
			}
		}
		return out;
	}

	private static Object canonical(Object v) {
		if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof java.math.BigInteger) {
			return ((Number) v).longValue();
		}
		if (v instanceof Number n) {
			return new BigDecimal(n.toString()).round(new MathContext(9)).doubleValue();
		}
		return v == null ? null : v.toString();
	}

	private static void agrees(String sql) throws SQLException {
		agrees(sql, sql);
	}

	/**
	 * Kindling's answer to {@code sql} is DuckDB's to {@code duckSql}: in order if
	 * ordered.
	 */
	private static void agrees(String sql, String duckSql) throws SQLException {
		List<List<Object>> actual = rows(run(sql));
		List<List<Object>> expected = duck(duckSql);
		if (sql.toLowerCase(java.util.Locale.ROOT).contains("order by")) {
			assertThat(actual).as(sql).containsExactlyElementsOf(expected);
		}
		else {
			assertThat(actual).as(sql).containsExactlyInAnyOrderElementsOf(expected);
		}
		assertThat(expected).as("the oracle returns rows for " + duckSql).isNotEmpty();
	}

	@Test
	void commaJoinsAndQualifiedNames() throws SQLException {
		agrees("SELECT p.name, d.floor FROM people p, depts d WHERE p.dept = d.dept AND d.floor < 3");
		agrees("SELECT people.name, depts.floor FROM depts, people WHERE people.dept = depts.dept");
	}

	@Test
	void selfJoinsKeepTheColumnsOfEachSideApart() throws SQLException {
		agrees("SELECT e.name, m.name AS boss, e.salary - m.salary AS diff FROM people e JOIN people m "
				+ "ON e.manager = m.id WHERE m.salary > 50");
		agrees("SELECT e.id, m.id FROM people e LEFT JOIN people m ON e.manager = m.id AND m.dept = 'eng'");
		LocalJobRunner.Result result = run("SELECT e.name, m.name FROM people e JOIN people m ON e.manager = m.id");
		assertThat(result.schema().names()).containsExactly("name", "name");
	}

	@Test
	void everyJoinKind() throws SQLException {
		agrees("SELECT p.id, d.dept FROM people p RIGHT JOIN depts d ON p.dept = d.dept");
		agrees("SELECT p.id, d.floor FROM people p FULL OUTER JOIN depts d ON p.dept = d.dept");
		// Spark puts the USING key first
		agrees("SELECT * FROM people JOIN depts USING (dept)",
				"SELECT dept, id, name, salary, manager, floor FROM people JOIN depts USING (dept)");
		agrees("SELECT dept, id, floor FROM people FULL JOIN depts USING (dept)");
		agrees("SELECT p.id FROM people p LEFT SEMI JOIN depts d ON p.dept = d.dept",
				"SELECT p.id FROM people p WHERE EXISTS (SELECT 1 FROM depts d WHERE p.dept = d.dept)");
		agrees("SELECT p.id FROM people p LEFT ANTI JOIN depts d ON p.dept = d.dept",
				"SELECT p.id FROM people p WHERE NOT EXISTS (SELECT 1 FROM depts d WHERE p.dept = d.dept)");
		agrees("SELECT p.id, d.floor FROM people p CROSS JOIN depts d WHERE p.id < 4");
	}

	@Test
	void aggregatesHavingAndOrderByAliasesAndHiddenColumns() throws SQLException {
		agrees("SELECT dept, count(*) AS n, sum(salary) / count(*) AS mean, max(salary) - min(salary) AS spread "
				+ "FROM people GROUP BY dept HAVING count(*) > 1 AND sum(salary) > 100 ORDER BY n DESC, dept NULLS FIRST");
		agrees("SELECT name FROM people WHERE dept = 'eng' ORDER BY salary DESC, id LIMIT 4");
		agrees("SELECT dept AS d, count(*) FROM people GROUP BY 1 ORDER BY 2 DESC, 1 NULLS FIRST");
		agrees("SELECT dept, count(*) AS n FROM people GROUP BY dept ORDER BY max(salary), dept");
		agrees("SELECT count(*), count(manager), count(DISTINCT manager) FROM people");
		agrees("SELECT DISTINCT dept FROM people ORDER BY dept NULLS LAST");
		agrees("SELECT salary % 10 AS bucket, count(*) FROM people GROUP BY salary % 10");
	}

	@Test
	void setOperationsAreDistinctUnlessAll() throws SQLException {
		agrees("SELECT dept FROM people UNION SELECT dept FROM depts");
		agrees("SELECT dept FROM depts UNION ALL SELECT dept FROM depts");
		agrees("SELECT dept FROM people INTERSECT SELECT dept FROM depts");
		agrees("SELECT dept FROM depts EXCEPT SELECT dept FROM people");
		agrees("SELECT id, salary FROM people WHERE id < 5 UNION ALL SELECT floor, floor * 10 FROM depts ORDER BY 1, 2");
	}

	@Test
	void existsAndInBecomeSemiAndAntiJoins() throws SQLException {
		agrees("SELECT d.dept FROM depts d WHERE EXISTS (SELECT * FROM people p WHERE p.dept = d.dept "
				+ "AND p.salary > 100)");
		agrees("SELECT d.floor FROM depts d WHERE NOT EXISTS (SELECT * FROM people p WHERE p.dept = d.dept)");
		agrees("SELECT id FROM people WHERE dept IN (SELECT dept FROM depts WHERE floor > 1)");
		agrees("SELECT e.id FROM people e WHERE EXISTS (SELECT 1 FROM people m WHERE m.id = e.manager "
				+ "AND m.dept <> e.dept)");
		LogicalPlan plan = run("SELECT id FROM people WHERE dept IN (SELECT dept FROM depts)").plan().optimized();
		assertThat(PlanPrinter.text(plan)).contains("Join semi on dept = dept#2");
	}

	@Test
	void notInIsNullAware() throws SQLException {
		// the subquery has a null: NOT IN is never true
		assertThat(rows(run("SELECT id FROM people WHERE manager NOT IN (SELECT manager FROM people)"))).isEmpty();
		assertThat(duck("SELECT id FROM people WHERE manager NOT IN (SELECT manager FROM people)")).isEmpty();
		// no null in the subquery: rows with a null manager are not kept either
		agrees("SELECT id FROM people WHERE manager NOT IN (SELECT id FROM people WHERE id > 4)");
		// an empty subquery keeps every row, nulls included
		agrees("SELECT id FROM people WHERE manager NOT IN (SELECT id FROM people WHERE id > 1000)");
	}

	@Test
	void scalarSubqueriesJoinTheirOneRowOrTheirGroupPerKey() throws SQLException {
		agrees("SELECT name FROM people WHERE salary > (SELECT avg(salary) FROM people) + 10");
		agrees("SELECT p.name FROM people p WHERE p.salary = (SELECT max(q.salary) FROM people q "
				+ "WHERE q.dept = p.dept)");
		agrees("SELECT d.dept, (SELECT count(*) FROM people p WHERE p.dept = d.dept) AS n FROM depts d");
		agrees("SELECT dept, sum(salary) FROM people GROUP BY dept HAVING sum(salary) > (SELECT sum(salary) / 5 "
				+ "FROM people)");
		String plan = PlanPrinter.text(run("SELECT p.name FROM people p WHERE p.salary = (SELECT max(q.salary) "
				+ "FROM people q WHERE q.dept = p.dept)")
			.plan()
			.optimized());
		assertThat(plan).contains("Aggregate keys=[dept#2] aggregates=[max(salary#2)]");
	}

	@Test
	void aScalarSubqueryWithMoreThanOneRowFailsTheJobInsteadOfRepeatingRows() throws SQLException {
		assertThatThrownBy(
				() -> run("SELECT id FROM people WHERE salary = (SELECT salary FROM people " + "WHERE dept = 'eng')"))
			.hasStackTraceContaining("more than one row returned by a subquery used as an expression");
		agrees("SELECT name FROM people WHERE id = (SELECT id FROM people WHERE name = 'p7')");
		agrees("SELECT id, (SELECT id FROM people WHERE name = 'nobody') AS none FROM people WHERE id < 3");
		// a global aggregate has one row by its shape: no count beside it
		assertThat(PlanPrinter
			.text(run("SELECT id FROM people WHERE salary > (SELECT avg(salary) FROM people)").plan().optimized()))
			.doesNotContain("raise_error");
	}

	@Test
	void windowsOverAggregatesReadTheGroupedRows() throws SQLException {
		agrees("SELECT dept, sum(salary) AS s, sum(sum(salary)) OVER () AS total, "
				+ "max(count(*)) OVER (ORDER BY dept NULLS FIRST) AS most, rank() OVER (ORDER BY avg(salary) DESC) AS r, "
				+ "lag(sum(salary)) OVER (ORDER BY dept NULLS FIRST) AS before FROM people GROUP BY dept ORDER BY s");
		agrees("SELECT sum(sum(salary)) OVER () AS total, count(*) AS n FROM people");
		assertThat(error("SELECT dept, sum(salary) OVER () FROM people GROUP BY dept").getMessage())
			.startsWith("column 'people.salary' must be in GROUP BY or inside an aggregate function");
	}

	@Test
	void commonTableExpressionsAndSubqueriesInFrom() throws SQLException {
		agrees("WITH rich AS (SELECT * FROM people WHERE salary > 60) SELECT a.name, b.name FROM rich a "
				+ "JOIN rich b ON a.manager = b.id");
		agrees("SELECT t.d, t.n FROM (SELECT dept, count(*) FROM people GROUP BY dept) AS t (d, n) WHERE t.n > 10");
		agrees("WITH a AS (SELECT id, dept FROM people), b AS (SELECT dept, count(*) AS n FROM a GROUP BY dept) "
				+ "SELECT a.id, b.n FROM a, b WHERE a.dept = b.dept AND a.id < 10");
	}

	@Test
	void moreFormsOfJoinsSubqueriesAndExpressionsAgree() throws SQLException {
		agrees("SELECT p.id, d.floor FROM people p LEFT OUTER JOIN depts d ON p.dept = d.dept AND d.floor > 1");
		agrees("SELECT p.id, d.floor FROM people p RIGHT OUTER JOIN depts d ON p.dept = d.dept AND p.salary > 90");
		agrees("SELECT id, (SELECT max(salary) FROM people) AS top FROM people WHERE id < 5");
		agrees("SELECT u.dept FROM (SELECT dept FROM people UNION SELECT dept FROM depts) u WHERE u.dept IS NOT NULL");
		agrees("SELECT dept FROM depts UNION ALL SELECT dept FROM people ORDER BY 1 NULLS FIRST LIMIT 3");
		agrees("SELECT id, CASE dept WHEN 'eng' THEN 1 WHEN 'ops' THEN 2 ELSE 0 END AS c FROM people");
		agrees("SELECT id FROM people WHERE name NOT LIKE 'p1%' AND name LIKE 'p_'");
		agrees("SELECT p.id FROM people p WHERE p.dept IN (SELECT d.dept FROM depts d WHERE d.floor < p.id)");
		agrees("SELECT id FROM people WHERE salary > (SELECT avg(salary) FROM people WHERE dept IN "
				+ "(SELECT dept FROM depts WHERE floor = 1))");
		agrees("SELECT x.n, x.f FROM (SELECT p.name AS n, d.floor AS f FROM people p JOIN depts d ON p.dept = d.dept) x "
				+ "WHERE x.f = 2");
		agrees("SELECT `name` FROM people WHERE `id` = 3", "SELECT name FROM people WHERE id = 3");
		agrees("SELECT 'it''s' || name FROM people WHERE id = 3");
		agrees("SELECT dept, count(*) FROM people GROUP BY dept HAVING dept IN (SELECT dept FROM depts)");
		agrees("SELECT p.id FROM people p WHERE NOT EXISTS (SELECT 1 FROM depts d WHERE d.dept = p.dept "
				+ "AND d.floor > 1) AND p.id < 20");
		agrees("SELECT count(*) FROM people p, depts d WHERE p.dept = d.dept OR d.floor = 4");
		agrees("SELECT dept, sum(CASE WHEN salary > 50 THEN 1 ELSE 0 END) AS hi FROM people GROUP BY dept");
		agrees("SELECT * FROM (SELECT dept, count(*) AS n FROM people GROUP BY dept) t ORDER BY n DESC, dept NULLS LAST LIMIT 2");
		agrees("SELECT id FROM people WHERE id IN (1, 2, 3) AND NOT id = 2");
		agrees("SELECT id, EXTRACT(YEAR FROM DATE '2021-05-06') + id, EXTRACT(MONTH FROM DATE '2021-05-06' + "
				+ "INTERVAL '1' MONTH), DATE '2021-03-01' - INTERVAL '1' DAY, SUBSTRING(name FROM 2 FOR 1), "
				+ "substring(name, 2) FROM people WHERE id < 4",
				// DuckDB's date minus an interval is a timestamp
				"SELECT id, EXTRACT(YEAR FROM DATE '2021-05-06') + id, EXTRACT(MONTH FROM DATE '2021-05-06' + "
						+ "INTERVAL '1' MONTH), CAST(DATE '2021-03-01' - INTERVAL '1' DAY AS DATE), "
						+ "SUBSTRING(name FROM 2 FOR 1), substring(name, 2) FROM people WHERE id < 4");
		agrees("SELECT count(*) FROM people HAVING count(*) > 5");
		agrees("SELECT sum(salary), count(*) FROM people WHERE id < 0");
		agrees("SELECT p.*, d.floor FROM people p JOIN depts d ON p.dept = d.dept WHERE p.id < 9");
		agrees("WITH people AS (SELECT * FROM people WHERE id < 5) SELECT count(*) FROM people");
		agrees("SELECT id FROM people WHERE id < 3 UNION ALL SELECT count(*) FROM depts");
		agrees("SELECT name FROM (SELECT name, salary FROM people ORDER BY salary DESC, id LIMIT 3) t");
		agrees("SELECT DISTINCT p.dept, d.floor FROM people p LEFT JOIN depts d ON p.dept = d.dept");
		agrees("SELECT dept, avg(salary), min(name) FROM people WHERE manager IS NOT NULL GROUP BY dept");
	}

	@Test
	void everyPipelineExpressionWorksInSql() throws SQLException {
		agrees("SELECT id, CASE WHEN salary > 80 THEN 'high' WHEN salary > 40 THEN 'mid' ELSE 'low' END AS band, "
				+ "coalesce(manager, -1), upper(name) || '!', CAST(salary AS DOUBLE) / 4 FROM people "
				+ "WHERE name LIKE 'p1%' AND salary BETWEEN 30 AND 100 AND dept IN ('eng', 'ops') "
				+ "AND manager IS NOT NULL");
	}

	@Test
	void aCommaJoinWithAnEqualityIsNeverACrossProduct() {
		LogicalPlan plan = run(
				"SELECT p.name FROM people p, depts d, people m WHERE m.id = p.manager " + "AND d.dept = m.dept")
			.plan()
			.optimized();
		assertThat(joins(plan)).hasSize(2).allSatisfy(j -> assertThat(j.leftKeys()).isNotEmpty());
	}

	private static List<Join> joins(LogicalPlan plan) {
		List<Join> out = new ArrayList<>();
		if (plan instanceof Join j) {
			out.add(j);
		}
		plan.children().forEach(c -> out.addAll(joins(c)));
		return out;
	}

	/**
	 * A pipeline job over the same file; its answer is compared with a SQL job's (rows in
	 * order, and the result's column names).
	 */
	private static void sameAsPipeline(String sql, StepSpec... pipeline) {
		LocalJobRunner runner = new LocalJobRunner(root, 3, 3, 100);
		LocalJobRunner.Result fromSql = runner.run(JobSpec.sql("t", sql, tables(), null));
		LocalJobRunner.Result fromPipeline = runner
			.run(new JobSpec("t", source("people.csv", PEOPLE), List.of(pipeline), ActionSpec.collect()));
		assertThat(fromSql.schema().names()).as(sql).isEqualTo(fromPipeline.schema().names());
		assertThat(rows(fromSql)).as(sql).isNotEmpty().containsExactlyElementsOf(rows(fromPipeline));
	}

	@Test
	void sqlAndPipelineJobsOverTheSameDataGiveTheSameAnswers() {
		sameAsPipeline("SELECT name, salary FROM people WHERE salary > 50 AND dept = 'eng' ORDER BY id",
				StepSpec.filter("salary > 50 AND dept = 'eng'"), StepSpec.orderBy("id"),
				StepSpec.select("name", "salary"));
		sameAsPipeline(
				"SELECT dept, count(*) AS n, sum(salary) AS total, max(manager) AS top FROM people "
						+ "GROUP BY dept ORDER BY dept NULLS FIRST",
				StepSpec.groupBy(List.of("dept"),
						List.of("count(*) AS n", "sum(salary) AS total", "max(manager) AS top")),
				StepSpec.orderBy("dept NULLS FIRST"));
		sameAsPipeline("SELECT p.id, p.name, d.floor FROM people p JOIN depts d ON p.dept = d.dept ORDER BY p.id",
				new StepSpec("join", null, null, null, null, null, null,
						new StepSpec.RightSpec(source("depts.csv", DEPTS), List.of()), List.of("dept"), "inner", null),
				StepSpec.orderBy("id"), StepSpec.select("id", "name", "floor"));
		sameAsPipeline("SELECT DISTINCT dept FROM people ORDER BY dept NULLS LAST", StepSpec.select("dept"),
				StepSpec.of("distinct"), StepSpec.orderBy("dept NULLS LAST"));
		sameAsPipeline(
				"SELECT id, salary * 2 AS doubled FROM people WHERE manager IS NULL OR salary < 40 "
						+ "ORDER BY salary DESC, id LIMIT 5",
				StepSpec.filter("manager IS NULL OR salary < 40"), StepSpec.withColumn("doubled", "salary * 2"),
				StepSpec.orderBy("salary DESC", "id"), StepSpec.limit(5), StepSpec.select("id", "doubled"));
	}

	@Test
	void countWriteAndShowActionsWork() {
		LocalJobRunner.Result count = new LocalJobRunner(root, 3, 3, 100)
			.run(JobSpec.sql("t", "SELECT id FROM people WHERE salary > 50", tables(), ActionSpec.count()));
		long n = count.rows().stream().mapToLong(r -> (Long) r[0]).sum();
		assertThat(n).isEqualTo(rows(run("SELECT id FROM people WHERE salary > 50")).size());
	}

	@Test
	void resultColumnsCarryTheNamesTheQueryGives() {
		LocalJobRunner.Result result = run(
				"SELECT p.dept, count(*), sum(p.salary) AS total, p.dept || 'x' FROM people p GROUP BY p.dept");
		assertThat(result.schema().fields()).extracting(Field::name)
			.containsExactly("dept", "count(1)", "total", "(dept || x)");
	}

	private static SqlException error(String sql) {
		try {
			run(sql);
		}
		catch (SqlException ex) {
			return ex;
		}
		throw new AssertionError("planned: " + sql);
	}

	@Test
	void mistakesNameTheLineColumnAndToken() {
		SqlException ambiguous = error("SELECT dept\nFROM people p, depts d WHERE p.dept = d.dept");
		assertThat(ambiguous.getMessage()).isEqualTo("column 'dept' is ambiguous: it could be p.dept or d.dept; "
				+ "qualify it with a table name or alias at line 1, column 8");
		assertThat(ambiguous.token()).isEqualTo("dept");
		SqlException unknown = error("SELECT p.nme FROM people p");
		assertThat(unknown.getMessage()).startsWith("unknown column 'p.nme' (available: p.id, p.name, p.dept");
		assertThat(unknown.columnNumber()).isEqualTo(8);
		assertThat(error("SELECT * FROM peeple").getMessage())
			.isEqualTo("unknown table 'peeple' (available: depts, people) at line 1, column 15");
		assertThat(error("SELECT dept, salary FROM people GROUP BY dept").getMessage()).isEqualTo(
				"column 'people.salary' must be in GROUP BY or inside an aggregate function at line 1, " + "column 14");
		assertThat(error("SELECT id FROM people WHERE count(*) > 1").getMessage())
			.startsWith("aggregate functions are not allowed in WHERE");
		assertThat(error("SELECT id FROM people WHERE salary").getMessage())
			.startsWith("WHERE must be a boolean condition");
		assertThat(error("SELECT id FROM people UNION SELECT id, name FROM people").getMessage())
			.startsWith("UNION needs the same number of columns on both sides, got 1 and 2");
		assertThat(error("SELECT id FROM people WHERE id = (SELECT id, name FROM people)").getMessage())
			.startsWith("the subquery must return one column, but returns 2");
		assertThat(error(
				"SELECT id FROM people p WHERE p.salary > (SELECT q.salary FROM people q " + "WHERE q.id = p.manager)")
			.getMessage()).startsWith("a correlated scalar subquery must aggregate");
		for (String sql : List.of("SELECT id, id IN (SELECT manager FROM people) FROM people",
				"SELECT id, EXISTS (SELECT 1 FROM depts) AS any FROM people",
				"SELECT dept, CASE WHEN dept IN (SELECT dept FROM depts) THEN 1 END FROM people GROUP BY dept")) {
			assertThat(error(sql).getMessage()).as(sql)
				.startsWith("EXISTS and IN subqueries are only supported as AND-ed conditions of WHERE or HAVING");
		}
		assertThatThrownBy(() -> run("SELECT 1")).isInstanceOf(SqlException.class)
			.hasMessageStartingWith("SELECT needs a FROM clause");
	}

}
