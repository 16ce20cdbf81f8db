package dev.kindling.e2e;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adaptive execution with a real driver and executor JVM: a join whose left side sends
 * most of its rows to one key is split into several tasks for that partition, the small
 * partitions around it and the aggregation after it are coalesced into fewer tasks than
 * shuffle partitions; a join with a side that a selective filter made tiny (which the
 * planner, going by file size, shuffled) runs as a broadcast join, building whichever
 * side is small; and each answer is the one computed here independently. The thresholds
 * are tiny so that a few hundred KB are "skewed".
 */
class AdaptiveExecutionIT {

	private static final String SECRET = "adaptive-secret-" + new Random().nextInt(1_000_000);

	private static final int HOT_KEY = 7;

	@TempDir
	static Path work;

	static KindlingProcess driver;

	static KindlingProcess executor;

	static Api api;

	/** name → {count, sum of v} of the facts joined with their dimension row. */
	static final Map<String, long[]> expected = new TreeMap<>();

	/** The facts' rows: {k, v}. */
	static final List<int[]> facts = new ArrayList<>();

	/**
	 * The keys of the rare rows ({@code tag = 'x'}): duplicates, a null, a key no fact
	 * has.
	 */
	static final List<Integer> rareKeys = java.util.Arrays.asList(HOT_KEY, 3, 3, null, 5000, 11);

	@BeforeAll
	static void startCluster() throws IOException {
		Path data = Files.createDirectories(work.resolve("data"));
		Random random = new Random(17);
		try (BufferedWriter w = Files.newBufferedWriter(data.resolve("facts.csv"))) {
			w.write("k,v\n");
			for (int i = 0; i < 40_000; i++) {
				// 70% of the rows share one key: its join partition is skewed
				int k = random.nextInt(10) < 7 ? HOT_KEY : random.nextInt(1200);
				int v = random.nextInt(100);
				w.write(k + "," + v + "\n");
				facts.add(new int[] { k, v });
				if (k < 1000) {
					long[] agg = expected.computeIfAbsent("n" + k, (n) -> new long[2]);
					agg[0]++;
					agg[1] += v;
				}
			}
		}
		try (BufferedWriter w = Files.newBufferedWriter(data.resolve("dims.csv"))) {
			w.write("k,name\n");
			for (int k = 0; k < 1000; k++) {
				w.write(k + ",n" + k + "\n");
			}
		}
		try (BufferedWriter w = Files.newBufferedWriter(data.resolve("rare.csv"))) {
			// 20,000 rows (far above the static broadcast threshold), of which a filter
			// keeps 6
			w.write("k,tag\n");
			int rare = 0;
			for (int i = 0; i < 20_000; i++) {
				if (i % 3000 == 1500 && rare < rareKeys.size()) {
					Integer k = rareKeys.get(rare++);
					w.write((k == null ? "" : k.toString()) + ",x\n");
				}
				else {
					w.write(random.nextInt(1200) + ",common" + random.nextInt(10) + "\n");
				}
			}
			assertThat(rare).isEqualTo(rareKeys.size());
		}
		driver = KindlingProcess.start("adaptive-driver", List.of("--spring.profiles.active=driver",
				"--kindling.security.allow-anonymous=true", "--kindling.limits.min-split-size=1B",
				"--kindling.data.root=" + data, "--kindling.security.shared-secret=" + SECRET,
				"--kindling.shuffle.partitions=8", "--kindling.join.broadcast-threshold=4KB",
				"--kindling.adaptive.auto-broadcast-join-threshold=2KB",
				"--kindling.adaptive.advisory-partition-size=16KB", "--kindling.adaptive.min-partition-size=1KB",
				"--kindling.adaptive.skewed-partition-threshold=8KB", "--spring.datasource.url=jdbc:h2:mem:adaptive"));
		driver.awaitReady(Duration.ofSeconds(90));
		api = new Api(driver.url());
		executor = KindlingProcess.start("adaptive-exec",
				List.of("--spring.profiles.active=executor", "--kindling.driver.url=" + driver.url(),
						"--kindling.data.root=" + data, "--kindling.security.shared-secret=" + SECRET,
						"--kindling.executor.slots=2"));
		executor.awaitReady(Duration.ofSeconds(90));
		Api.await(Duration.ofSeconds(90), () -> api.get("/api/v1/executors").body().path("items"),
				body -> body.size() == 1, "the executor");
	}

	@AfterAll
	static void stopCluster() {
		for (KindlingProcess p : new KindlingProcess[] { executor, driver }) {
			if (p != null) {
				p.stop();
			}
		}
	}

	@Test
	void aSkewedJoinIsSplitAndSmallPartitionsCoalescedWithTheSameAnswer() {
		Api.Response response = api.post("/api/v1/jobs?wait=120s", """
				{"name": "skewed", "source": {"format": "csv", "path": "facts.csv", "header": true,
				  "schema": "k INT, v INT", "partitions": 4},
				 "pipeline": [
				   {"op": "join", "right": {"source": {"format": "csv", "path": "dims.csv", "header": true,
				     "schema": "k INT, name STRING"}}, "on": ["k"]},
				   {"op": "groupBy", "keys": ["name"], "aggregations": ["count(*) AS c", "sum(v) AS s"]}],
				 "action": {"type": "collect"}}""");
		JsonNode job = response.body();
		assertThat(job.path("status").asString()).as(response.text()).isEqualTo("SUCCEEDED");
		Map<String, long[]> actual = new TreeMap<>();
		job.path("result")
			.path("rows")
			.forEach(row -> actual.put(row.get(0).asString(), new long[] { row.get(1).asLong(), row.get(2).asLong() }));
		assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
		String id = job.path("id").asString();

		JsonNode stages = api.get("/api/v1/jobs/" + id + "/stages").body().path("items");
		assertThat(stages).hasSize(4);
		int joinTasks = stages.get(2).path("numTasks").asInt();
		int aggregateTasks = stages.get(3).path("numTasks").asInt();
		assertThat(aggregateTasks).as("the aggregation's 8 small partitions coalesced").isLessThan(8);
		// the hot partition alone runs as one task per map output range (4 map tasks)
		List<Integer> hotTasks = new ArrayList<>();
		for (JsonNode t : api.get("/api/v1/jobs/" + id + "/stages/2/tasks?size=1000").body().path("items")) {
			assertThat(t.path("status").asString()).isEqualTo("SUCCEEDED");
			hotTasks.add(t.path("partition").asInt());
		}
		assertThat(hotTasks).hasSize(joinTasks);

		List<String> adaptive = new ArrayList<>();
		api.get("/api/v1/jobs/" + id + "/plan").body().path("adaptive").forEach(c -> adaptive.add(c.asString()));
		assertThat(adaptive)
			.anyMatch(c -> c.startsWith("stage 2: join partition ") && c.contains(" split into 4 tasks"))
			.anyMatch(c -> c.startsWith("stage 3: 8 partitions coalesced to " + aggregateTasks + " "));
		List<String> events = new ArrayList<>();
		for (JsonNode e : api.get("/api/v1/events?size=1000").body().path("items")) {
			if (id.equals(e.path("jobId").asString())) {
				events.add(e.path("type").asString() + " " + e.path("message").asString());
			}
		}
		assertThat(events).filteredOn(e -> e.startsWith("SKEWED_PARTITION_SPLIT ")).hasSize(1);
		assertThat(events).filteredOn(e -> e.startsWith("PARTITIONS_COALESCED ")).hasSizeGreaterThanOrEqualTo(1);
		assertThat(adaptive).hasSize(events.size());
	}

	/**
	 * tag → {count, sum of v} of every fact joined with the rare rows of its key, a fact
	 * with none under a null tag.
	 */
	static Map<String, long[]> expectedRare() {
		Map<String, long[]> out = new TreeMap<>(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
		for (int[] f : facts) {
			long matches = rareKeys.stream().filter(k -> k != null && k == f[0]).count();
			long[] agg = out.computeIfAbsent(matches == 0 ? null : "x", t -> new long[2]);
			agg[0] += Math.max(1, matches);
			agg[1] += f[1] * Math.max(1, matches);
		}
		return out;
	}

	@Test
	void aJoinSideAFilterMadeTinyIsBroadcastAndTheOtherSideReadByItsMapOutputs() {
		String facts = """
				{"format": "csv", "path": "facts.csv", "header": true, "schema": "k INT, v INT", "partitions": 4}""";
		String rare = """
				{"format": "csv", "path": "rare.csv", "header": true, "schema": "k INT, tag STRING"}""";
		String filter = """
				{"op": "filter", "condition": "tag = 'x'"}""";
		String group = """
				{"op": "groupBy", "keys": ["tag"], "aggregations": ["count(*) AS c", "sum(v) AS s"]}""";
		// facts LEFT JOIN rare rows: the right side is built
		String left = "{\"name\": \"bcast-right\", \"source\": " + facts + ", \"pipeline\": [{\"op\": \"join\", "
				+ "\"right\": {\"source\": " + rare + ", \"pipeline\": [" + filter + "]}, \"on\": [\"k\"], "
				+ "\"type\": \"left\"}, " + group + "], \"action\": {\"type\": \"collect\"}}";
		assertConverted(left, "right", "left");
		// rare rows RIGHT JOIN facts: the same answer, the left side built
		String right = "{\"name\": \"bcast-left\", \"source\": " + rare + ", \"pipeline\": [" + filter
				+ ", {\"op\": \"join\", \"right\": {\"source\": " + facts + "}, \"on\": [\"k\"], "
				+ "\"type\": \"right\"}, " + group + "], \"action\": {\"type\": \"collect\"}}";
		assertConverted(right, "left", "right");
	}

	private static void assertConverted(String spec, String small, String big) {
		Api.Response response = api.post("/api/v1/jobs?wait=120s", spec);
		JsonNode job = response.body();
		assertThat(job.path("status").asString()).as(response.text()).isEqualTo("SUCCEEDED");
		Map<String, long[]> actual = new TreeMap<>(
				java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
		job.path("result")
			.path("rows")
			.forEach(row -> actual.put(row.get(0).isNull() ? null : row.get(0).asString(),
					new long[] { row.get(1).asLong(), row.get(2).asLong() }));
		assertThat(actual).as(small + " side built").usingRecursiveComparison().isEqualTo(expectedRare());
		String id = job.path("id").asString();

		String physical = api.get("/api/v1/jobs/" + id + "/plan").body().toString();
		assertThat(physical).as("the planner shuffled both sides").contains("ShuffledHashJoin");
		List<String> adaptive = new ArrayList<>();
		api.get("/api/v1/jobs/" + id + "/plan").body().path("adaptive").forEach(c -> adaptive.add(c.asString()));
		// the join stage is converted, and nothing else is done to it (the aggregation
		// after it may be coalesced)
		adaptive.removeIf(c -> !c.startsWith("stage 2:"));
		assertThat(adaptive).as("stage 2's changes").hasSize(1);
		java.util.regex.Matcher m = java.util.regex.Pattern
			.compile("stage 2: shuffled join converted to a broadcast join \\(" + small
					+ " side \\d+ B ≤ 2\\.0 KB\\); (\\d+) tasks? reads? the " + big + " side's map outputs locally")
			.matcher(adaptive.get(0));
		assertThat(m.matches()).as(adaptive.get(0)).isTrue();
		int ranges = Integer.parseInt(m.group(1));

		JsonNode stages = api.get("/api/v1/jobs/" + id + "/stages").body().path("items");
		int bigMaps = stages.get(big.equals("left") ? 0 : 1).path("numTasks").asInt();
		assertThat(bigMaps).as("the big side's map tasks").isEqualTo(4);
		// each big map output (about 80 KB) passes the 16 KB target: one range each
		assertThat(stages.get(2).path("numTasks").asInt()).as("the join stage's tasks: the map output ranges")
			.isEqualTo(ranges)
			.isEqualTo(bigMaps);
		List<Integer> tasks = new ArrayList<>();
		for (JsonNode t : api.get("/api/v1/jobs/" + id + "/stages/2/tasks?size=1000").body().path("items")) {
			assertThat(t.path("status").asString()).isEqualTo("SUCCEEDED");
			tasks.add(t.path("partition").asInt());
		}
		assertThat(tasks).containsExactlyInAnyOrder(0, 1, 2, 3);

		List<String> events = new ArrayList<>();
		for (JsonNode e : api.get("/api/v1/events?size=1000").body().path("items")) {
			if (id.equals(e.path("jobId").asString())) {
				events.add(e.path("type").asString() + " " + e.path("message").asString());
			}
		}
		assertThat(events).filteredOn(e -> e.startsWith("JOIN_CONVERTED_TO_BROADCAST "))
			.containsExactly("JOIN_CONVERTED_TO_BROADCAST " + adaptive.get(0));
	}

}
