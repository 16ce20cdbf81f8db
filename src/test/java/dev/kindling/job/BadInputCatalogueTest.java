package dev.kindling.job;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kindling.testsupport.Http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Every kind of bad input, sent over real HTTP to a local-mode driver with one in-process
 * executor, is answered well: a 4xx problem detail with the right type and, where one
 * fits, the JSON pointer of the field at fault, before any task runs; or, for data that
 * is only found bad while it is read (malformed CSV rows, division by zero), a job that
 * ends as documented. After every case the driver is healthy and the job submitted first
 * still reads SUCCEEDED with its result; at the end every job accepted during the
 * catalogue still reads as it ended.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:bad-input;DB_CLOSE_DELAY=-1", "kindling.local.executors=1",
				"kindling.executor.slots=2", "kindling.limits.max-pipeline-steps=20",
				"kindling.limits.max-collect-rows=1000", "kindling.limits.max-upload-size=4KB",
				"kindling.limits.max-request-size=64KB", "kindling.limits.max-expression-length=2000",
				"kindling.limits.max-expression-depth=24", "kindling.limits.max-columns=50",
				"kindling.driver.max-result-size=4KB", "kindling.limits.max-tasks-per-stage=500" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputCatalogueTest {

	static final String INVALID_JOB = "https://kindling.dev/problems/invalid-job";

	static final String MALFORMED_BODY = "https://kindling.dev/problems/malformed-body";

	static final String INVALID_PARAMETER = "https://kindling.dev/problems/invalid-parameter";

	static final String TOO_LARGE = "https://kindling.dev/problems/payload-too-large";

	static final String REJECTED = "https://kindling.dev/problems/rejected-request";

	static final String NOT_FOUND = "https://kindling.dev/problems/job-not-found";

	static final String JOB_STATE = "https://kindling.dev/problems/job-state";

	static final String UNSUPPORTED_MEDIA_TYPE = "https://kindling.dev/problems/unsupported-media-type";

	static final String METHOD_NOT_ALLOWED = "https://kindling.dev/problems/method-not-allowed";

	static final String NOT_FOUND_PAGE = "https://kindling.dev/problems/not-found";

	static final Path ROOT;

	static final Path OUTSIDE;

	static {
		try {
			Path temp = Files.createTempDirectory("kindling-bad-input");
			ROOT = Files.createDirectories(temp.resolve("root"));
			OUTSIDE = Files.createDirectories(temp.resolve("outside"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@DynamicPropertySource
	static void dataRoot(DynamicPropertyRegistry registry) {
		registry.add("kindling.data.root", ROOT::toString);
	}

	@LocalServerPort
	int port;

	Http http;

	String witnessId;

	JsonNode witnessResult;

	/** Every job the catalogue got accepted, with how it ended. */
	final Map<String, JsonNode> accepted = new LinkedHashMap<>();

	/** Every answer the catalogue got, by the case that got it. */
	final Map<String, String> answers = new LinkedHashMap<>();

	@BeforeAll
	void datasetsAndAWitnessJob() throws IOException {
		this.http = new Http(this.port);
		StringBuilder people = new StringBuilder("id,name,age,city,salary\n");
		String[] cities = { "Oslo", "Lima", "Pune", "Kyiv" };
		for (int i = 1; i <= 20; i++) {
			people.append(i)
				.append(",p")
				.append(i)
				.append(',')
				.append(18 + i * 2)
				.append(',')
				.append(cities[i % 4])
				.append(',')
				.append(1000 + i * 10)
				.append('\n');
		}
		write("people.csv", people.toString());
		write("typed.csv", "id,age\n1,10\n2,abc\n3,30\n4,\n");
		write("ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8,9\n\"unclosed,10,11\n");
		write("long-line.csv", "id,text\n1,short\n2," + "x".repeat(5000) + "\n3,ok\n");
		write("empty.csv", "");
		write("header-only.csv", "id,name,age\n");
		write("options.csv", "# a comment\nid;name;score\n1; \"a\";nan\n   \n2;b;1,5\n");
		// one line past the 16 MiB record limit, with no line break (issue 19)
		write("one-long-line.csv", "x".repeat((16 << 20) + 1024));
		byte[] garbage = new byte[2048];
		new Random(42).nextBytes(garbage);
		Files.write(ROOT.resolve("garbage.csv"), garbage);
		write("wide.csv", IntStream.range(0, 60).mapToObj((i) -> "c" + i).collect(Collectors.joining(",")) + "\n"
				+ IntStream.range(0, 60).mapToObj(String::valueOf).collect(Collectors.joining(",")) + "\n");
		Files.createDirectories(ROOT.resolve("folder"));
		Files.writeString(OUTSIDE.resolve("secret.csv"), "password\nhunter2\n");
		Files.createSymbolicLink(ROOT.resolve("escape.csv"), OUTSIDE.resolve("secret.csv"));
		Files.createSymbolicLink(ROOT.resolve("elsewhere"), OUTSIDE);
		Files.createSymbolicLink(ROOT.resolve("zero.csv"), Path.of("/dev/zero"));
		Files.createDirectories(ROOT.resolve("taken"));

		Http.Response witness = this.http.post("/api/v1/jobs?wait=60s", job(people(),
				List.of(step("filter", "condition", "age > 30"), step("select", "columns", List.of("name", "age"))),
				Map.of("type", "collect")));
		assertThat(witness.status()).as(witness.text()).isEqualTo(200);
		assertThat(witness.text("/status")).isEqualTo("SUCCEEDED");
		this.witnessId = witness.text("/id");
		this.witnessResult = witness.at("/result");
		assertThat(this.witnessResult.at("/rows").size()).isEqualTo(14);
	}

	// ------------------------------------------------------------------ the catalogue

	static Stream<Arguments> catalogue() {
		List<Arguments> cases = new ArrayList<>();
		String count = "{\"type\":\"count\"}";

		// Malformed JSON
		cases.add(argumentSet("empty body", Case.post("").problem(400, MALFORMED_BODY)));
		cases.add(argumentSet("truncated JSON",
				Case.post("{\"source\": {\"path\": \"people.csv\"").problem(400, MALFORMED_BODY)));
		cases.add(argumentSet("not JSON at all",
				Case.post("source=people.csv&action=count").problem(400, MALFORMED_BODY)));
		cases.add(argumentSet("JSON array instead of a job", Case.post("[]").problem(400, MALFORMED_BODY)));
		cases.add(argumentSet("JSON string instead of a job",
				Case.post("\"count people\"").problem(400, MALFORMED_BODY)));
		cases.add(argumentSet("JSON null", Case.post("null").problem(400, null)));
		cases.add(argumentSet("trailing garbage after the job",
				Case.post(job(people(), List.of(), count) + " }{").problem(400, MALFORMED_BODY)));
		cases.add(argumentSet("comments in JSON",
				Case.post("/* hi */ " + job(people(), List.of(), count)).problem(400, MALFORMED_BODY)));
		cases.add(argumentSet("JSON nested 5000 levels deep",
				Case.post("{\"name\":" + "[".repeat(5000) + "]".repeat(5000) + "}").problem(400, MALFORMED_BODY)));
		cases.add(argumentSet("invalid UTF-8 in the body",
				Case.bytes(
						new byte[] { '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' })
					.problem(400, MALFORMED_BODY)));
		cases.add(argumentSet("unknown top-level field",
				Case.post("{\"nmae\":\"x\"}").problem(400, MALFORMED_BODY, "/nmae")));
		cases.add(argumentSet("unknown source field",
				Case.post(job(m("path", "people.csv", "compression", "gzip"), List.of(), count))
					.problem(400, MALFORMED_BODY, "/source/compression")));
		cases.add(argumentSet("unknown step field",
				Case.post(job(people(), List.of(m("op", "filter", "cond", "x")), count))
					.problem(400, MALFORMED_BODY, "/pipeline/0/cond")));

		// Wrong JSON types
		cases.add(argumentSet("pipeline is a string",
				Case.post(
						"{\"source\":{\"path\":\"people.csv\"}," + "\"pipeline\":\"filter\",\"action\":" + count + "}")
					.problem(400, MALFORMED_BODY, "/pipeline")));
		cases.add(argumentSet("source is an array", Case.post("{\"source\":[\"people.csv\"],\"action\":" + count + "}")
			.problem(400, MALFORMED_BODY, "/source")));
		cases.add(argumentSet("header is not a boolean",
				Case.post(job(m("path", "people.csv", "header", "maybe"), List.of(), count))
					.problem(400, MALFORMED_BODY, "/source/header")));
		cases
			.add(argumentSet("limit n is a word", Case.post(job(people(), List.of(m("op", "limit", "n", "ten")), count))
				.problem(400, MALFORMED_BODY, "/pipeline/0/n")));
		cases.add(argumentSet("limit n overflows an int",
				Case.post(job(people(), List.of(m("op", "limit", "n", 1L << 40)), count))
					.problem(400, MALFORMED_BODY, "/pipeline/0/n")));
		cases.add(argumentSet("select columns is a string",
				Case.post(job(people(), List.of(m("op", "select", "columns", "name")), count))
					.problem(400, MALFORMED_BODY, "/pipeline/0/columns")));
		cases.add(argumentSet("action is a string",
				Case.post("{\"source\":{\"path\":\"people.csv\"},\"action\":\"count\"}")
					.problem(400, MALFORMED_BODY, "/action")));

		// Missing fields
		cases.add(
				argumentSet("no source", Case.post("{\"action\":" + count + "}").problem(400, INVALID_JOB, "/source")));
		cases.add(argumentSet("no action",
				Case.post("{\"source\":{\"path\":\"people.csv\"}}").problem(400, INVALID_JOB, "/action/type")));
		cases.add(argumentSet("no source path",
				Case.post(job(m("header", true), List.of(), count)).problem(400, INVALID_JOB, "/source/path")));
		cases.add(argumentSet("step without op", Case.post(job(people(), List.of(m("condition", "age > 1")), count))
			.problem(400, INVALID_JOB, "/pipeline/0/op")));
		cases
			.add(argumentSet("null step",
					Case.post("{\"source\":{\"path\":\"people.csv\",\"header\":true},"
							+ "\"pipeline\":[null],\"action\":" + count + "}")
						.problem(400, INVALID_JOB, "/pipeline/0")));
		cases.add(argumentSet("filter without condition", Case.post(job(people(), List.of(m("op", "filter")), count))
			.problem(400, INVALID_JOB, "/pipeline/0/condition")));
		cases.add(argumentSet("select without columns",
				Case.post(job(people(), List.of(m("op", "select", "columns", List.of())), count))
					.problem(400, INVALID_JOB, "/pipeline/0/columns")));

		// Unknown op, column, function, option
		cases.add(argumentSet("unknown op", Case.post(job(people(), List.of(m("op", "explode")), count))
			.problem(400, INVALID_JOB, "/pipeline/0/op")));
		cases.add(argumentSet("unknown column in a filter",
				Case.post(job(people(), List.of(step("filter", "condition", "agee > 30")), count))
					.problem(400, INVALID_JOB, "/pipeline/0/condition")));
		cases.add(argumentSet("unknown function", Case
			.post(job(people(), List.of(m("op", "withColumn", "name", "x", "expression", "frobnicate(age)")), count))
			.problem(400, INVALID_JOB, "/pipeline/0/expression")));
		cases.add(argumentSet("unknown column to drop",
				Case.post(job(people(), List.of(m("op", "drop", "columns", List.of("salary", "bonus"))), count))
					.problem(400, INVALID_JOB, "/pipeline/0/columns/1")));
		cases.add(argumentSet("unknown sort column",
				Case.post(job(people(), List.of(m("op", "orderBy", "columns", List.of("height DESC"))), count))
					.problem(400, INVALID_JOB, "/pipeline/0/columns/0")));
		cases.add(argumentSet("unknown join column",
				Case.post(job(people(),
						List.of(m("op", "join", "right", m("source", people()), "on", List.of("country"))), count))
					.problem(400, INVALID_JOB, "/pipeline/0/on/0")));
		cases.add(argumentSet("unknown action", Case.post(job(people(), List.of(), m("type", "explode")))
			.problem(400, MALFORMED_BODY, "/action/type")));
		cases.add(argumentSet("action type in capitals",
				Case.post(job(people(), List.of(), m("type", "COUNT"))).problem(400, MALFORMED_BODY, "/action/type")));
		cases.add(argumentSet("action type is a number",
				Case.post(job(people(), List.of(), m("type", 0))).problem(400, MALFORMED_BODY, "/action/type")));
		cases.add(argumentSet("action type is an object",
				Case.post(job(people(), List.of(), m("type", m("name", "count"))))
					.problem(400, MALFORMED_BODY, "/action/type")));
		cases.add(argumentSet("unsupported format",
				Case.post(job(m("path", "people.csv", "format", "orc"), List.of(), count))
					.problem(400, INVALID_JOB, "/source/format")));
		cases.add(argumentSet("a CSV file read as Parquet",
				Case.post(job(m("path", "people.csv", "format", "parquet"), List.of(), count))
					.problem(400, INVALID_JOB, "/source/path")));
		cases.add(argumentSet("a JSON option the format does not have",
				Case.post(job(m("path", "people.csv", "format", "json", "header", true), List.of(), count))
					.problem(400, INVALID_JOB, "/source/header")));
		cases.add(argumentSet("unknown CSV mode",
				Case.post(job(m("path", "people.csv", "mode", "LENIENT"), List.of(), count))
					.problem(400, INVALID_JOB, "/source/mode")));
		for (Map.Entry<String, Object> bad : Map
			.<String, Object>of("samplingRatio", 0, "encoding", "cp1252", "lineSep", "", "unescapedQuoteHandling",
					"LOOSE", "delimiter", "\\x", "dateFormat", "YYYY", "locale", "??", "quote", "<<", "charset",
					"utf-7")
			.entrySet()) {
			cases.add(argumentSet("invalid CSV option " + bad.getKey(),
					Case.post(job(m("path", "people.csv", bad.getKey(), bad.getValue()), List.of(), count))
						.problem(400, INVALID_JOB, "/source/" + bad.getKey())));
		}
		Map<String, Object> everyOption = new LinkedHashMap<>(m("path", "options.csv", "header", true, "inferSchema",
				true, "delimiter", ";", "quote", "\"", "escape", "\\", "comment", "#", "nullValue", "", "emptyValue",
				"E", "nanValue", "nan", "positiveInf", "inf", "negativeInf", "-inf", "mode", "FAILFAST", "multiLine",
				false, "maxCharsPerColumn", 100, "dateFormat", "yyyy-MM-dd", "timestampFormat", "yyyy-MM-dd HH:mm",
				"locale", "de-DE", "lineSep", "\n", "charset", "UTF-8", "samplingRatio", 1.0, "ignoreLeadingWhiteSpace",
				true, "ignoreTrailingWhiteSpace", true, "unescapedQuoteHandling", "STOP_AT_CLOSING_QUOTE"));
		cases.add(argumentSet("every Spark CSV option",
				Case.post(job(everyOption, List.of(), m("type", "collect")))
					.job("SUCCEEDED", (j) -> assertThat(j.at("/result/rows").toString())
						.isEqualTo("[[1,\"a\",\"nan\"],[2,\"b\",\"1,5\"]]"))));
		cases.add(argumentSet("a line longer than the record limit",
				Case.post(job(m("path", "one-long-line.csv"), List.of(), count))
					.problem(400, INVALID_JOB, "/source/path")));
		cases.add(argumentSet("negative partitions",
				Case.post(job(m("path", "people.csv", "partitions", -1), List.of(), count))
					.problem(400, INVALID_JOB, "/source/partitions")));
		cases.add(argumentSet("partitions 2^31 - 1 (one task per byte)",
				Case.post(job(m("path", "people.csv", "partitions", Integer.MAX_VALUE), List.of(), count))
					.problem(400, INVALID_JOB, "/source/partitions")));
		cases.add(argumentSet("partitions over max-tasks-per-stage",
				Case.post(job(m("path", "people.csv", "partitions", 501), List.of(), count))
					.problem(400, INVALID_JOB, "/source/partitions")));
		cases.add(argumentSet("partitions 2^31 overflows an int",
				Case.post(job(m("path", "people.csv", "partitions", 1L << 31), List.of(), count))
					.problem(400, MALFORMED_BODY, "/source/partitions")));
		cases.add(
				argumentSet(
						"join side's partitions over max-tasks-per-stage", Case
							.post(job(people(),
									List.of(m("op", "join", "on", List.of("id"), "right",
											m("source",
													m("path", "people.csv", "header", true, "partitions", 100_000)))),
									count))
							.problem(400, INVALID_JOB, "/pipeline/0/right/source/partitions")));
		cases.add(argumentSet("unreadable schema",
				Case.post(job(m("path", "people.csv", "schema", "id BLOB, ,"), List.of(), count))
					.problem(400, INVALID_JOB, "/source/schema")));

		// Type errors and syntax errors in expressions
		cases.add(argumentSet("filter condition is not boolean",
				Case.post(job(people(), List.of(step("filter", "condition", "age + 1")), count))
					.problem(400, INVALID_JOB, "/pipeline/0/condition")));
		cases.add(argumentSet("NOT on a string",
				Case.post(job(people(), List.of(step("filter", "condition", "NOT name")), count))
					.problem(400, INVALID_JOB, "/pipeline/0/condition")));
		cases.add(
				argumentSet("sum of a string", Case
					.post(job(people(),
							List.of(m("op", "groupBy", "keys", List.of("city"), "aggregations",
									List.of("sum(name) AS s"))),
							count))
					.problem(400, INVALID_JOB, "/pipeline/0/aggregations/0")));
		cases.add(argumentSet("cast to an unknown type", Case
			.post(job(people(), List.of(m("op", "withColumn", "name", "x", "expression", "CAST(age AS blob)")), count))
			.problem(400, INVALID_JOB, "/pipeline/0/expression")));
		cases.add(argumentSet("aggregate in a filter",
				Case.post(job(people(), List.of(step("filter", "condition", "count(*) > 1")), count))
					.problem(400, INVALID_JOB, "/pipeline/0/condition")));
		cases.add(argumentSet("dangling operator",
				Case.post(job(people(), List.of(step("filter", "condition", "age >")), count))
					.problem(400, INVALID_JOB, "/pipeline/0/condition")));
		cases.add(argumentSet("unbalanced parenthesis",
				Case.post(job(people(), List.of(step("filter", "condition", "(age > 1")), count))
					.problem(400, INVALID_JOB, "/pipeline/0/condition")));
		cases.add(argumentSet("unterminated string literal",
				Case.post(job(people(), List.of(step("filter", "condition", "city = 'Oslo")), count))
					.problem(400, INVALID_JOB, "/pipeline/0/condition")));
		cases.add(argumentSet("SQL injection attempt is just a syntax error",
				Case.post(job(people(), List.of(step("filter", "condition", "city = 'x'; DROP TABLE jobs; --")), count))
					.problem(400, INVALID_JOB, "/pipeline/0/condition")));
		cases.add(argumentSet("SpEL-looking text is just an unknown column",
				Case.post(job(people(),
						List.of(step("filter", "condition", "T(java.lang.Runtime).getRuntime() IS NULL")), count))
					.problem(400, INVALID_JOB, "/pipeline/0/condition")));

		// Limits
		cases.add(argumentSet("expression longer than max-expression-length", Case
			.post(job(people(), List.of(step("filter", "condition", "age > 1 " + "AND age > 1 ".repeat(200))), count))
			.problem(400, INVALID_JOB, "/pipeline/0/condition")));
		cases.add(argumentSet("expression nested past the parser's bound",
				Case.post(job(people(),
						List.of(step("filter", "condition", "(".repeat(100) + "age > 1" + ")".repeat(100))), count))
					.problem(400, INVALID_JOB, "/pipeline/0/condition")));
		cases.add(argumentSet("expression deeper than max-expression-depth", Case
			.post(job(people(),
					List.of(m("op", "withColumn", "name", "x", "expression",
							"abs(".repeat(30) + "age" + ")".repeat(30))),
					count))
			.problem(400, INVALID_JOB, "/pipeline/0/expression")));
		cases.add(argumentSet("pipeline longer than max-pipeline-steps", Case
			.post(job(people(),
					IntStream.range(0, 21).mapToObj((i) -> step("filter", "condition", "age > " + i)).toList(), count))
			.problem(400, INVALID_JOB, "/pipeline")));
		cases.add(argumentSet("join sides together longer than max-pipeline-steps", Case.post(job(people(),
				List.of(m("op", "join", "on", List.of("id"), "right", m("source", people(), "pipeline",
						IntStream.range(0, 20).mapToObj((i) -> step("filter", "condition", "age > " + i)).toList()))),
				count))
			.problem(400, INVALID_JOB, "/pipeline")));
		cases.add(argumentSet("joins nested 100 deep",
				Case.post(job(people(), List.of(nestedJoin(100)), count)).problem(400, INVALID_JOB, "/pipeline")));
		cases.add(argumentSet("select list wider than max-columns", Case
			.post(job(people(),
					List.of(m("op", "select", "columns",
							IntStream.range(0, 51).mapToObj((i) -> "age AS a" + i).toList())),
					count))
			.problem(400, INVALID_JOB, "/pipeline/0/columns")));
		cases.add(argumentSet("schema wider than max-columns",
				Case.post(job(m("path", "people.csv", "schema",
						IntStream.range(0, 51).mapToObj((i) -> "c" + i + " INT").collect(Collectors.joining(", "))),
						List.of(), count))
					.problem(400, INVALID_JOB, "/source/schema")));
		cases.add(argumentSet("file wider than max-columns",
				Case.post(job(m("path", "wide.csv", "header", true), List.of(), count))
					.problem(400, INVALID_JOB, "/source/path")));
		cases.add(argumentSet("collect maxRows over max-collect-rows",
				Case.post(job(people(), List.of(), m("type", "collect", "maxRows", 5000)))
					.problem(400, INVALID_JOB, "/action/maxRows")));
		cases.add(argumentSet("show n negative", Case.post(job(people(), List.of(), m("type", "show", "n", -1)))
			.problem(400, INVALID_JOB, "/action/n")));
		cases.add(argumentSet("limit n negative", Case.post(job(people(), List.of(m("op", "limit", "n", -5)), count))
			.problem(400, INVALID_JOB, "/pipeline/0/n")));
		cases.add(argumentSet("body over max-request-size",
				Case.post(job(m("path", "people.csv", "nullValue", "x".repeat(70_000)), List.of(), count))
					.problem(413, TOO_LARGE)));
		cases.add(argumentSet("chunked body over max-request-size",
				Case.chunked(("{\"name\":\"" + "x".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8))
					.problem(413, TOO_LARGE)));
		cases.add(argumentSet("upload over max-upload-size",
				Case.put("/api/v1/datasets/big.csv", "a,b\n".repeat(2000).getBytes(StandardCharsets.UTF_8))
					.problem(413, TOO_LARGE)));
		cases.add(argumentSet("result over max-result-size fails the job, not the driver", Case
			.post(job(people(),
					List.of(m("op", "withColumn", "name", "pad", "expression",
							"concat(" + "name, ".repeat(100) + "name)")),
					m("type", "collect")))
			.job("FAILED", (j) -> assertThat(j.at("/error/message").asString()).contains("max-result-size"))));

		// Data confinement
		cases.add(argumentSet("absolute source path",
				Case.post(job(m("path", "/etc/passwd"), List.of(), count)).problem(400, INVALID_JOB, "/source/path")));
		cases.add(argumentSet("source path climbing out",
				Case.post(job(m("path", "../outside/secret.csv"), List.of(), count))
					.problem(400, INVALID_JOB, "/source/path")));
		cases.add(argumentSet("encoded traversal",
				Case.post(job(m("path", "%2e%2e/outside/secret.csv"), List.of(), count))
					.problem(400, INVALID_JOB, "/source/path")));
		cases.add(argumentSet("double-encoded traversal",
				Case.post(job(m("path", "%252e%252e%252fsecret.csv"), List.of(), count))
					.problem(400, INVALID_JOB, "/source/path")));
		cases.add(argumentSet("file URL", Case.post(job(m("path", "file:///etc/passwd"), List.of(), count))
			.problem(400, INVALID_JOB, "/source/path")));
		cases.add(argumentSet("http URL",
				Case.post(job(m("path", "http://169.254.169.254/latest/meta-data"), List.of(), count))
					.problem(400, INVALID_JOB, "/source/path")));
		cases.add(argumentSet("symlink out of the root",
				Case.post(job(m("path", "escape.csv"), List.of(), count)).problem(400, INVALID_JOB, "/source/path")));
		cases.add(argumentSet("file under a symlinked folder",
				Case.post(job(m("path", "elsewhere/secret.csv"), List.of(), count))
					.problem(400, INVALID_JOB, "/source/path")));
		cases.add(argumentSet("symlink to a device",
				Case.post(job(m("path", "zero.csv"), List.of(), count)).problem(400, INVALID_JOB, "/source/path")));
		cases.add(argumentSet("a folder as the source",
				Case.post(job(m("path", "folder"), List.of(), count)).problem(400, INVALID_JOB, "/source/path")));
		cases.add(argumentSet("missing file",
				Case.post(job(m("path", "nope.csv"), List.of(), count)).problem(400, INVALID_JOB, "/source/path")));
		cases.add(argumentSet("join side out of the root", Case
			.post(job(people(),
					List.of(m("op", "join", "on", List.of("id"), "right",
							m("source", m("path", "../outside/secret.csv")))),
					count))
			.problem(400, INVALID_JOB, "/pipeline/0/right/source/path")));
		cases.add(argumentSet("write output climbing out",
				Case.post(job(people(), List.of(), m("type", "write", "path", "../out")))
					.problem(400, INVALID_JOB, "/action/path")));
		cases.add(argumentSet("write output absolute",
				Case.post(job(people(), List.of(), m("type", "write", "path", "/tmp/kindling-out")))
					.problem(400, INVALID_JOB, "/action/path")));
		cases.add(argumentSet("write through a symlinked folder",
				Case.post(job(people(), List.of(), m("type", "write", "path", "elsewhere/out", "mode", "overwrite")))
					.problem(400, INVALID_JOB, "/action/path")));
		cases.add(argumentSet("write over an existing folder without overwrite",
				Case.post(job(people(), List.of(), m("type", "write", "path", "taken")))
					.problem(400, INVALID_JOB, "/action/path")));
		cases.add(argumentSet("write over the whole data root",
				Case.post(job(people(), List.of(), m("type", "write", "path", ".", "mode", "overwrite")))
					.problem(400, INVALID_JOB, "/action/path")));
		cases.add(argumentSet("dry run checks the write path too",
				Case.post("/api/v1/jobs?dryRun=true", job(people(), List.of(), m("type", "write", "path", "../x")))
					.problem(400, INVALID_JOB, "/action/path")));
		cases.add(argumentSet("upload with an encoded slash in the URL",
				Case.put("/api/v1/datasets/..%2fx.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8))
					.problem(400, REJECTED)));
		cases.add(argumentSet("upload with encoded dots in the URL",
				Case.put("/api/v1/datasets/%2e%2e/x.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8))
					.problem(400, REJECTED)));
		cases.add(argumentSet("upload with a double-encoded traversal",
				Case.put("/api/v1/datasets/%252e%252e/x.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8))
					.problem(400, REJECTED)));
		cases.add(argumentSet("upload of a hidden file",
				Case.put("/api/v1/datasets/.hidden.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8))
					.problem(400, INVALID_PARAMETER)));
		cases.add(argumentSet("upload through a symlinked folder",
				Case.put("/api/v1/datasets/elsewhere/x.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8))
					.problem(400, INVALID_PARAMETER)));
		cases.add(argumentSet("upload over a folder",
				Case.put("/api/v1/datasets/folder", "a\n1\n".getBytes(StandardCharsets.UTF_8))
					.problem(400, INVALID_PARAMETER)));
		cases.add(argumentSet("upload under an existing file",
				Case.put("/api/v1/datasets/people.csv/x.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8))
					.problem(400, INVALID_PARAMETER)));
		cases.add(argumentSet("upload with a name over 255 bytes",
				Case.put("/api/v1/datasets/" + "a".repeat(300) + ".csv", "a\n1\n".getBytes(StandardCharsets.UTF_8))
					.problem(400, INVALID_PARAMETER)));
		cases.add(argumentSet("upload with a name of 86 three-byte characters (258 bytes)",
				Case.put("/api/v1/datasets/" + encode("\u6771".repeat(86)), "a\n1\n".getBytes(StandardCharsets.UTF_8))
					.problem(400, INVALID_PARAMETER)));
		cases.add(argumentSet("source under an existing file",
				Case.post(job(m("path", "people.csv/x.csv"), List.of(), count))
					.problem(400, INVALID_JOB, "/source/path")));
		cases.add(argumentSet("source with a name over 255 bytes",
				Case.post(job(m("path", "a".repeat(256)), List.of(), count))
					.problem(400, INVALID_JOB, "/source/path")));
		cases.add(argumentSet("write under an existing file",
				Case.post(job(people(), List.of(), m("type", "write", "path", "people.csv/out")))
					.problem(400, INVALID_JOB, "/action/path")));

		// Dataset names that look like something else (PathCharacters)
		for (String[] name : new String[][] { { "a right-to-left override", "evil\u202Evsc.csv" },
				{ "a left-to-right isolate", "a\u2066b.csv" }, { "a zero-width space", "peo\u200Bple.csv" },
				{ "a zero-width joiner", "people\u200D.csv" }, { "a byte order mark", "\uFEFFpeople.csv" },
				{ "a fullwidth full stop", "people\uFF0Ecsv" }, { "a fullwidth solidus", "sub\uFF0Fpeople.csv" },
				{ "a division slash", "sub\u2215people.csv" }, { "fullwidth letters", "\uFF50eople.csv" },
				{ "a one-dot leader", "people\u2024csv" }, { "a no-break space", "people\u00A0.csv" },
				{ "a C1 control", "people\u0085.csv" } }) {
			cases.add(argumentSet("upload name with " + name[0],
					Case.put("/api/v1/datasets/" + encode(name[1]), "a\n1\n".getBytes(StandardCharsets.UTF_8))
						.problem(400, INVALID_PARAMETER)));
			cases.add(argumentSet("source path with " + name[0],
					Case.post(job(m("path", name[1]), List.of(), count)).problem(400, INVALID_JOB, "/source/path")));
		}
		cases.add(argumentSet("write path with a zero-width space",
				Case.post(job(people(), List.of(), m("type", "write", "path", "out\u200B/x")))
					.problem(400, INVALID_JOB, "/action/path")));
		cases
			.add(argumentSet("join side with a fullwidth full stop", Case
				.post(job(people(),
						List.of(m("op", "join", "on", List.of("id"), "right",
								m("source", m("path", "people\uFF0Ecsv")))),
						count))
				.problem(400, INVALID_JOB, "/pipeline/0/right/source/path")));

		// Parameters, unknown resources, HTTP misuse
		cases.add(argumentSet("wait is not a duration",
				Case.post("/api/v1/jobs?wait=soon", job(people(), List.of(), count)).problem(400, INVALID_PARAMETER)));
		cases.add(argumentSet("wait over ten minutes",
				Case.post("/api/v1/jobs?wait=99m", job(people(), List.of(), count)).problem(400, INVALID_PARAMETER)));
		cases.add(argumentSet("unknown status filter",
				Case.get("/api/v1/jobs?status=BOGUS").problem(400, INVALID_PARAMETER)));
		cases.add(argumentSet("page size zero", Case.get("/api/v1/jobs?size=0").problem(400, INVALID_PARAMETER)));
		cases.add(argumentSet("page is not a number",
				Case.get("/api/v1/jobs?page=first").problem(400, INVALID_PARAMETER)));
		cases.add(argumentSet("unknown job", Case.get("/api/v1/jobs/no-such-job").problem(404, NOT_FOUND)));
		cases.add(argumentSet("unknown job's plan", Case.get("/api/v1/jobs/no-such-job/plan").problem(404, NOT_FOUND)));
		cases.add(argumentSet("stage id not a number",
				Case.get("/api/v1/jobs/x/stages/first/tasks").problem(400, INVALID_PARAMETER)));
		cases.add(argumentSet("Idempotency-Key too long",
				Case.post(job(people(), List.of(), count))
					.header("Idempotency-Key", "k".repeat(300))
					.problem(400, INVALID_PARAMETER)));
		cases.add(argumentSet("job posted as text/plain",
				Case.bytes(job(people(), List.of(), count).getBytes(StandardCharsets.UTF_8))
					.contentType("text/plain")
					.problem(415, UNSUPPORTED_MEDIA_TYPE)));
		cases.add(argumentSet("PUT on the job collection",
				Case.put("/api/v1/jobs", new byte[0]).problem(405, METHOD_NOT_ALLOWED)));
		cases.add(argumentSet("unknown API path", Case.get("/api/v1/nothing-here").problem(404, NOT_FOUND_PAGE)));
		cases.add(
				argumentSet("page 2^31 - 1", Case.get("/api/v1/jobs?page=2147483647").problem(400, INVALID_PARAMETER)));
		cases.add(argumentSet("page times size past 2^31",
				Case.get("/api/v1/jobs?page=4294968&size=500").problem(400, INVALID_PARAMETER)));
		cases.add(argumentSet("page over a long",
				Case.get("/api/v1/jobs?page=9223372036854775808").problem(400, INVALID_PARAMETER)));
		cases.add(
				argumentSet("size 2^31 - 1", Case.get("/api/v1/jobs?size=2147483647").problem(400, INVALID_PARAMETER)));
		cases.add(argumentSet("result offset and limit at 2^31 - 1",
				Case.get("/api/v1/jobs/no-such-job/result?offset=2147483647&limit=2147483647")
					.problem(400, INVALID_PARAMETER)));
		cases.add(argumentSet("wait of 2^63 - 1 minutes",
				Case.post("/api/v1/jobs?wait=9223372036854775807m", job(people(), List.of(), count))
					.problem(400, INVALID_PARAMETER)));
		cases.add(argumentSet("wait of 2^63 - 1 seconds",
				Case.post("/api/v1/jobs?wait=9223372036854775807", job(people(), List.of(), count))
					.problem(400, INVALID_PARAMETER)));
		cases.add(argumentSet("wait of 10^30 milliseconds",
				Case.post("/api/v1/jobs?wait=" + "1" + "0".repeat(30) + "ms", job(people(), List.of(), count))
					.problem(400, INVALID_PARAMETER)));
		cases.add(argumentSet("wait of 1e400 seconds",
				Case.post("/api/v1/jobs?wait=1e400s", job(people(), List.of(), count))
					.problem(400, INVALID_PARAMETER)));
		cases.add(argumentSet("wait of NaN seconds",
				Case.post("/api/v1/jobs?wait=NaNs", job(people(), List.of(), count)).problem(400, INVALID_PARAMETER)));
		cases.add(argumentSet("wait negative",
				Case.post("/api/v1/jobs?wait=-5s", job(people(), List.of(), count)).problem(400, INVALID_PARAMETER)));
		cases.add(argumentSet("GET /error", Case.get("/error").problem(404, NOT_FOUND_PAGE)));
		cases.add(argumentSet("POST /error", Case.post("/error", "{}").problem(404, NOT_FOUND_PAGE)));

		// Data that is bad only when read: the job ends as documented, the driver carries
		// on
		String collectAge = "{\"type\":\"collect\"}";
		List<Map<String, Object>> selectAge = List.of(m("op", "select", "columns", List.of("age")));
		cases.add(argumentSet("FAILFAST on a value that does not convert",
				Case.post(job(m("path", "typed.csv", "header", true, "schema", "id INT, age INT", "mode", "FAILFAST"),
						selectAge, collectAge))
					.job("FAILED", (j) -> assertThat(j.at("/error/message").asString()).contains("typed.csv"))));
		cases.add(argumentSet("PERMISSIVE keeps the row with a null",
				Case.post(job(m("path", "typed.csv", "header", true, "schema", "id INT, age INT"),
						List.of(step("filter", "condition", "age IS NULL")), count))
					.job("SUCCEEDED", (j) -> assertThat(j.at("/result/count").asLong()).isEqualTo(2))));
		cases.add(argumentSet("DROPMALFORMED drops the row", Case
			.post(job(m("path", "typed.csv", "header", true, "schema", "id INT, age INT", "mode", "DROPMALFORMED"),
					selectAge, collectAge))
			.job("SUCCEEDED", (j) -> assertThat(j.at("/result/rows").size()).isEqualTo(3))));
		cases.add(argumentSet("FAILFAST on ragged rows and an unclosed quote",
				Case.post(job(m("path", "ragged.csv", "header", true, "mode", "FAILFAST"), List.of(), count))
					.job("FAILED", (j) -> assertThat(j.at("/error/message").asString()).contains("ragged.csv"))));
		cases.add(argumentSet("PERMISSIVE on ragged rows",
				Case.post(job(m("path", "ragged.csv", "header", true), List.of(), count))
					.job("SUCCEEDED", (j) -> assertThat(j.at("/result/count").asLong()).isEqualTo(4))));
		cases.add(argumentSet("DROPMALFORMED on ragged rows",
				Case.post(job(m("path", "ragged.csv", "header", true, "mode", "DROPMALFORMED"), List.of(), count))
					.job("SUCCEEDED", (j) -> assertThat(j.at("/result/count").asLong()).isLessThan(4))));
		cases.add(argumentSet("FAILFAST on a line longer than maxCharsPerColumn", Case
			.post(job(m("path", "long-line.csv", "header", true, "maxCharsPerColumn", 1000, "mode", "FAILFAST"),
					List.of(), count))
			.job("FAILED", (j) -> assertThat(j.at("/error/message").asString()).contains("maxCharsPerColumn"))));
		cases.add(argumentSet("DROPMALFORMED on a line longer than maxCharsPerColumn", Case
			.post(job(m("path", "long-line.csv", "header", true, "maxCharsPerColumn", 1000, "mode", "DROPMALFORMED"),
					List.of(), count))
			.job("SUCCEEDED", (j) -> assertThat(j.at("/result/count").asLong()).isEqualTo(2))));
		cases.add(argumentSet("binary garbage as CSV",
				Case.post(job(m("path", "garbage.csv", "inferSchema", true), List.of(), count)).jobEnds()));
		cases.add(argumentSet("binary garbage as CSV under FAILFAST",
				Case.post(job(m("path", "garbage.csv", "schema", "a INT, b INT", "mode", "FAILFAST"), List.of(), count))
					.jobEnds()));
		cases.add(argumentSet("empty file", Case.post(job(m("path", "empty.csv", "header", true), List.of(), count))
			.problem(400, INVALID_JOB, "/source/path")));
		cases.add(argumentSet("header-only file",
				Case.post(job(m("path", "header-only.csv", "header", true, "inferSchema", true), List.of(), count))
					.job("SUCCEEDED", (j) -> assertThat(j.at("/result/count").asLong()).isZero())));
		// ANSI mode, Spark 4's default: a division by zero or a cast that does not
		// convert
		// fails the job with Spark's error class; a job's conf.ansi=false gives Spark 3's
		// nulls
		List<Map<String, Object>> divide = List
			.of(m("op", "select", "columns", List.of("age / 0 AS d", "age % 0 AS r")));
		List<Map<String, Object>> badCast = List.of(m("op", "select", "columns", List.of("CAST(name AS INT) AS n")));
		cases.add(argumentSet("division by zero fails the job as Spark 4's ANSI mode does", Case
			.post(job(people(), divide, m("type", "collect", "maxRows", 3)))
			.job("FAILED",
					(j) -> assertThat(j.at("/error/message").asString()).as(j.toString()).contains("DIVIDE_BY_ZERO"))));
		cases.add(argumentSet("a cast that does not convert fails the job as Spark 4's ANSI mode does",
				Case.post(job(people(), badCast, m("type", "collect", "maxRows", 2)))
					.job("FAILED", (j) -> assertThat(j.at("/error/message").asString()).as(j.toString())
						.contains("CAST_INVALID_INPUT"))));
		cases.add(argumentSet("division by zero is null with conf.ansi=false, as in Spark 3",
				Case.post(lenient(job(people(), divide, m("type", "collect", "maxRows", 3)))).job("SUCCEEDED", (j) -> {
					assertThat(j.at("/result/rows").size()).isEqualTo(3);
					j.at("/result/rows")
						.forEach((row) -> assertThat(row.get(0).isNull() && row.get(1).isNull()).isTrue());
				})));
		cases.add(argumentSet("a cast that does not convert is null with conf.ansi=false",
				Case.post(lenient(job(people(), badCast, m("type", "collect", "maxRows", 2))))
					.job("SUCCEEDED",
							(j) -> j.at("/result/rows").forEach((row) -> assertThat(row.get(0).isNull()).isTrue()))));
		return cases.stream();
	}

	@Test
	@Order(1)
	void anUnknownActionTypeIsRefusedNamingTheFourActions() {
		Http.Response r = Case.post(job(people(), List.of(), m("type", "collcet"))).send(this.http);
		assertThat(r.status()).as(r.text()).isEqualTo(400);
		assertThat(r.text("/pointer")).as(r.text()).isEqualTo("/action/type");
		assertThat(r.text("/detail")).as(r.text())
			.isEqualTo("invalid value at /action/type: expected one of count, collect, show, write");
	}

	@ParameterizedTest
	@MethodSource("catalogue")
	@Order(1)
	void answersWell(Case c) {
		Http.Response r = c.send(this.http);
		this.answers.put("case " + this.answers.size() + ": " + c, r.text());
		if (c.jobCheck() == null && !c.anyEnd()) {
			assertThat(r.status()).as(r.text()).isEqualTo(c.status());
			assertThat(r.contentType()).as(r.text()).startsWith("application/problem+json");
			// Every problem has a type, Spring's own (405, 415, 404 on an unknown path)
			// included: never about:blank.
			assertThat(r.text("/type")).as(r.text()).startsWith("https://kindling.dev/problems/");
			if (c.type() != null) {
				assertThat(r.text("/type")).as(r.text()).isEqualTo(c.type());
			}
			if (c.pointer() != null) {
				assertThat(r.text("/pointer")).as(r.text()).isEqualTo(c.pointer());
			}
			assertThat(r.text("/detail")).as(r.text()).isNotBlank();
			assertThat(r.text()).doesNotContain(ROOT.toString())
				.doesNotContain("Exception")
				.doesNotContain("\tat ")
				.doesNotContain("dev.kindling")
				.doesNotContain("java.");
		}
		else {
			assertThat(r.status()).as(r.text()).isEqualTo(200);
			String status = r.text("/status");
			assertThat(status).as(r.text()).isIn("SUCCEEDED", "FAILED");
			if (c.jobStatus() != null) {
				assertThat(status).as(r.text()).isEqualTo(c.jobStatus());
			}
			if (c.jobCheck() != null) {
				c.jobCheck().accept(r.json());
			}
			this.accepted.put(r.text("/id"), r.json());
		}
		assertDriverHealthyAndWitnessIntact();
	}

	@Test
	@Order(2)
	void everyEarlierJobIsIntactAfterwards() {
		assertDriverHealthyAndWitnessIntact();
		assertThat(this.accepted).isNotEmpty();
		this.accepted.forEach((id, ended) -> {
			Http.Response now = this.http.get("/api/v1/jobs/" + id);
			assertThat(now.status()).isEqualTo(200);
			assertThat(now.text("/status")).isEqualTo(ended.at("/status").asString());
			assertThat(now.at("/result")).isEqualTo(ended.at("/result"));
		});
		Http.Response ok = this.http.post("/api/v1/jobs?wait=60s", job(people(), List.of(), "{\"type\":\"count\"}"));
		assertThat(ok.text("/status")).isEqualTo("SUCCEEDED");
		assertThat(ok.at("/result/count").asLong()).isEqualTo(20);
	}

	/**
	 * No answer of the catalogue, and nothing the API shows of the jobs it accepted (the
	 * job, its stages, task attempts and events, the event feed), names the machine: no
	 * data-root path, no exception or class name, no stack frame.
	 */
	@Test
	@Order(3)
	void noAnswerRevealsTheMachine() throws IOException {
		Map<String, String> seen = new LinkedHashMap<>(this.answers);
		for (String id : this.accepted.keySet()) {
			seen.put("job " + id, this.http.get("/api/v1/jobs/" + id).text());
			Http.Response stages = this.http.get("/api/v1/jobs/" + id + "/stages");
			seen.put("stages of " + id, stages.text());
			for (JsonNode stage : stages.json().path("items")) {
				String tasks = "/api/v1/jobs/" + id + "/stages/" + stage.get("id").asInt() + "/tasks";
				seen.put(tasks, this.http.get(tasks).text());
			}
			seen.put("events of " + id, this.http.get("/api/v1/jobs/" + id + "/events").text());
		}
		seen.put("events", this.http.get("/api/v1/events").text());
		assertThat(seen).hasSizeGreaterThan(this.catalogueSize());
		List<String> machine = List.of(ROOT.toString(), ROOT.toRealPath().toString(), ROOT.getParent().toString(),
				System.getProperty("user.dir"));
		seen.forEach((what, body) -> {
			for (String path : machine) {
				assertThat(body).as(what).doesNotContain(path);
			}
			assertThat(body).as(what)
				.doesNotContain("Exception")
				.doesNotContain("\tat ")
				.doesNotContain("dev.kindling")
				.doesNotContain("java.")
				.doesNotContain("jakarta.")
				.doesNotContain("org.springframework");
		});
	}

	private int catalogueSize() {
		return (int) catalogue().count();
	}

	@AfterAll
	void finallyStillHealthyThenCleanUp() throws IOException {
		assertDriverHealthyAndWitnessIntact();
		// Links are deleted, not followed: what they point at outside the root stays.
		try (Stream<Path> files = Files.walk(ROOT.getParent())) {
			for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
	}

	private void assertDriverHealthyAndWitnessIntact() {
		Http.Response health = this.http.get("/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.text("/status")).isEqualTo("UP");
		Http.Response witness = this.http.get("/api/v1/jobs/" + this.witnessId);
		assertThat(witness.text("/status")).isEqualTo("SUCCEEDED");
		assertThat(witness.at("/result")).isEqualTo(this.witnessResult);
		assertThat(Files.exists(OUTSIDE.resolve("secret.csv"))).isTrue();
		assertThat(Files.exists(ROOT.resolve("people.csv"))).isTrue();
	}

	// ------------------------------------------------------------------ building
	// requests

	/**
	 * One request and what it must get: a problem ({@code status}, {@code type},
	 * {@code pointer}), or a job that ends ({@code jobStatus}, checked by
	 * {@code jobCheck}).
	 */
	record Case(String method, String path, byte[] body, String contentType, boolean chunked,
			Map<String, String> headers, int status, String type, String pointer, String jobStatus,
			Consumer<JsonNode> jobCheck, boolean anyEnd) {

		static Case post(String json) {
			return post("/api/v1/jobs?wait=60s", json);
		}

		static Case post(String path, String json) {
			return new Case("POST", path, json.getBytes(StandardCharsets.UTF_8), "application/json", false, Map.of(), 0,
					null, null, null, null, false);
		}

		static Case bytes(byte[] body) {
			return new Case("POST", "/api/v1/jobs?wait=60s", body, "application/json", false, Map.of(), 0, null, null,
					null, null, false);
		}

		static Case chunked(byte[] body) {
			return new Case("POST", "/api/v1/jobs", body, "application/json", true, Map.of(), 0, null, null, null, null,
					false);
		}

		static Case put(String path, byte[] body) {
			return new Case("PUT", path, body, "text/csv", false, Map.of(), 0, null, null, null, null, false);
		}

		static Case get(String path) {
			return new Case("GET", path, null, null, false, Map.of(), 0, null, null, null, null, false);
		}

		Case contentType(String type) {
			return new Case(this.method, this.path, this.body, type, this.chunked, this.headers, this.status, this.type,
					this.pointer, this.jobStatus, this.jobCheck, this.anyEnd);
		}

		Case header(String name, String value) {
			Map<String, String> h = new LinkedHashMap<>(this.headers);
			h.put(name, value);
			return new Case(this.method, this.path, this.body, this.contentType, this.chunked, h, this.status,
					this.type, this.pointer, this.jobStatus, this.jobCheck, this.anyEnd);
		}

		Case problem(int status, String type) {
			return problem(status, type, null);
		}

		Case problem(int status, String type, String pointer) {
			return new Case(this.method, this.path, this.body, this.contentType, this.chunked, this.headers, status,
					type, pointer, null, null, false);
		}

		Case job(String status, Consumer<JsonNode> check) {
			return new Case(this.method, this.path, this.body, this.contentType, this.chunked, this.headers, 200, null,
					null, status, check, false);
		}

		/**
		 * Accepted, and the job ends (either way) rather than hanging or crashing
		 * anything.
		 */
		Case jobEnds() {
			return new Case(this.method, this.path, this.body, this.contentType, this.chunked, this.headers, 200, null,
					null, null, null, true);
		}

		Http.Response send(Http http) {
			Map<String, String> h = new LinkedHashMap<>(this.headers);
			if (this.contentType != null) {
				h.put("Content-Type", this.contentType);
			}
			HttpRequest.BodyPublisher publisher;
			if (this.body == null) {
				publisher = HttpRequest.BodyPublishers.noBody();
			}
			else if (this.chunked) {
				publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(this.body));
			}
			else {
				publisher = HttpRequest.BodyPublishers.ofByteArray(this.body);
			}
			return http.send(this.method, this.path, publisher, h);
		}

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

		@Override
		public boolean equals(Object other) {
			return this == other;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this);
		}

		@SuppressWarnings("unused")
		private String bodyText() {
			return this.body == null ? ""
					: new String(Arrays.copyOf(this.body, Math.min(200, this.body.length)), StandardCharsets.UTF_8);
		}

	}

	/** A join whose right side joins again, {@code depth} times. */
	static Map<String, Object> nestedJoin(int depth) {
		Map<String, Object> right = m("source", people());
		Map<String, Object> join = m("op", "join", "on", List.of("id"), "right", right);
		if (depth > 1) {
			right.put("pipeline", List.of(nestedJoin(depth - 1)));
		}
		return join;
	}

	/** A path segment percent-encoded as UTF-8, as a client sends a non-ASCII name. */
	static String encode(String name) {
		return java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static void write(String name, String content) throws IOException {
		Files.writeString(ROOT.resolve(name), content);
	}

	static Map<String, Object> people() {
		return m("path", "people.csv", "header", true, "inferSchema", true);
	}

	static Map<String, Object> step(String op, String key, Object value) {
		return m("op", op, key, value);
	}

	static Map<String, Object> m(Object... kv) {
		Map<String, Object> out = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) {
			out.put((String) kv[i], kv[i + 1]);
		}
		return out;
	}

	/** The job with {@code "conf": {"ansi": false}}. */
	static String lenient(String job) {
		return job.substring(0, job.length() - 1) + ",\"conf\":{\"ansi\":false}}";
	}

	static String job(Object source, List<?> pipeline, Object action) {
		Map<String, Object> job = m("name", "catalogue", "source", source, "pipeline", pipeline);
		job.put("action", action instanceof String s ? Http.JSON.readTree(s) : action);
		return Http.JSON.writeValueAsString(job);
	}

}
