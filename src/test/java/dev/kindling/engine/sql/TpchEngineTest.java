package dev.kindling.engine.sql;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.kindling.engine.exec.LocalJobRunner;
import dev.kindling.engine.planner.PlanPrinter;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.engine.spec.SourceSpec;
import dev.kindling.engine.types.Field;
import dev.kindling.tpch.TpchData;
import dev.kindling.tpch.TpchOracle;

import static org.assertj.core.api.Assertions.fail;

/**
 * The 22 TPC-H queries through the SQL planner, the optimizer and every stage of the
 * engine in process (several splits and shuffle partitions, small tables broadcast), each
 * answer compared with DuckDB's on the same files. The end-to-end proof through the
 * driver and executors is {@code TpchIT}; this one runs in seconds.
 */
class TpchEngineTest {

	private static final Path DATA = Path.of("target", "tpch-engine-test");

	private static TpchOracle oracle;

	@BeforeAll
	static void generate() throws SQLException {
		TpchData.generate(DATA, 0.01);
		oracle = new TpchOracle(DATA);
	}

	@AfterAll
	static void close() throws SQLException {
		oracle.close();
	}

	static Stream<Integer> queries() {
		return IntStream.rangeClosed(1, 22).boxed();
	}

	static Map<String, SourceSpec> tables() {
		Map<String, SourceSpec> tables = new LinkedHashMap<>();
		for (String table : TpchData.TABLES) {
			tables.put(table, TpchData.sourceSpec(table));
		}
		return tables;
	}

	@ParameterizedTest(name = "Q{0}")
	@MethodSource("queries")
	void agreesWithDuckDb(int q) throws SQLException {
		check(q, new LocalJobRunner(DATA, 3, 4, 200_000));
	}

	/**
	 * Queries with inner, outer (Q13), semi and anti joins (Q18, Q21) and grouped
	 * aggregations, in 64 KB per task and nothing broadcast: join build sides and
	 * aggregations past it spill, and the answers stay DuckDB's.
	 */
	@ParameterizedTest(name = "Q{0} spilled")
	@MethodSource("spillingQueries")
	void agreesWithDuckDbWhenJoinsAndAggregationsSpill(int q) throws SQLException {
		LocalJobRunner runner = new LocalJobRunner(DATA, 3, 4, -1, 64 << 10);
		check(q, runner);
		org.assertj.core.api.Assertions.assertThat(runner.spills()).as("spills of Q%d", q).isPositive();
	}

	static Stream<Integer> spillingQueries() {
		return Stream.of(3, 9, 10, 13, 18, 21);
	}

	private void check(int q, LocalJobRunner runner) throws SQLException {
		String sql = TpchData.query(q);
		LocalJobRunner.Result result = runner.run(JobSpec.sql("q" + q, sql, tables(), null));
		List<String> types = result.schema().fields().stream().map(f -> f.type().sqlName()).toList();
		List<List<Object>> actual = new ArrayList<>();
		for (Object[] row : result.rows()) {
			List<Object> r = new ArrayList<>();
			for (int i = 0; i < row.length; i++) {
				r.add(TpchOracle.canonical(row[i] == null ? null : toJsonLike(row[i]), types.get(i)));
			}
			actual.add(r);
		}
		List<List<Object>> expected = oracle.run(sql);
		List<String> problems = TpchOracle.differences(q, actual, expected);
		if (!problems.isEmpty()) {
			fail("Q" + q + " differs from DuckDB:\n  " + String.join("\n  ", problems) + "\nKindling:\n"
					+ TpchOracle.head(actual) + "\nDuckDB:\n" + TpchOracle.head(expected) + "\ncolumns: "
					+ result.schema().fields().stream().map(Field::toString).toList() + "\n"
					+ PlanPrinter.text(result.plan().optimized()) + PlanPrinter.text(result.plan().stages()));
		}
		if (expected.isEmpty()) {
			fail("Q" + q + " has no rows at this scale: the comparison proves little");
		}
	}

	private static Object toJsonLike(Object v) {
		return v instanceof java.time.LocalDate || v instanceof String ? v.toString() : v;
	}

	static String show(Object[] row) {
		return Arrays.toString(row);
	}

}
