package dev.kindling.job;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sources that are folders and globs, partitioned writes read back with pruning, job
 * chains, the write modes, and the writes issue 19 says must destroy nothing: through a
 * real driver with local executors, over HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "kindling.role=local",
		"kindling.limits.min-split-size=1B", "spring.datasource.url=jdbc:h2:mem:file-sources;DB_CLOSE_DELAY=-1" })
class FileSourcesTest {

	static final Path ROOT = root();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	private static Path root() {
		try {
			Path root = Files.createTempDirectory("kindling-sources");
			StringBuilder csv = new StringBuilder("id,city,amount\n");
			for (int i = 0; i < 300; i++) {
				csv.append(i).append(',').append(i % 3 == 0 ? "\"Oslo, NO\"" : "Bergen").append(',').append(i * 2);
				csv.append('\n');
			}
			Files.writeString(root.resolve("sales.csv"), csv);
			Path jan = Files.createDirectories(root.resolve("logs/2026-01"));
			Path feb = Files.createDirectories(root.resolve("logs/2026-02"));
			Files.writeString(jan.resolve("part-0.csv"), "level,n\ninfo,1\nwarn,2\n");
			Files.writeString(jan.resolve("part-1.csv"), "level,n\ninfo,3\n");
			Files.writeString(feb.resolve("part-0.csv"), "level,n\nerror,4\ninfo,5\nwarn,6\n");
			Files.writeString(feb.resolve("_SUCCESS"), "");
			Files.writeString(feb.resolve(".part-0.csv.crc"), "not data");
			Files.createDirectories(root.resolve("logs/_temporary/0"));
			Files.writeString(root.resolve("logs/_temporary/0/part-9.csv"), "level,n\nhalf,99\n");
			Files.createDirectories(root.resolve("shared"));
			Files.writeString(root.resolve("shared/customers.csv"), "id,name\n1,Ada\n");
			Files.writeString(root.resolve("shared/orders.csv"), "id,total\n1,10\n");
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

	record Answer(int status, JsonNode body) {

		long count() {
			return this.body.path("result").path("count").asLong(-1);
		}

		String pointer() {
			return this.body.path("pointer").asString();
		}

	}

	private Answer submit(String job) throws Exception {
		HttpResponse<String> r = HTTP
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/jobs?wait=60s"))
				.timeout(Duration.ofSeconds(90))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(job))
				.build(), HttpResponse.BodyHandlers.ofString());
		return new Answer(r.statusCode(), JSON.readTree(r.body()));
	}

	private String plan(String jobId) throws Exception {
		HttpResponse<String> r = HTTP.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/jobs/" + jobId + "/plan"))
					.GET()
					.build(),
				HttpResponse.BodyHandlers.ofString());
		return r.body();
	}

	private static String count(String source) {
		return "{\"source\": " + source + ", \"action\": {\"type\": \"count\"}}";
	}

	private static String write(String source, String pipeline, String action) {
		return "{\"source\": " + source + ", \"pipeline\": [" + pipeline + "], \"action\": " + action + "}";
	}

	private static List<String> names(Path folder) throws IOException {
		try (Stream<Path> files = Files.walk(folder)) {
			return files.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString()).sorted().toList();
		}
	}

	@Test
	void readsAFolderOfPartFilesSkippingWhatSparkSkips() throws Exception {
		Answer folder = submit(count("{\"path\": \"logs\", \"header\": true}"));
		assertThat(folder.status()).as(folder.body().toString()).isEqualTo(200);
		assertThat(folder.count()).as("three part files; _SUCCESS, .crc and _temporary skipped").isEqualTo(6);
		String plan = plan(folder.body().path("id").asString());
		assertThat(plan).contains("Files: 3 [logs/2026-01/part-0.csv");
	}

	@Test
	void readsAGlob() throws Exception {
		Answer glob = submit(count("{\"path\": \"logs/2026-0*/part-*.csv\", \"header\": true}"));
		assertThat(glob.status()).as(glob.body().toString()).isEqualTo(200);
		assertThat(glob.count()).isEqualTo(6);
		Answer one = submit(count("{\"path\": \"logs/2026-0[2-9]/*\", \"header\": true, \"inferSchema\": true}"));
		assertThat(one.count()).as("the hidden files in the matched folder are skipped").isEqualTo(3);
		Answer none = submit(count("{\"path\": \"logs/2027-*/part-*.csv\", \"header\": true}"));
		assertThat(none.status()).isEqualTo(400);
		assertThat(none.pointer()).isEqualTo("/source/path");
		assertThat(none.body().path("detail").asString()).contains("matches no file");
	}

	@Test
	void readsAGzippedCsvWholeAsOneTaskAsSparkDoes() throws Exception {
		try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(ROOT.resolve("sales.csv.gz")))) {
			out.write(Files.readAllBytes(ROOT.resolve("sales.csv")));
		}
		Answer plain = submit(count("{\"path\": \"sales.csv\", \"header\": true, \"partitions\": 4}"));
		Answer gzipped = submit(count("{\"path\": \"sales.csv.gz\", \"header\": true, \"partitions\": 4}"));
		assertThat(gzipped.status()).as(gzipped.body().toString()).isEqualTo(200);
		assertThat(gzipped.count()).isEqualTo(plain.count()).isEqualTo(300);
		assertThat(plain.body().path("stages").get(0).path("numTasks").asInt()).as("the plain file is split")
			.isGreaterThan(1);
		assertThat(gzipped.body().path("stages").get(0).path("numTasks").asInt()).as("a .gz file is one task")
			.isEqualTo(1);
	}

	@Test
	void readsAPartitionedWriteBackWithItsColumnAndPrunesFolders() throws Exception {
		Answer written = submit(write("{\"path\": \"sales.csv\", \"header\": true, \"inferSchema\": true}", "",
				"{\"type\": \"write\", \"path\": \"out/by-city\", \"partitionBy\": [\"city\"]}"));
		assertThat(written.status()).as(written.body().toString()).isEqualTo(200);
		assertThat(written.body().path("result").path("rows").asLong()).isEqualTo(300);
		List<String> files = names(ROOT.resolve("out/by-city"));
		assertThat(files).contains("_SUCCESS");
		assertThat(files).anyMatch(f -> f.startsWith("city=Bergen/part-"))
			.anyMatch(f -> f.startsWith("city=Oslo, NO/"));
		assertThat(files).noneMatch(f -> f.startsWith("_temporary"));
		assertThat(Files
			.readString(ROOT.resolve("out/by-city")
				.resolve(files.stream().filter(f -> f.startsWith("city=Bergen/")).findFirst().orElseThrow()))
			.lines()
			.findFirst()).as("the files hold the other columns").contains("id,amount");

		Answer bergen = submit(write("{\"path\": \"out/by-city\", \"header\": true, \"inferSchema\": true}",
				"{\"op\": \"filter\", \"condition\": \"city = 'Bergen' AND amount > 10\"}",
				"{\"type\": \"collect\", \"maxRows\": 1000}"));
		assertThat(bergen.status()).as(bergen.body().toString()).isEqualTo(200);
		assertThat(bergen.body().path("result").path("rows").size()).isEqualTo(200 - 4);
		assertThat(bergen.body().path("result").path("schema").toString()).contains("\"city\"", "\"amount\"");
		String plan = plan(bergen.body().path("id").asString());
		assertThat(plan).contains("Files: 1 of 2", "PartitionColumns: [city]", "PartitionFilters: [(city = Bergen)]");
	}

	@Test
	void aRewrittenFileIsReadWithTheSchemaItHoldsNow() throws Exception {
		Path file = ROOT.resolve("rewritten.csv");
		String source = "{\"path\": \"rewritten.csv\", \"header\": true, \"inferSchema\": true}";
		String collect = "{\"type\": \"collect\"}";
		Files.writeString(file, "n,s\n1,x\n");
		Answer first = submit(write(source, "", collect));
		assertThat(first.body().path("result").path("rows").toString()).isEqualTo("[[1,\"x\"]]");
		assertThat(submit(write(source, "", collect)).body().path("result").path("rows").toString())
			.isEqualTo("[[1,\"x\"]]");
		// The same size: only the modification time tells the versions apart.
		java.nio.file.attribute.FileTime before = Files.getLastModifiedTime(file);
		Files.writeString(file, "n,s\nx,1\n");
		Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(before.toMillis() + 2000));
		Answer same = submit(write(source, "", collect));
		assertThat(same.body().path("result").path("rows").toString()).isEqualTo("[[\"x\",1]]");
		Files.writeString(file, "n,s,extra\n2,y,true\n");
		Answer wider = submit(write(source, "", collect));
		assertThat(wider.body().path("result").path("rows").toString()).isEqualTo("[[2,\"y\",true]]");
	}

	@Test
	void chainsJobs() throws Exception {
		Answer written = submit(write("{\"path\": \"sales.csv\", \"header\": true, \"inferSchema\": true}",
				"{\"op\": \"groupBy\", \"keys\": [\"city\"], \"aggregations\": [\"sum(amount) AS total\"]}",
				"{\"type\": \"write\", \"path\": \"out/totals\"}"));
		assertThat(written.status()).as(written.body().toString()).isEqualTo(200);
		Answer read = submit(write("{\"path\": \"out/totals\", \"header\": true, \"inferSchema\": true}",
				"{\"op\": \"orderBy\", \"columns\": [\"city\"]}", "{\"type\": \"collect\"}"));
		assertThat(read.status()).as(read.body().toString()).isEqualTo(200);
		assertThat(read.body().path("result").path("rows").toString())
			.isEqualTo("[[\"Bergen\",60000],[\"Oslo, NO\",29700]]");
	}

	@Test
	void appendsIgnoresAndRefusesAsSparkSaveModesDo() throws Exception {
		String source = "{\"path\": \"sales.csv\", \"header\": true}";
		assertThat(submit(write(source, "", "{\"type\": \"write\", \"path\": \"out/modes\"}")).status()).isEqualTo(200);
		Answer error = submit(write(source, "", "{\"type\": \"write\", \"path\": \"out/modes\"}"));
		assertThat(error.status()).isEqualTo(400);
		assertThat(error.pointer()).isEqualTo("/action/path");
		Answer append = submit(
				write(source, "", "{\"type\": \"write\", \"path\": \"out/modes\", \"mode\": \"append\"}"));
		assertThat(append.status()).as(append.body().toString()).isEqualTo(200);
		assertThat(submit(count("{\"path\": \"out/modes\", \"header\": true}")).count()).isEqualTo(600);
		Answer ignore = submit(
				write(source, "", "{\"type\": \"write\", \"path\": \"out/modes\", \"mode\": \"ignore\"}"));
		assertThat(ignore.status()).as(ignore.body().toString()).isEqualTo(200);
		assertThat(ignore.body().path("result").path("ignored").asBoolean()).isTrue();
		assertThat(submit(count("{\"path\": \"out/modes\", \"header\": true}")).count()).isEqualTo(600);
		Answer overwrite = submit(write(source, "{\"op\": \"limit\", \"n\": 5}",
				"{\"type\": \"write\", \"path\": \"out/modes\", \"mode\": \"overwrite\"}"));
		assertThat(overwrite.status()).as(overwrite.body().toString()).isEqualTo(200);
		assertThat(submit(count("{\"path\": \"out/modes\", \"header\": true}")).count()).isEqualTo(5);
	}

	@Test
	void refusesWritesThatWouldDestroyTheirSourceOrOtherDatasets() throws Exception {
		String shared = "{\"path\": \"shared/customers.csv\", \"header\": true}";
		Answer ontoSource = submit(write(shared, "",
				"{\"type\": \"write\", \"path\": \"shared/customers.csv\", \"mode\": \"overwrite\"}"));
		assertThat(ontoSource.status()).isEqualTo(400);
		assertThat(ontoSource.pointer()).isEqualTo("/action/path");
		assertThat(ontoSource.body().path("detail").asString()).contains("is the job's source");
		Answer holdingSource = submit(
				write(shared, "", "{\"type\": \"write\", \"path\": \"shared\", \"mode\": \"overwrite\"}"));
		assertThat(holdingSource.status()).isEqualTo(400);
		assertThat(holdingSource.body().path("detail").asString()).contains("holds the job's source");
		Answer otherDatasets = submit(write("{\"path\": \"sales.csv\", \"header\": true}", "",
				"{\"type\": \"write\", \"path\": \"shared\", \"mode\": \"overwrite\"}"));
		assertThat(otherDatasets.status()).isEqualTo(400);
		assertThat(otherDatasets.body().path("detail").asString()).contains("no job wrote");
		Answer intoSourceFolder = submit(write("{\"path\": \"logs\", \"header\": true}", "",
				"{\"type\": \"write\", \"path\": \"logs/2026-03\"}"));
		assertThat(intoSourceFolder.status()).isEqualTo(400);
		assertThat(intoSourceFolder.body().path("detail").asString()).contains("lies inside the job's source");
		Answer ontoFile = submit(write("{\"path\": \"sales.csv\", \"header\": true}", "",
				"{\"type\": \"write\", \"path\": \"shared/orders.csv\", \"mode\": \"append\"}"));
		assertThat(ontoFile.status()).isEqualTo(400);
		assertThat(names(ROOT.resolve("shared"))).containsExactly("customers.csv", "orders.csv");
		assertThat(Files.readString(ROOT.resolve("shared/customers.csv"))).isEqualTo("id,name\n1,Ada\n");
	}

	@Test
	void aFailedJobLeavesTheEarlierOutputAsItWas() throws Exception {
		Files.writeString(ROOT.resolve("bad.csv"), "id,n\n1,2\n2,x\n3,4\n");
		String good = "{\"path\": \"sales.csv\", \"header\": true}";
		assertThat(submit(write(good, "", "{\"type\": \"write\", \"path\": \"out/kept\"}")).status()).isEqualTo(200);
		List<String> before = names(ROOT.resolve("out/kept"));
		Answer failed = submit(write(
				"{\"path\": \"bad.csv\", \"header\": true, \"schema\": \"id INT, n INT\", " + "\"mode\": \"FAILFAST\"}",
				"", "{\"type\": \"write\", \"path\": \"out/kept\", \"mode\": \"overwrite\"}"));
		assertThat(failed.status()).isEqualTo(200);
		assertThat(failed.body().path("status").asString()).isEqualTo("FAILED");
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (Files.exists(ROOT.resolve("out/kept/_temporary")) && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(names(ROOT.resolve("out/kept"))).as("the earlier files, and no staging left").isEqualTo(before);
		assertThat(submit(count("{\"path\": \"out/kept\", \"header\": true}")).count()).isEqualTo(300);
	}

	@Test
	void writesPartitionedJsonThatKindlingAndDuckDbReadBackAlike() throws Exception {
		Answer written = submit(write("{\"path\": \"sales.csv\", \"header\": true, \"inferSchema\": true}", "",
				"{\"type\": \"write\", \"format\": \"json\", \"path\": \"out/json\", \"partitionBy\": [\"city\"]}"));
		assertThat(written.status()).as(written.body().toString()).isEqualTo(200);
		assertThat(names(ROOT.resolve("out/json"))).contains("_SUCCESS")
			.anyMatch(f -> f.startsWith("city=Bergen/part-") && f.endsWith(".json"));
		Answer read = submit(write("{\"format\": \"json\", \"path\": \"out/json\"}",
				"{\"op\": \"groupBy\", \"keys\": [\"city\"], "
						+ "\"aggregations\": [\"count(*) AS n\", \"sum(amount) AS total\", \"sum(id) AS ids\"]}, "
						+ "{\"op\": \"orderBy\", \"columns\": [\"city\"]}",
				"{\"type\": \"collect\"}"));
		assertThat(read.status()).as(read.body().toString()).isEqualTo(200);
		StringBuilder duck = new StringBuilder("[");
		try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
				java.sql.Statement st = c.createStatement();
				java.sql.ResultSet rs = st.executeQuery(
						"SELECT city, count(*), sum(amount), sum(id) FROM read_json('" + ROOT.resolve("out/json")
								+ "/**/*.json', hive_partitioning = true) GROUP BY city ORDER BY city")) {
			while (rs.next()) {
				duck.append(duck.length() > 1 ? "," : "")
					.append("[\"")
					.append(rs.getString(1))
					.append("\",")
					.append(rs.getLong(2))
					.append(',')
					.append(rs.getLong(3))
					.append(',')
					.append(rs.getLong(4))
					.append(']');
			}
		}
		assertThat(read.body().path("result").path("rows").toString()).isEqualTo(duck.append(']').toString())
			.isEqualTo("[[\"Bergen\",200,60000,30000],[\"Oslo, NO\",100,29700,14850]]");
	}

	@Test
	void chainsParquetWithPruningAndDuckDbReadsItAlike() throws Exception {
		Answer written = submit(write("{\"path\": \"sales.csv\", \"header\": true, \"inferSchema\": true}", "",
				"{\"type\": \"write\", \"format\": \"parquet\", \"path\": \"out/parquet\", "
						+ "\"partitionBy\": [\"city\"]}"));
		assertThat(written.status()).as(written.body().toString()).isEqualTo(200);
		assertThat(names(ROOT.resolve("out/parquet"))).contains("_SUCCESS")
			.anyMatch(f -> f.startsWith("city=Bergen/part-") && f.endsWith(".parquet"));
		Answer read = submit(write("{\"format\": \"parquet\", \"path\": \"out/parquet\"}",
				"{\"op\": \"filter\", \"condition\": \"city = 'Bergen' AND amount >= 100\"}, "
						+ "{\"op\": \"groupBy\", \"keys\": [\"city\"], "
						+ "\"aggregations\": [\"count(*) AS n\", \"sum(amount) AS total\"]}",
				"{\"type\": \"collect\"}"));
		assertThat(read.status()).as(read.body().toString()).isEqualTo(200);
		assertThat(plan(read.body().path("id").asString())).contains("Files: 1 of 2");
		String duck;
		try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
				java.sql.Statement st = c.createStatement();
				java.sql.ResultSet rs = st.executeQuery("SELECT city, count(*), sum(amount) FROM read_parquet('"
						+ ROOT.resolve("out/parquet") + "/**/*.parquet', hive_partitioning = true) "
						+ "WHERE city = 'Bergen' AND amount >= 100 GROUP BY city")) {
			rs.next();
			duck = "[[\"" + rs.getString(1) + "\"," + rs.getLong(2) + "," + rs.getLong(3) + "]]";
		}
		assertThat(read.body().path("result").path("rows").toString()).isEqualTo(duck)
			.isEqualTo(
					"[[\"Bergen\",167,"
							+ (60000 - 2 * (1 + 2 + 4 + 5 + 7 + 8 + 10 + 11 + 13 + 14 + 16 + 17 + 19 + 20 + 22 + 23 + 25
									+ 26 + 28 + 29 + 31 + 32 + 34 + 35 + 37 + 38 + 40 + 41 + 43 + 44 + 46 + 47 + 49))
							+ "]]");
	}

	private HttpResponse<String> call(String method, String path) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void listsShowsDownloadsAndDeletesFoldersAsDatasets() throws Exception {
		Answer written = submit(write("{\"path\": \"sales.csv\", \"header\": true, \"inferSchema\": true}", "",
				"{\"type\": \"write\", \"format\": \"parquet\", \"path\": \"out/browse\", "
						+ "\"partitionBy\": [\"city\"]}"));
		assertThat(written.status()).as(written.body().toString()).isEqualTo(200);
		JsonNode list = JSON.readTree(call("GET", "/api/v1/datasets").body());
		assertThat(list.toString()).contains("{\"name\":\"out/browse\",\"kind\":\"folder\"",
				"{\"name\":\"sales.csv\",\"kind\":\"file\"");
		JsonNode shown = JSON.readTree(call("GET", "/api/v1/datasets/out/browse").body());
		long parts = names(ROOT.resolve("out/browse")).stream().filter(f -> f.endsWith(".parquet")).count();
		assertThat(shown.path("kind").asString()).isEqualTo("folder");
		assertThat(shown.path("committed").asBoolean()).isTrue();
		assertThat(shown.path("format").asString()).isEqualTo("parquet");
		assertThat(shown.path("fileCount").asLong()).isEqualTo(parts).isGreaterThan(1);
		assertThat(shown.path("files").toString()).contains("out/browse/city=Bergen/part-").doesNotContain("_SUCCESS");
		assertThat(shown.path("partitionColumns").toString()).isEqualTo("[\"city\"]");
		assertThat(shown.path("schema").toString()).contains("\"id\"", "\"amount\"");
		JsonNode file = JSON.readTree(call("GET", "/api/v1/datasets/shared/customers.csv").body());
		assertThat(file.path("kind").asString()).isEqualTo("file");
		assertThat(file.path("sizeBytes").asLong()).isEqualTo(14);
		HttpResponse<String> download = call("GET", "/api/v1/datasets/shared/customers.csv?download=true");
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).isEqualTo("id,name\n1,Ada\n");
		assertThat(download.headers().firstValue("Content-Disposition").orElse("")).contains("customers.csv");
		assertThat(call("GET", "/api/v1/datasets/shared?download=true").statusCode()).isEqualTo(400);
		assertThat(call("DELETE", "/api/v1/datasets/out/browse").statusCode()).isEqualTo(204);
		assertThat(ROOT.resolve("out/browse")).doesNotExist();
		HttpResponse<String> gone = call("GET", "/api/v1/datasets/out/browse");
		assertThat(gone.statusCode()).isEqualTo(404);
		assertThat(gone.body()).contains("dataset-not-found").doesNotContain(ROOT.toString());
		assertThat(call("DELETE", "/api/v1/datasets/out/browse").statusCode()).isEqualTo(404);
	}

}
