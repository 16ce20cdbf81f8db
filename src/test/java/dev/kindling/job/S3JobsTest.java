package dev.kindling.job;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kindling.testsupport.S3ProxyServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs that read and write object storage, through a real driver with local executors,
 * over HTTP, against a real S3-compatible server (S3Proxy, in-process): CSV, JSON Lines
 * and Parquet from a key, a prefix and a glob; writes with every mode and
 * {@code partitionBy}, read back; a bucket outside the allowed locations refused as a
 * path outside the data root is.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kindling.role=local", "kindling.limits.min-split-size=1B",
				"spring.datasource.url=jdbc:h2:mem:s3-jobs;DB_CLOSE_DELAY=-1",
				"kindling.storage.allowed-locations=s3://lake,s3://sink/jobs/" })
class S3JobsTest {

	static final S3ProxyServer S3 = start();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	private static S3ProxyServer start() {
		try {
			S3ProxyServer s3 = new S3ProxyServer("lake", "sink", "other");
			StringBuilder csv = new StringBuilder("id,city,amount\n");
			StringBuilder json = new StringBuilder();
			for (int i = 0; i < 300; i++) {
				csv.append(i).append(',').append(i % 3 == 0 ? "\"Oslo, NO\"" : "Bergen").append(',').append(i * 2);
				csv.append('\n');
				json.append("{\"id\":").append(i).append(",\"user\":{\"name\":\"u").append(i % 7).append("\"}}\n");
			}
			s3.put("lake", "raw/sales.csv", csv.toString());
			s3.put("lake", "events/part-0.json", json.toString());
			s3.put("lake", "events/part-1.json", "{\"id\":1000,\"user\":{\"name\":\"late\"}}\n");
			s3.put("lake", "events/_SUCCESS", "");
			s3.put("lake", "logs/2026-01/part-0.csv", "level,n\ninfo,1\nwarn,2\n");
			s3.put("lake", "logs/2026-01/part-1.csv", "level,n\ninfo,3\n");
			s3.put("lake", "logs/2026-02/part-0.csv", "level,n\nerror,4\ninfo,5\nwarn,6\n");
			s3.put("lake", "logs/2026-02/_SUCCESS", "");
			s3.put("lake", "logs/_temporary/0/part-9.csv", "level,n\nhalf,99\n");
			s3.put("other", "secret.csv", "a\n1\n");
			return s3;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@AfterAll
	static void stop() throws Exception {
		S3.close();
	}

	@DynamicPropertySource
	static void s3(DynamicPropertyRegistry registry) {
		registry.add("kindling.storage.s3.endpoint", S3::endpoint);
		registry.add("kindling.storage.s3.region", () -> "us-east-1");
		registry.add("kindling.storage.s3.path-style-access", () -> "true");
		registry.add("kindling.storage.s3.access-key", () -> S3ProxyServer.ACCESS_KEY);
		registry.add("kindling.storage.s3.secret-key", () -> S3ProxyServer.SECRET_KEY);
	}

	record Answer(int status, JsonNode body) {

		long count() {
			return this.body.path("result").path("count").asLong(-1);
		}

		String pointer() {
			return this.body.path("pointer").asString();
		}

		String rows() {
			return this.body.path("result").path("rows").toString();
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

	private String plan(Answer job) throws Exception {
		return HTTP.send(HttpRequest
			.newBuilder(URI
				.create("http://localhost:" + this.port + "/api/v1/jobs/" + job.body().path("id").asString() + "/plan"))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString()).body();
	}

	private static String count(String source) {
		return "{\"source\": " + source + ", \"action\": {\"type\": \"count\"}}";
	}

	private static String job(String source, String pipeline, String action) {
		return "{\"source\": " + source + ", \"pipeline\": [" + pipeline + "], \"action\": " + action + "}";
	}

	private static void assertOk(Answer answer) {
		assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
		assertThat(answer.body().path("status").asString()).as(answer.body().toString()).isEqualTo("SUCCEEDED");
	}

	@Test
	void readsCsvFromAKeyAPrefixAndAGlob() throws Exception {
		Answer key = submit(count("{\"path\": \"s3://lake/raw/sales.csv\", \"header\": true, \"partitions\": 4}"));
		assertOk(key);
		assertThat(key.count()).isEqualTo(300);
		assertThat(plan(key)).contains("s3://lake/raw/sales.csv");

		Answer prefix = submit(count("{\"path\": \"s3://lake/logs/\", \"header\": true}"));
		assertOk(prefix);
		assertThat(prefix.count()).as("three part files; _SUCCESS and _temporary skipped").isEqualTo(6);

		Answer glob = submit(count("{\"path\": \"s3a://lake/logs/2026-0*/part-*.csv\", \"header\": true}"));
		assertOk(glob);
		assertThat(glob.count()).isEqualTo(6);
	}

	@Test
	void readsJsonLinesFromAPrefixAndAGlob() throws Exception {
		Answer prefix = submit(job("{\"format\": \"json\", \"path\": \"s3://lake/events\"}",
				"{\"op\": \"filter\", \"condition\": \"`user.name` = 'u3'\"}", "{\"type\": \"count\"}"));
		assertOk(prefix);
		assertThat(prefix.count()).isEqualTo(43);
		Answer glob = submit(count("{\"format\": \"json\", \"path\": \"s3://lake/events/part-*.json\"}"));
		assertOk(glob);
		assertThat(glob.count()).isEqualTo(301);
	}

	@Test
	void writesPartitionedParquetAndReadsItBackWithPruning() throws Exception {
		Answer written = submit(job("{\"path\": \"s3://lake/raw/sales.csv\", \"header\": true, \"inferSchema\": true}",
				"", "{\"type\": \"write\", \"format\": \"parquet\", \"path\": \"s3://sink/jobs/parquet\", "
						+ "\"partitionBy\": [\"city\"]}"));
		assertOk(written);
		List<String> keys = S3.keys("sink", "jobs/parquet/");
		assertThat(keys).contains("jobs/parquet/_SUCCESS")
			.anyMatch(k -> k.startsWith("jobs/parquet/city=Bergen/part-") && k.endsWith(".parquet"))
			.noneMatch(k -> k.contains("_temporary"));

		Answer read = submit(job("{\"format\": \"parquet\", \"path\": \"s3://sink/jobs/parquet\"}",
				"{\"op\": \"filter\", \"condition\": \"city = 'Bergen' AND amount >= 100\"}, "
						+ "{\"op\": \"groupBy\", \"keys\": [\"city\"], "
						+ "\"aggregations\": [\"count(*) AS n\", \"sum(amount) AS total\"]}",
				"{\"type\": \"collect\"}"));
		assertOk(read);
		assertThat(read.rows()).isEqualTo("[[\"Bergen\",167,58366]]");
		assertThat(plan(read)).contains("Files: 1 of 2", "PartitionFilters: [(city = Bergen)]");
	}

	@Test
	void writesWithEveryModeAndReadsBack() throws Exception {
		String source = "{\"path\": \"s3://lake/raw/sales.csv\", \"header\": true}";
		String out = "s3://sink/jobs/modes";
		assertOk(submit(job(source, "", "{\"type\": \"write\", \"path\": \"" + out + "\"}")));
		Answer error = submit(job(source, "", "{\"type\": \"write\", \"path\": \"" + out + "\"}"));
		assertThat(error.status()).isEqualTo(400);
		assertThat(error.pointer()).isEqualTo("/action/path");

		assertOk(submit(job(source, "", "{\"type\": \"write\", \"path\": \"" + out + "\", \"mode\": \"append\"}")));
		assertThat(submit(count("{\"path\": \"" + out + "\", \"header\": true}")).count()).isEqualTo(600);

		Answer ignore = submit(
				job(source, "", "{\"type\": \"write\", \"path\": \"" + out + "\", \"mode\": \"ignore\"}"));
		assertOk(ignore);
		assertThat(ignore.body().path("result").path("ignored").asBoolean()).isTrue();
		assertThat(submit(count("{\"path\": \"" + out + "\", \"header\": true}")).count()).isEqualTo(600);

		Answer overwrite = submit(job(source, "{\"op\": \"limit\", \"n\": 5}",
				"{\"type\": \"write\", \"format\": \"json\", \"path\": \"" + out + "\", \"mode\": \"overwrite\"}"));
		assertOk(overwrite);
		assertThat(submit(count("{\"format\": \"json\", \"path\": \"" + out + "\"}")).count()).isEqualTo(5);
		assertThat(S3.keys("sink", "jobs/modes/")).as("only the overwrite's files, no staging left")
			.allMatch(k -> k.equals("jobs/modes/_SUCCESS") || k.endsWith(".json"));
	}

	@Test
	void sqlTablesAndCatalogTablesReadObjectStorage() throws Exception {
		String table = "{\"format\": \"csv\", \"path\": \"s3://lake/raw/sales.csv\", \"header\": true, "
				+ "\"inferSchema\": true}";
		HttpResponse<String> put = HTTP
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/tables/s3_sales"))
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString(table))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
		Answer catalog = submit("{\"sql\": \"SELECT count(*) AS n FROM s3_sales WHERE city = 'Bergen'\"}");
		assertOk(catalog);
		assertThat(catalog.rows()).isEqualTo("[[200]]");

		Answer inline = submit("{\"sql\": \"SELECT count(*) AS n FROM e\", \"tables\": {\"e\": "
				+ "{\"format\": \"json\", \"path\": \"s3://lake/events/\"}}}");
		assertOk(inline);
		assertThat(inline.rows()).isEqualTo("[[301]]");

		Answer refused = submit(
				"{\"sql\": \"SELECT * FROM t\", \"tables\": {\"t\": " + "{\"path\": \"s3://other/secret.csv\"}}}");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.pointer()).isEqualTo("/tables/t/path");
	}

	@Test
	void aFailedOverwriteLeavesTheEarlierOutputAsItWas() throws Exception {
		S3.put("lake", "raw/bad.csv", "id,n\n1,2\n2,x\n3,4\n");
		String out = "s3://sink/jobs/kept";
		assertOk(submit(job("{\"path\": \"s3://lake/raw/sales.csv\", \"header\": true}", "",
				"{\"type\": \"write\", \"path\": \"" + out + "\"}")));
		List<String> before = S3.keys("sink", "jobs/kept/");
		Answer failed = submit(job(
				"{\"path\": \"s3://lake/raw/bad.csv\", \"header\": true, \"schema\": \"id INT, n INT\", "
						+ "\"mode\": \"FAILFAST\"}",
				"", "{\"type\": \"write\", \"path\": \"" + out + "\", \"mode\": \"overwrite\"}"));
		assertThat(failed.status()).isEqualTo(200);
		assertThat(failed.body().path("status").asString()).isEqualTo("FAILED");
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (S3.keys("sink", "jobs/kept/_temporary/").size() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(S3.keys("sink", "jobs/kept/")).as("the earlier files, and no staging left").isEqualTo(before);
		assertThat(submit(count("{\"path\": \"" + out + "\", \"header\": true}")).count()).isEqualTo(300);
	}

	@Test
	void refusesABucketOutsideTheAllowedLocationsAsAPathOutsideTheDataRoot() throws Exception {
		Answer outsideRoot = submit(count("{\"path\": \"../secret.csv\"}"));
		assertThat(outsideRoot.status()).isEqualTo(400);

		Answer source = submit(count("{\"path\": \"s3://other/secret.csv\"}"));
		assertThat(source.status()).isEqualTo(400);
		assertThat(source.pointer()).isEqualTo("/source/path");
		assertThat(source.body().path("type").asString()).isEqualTo(outsideRoot.body().path("type").asString());
		assertThat(source.body().path("detail").asString()).contains("'s3://other/secret.csv'",
				"outside the allowed locations");

		Answer sibling = submit(count("{\"path\": \"s3://sink/jobs-old/x.csv\"}"));
		assertThat(sibling.status()).as("an allowed prefix is a folder, not a string prefix").isEqualTo(400);

		Answer write = submit(job("{\"path\": \"s3://lake/raw/sales.csv\", \"header\": true}", "",
				"{\"type\": \"write\", \"path\": \"s3://other/out\"}"));
		assertThat(write.status()).isEqualTo(400);
		assertThat(write.pointer()).isEqualTo("/action/path");
		assertThat(S3.keys("other", "")).containsExactly("secret.csv");
	}

}
