package dev.kindling.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.kindling.tpch.TpchData;
import dev.kindling.tpch.TpchOracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The 22 TPC-H queries (standard texts with their validation parameters) as SQL jobs
 * through a real driver and two executor JVMs, over the eight tables generated at scale
 * factor 0.01 and registered in the catalog; every answer is compared with DuckDB's on
 * the same CSV files, as TPC-H prints it (see {@link TpchOracle}). Small tables are
 * broadcast and larger ones shuffled (a 200 KB broadcast threshold). Then pairs of SQL
 * and pipeline jobs that mean the same give the same answers.
 */
@SlowEndToEnd
class TpchIT {

	private static final String SECRET = "tpch-secret-" + new Random().nextInt(1_000_000);

	/** Reads JSON fractions as BigDecimal, so decimals compare exactly. */
	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	@TempDir
	static Path work;

	static KindlingProcess driver;

	static KindlingProcess executor1;

	static KindlingProcess executor2;

	static Api api;

	static TpchOracle oracle;

	@BeforeAll
	static void startCluster() throws Exception {
		Path data = Files.createDirectories(work.resolve("data"));
		TpchData.generate(data.resolve("tpch"), 0.01);
		oracle = new TpchOracle(data.resolve("tpch"));
		driver = KindlingProcess.start("tpch-driver",
				List.of("--spring.profiles.active=driver", "--kindling.security.allow-anonymous=true",
						"--kindling.data.root=" + data, "--kindling.security.shared-secret=" + SECRET,
						"--kindling.join.broadcast-threshold=200KB", "--spring.datasource.url=jdbc:h2:mem:tpch"));
		driver.awaitReady(Duration.ofSeconds(90));
		api = new Api(driver.url());
		executor1 = executor(data, "tpch-exec1");
		executor2 = executor(data, "tpch-exec2");
		Api.await(Duration.ofSeconds(90), () -> api.get("/api/v1/executors").body().path("items"),
				body -> body.size() == 2, "two executors");
		for (String table : TpchData.TABLES) {
			Map<String, Object> source = TpchData.source(table);
			source.put("path", "tpch/" + table + ".csv");
			Api.Response put = api.putJson("/api/v1/tables/" + table, JSON.writeValueAsString(source));
			assertThat(put.status()).as(put.text()).isEqualTo(201);
		}
	}

	private static KindlingProcess executor(Path data, String name) {
		KindlingProcess p = KindlingProcess.start(name,
				List.of("--spring.profiles.active=executor", "--kindling.driver.url=" + driver.url(),
						"--kindling.data.root=" + data, "--kindling.security.shared-secret=" + SECRET,
						"--kindling.executor.slots=2"));
		p.awaitReady(Duration.ofSeconds(90));
		return p;
	}

	@AfterAll
	static void stopCluster() throws SQLException {
		for (KindlingProcess p : new KindlingProcess[] { executor1, executor2, driver }) {
			if (p != null) {
				p.stop();
			}
		}
		if (oracle != null) {
			oracle.close();
		}
	}

	static Stream<Integer> queries() {
		return IntStream.rangeClosed(1, 22).boxed();
	}

	/** Runs a job to its end; returns the finished job. */
	private static JsonNode run(String job) {
		Api.Response response = api.post("/api/v1/jobs?wait=120s", job);
		JsonNode body = JSON.readTree(response.text());
		assertThat(body.path("status").asString()).as(response.text()).isEqualTo("SUCCEEDED");
		return body;
	}

	private static String sqlJob(String name, String sql) {
		return sqlJob(name, sql, "{\"type\":\"collect\"}");
	}

	private static String sqlJob(String name, String sql, String action) {
		return "{\"name\":" + JSON.writeValueAsString(name) + ",\"sql\":" + JSON.writeValueAsString(sql)
				+ ",\"action\":" + action + "}";
	}

	/** The rows of a finished job, each value as TPC-H compares it. */
	private static List<List<Object>> rows(JsonNode job) {
		List<String> types = new ArrayList<>();
		job.path("result").path("schema").forEach(c -> types.add(c.path("type").asString()));
		List<List<Object>> rows = new ArrayList<>();
		for (JsonNode row : job.path("result").path("rows")) {
			List<Object> values = new ArrayList<>();
			for (int i = 0; i < row.size(); i++) {
				JsonNode v = row.get(i);
				Object value = v.isNull() ? null : v.isNumber() ? v.numberValue() : v.asString();
				values.add(TpchOracle.canonical(value, types.get(i)));
			}
			rows.add(values);
		}
		return rows;
	}

	@ParameterizedTest(name = "Q{0}")
	@MethodSource("queries")
	void agreesWithDuckDb(int q) throws SQLException {
		String sql = TpchData.query(q);
		JsonNode job = run(sqlJob("tpch-q" + q, sql));
		List<List<Object>> actual = rows(job);
		List<List<Object>> expected = oracle.run(sql);
		List<String> problems = TpchOracle.differences(q, actual, expected);
		if (!problems.isEmpty()) {
			String plan = api.get("/api/v1/jobs/" + job.path("id").asString() + "/plan").text();
			fail("Q" + q + " differs from DuckDB:\n  " + String.join("\n  ", problems) + "\nKindling:\n"
					+ TpchOracle.head(actual) + "\nDuckDB:\n" + TpchOracle.head(expected) + "\nplan: " + plan);
		}
		assertThat(expected).as("Q" + q + " has rows at this scale").isNotEmpty();
	}

	/** A pipeline job over one TPC-H table. */
	private static String pipelineJob(String table, String pipeline, String action) {
		Map<String, Object> source = TpchData.source(table);
		source.put("path", "tpch/" + table + ".csv");
		return "{\"name\":\"pipeline\",\"source\":" + JSON.writeValueAsString(source) + ",\"pipeline\":" + pipeline
				+ ",\"action\":" + action + "}";
	}

	private static String right(String table, String pipeline) {
		Map<String, Object> source = TpchData.source(table);
		source.put("path", "tpch/" + table + ".csv");
		return "{\"source\":" + JSON.writeValueAsString(source) + ",\"pipeline\":" + pipeline + "}";
	}

	@Test
	void sqlAndPipelineJobsThatMeanTheSameGiveTheSameAnswers() {
		// TPC-H Q1 as a pipeline
		assertThat(JSON.writeValueAsString(run(pipelineJob("lineitem", """
				[{"op": "filter", "condition": "l_shipdate <= DATE '1998-09-02'"},
				 {"op": "groupBy", "keys": ["l_returnflag", "l_linestatus"],
				  "aggregations": ["sum(l_quantity) AS sum_qty", "avg(l_discount) AS avg_disc", "count(*) AS n"]},
				 {"op": "orderBy", "columns": ["l_returnflag", "l_linestatus"]}]""", "{\"type\":\"collect\"}"))
			.path("result")))
			.isEqualTo(JSON.writeValueAsString(run(sqlJob("sql",
					"SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty, avg(l_discount) AS avg_disc, "
							+ "count(*) AS n FROM lineitem WHERE l_shipdate <= DATE '1998-09-02' "
							+ "GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus"))
				.path("result")));
		// a join, then a filter on both sides and a top-N
		assertThat(JSON.writeValueAsString(run(pipelineJob("orders",
				String.format("""
						[{"op": "filter", "condition": "o_orderdate < DATE '1995-03-15'"},
						 {"op": "join", "right": %s, "condition": "o_custkey = c_custkey", "type": "inner"},
						 {"op": "groupBy", "keys": ["c_mktsegment"], "aggregations": ["count(*) AS n",
						  "max(o_totalprice) AS top"]},
						 {"op": "orderBy", "columns": ["n DESC", "c_mktsegment"]}, {"op": "limit", "n": 3}]""",
						right("customer", "[{\"op\": \"select\", \"columns\": [\"c_custkey\", \"c_mktsegment\"]}]")),
				"{\"type\":\"collect\"}"))
			.path("result")))
			.isEqualTo(JSON.writeValueAsString(run(sqlJob("sql",
					"SELECT c_mktsegment, count(*) AS n, max(o_totalprice) AS top FROM orders JOIN customer "
							+ "ON o_custkey = c_custkey WHERE o_orderdate < DATE '1995-03-15' "
							+ "GROUP BY c_mktsegment ORDER BY n DESC, c_mktsegment LIMIT 3"))
				.path("result")));
		// a semi join (EXISTS) counted
		assertThat(run(pipelineJob("orders",
				String.format("""
						[{"op": "join", "right": %s, "condition": "o_orderkey = l_orderkey", "type": "semi"}]""",
						right("lineitem", "[{\"op\": \"filter\", \"condition\": \"l_commitdate < l_receiptdate\"}]")),
				"{\"type\":\"count\"}"))
			.path("result")
			.path("count")
			.asLong())
			.isEqualTo(run(sqlJob("sql",
					"SELECT o_orderkey FROM orders WHERE EXISTS (SELECT * FROM lineitem WHERE l_orderkey = o_orderkey "
							+ "AND l_commitdate < l_receiptdate)",
					"{\"type\":\"count\"}"))
				.path("result")
				.path("count")
				.asLong())
			.isPositive();
		// distinct values, written as CSV files by both
		JsonNode pipelineWrite = run(
				pipelineJob("part", "[{\"op\": \"select\", \"columns\": [\"p_brand\"]}, {\"op\": \"distinct\"}]",
						"{\"type\":\"write\",\"path\":\"out/brands-pipeline\"}"));
		JsonNode sqlWrite = run(
				sqlJob("sql", "SELECT DISTINCT p_brand FROM part", "{\"type\":\"write\",\"path\":\"out/brands-sql\"}"));
		assertThat(sqlWrite.path("result").path("rows").asLong())
			.isEqualTo(pipelineWrite.path("result").path("rows").asLong())
			.isEqualTo(25);
	}

}
