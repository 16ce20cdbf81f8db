package dev.kindling.e2e;

import java.io.BufferedWriter;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Window functions through the real driver and two executor processes, checked row by row
 * against DuckDB over the same file. The data has ties in the order column, nulls in the
 * partition key and the order column, a hot key that holds most rows (its partition is
 * many times the executors' 64 KB sort memory, so the sort below the window spills), and
 * fewer keys than shuffle partitions (most window tasks get no rows). Every frame type
 * runs: ROWS and RANGE, unbounded, offset and current-row bounds, the default frames with
 * and without ORDER BY.
 */
@SlowEndToEnd
class WindowIT {

	private static final String SECRET = "window-secret-" + new Random().nextInt(1_000_000);

	private static final int ROWS = 60_000;

	@TempDir
	static Path work;

	static KindlingProcess driver;

	static KindlingProcess executor1;

	static KindlingProcess executor2;

	static Api api;

	static Connection duckdb;

	@BeforeAll
	static void startCluster() throws IOException, SQLException {
		Path data = Files.createDirectories(work.resolve("data"));
		Random random = new Random(18);
		String[] cold = { "a", "b", "c" };
		try (BufferedWriter w = Files.newBufferedWriter(data.resolve("events.csv"))) {
			w.write("id,k,o,v\n");
			for (int i = 0; i < ROWS; i++) {
				int pick = random.nextInt(100);
				String k = (pick < 3) ? "" : (pick < 80) ? "hot" : cold[random.nextInt(cold.length)];
				String o = (random.nextInt(20) == 0) ? "" : Integer.toString(random.nextInt(300));
				String v = (random.nextInt(15) == 0) ? "" : Integer.toString(random.nextInt(1000) - 200);
				w.write(i + "," + k + "," + o + "," + v + "\n");
			}
		}
		duckdb = DriverManager.getConnection("jdbc:duckdb:");
		try (Statement s = duckdb.createStatement()) {
			s.execute("CREATE TABLE events AS SELECT * FROM read_csv('" + data.resolve("events.csv")
					+ "', header = true, columns = {'id': 'INTEGER', 'k': 'VARCHAR', 'o': 'INTEGER', "
					+ "'v': 'INTEGER'}, auto_detect = false)");
		}
		driver = KindlingProcess.start("window-driver",
				List.of("--spring.profiles.active=driver", "--kindling.security.allow-anonymous=true",
						"--kindling.limits.min-split-size=1B", "--kindling.data.root=" + data,
						"--kindling.security.shared-secret=" + SECRET, "--kindling.shuffle.partitions=16",
						"--kindling.limits.max-collect-rows=" + ROWS, "--spring.datasource.url=jdbc:h2:mem:window"));
		driver.awaitReady(Duration.ofSeconds(90));
		api = new Api(driver.url());
		executor1 = executor(data, "window-exec1");
		executor2 = executor(data, "window-exec2");
		Api.await(Duration.ofSeconds(90), () -> api.get("/api/v1/executors").body().path("items"),
				(body) -> body.size() == 2, "two executors");
	}

	private static KindlingProcess executor(Path data, String name) {
		KindlingProcess p = KindlingProcess.start(name,
				List.of("--spring.profiles.active=executor", "--kindling.driver.url=" + driver.url(),
						"--kindling.data.root=" + data, "--kindling.security.shared-secret=" + SECRET,
						"--kindling.executor.slots=2", "--kindling.executor.sort-memory=64KB"));
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
		if (duckdb != null) {
			duckdb.close();
		}
	}

	/**
	 * Runs the pipeline over events.csv in four splits; its rows must equal (as sorted
	 * lists, numbers compared by value) DuckDB's rows for {@code sql}. Returns the job.
	 */
	private static JsonNode agrees(String sql, String pipeline) throws SQLException {
		Api.Response response = api.post("/api/v1/jobs?wait=120s", """
				{"name": "window", "source": {"format": "csv", "path": "events.csv", "header": true,
				  "schema": "id INT, k STRING, o INT, v INT", "partitions": 4},
				 "pipeline": %s, "action": {"type": "collect"}}""".formatted(pipeline));
		assertThat(response.status()).as(response.text()).isLessThan(300);
		String id = response.body().path("id").asString();
		JsonNode job = Api.await(Duration.ofSeconds(300), () -> api.get("/api/v1/jobs/" + id).body(),
				(j) -> List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(j.path("status").asString()), "job " + id);
		assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		List<String> actual = new ArrayList<>();
		for (JsonNode row : job.path("result").path("rows")) {
			List<String> cells = new ArrayList<>();
			row.forEach((cell) -> cells
				.add(cell.isNull() ? "null" : cell.isNumber() ? number(cell.asDouble()) : cell.asString()));
			actual.add(String.join("|", cells));
		}
		List<String> expected = new ArrayList<>();
		try (Statement s = duckdb.createStatement(); ResultSet rs = s.executeQuery(sql)) {
			int columns = rs.getMetaData().getColumnCount();
			while (rs.next()) {
				List<String> cells = new ArrayList<>();
				for (int c = 1; c <= columns; c++) {
					Object v = rs.getObject(c);
					cells.add((v == null) ? "null" : (v instanceof Number n)
							? number(new BigDecimal(n.toString()).doubleValue()) : v.toString());
				}
				expected.add(String.join("|", cells));
			}
		}
		actual.sort(null);
		expected.sort(null);
		assertThat(actual).as(sql).hasSize(expected.size()).isEqualTo(expected);
		return job;
	}

	/** A number as an integer when it is one, else to nine significant digits. */
	private static String number(double d) {
		if (d == Math.rint(d) && Math.abs(d) < 1e15) {
			return Long.toString((long) d);
		}
		return new BigDecimal(d).round(new MathContext(9)).stripTrailingZeros().toPlainString();
	}

	@Test
	void rankingAndOffsetFunctionsWithTiesAndNulls() throws SQLException {
		String ties = "(PARTITION BY k ORDER BY o NULLS FIRST)";
		String unique = "(PARTITION BY k ORDER BY o DESC NULLS LAST, id)";
		String[] columns = { "id", "rank() OVER " + ties + " AS r", "dense_rank() OVER " + ties + " AS dr",
				"percent_rank() OVER " + ties + " AS pr", "cume_dist() OVER " + ties + " AS cd",
				"row_number() OVER " + unique + " AS rn", "ntile(7) OVER " + unique + " AS nt",
				"lag(v) OVER " + unique + " AS prev", "lead(v, 3, -1) OVER " + unique + " AS next3",
				"first_value(v) OVER " + unique + " AS fv", "last_value(v) OVER " + unique + " AS lv",
				"nth_value(v, 5) OVER " + unique + " AS n5" };
		JsonNode job = agrees("SELECT " + String.join(", ", columns) + " FROM events", json(columns));
		// the hot key's window partition is far beyond the 64 KB sort memory of a task
		long biggest = 0;
		int empty = 0;
		int tasks = 0;
		JsonNode stages = api.get("/api/v1/jobs/" + job.path("id").asString() + "/stages").body().path("items");
		int last = stages.size() - 1;
		for (JsonNode t : api.get("/api/v1/jobs/" + job.path("id").asString() + "/stages/" + last + "/tasks")
			.body()
			.path("items")) {
			biggest = Math.max(biggest, t.path("shuffleBytesRead").asLong());
			empty += (t.path("rowsIn").asLong() == 0) ? 1 : 0;
			tasks++;
		}
		assertThat(biggest).as("bytes the biggest window task read").isGreaterThan(8 * 64 * 1024);
		// 5 keys in 16 partitions: adaptive execution gives the 11 or more empty ones no
		// task
		assertThat(empty).as("window tasks with no rows").isZero();
		assertThat(tasks).as("window tasks").isBetween(1, 5);
	}

	@Test
	void everyRowsFrame() throws SQLException {
		String[] frames = { "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW",
				"ROWS BETWEEN 2 PRECEDING AND 3 FOLLOWING", "ROWS BETWEEN 4 PRECEDING AND 1 PRECEDING",
				"ROWS BETWEEN 1 FOLLOWING AND 5 FOLLOWING", "ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING",
				"ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING", "ROWS 10 PRECEDING" };
		List<String> columns = new ArrayList<>(List.of("id"));
		for (int i = 0; i < frames.length; i++) {
			String w = "(PARTITION BY k ORDER BY o NULLS FIRST, id " + frames[i] + ")";
			columns.add("sum(v) OVER " + w + " AS s" + i);
			columns.add((i % 2 == 0 ? "count(v)" : "max(v)") + " OVER " + w + " AS c" + i);
		}
		String[] all = columns.toArray(String[]::new);
		agrees("SELECT " + String.join(", ", all) + " FROM events", json(all));
	}

	@Test
	void everyRangeFrameOverTies() throws SQLException {
		String[] frames = { "", "RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW",
				"RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING", "RANGE BETWEEN 3 PRECEDING AND 3 FOLLOWING",
				"RANGE BETWEEN 2 FOLLOWING AND 6 FOLLOWING", "RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING" };
		List<String> columns = new ArrayList<>(List.of("id"));
		for (int i = 0; i < frames.length; i++) {
			String order = (i % 2 == 0) ? "o NULLS FIRST" : "o DESC NULLS LAST";
			String w = "(PARTITION BY k ORDER BY " + order + " " + frames[i] + ")";
			columns.add("sum(v) OVER " + w + " AS s" + i);
			columns.add("avg(v) OVER " + w + " AS a" + i);
		}
		columns.add("count(*) OVER (PARTITION BY k) AS whole");
		columns.add("min(v) OVER () AS everything");
		String[] all = columns.toArray(String[]::new);
		agrees("SELECT " + String.join(", ", all) + " FROM events", json(all));
	}

	@Test
	void aWindowStepOverOnePartitionAndATopNPerKey() throws SQLException {
		// no partition keys: every row in one task, sorted past its sort memory
		agrees("SELECT id, k, o, v, sum(v) OVER w AS running, count(v) OVER w AS c FROM events "
				+ "WINDOW w AS (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)", """
						[{"op": "window", "orderBy": ["id"], "columns": ["sum(v) AS running", "count(v) AS c"],
						  "frame": "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"}]""");
		agrees("SELECT k, id FROM (SELECT k, id, row_number() OVER (PARTITION BY k ORDER BY v DESC NULLS LAST, id) "
				+ "AS rn FROM events) WHERE rn <= 3", """
						[{"op": "window", "partitionBy": ["k"], "orderBy": ["v DESC NULLS LAST", "id"],
						  "columns": ["row_number() AS rn"]},
						 {"op": "filter", "condition": "rn <= 3"}, {"op": "select", "columns": ["k", "id"]}]""");
	}

	@Test
	void unionAndAnUnknownFunctionThroughTheService() throws SQLException {
		agrees("SELECT k, count(*) FROM (SELECT * FROM events WHERE o < 10 UNION ALL SELECT * FROM events "
				+ "WHERE v > 700) GROUP BY k", """
						[{"op": "filter", "condition": "o < 10"},
						 {"op": "union", "right": {"source": {"format": "csv", "path": "events.csv", "header": true,
						   "schema": "id INT, k STRING, o INT, v INT", "partitions": 3},
						   "pipeline": [{"op": "filter", "condition": "v > 700"}]}},
						 {"op": "groupBy", "keys": ["k"], "aggregations": ["count(*) AS n"]}]""");
		Api.Response typo = api.post("/api/v1/jobs",
				"""
						{"name": "typo", "source": {"format": "csv", "path": "events.csv", "header": true,
						  "schema": "id INT, k STRING, o INT, v INT"},
						 "pipeline": [{"op": "select", "columns": ["id", "lenght(k) AS n"]}], "action": {"type": "collect"}}""");
		assertThat(typo.status()).isEqualTo(400);
		assertThat(typo.body().path("detail").asString()).contains("unknown function 'lenght'")
			.contains("did you mean 'length'?");
		assertThat(typo.body().path("pointer").asString()).isEqualTo("/pipeline/0/columns/1");
	}

	private static String json(String... columns) {
		StringBuilder sb = new StringBuilder("[{\"op\": \"select\", \"columns\": [");
		for (int i = 0; i < columns.length; i++) {
			sb.append((i > 0) ? ", " : "").append('"').append(columns[i]).append('"');
		}
		return sb.append("]}]").toString();
	}

}
