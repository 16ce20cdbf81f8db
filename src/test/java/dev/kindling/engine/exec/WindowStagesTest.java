package dev.kindling.engine.exec;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kindling.engine.logical.PlanException;
import dev.kindling.engine.planner.JobPlanner;
import dev.kindling.engine.spec.ActionSpec;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.engine.spec.StepSpec;

import static dev.kindling.engine.exec.StagedJobTest.csv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Functions over windows run through the real planner and every stage in process (a
 * shuffle on the partition keys, a sort, the window operator), one task and split in
 * several, against DuckDB over the same file: ties in the order, nulls in the partition
 * and order keys, every frame type, partitions of one row.
 */
class WindowStagesTest {

	@TempDir
	Path root;

	private final StagedJobTest stages = new StagedJobTest();

	private Connection duckdb;

	@BeforeEach
	void data() throws Exception {
		this.stages.root = this.root;
		this.stages.writeData(3_000);
		this.duckdb = DriverManager.getConnection("jdbc:duckdb:");
		try (Statement s = this.duckdb.createStatement()) {
			s.execute("CREATE TABLE people AS SELECT * FROM read_csv('" + this.root.resolve("people.csv")
					+ "', header = true, columns = {'id': 'INTEGER', 'city': 'VARCHAR', 'age': 'INTEGER', "
					+ "'salary': 'DOUBLE'}, auto_detect = false)");
		}
	}

	@AfterEach
	void close() throws SQLException {
		this.duckdb.close();
	}

	private static StepSpec select(String... columns) {
		return StepSpec.select(columns);
	}

	static StepSpec window(List<String> columns, List<String> partitionBy, List<String> orderBy, String frame) {
		return new StepSpec("window", null, columns, null, null, null, null, null, null, null, null, null, null, null,
				null, null, null, null, null, null, partitionBy, orderBy, frame, null);
	}

	private static JobSpec job(StepSpec... steps) {
		return new JobSpec("t", csv("people.csv", StagedJobTest.PEOPLE), List.of(steps), ActionSpec.collect());
	}

	/**
	 * The job's rows, split in four and shuffled in three, equal (as multisets) to the
	 * one-task run and to DuckDB's answer to {@code sql}.
	 */
	private void agrees(String sql, StepSpec... steps) throws Exception {
		List<List<Object>> oneTask = StagedJobTest.sorted(this.stages.run(job(steps), 1, 1));
		List<List<Object>> split = StagedJobTest.sorted(this.stages.run(job(steps), 4, 3));
		List<Object[]> expected = new ArrayList<>();
		try (Statement s = this.duckdb.createStatement(); ResultSet rs = s.executeQuery(sql)) {
			int columns = rs.getMetaData().getColumnCount();
			while (rs.next()) {
				Object[] row = new Object[columns];
				for (int c = 0; c < columns; c++) {
					Object v = rs.getObject(c + 1);
					row[c] = (v instanceof BigDecimal d) ? d.doubleValue()
							: (v instanceof Long l && l == l.intValue()
									&& !(rs.getMetaData().getColumnTypeName(c + 1).equals("BIGINT"))) ? l.intValue()
											: v;
				}
				expected.add(row);
			}
		}
		assertThat(split).as("split vs one task: " + sql).isEqualTo(oneTask);
		assertThat(normalized(oneTask)).as(sql).isEqualTo(normalized(StagedJobTest.sorted(expected)));
	}

	/** Doubles rounded to 9 digits, so summation order does not matter. */
	private static List<List<Object>> normalized(List<List<Object>> rows) {
		List<List<Object>> out = new ArrayList<>();
		for (List<Object> row : rows) {
			List<Object> r = new ArrayList<>();
			for (Object v : row) {
				if (v instanceof Double d && !d.isNaN() && !d.isInfinite()) {
					r.add(new BigDecimal(d).round(new java.math.MathContext(9)).doubleValue());
				}
				else if (v instanceof Number n && !(v instanceof Double)) {
					r.add(n.longValue());
				}
				else {
					r.add(v);
				}
			}
			out.add(r);
		}
		return StagedJobTest.sorted(out.stream().map((l) -> l.toArray()).toList());
	}

	@Test
	void rankingFunctionsWithTiesAndNullKeys() throws Exception {
		agrees("SELECT id, row_number() OVER (PARTITION BY city ORDER BY age NULLS FIRST, id) AS rn, "
				+ "rank() OVER (PARTITION BY city ORDER BY age NULLS FIRST) AS r, dense_rank() OVER (PARTITION BY city ORDER BY age NULLS FIRST) "
				+ "AS dr, percent_rank() OVER (PARTITION BY city ORDER BY age NULLS FIRST) AS pr, "
				+ "cume_dist() OVER (PARTITION BY city ORDER BY age NULLS FIRST) AS cd, ntile(7) OVER (PARTITION BY city ORDER BY "
				+ "age NULLS FIRST, id) AS nt FROM people",
				select("id", "row_number() OVER (PARTITION BY city ORDER BY age NULLS FIRST, id) AS rn",
						"rank() OVER (PARTITION BY city ORDER BY age NULLS FIRST) AS r",
						"dense_rank() OVER (PARTITION BY city ORDER BY age NULLS FIRST) AS dr",
						"percent_rank() OVER (PARTITION BY city ORDER BY age NULLS FIRST) AS pr",
						"cume_dist() OVER (PARTITION BY city ORDER BY age NULLS FIRST) AS cd",
						"ntile(7) OVER (PARTITION BY city ORDER BY age NULLS FIRST, id) AS nt"));
	}

	@Test
	void aWindowStepSharesItsWindow() throws Exception {
		StepSpec window = window(List.of("rank() AS r", "sum(salary) AS running", "count(*) AS n"), List.of("city"),
				List.of("age DESC NULLS LAST"), null);
		agrees("SELECT id, city, age, salary, rank() OVER w AS r, sum(salary) OVER w AS running, count(*) OVER w AS n "
				+ "FROM people WINDOW w AS (PARTITION BY city ORDER BY age DESC NULLS LAST)", window);
	}

	@Test
	void offsetsAndNthValue() throws Exception {
		agrees("SELECT id, lag(salary) OVER (PARTITION BY city ORDER BY id) AS prev, "
				+ "lead(age, 2, -1) OVER (PARTITION BY city ORDER BY id) AS next2, "
				+ "lag(age, 1 IGNORE NULLS) OVER (ORDER BY id) AS prevage, "
				+ "lead(age IGNORE NULLS) OVER (ORDER BY id) AS nextage, "
				+ "nth_value(age, 3) OVER (PARTITION BY city ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND "
				+ "UNBOUNDED FOLLOWING) AS third FROM people",
				select("id", "lag(salary) OVER (PARTITION BY city ORDER BY id) AS prev",
						"lead(age, 2, -1) OVER (PARTITION BY city ORDER BY id) AS next2",
						"lag(age, 1) IGNORE NULLS OVER (ORDER BY id) AS prevage",
						"lead(age) IGNORE NULLS OVER (ORDER BY id) AS nextage",
						"nth_value(age, 3) OVER (PARTITION BY city ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING "
								+ "AND UNBOUNDED FOLLOWING) AS third"));
	}

	@Test
	void firstAndLastValueOverFrames() throws Exception {
		agrees("SELECT id, first_value(age) OVER (PARTITION BY city ORDER BY id) AS f, "
				+ "last_value(age) OVER (PARTITION BY city ORDER BY id) AS l, "
				+ "first_value(age IGNORE NULLS) OVER (PARTITION BY city ORDER BY id ROWS BETWEEN 2 PRECEDING AND "
				+ "2 FOLLOWING) AS fi, last_value(age IGNORE NULLS) OVER (PARTITION BY city ORDER BY id ROWS BETWEEN "
				+ "CURRENT ROW AND UNBOUNDED FOLLOWING) AS li FROM people",
				select("id", "first_value(age) OVER (PARTITION BY city ORDER BY id) AS f",
						"last_value(age) OVER (PARTITION BY city ORDER BY id) AS l",
						"first_value(age) IGNORE NULLS OVER (PARTITION BY city ORDER BY id ROWS BETWEEN 2 PRECEDING AND "
								+ "2 FOLLOWING) AS fi",
						"last_value(age, true) OVER (PARTITION BY city ORDER BY id ROWS BETWEEN CURRENT ROW AND "
								+ "UNBOUNDED FOLLOWING) AS li"));
	}

	@Test
	void everyKindOfRowsFrame() throws Exception {
		String[] frames = { "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW",
				"ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING", "ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING",
				"ROWS BETWEEN 1 FOLLOWING AND 4 FOLLOWING", "ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING",
				"ROWS BETWEEN UNBOUNDED PRECEDING AND 2 FOLLOWING", "ROWS BETWEEN 5 PRECEDING AND UNBOUNDED FOLLOWING",
				"ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING", "ROWS 3 PRECEDING" };
		for (String frame : frames) {
			String w = "(PARTITION BY city ORDER BY age NULLS FIRST, id " + frame + ")";
			agrees("SELECT id, sum(salary) OVER " + w + " AS s, count(age) OVER " + w + " AS c, min(age) OVER " + w
					+ " AS mi, avg(salary) OVER " + w + " AS a FROM people",
					select("id", "sum(salary) OVER " + w + " AS s", "count(age) OVER " + w + " AS c",
							"min(age) OVER " + w + " AS mi", "avg(salary) OVER " + w + " AS a"));
		}
	}

	@Test
	void everyKindOfRangeFrame() throws Exception {
		String[] frames = { "", "RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW",
				"RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING", "RANGE BETWEEN 5 PRECEDING AND 5 FOLLOWING",
				"RANGE BETWEEN 10 PRECEDING AND CURRENT ROW", "RANGE BETWEEN CURRENT ROW AND 3 FOLLOWING",
				"RANGE BETWEEN 2 FOLLOWING AND 6 FOLLOWING", "RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING" };
		for (String frame : frames) {
			for (String order : List.of("age NULLS FIRST", "age DESC NULLS LAST", "age NULLS LAST")) {
				String w = "(PARTITION BY city ORDER BY " + order + " " + frame + ")";
				agrees("SELECT id, sum(salary) OVER " + w + " AS s, count(*) OVER " + w + " AS c, max(age) OVER " + w
						+ " AS mx FROM people",
						select("id", "sum(salary) OVER " + w + " AS s", "count(*) OVER " + w + " AS c",
								"max(age) OVER " + w + " AS mx"));
			}
		}
	}

	@Test
	void aggregatesWithoutAnOrderSeeTheWholePartition() throws Exception {
		agrees("SELECT id, sum(salary) OVER (PARTITION BY city) AS total, count(*) OVER () AS everyone, "
				+ "stddev_samp(age) OVER (PARTITION BY city) AS sd FROM people",
				select("id", "sum(salary) OVER (PARTITION BY city) AS total", "count(*) OVER () AS everyone",
						"stddev(age) OVER (PARTITION BY city) AS sd"));
	}

	@Test
	void windowsInsideExpressionsAndWithColumn() throws Exception {
		agrees("SELECT id, city, age, salary, salary - avg(salary) OVER (PARTITION BY city) AS diff FROM people",
				StepSpec.withColumn("diff", "salary - avg(salary) OVER (PARTITION BY city)"));
		agrees("SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY city ORDER BY salary DESC, id) AS rn "
				+ "FROM people) WHERE rn <= 3",
				select("id", "row_number() OVER (PARTITION BY city ORDER BY salary DESC, id) AS rn"),
				StepSpec.filter("rn <= 3"), select("id"));
	}

	@Test
	void badWindowsAre400sNamingTheField() {
		JobPlanner planner = new JobPlanner(100);
		assertThatThrownBy(() -> planner.plan(job(select("row_number() OVER (PARTITION BY city) AS rn")), 2, (s) -> 1))
			.isInstanceOfSatisfying(PlanException.class, (ex) -> {
				assertThat(ex.pointer()).isEqualTo("/pipeline/0/columns/0");
				assertThat(ex.getMessage()).startsWith("window function 'row_number' needs an ORDER BY in its window");
			});
		assertThatThrownBy(() -> planner.plan(
				job(select("sum(age) OVER (ORDER BY age ROWS BETWEEN 1 FOLLOWING AND CURRENT ROW) AS s")), 2, (s) -> 1))
			.hasMessageStartingWith("the window frame starts after it ends: 1 FOLLOWING AND CURRENT ROW");
		assertThatThrownBy(
				() -> planner.plan(job(select("sum(age) OVER (ORDER BY city RANGE 2 PRECEDING) AS s")), 2, (s) -> 1))
			.hasMessageStartingWith("a RANGE frame with offsets needs a numeric ORDER BY key, got string");
		assertThatThrownBy(
				() -> planner.plan(job(StepSpec.filter("rank() OVER (ORDER BY age NULLS FIRST) = 1")), 2, (s) -> 1))
			.hasMessageContaining("is only allowed in select, withColumn or a window step");
		assertThatThrownBy(() -> planner.plan(job(select("count(DISTINCT age) OVER () AS n")), 2, (s) -> 1))
			.hasMessageStartingWith("DISTINCT is not supported in a window");
		assertThatThrownBy(
				() -> planner.plan(job(select("rank() OVER (ORDER BY age ROWS 1 PRECEDING) AS r")), 2, (s) -> 1))
			.hasMessageStartingWith("window function 'rank' does not take a window frame");
		StepSpec badFrame = window(List.of("sum(age) AS s"), null, List.of("age"),
				"ROWS BETWEEN 2 FOLLOWING AND 1 FOLLOWING");
		assertThatThrownBy(() -> planner.plan(job(badFrame), 2, (s) -> 1)).isInstanceOfSatisfying(PlanException.class,
				(ex) -> assertThat(ex.pointer()).isEqualTo("/pipeline/0/frame"));
		StepSpec notAFunction = window(List.of("age + 1 AS x"), null, List.of("age"), null);
		assertThatThrownBy(() -> planner.plan(job(notAFunction), 2, (s) -> 1))
			.hasMessageStartingWith("a window step's column must be a window function or an aggregate");
	}

	@Test
	void aPartitionOfOneRowAndAnEmptyInput() throws Exception {
		agrees("SELECT id, rank() OVER (PARTITION BY id ORDER BY age NULLS FIRST) AS r, lag(id) OVER (PARTITION BY id ORDER BY id) "
				+ "AS p FROM people",
				select("id", "rank() OVER (PARTITION BY id ORDER BY age NULLS FIRST) AS r",
						"lag(id) OVER (PARTITION BY id ORDER BY id) AS p"));
		assertThat(this.stages.run(job(StepSpec.filter("age > 1000"),
				select("id", "row_number() OVER (PARTITION BY city ORDER BY id) AS rn")), 4, 3))
			.isEmpty();
	}

}
