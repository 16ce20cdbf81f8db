package dev.kindling.catalog;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kindling.engine.planner.JobPlanner;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.scheduler.JobPlanning;
import dev.kindling.testsupport.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL jobs and the catalog of named tables through the driver's API: tables created,
 * replaced, read with their schema and deleted; SQL jobs reading catalog and job-local
 * tables (which win), pinned when submitted; SQL mistakes as problems naming the line,
 * the column and the token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kindling.role=local", "spring.datasource.url=jdbc:h2:mem:sql-jobs;DB_CLOSE_DELAY=-1" })
class SqlJobsTest {

	static final Path ROOT = root();

	@LocalServerPort
	int port;

	@Autowired
	JobPlanning planning;

	private static Path root() {
		try {
			Path root = Files.createTempDirectory("kindling-sql");
			Files.writeString(root.resolve("people.csv"),
					"id,name,city,age\n1,Ada,Oslo,36\n2,Bo,Bergen,25\n3,Cy,Oslo,41\n4,Di,Tromsø,52\n");
			Files.writeString(root.resolve("other.csv"), "id,name,city,age\n9,Zed,Oslo,99\n");
			Files.writeString(root.resolve("cities.csv"), "city,region\nOslo,East\nBergen,West\n");
			Path oslo = Files.createDirectories(root.resolve("events/city=Oslo"));
			Path bergen = Files.createDirectories(root.resolve("events/city=Bergen"));
			Files.writeString(oslo.resolve("part-0.json"),
					"{\"id\":1,\"kind\":\"click\"}\n{\"id\":2,\"kind\":\"view\"}\n");
			Files.writeString(oslo.resolve("part-1.json"), "{\"id\":3,\"kind\":\"click\"}\n");
			Files.writeString(bergen.resolve("part-0.json"), "{\"id\":4,\"kind\":\"view\"}\n");
			Files.writeString(root.resolve("events/_SUCCESS"), "");
			Files.writeString(root.resolve("staff.csv"),
					"id,name,age,city,salary\n1,Ada,36,Oslo,100.5\n2,Bo,25,Bergen,90\n3,Cy,41,Oslo,80.5\n");
			return root;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@DynamicPropertySource
	static void dataRoot(DynamicPropertyRegistry registry) {
		registry.add("kindling.data.root", ROOT::toString);
	}

	private Http http() {
		return new Http(this.port);
	}

	private Http.Response put(String name, String source) {
		return http().send("PUT", "/api/v1/tables/" + name, HttpRequest.BodyPublishers.ofString(source),
				Map.of("Content-Type", "application/json"));
	}

	private static String source(String path) {
		return "{\"format\":\"csv\",\"path\":\"" + path + "\",\"header\":true,\"inferSchema\":true}";
	}

	private Http.Response sql(String sql, String rest) {
		String body = "{\"name\":\"q\",\"sql\":" + Http.JSON.writeValueAsString(sql) + rest + "}";
		return http().post("/api/v1/jobs?wait=60s", body);
	}

	@Test
	void tablesAreCreatedReplacedReadWithTheirSchemaAndDeleted() {
		Http.Response created = put("Staff", source("people.csv"));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/tables/staff");
		assertThat(created.text("/name")).isEqualTo("staff");
		assertThat(created.at("/schema").toString()).isEqualTo("[{\"name\":\"id\",\"type\":\"int\"},"
				+ "{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"city\",\"type\":\"string\"},"
				+ "{\"name\":\"age\",\"type\":\"int\"}]");
		assertThat(put("staff", source("other.csv")).status()).isEqualTo(200);
		Http.Response one = http().get("/api/v1/tables/STAFF");
		assertThat(one.status()).isEqualTo(200);
		assertThat(one.text("/source/path")).isEqualTo("other.csv");
		assertThat(one.at("/schema").toString()).isEqualTo(created.at("/schema").toString());
		assertThat(http().get("/api/v1/tables").json().path("items").findValuesAsString("name")).contains("staff");
		assertThat(
				http().send("DELETE", "/api/v1/tables/staff", HttpRequest.BodyPublishers.noBody(), Map.of()).status())
			.isEqualTo(204);
		Http.Response gone = http().get("/api/v1/tables/staff");
		assertThat(gone.status()).isEqualTo(404);
		assertThat(gone.text("/type")).isEqualTo("https://kindling.dev/problems/table-not-found");
		assertThat(
				http().send("DELETE", "/api/v1/tables/staff", HttpRequest.BodyPublishers.noBody(), Map.of()).status())
			.isEqualTo(404);
	}

	@Test
	void aBadNameOrSourceIsAProblemNamingIt() {
		Http.Response badName = put("no-dashes", source("people.csv"));
		assertThat(badName.status()).isEqualTo(400);
		assertThat(badName.text("/parameter")).isEqualTo("name");
		Http.Response missing = put("ghost", source("nowhere.csv"));
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.text("/pointer")).isEqualTo("/path");
		assertThat(missing.text("/detail")).isEqualTo("'nowhere.csv' does not exist under the data root");
		Http.Response unknownField = put("ghost", "{\"format\":\"csv\",\"path\":\"people.csv\",\"colour\":1}");
		assertThat(unknownField.status()).isEqualTo(400);
		assertThat(unknownField.text("/pointer")).isEqualTo("/colour");
		assertThat(http().get("/api/v1/tables/ghost").status()).isEqualTo(404);
	}

	@Test
	void sqlJobsReadCatalogTablesAndTheirOwnTablesWin() {
		assertThat(put("people", source("people.csv")).status()).isIn(200, 201);
		assertThat(put("cities", source("cities.csv")).status()).isIn(200, 201);
		Http.Response joined = sql("SELECT c.region, count(*) AS n FROM people p JOIN cities c ON p.city = c.city "
				+ "GROUP BY c.region ORDER BY n DESC", "");
		assertThat(joined.status()).as(joined.text()).isEqualTo(200);
		assertThat(joined.text("/status")).isEqualTo("SUCCEEDED");
		assertThat(joined.at("/result/rows").toString()).isEqualTo("[[\"East\",2],[\"West\",1]]");
		assertThat(joined.at("/result/schema").toString())
			.isEqualTo("[{\"name\":\"region\",\"type\":\"string\"},{\"name\":\"n\",\"type\":\"bigint\"}]");

		Http.Response own = sql("SELECT name FROM people", ",\"tables\":{\"People\":" + source("other.csv") + "}");
		assertThat(own.at("/result/rows").toString()).isEqualTo("[[\"Zed\"]]");

		Http.Response count = sql("SELECT * FROM people WHERE age > 30", ",\"action\":{\"type\":\"count\"}");
		assertThat(count.at("/result/count").asLong()).isEqualTo(3);
	}

	@Test
	void showAndWriteWorkOnASqlJobAsOnAPipeline() throws IOException {
		String people = ",\"tables\":{\"people\":" + source("people.csv") + "}";
		Http.Response show = sql("SELECT name, age FROM people ORDER BY age DESC",
				people + ",\"action\":{\"type\":\"show\",\"n\":2}");
		assertThat(show.status()).as(show.text()).isEqualTo(200);
		assertThat(show.at("/result/rows").toString()).isEqualTo("[[\"Di\",52],[\"Cy\",41]]");
		assertThat(show.at("/result/schema").toString())
			.isEqualTo("[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"age\",\"type\":\"int\"}]");

		Http.Response write = sql("SELECT city, count(*) AS n FROM people GROUP BY city",
				people + ",\"action\":{\"type\":\"write\",\"format\":\"csv\",\"path\":\"out/per-city\"}");
		assertThat(write.status()).as(write.text()).isEqualTo(200);
		assertThat(write.text("/status")).isEqualTo("SUCCEEDED");
		assertThat(write.at("/result/rows").asLong()).isEqualTo(3);
		java.util.List<String> lines = new java.util.ArrayList<>();
		try (java.util.stream.Stream<Path> files = Files.list(ROOT.resolve("out/per-city"))) {
			for (Path file : files.filter(f -> !f.getFileName().toString().startsWith("_")).sorted().toList()) {
				java.util.List<String> content = Files.readAllLines(file);
				assertThat(content.get(0)).isEqualTo("city,n");
				lines.addAll(content.subList(1, content.size()));
			}
		}
		assertThat(lines).containsExactlyInAnyOrder("Oslo,2", "Bergen,1", "Tromsø,1");
	}

	@Test
	void aBadTableInASqlJobIsAProblemNamingItsField() {
		Http.Response missing = sql("SELECT * FROM t", ",\"tables\":{\"t\":" + source("nowhere.csv") + "}");
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.text("/pointer")).isEqualTo("/tables/t/path");
		Http.Response unknownField = sql("SELECT * FROM t",
				",\"tables\":{\"t\":{\"format\":\"csv\",\"path\":\"people.csv\",\"colour\":1}}");
		assertThat(unknownField.status()).isEqualTo(400);
		assertThat(unknownField.text("/pointer")).isEqualTo("/tables/t/colour");
		Http.Response noSql = http().post("/api/v1/jobs", "{\"name\":\"x\",\"sql\":\"  \"}");
		assertThat(noSql.status()).isEqualTo(400);
		assertThat(noSql.text("/pointer")).isEqualTo("/sql");
	}

	@Test
	void aSubmittedJobKeepsTheTablesItPinnedWhateverTheCatalogDoesLater() {
		assertThat(put("pinned", source("people.csv")).status()).isIn(200, 201);
		Http.Response ran = sql("SELECT name FROM pinned WHERE age > 40", "");
		assertThat(ran.at("/result/rows").toString()).isEqualTo("[[\"Cy\"],[\"Di\"]]");
		JobPlanning.Planned planned = this.planning
			.plan(JobSpec.sql("q", "SELECT name FROM pinned WHERE age > 40", null, null));
		JobSpec pinned = planned.pinned();
		assertThat(pinned.tables()).containsOnlyKeys("pinned");
		assertThat(pinned.tables().get("pinned").schema()).isEqualTo("id int, name string, city string, age int");
		http().send("DELETE", "/api/v1/tables/pinned", HttpRequest.BodyPublishers.noBody(), Map.of());
		// what executors do with the stored spec: plan it again, with no catalog
		JobPlanner.PlannedJob again = new JobPlanner(100).plan(pinned, planned.shufflePartitions(), planned.scanStats(),
				java.util.Set.of(), planned.broadcastThreshold());
		assertThat(again.stages()).hasSameSizeAs(planned.plan().stages());
		// the accepted job's plan is shown from what it pinned, the catalog
		// notwithstanding
		Http.Response plan = http().get("/api/v1/jobs/" + ran.text("/id") + "/plan");
		assertThat(plan.status()).isEqualTo(200);
		assertThat(plan.text("/logical")).contains("Filter (age > 40)");
		assertThat(plan.text("/optimized")).contains("Scan csv people.csv");
		assertThat(plan.text("/physical")).contains("Stage 0");
		assertThat(sql("SELECT name FROM pinned", "").status()).isEqualTo(400);
	}

	@Test
	void aSqlMistakeNamesTheLineColumnAndToken() {
		Http.Response syntax = sql("SELECT city,\n  count(*) AS n\nFROM people\nGROUP city", "");
		assertThat(syntax.status()).isEqualTo(400);
		JsonNode problem = syntax.json();
		assertThat(problem.path("pointer").asString()).isEqualTo("/sql");
		assertThat(problem.path("line").asInt()).isEqualTo(4);
		assertThat(problem.path("column").asInt()).isEqualTo(7);
		assertThat(problem.path("token").asString()).isEqualTo("city");
		assertThat(problem.path("detail").asString())
			.isEqualTo("expected BY after GROUP at line 4, column 7, found 'city'");

		Http.Response table = sql("SELECT * FROM nowhere_at_all", "");
		assertThat(table.status()).isEqualTo(400);
		assertThat(table.json().path("detail").asString()).startsWith("unknown table 'nowhere_at_all'");
		assertThat(table.json().path("column").asInt()).isEqualTo(15);

		Http.Response both = http().post("/api/v1/jobs",
				"{\"name\":\"x\",\"sql\":\"SELECT 1 FROM t\",\"source\":" + source("people.csv") + "}");
		assertThat(both.status()).isEqualTo(400);
		assertThat(both.text("/pointer")).isEqualTo("/source");
	}

	@Test
	void swaggerOffersASqlExampleThatRuns() {
		JsonNode example = http().get("/v3/api-docs")
			.at("/paths/~1api~1v1~1jobs/post/requestBody/content/application~1json/examples/sql/value");
		JsonNode job = example.isString() ? Http.JSON.readTree(example.asString()) : example;
		assertThat(job.path("sql").asString()).startsWith("SELECT city, count(*)");
		String body = Http.JSON.writeValueAsString(job).replace("\"people.csv\"", "\"staff.csv\"");
		Http.Response ran = http().post("/api/v1/jobs?wait=60s", body);
		assertThat(ran.status()).as(ran.text()).isEqualTo(200);
		assertThat(ran.at("/result/rows").toString()).isEqualTo("[[\"Oslo\",2,90.5]]");
	}

	@Test
	void aDryRunShowsTheSqlPlans() {
		Http.Response plan = http().post("/api/v1/jobs?dryRun=true",
				"{\"name\":\"p\",\"sql\":\"SELECT city, count(*) FROM t WHERE age > 30 GROUP BY city\","
						+ "\"tables\":{\"t\":" + source("people.csv") + "}}");
		assertThat(plan.status()).as(plan.text()).isEqualTo(200);
		assertThat(plan.text("/logical")).contains("Aggregate keys=[city]", "Filter (age > 30)");
		assertThat(plan.text("/optimized")).contains("filters=[(age > 30)]");
		assertThat(plan.text("/physical")).contains("HashAggregate");
	}

	@Test
	void tablesReadEveryFormatFolderAndPartitionAPipelineReads() {
		String events = "{\"format\":\"json\",\"path\":\"events\"}";
		Http.Response created = put("events", events);
		assertThat(created.status()).as(created.text()).isIn(200, 201);
		assertThat(created.at("/schema").toString()).isEqualTo("[{\"name\":\"id\",\"type\":\"bigint\"},"
				+ "{\"name\":\"kind\",\"type\":\"string\"},{\"name\":\"city\",\"type\":\"string\"}]");
		assertThat(http().get("/api/v1/tables/events").at("/schema").toString())
			.isEqualTo(created.at("/schema").toString());
		Http.Response oslo = sql(
				"SELECT kind, count(*) AS n FROM events WHERE city = 'Oslo' GROUP BY kind ORDER BY kind", "");
		assertThat(oslo.status()).as(oslo.text()).isEqualTo(200);
		assertThat(oslo.at("/result/rows").toString()).isEqualTo("[[\"click\",2],[\"view\",1]]");
		assertThat(http().get("/api/v1/jobs/" + oslo.text("/id") + "/plan").text()).contains("Files: 2 of 3",
				"PartitionColumns: [city]", "PartitionFilters: [(city = Oslo)]");

		Http.Response write = sql("SELECT id, kind, city FROM events",
				",\"action\":{\"type\":\"write\",\"format\":\"parquet\",\"path\":\"out/events-pq\",\"partitionBy\":[\"kind\"]}");
		assertThat(write.status()).as(write.text()).isEqualTo(200);
		assertThat(write.text("/status")).isEqualTo("SUCCEEDED");
		Http.Response own = sql("SELECT e.kind, sum(e.id) AS s FROM e JOIN events v ON e.id = v.id GROUP BY e.kind "
				+ "ORDER BY e.kind", ",\"tables\":{\"e\":{\"format\":\"parquet\",\"path\":\"out/events-pq\"}}");
		assertThat(own.status()).as(own.text()).isEqualTo(200);
		assertThat(own.at("/result/rows").toString()).isEqualTo("[[\"click\",4],[\"view\",6]]");

		Http.Response notAnOption = put("bad",
				"{\"format\":\"json\",\"path\":\"events\",\"partitionColumns\":[\"city\"]}");
		assertThat(notAnOption.status()).isEqualTo(400);
		assertThat(notAnOption.text("/pointer")).isEqualTo("/partitionColumns");
		Http.Response badFormat = put("bad", "{\"format\":\"avro\",\"path\":\"events\"}");
		assertThat(badFormat.status()).isEqualTo(400);
		assertThat(badFormat.text("/pointer")).isEqualTo("/format");
		Http.Response localBad = sql("SELECT * FROM t",
				",\"tables\":{\"t\":{\"format\":\"json\",\"path\":\"nothing/*\"}}");
		assertThat(localBad.status()).isEqualTo(400);
		assertThat(localBad.text("/pointer")).isEqualTo("/tables/t/path");
	}

}
