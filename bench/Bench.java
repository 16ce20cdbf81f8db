import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The Kindling benchmark driver (see bench/README.md). Run by bench/run, which builds the jar,
 * fetches the DuckDB JDBC driver and starts the server; this file generates the data set, runs
 * the queries through the REST API and in DuckDB on the same file, checks the answers agree and
 * prints the table.
 *
 * <p>
 * Only the JDK and DuckDB's JDBC driver are on the class path: JSON is read by the small parser at
 * the end of this file.
 */
public final class Bench {

	static final String SCHEMA = "id INT, name STRING, age INT, city STRING, salary DOUBLE, joined DATE";

	static final String SMALL_SOURCE = "{\"format\":\"csv\",\"path\":\"small-100.csv\",\"header\":true,\"inferSchema\":true}";

	static final String DUCK_COLUMNS = "{'id':'INTEGER','name':'VARCHAR','age':'INTEGER','city':'VARCHAR',"
			+ "'salary':'DOUBLE','joined':'DATE'}";

	static final String[] FIRST = { "Kari", "Siri", "Ben", "Tor", "Dag", "Pia", "Hugo", "Oskar", "Finn", "Cleo", "Ida",
			"Ola", "Eva", "Nora", "Jon", "Liv", "Emil", "Ada", "Per", "Mia" };

	static final String[] CITY = { "Oslo", "Bergen", "Trondheim", "Stavanger", "Tromso", "Bodo", "Alta", "Molde",
			"Hamar", "Skien", "Moss", "Narvik", "Drammen", "Halden", "Larvik", "Gjovik", "Arendal", "Harstad", "Kirkenes",
			"Lillehammer" };

	final Map<String, String> opts;

	final String url;

	final Path dataDir;

	final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	Bench(Map<String, String> opts) {
		this.opts = opts;
		this.url = opts.getOrDefault("url", "http://127.0.0.1:8080");
		this.dataDir = Path.of(opts.getOrDefault("data", "target/bench/data"));
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> opts = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("unexpected argument " + args[i]);
			}
			String key = args[i].substring(2);
			int eq = key.indexOf('=');
			if (eq >= 0) {
				opts.put(key.substring(0, eq), key.substring(eq + 1));
			}
			else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
				opts.put(key, args[++i]);
			}
			else {
				opts.put(key, "true");
			}
		}
		System.exit(new Bench(opts).run());
	}

	long opt(String name, long def) {
		String v = this.opts.get(name);
		return (v == null) ? def : Long.parseLong(v.replace("_", ""));
	}

	boolean skip(String part) {
		String only = this.opts.get("only");
		return only != null && !Arrays.asList(only.split(",")).contains(part);
	}

	int run() throws Exception {
		long rows = opt("rows", 10_000_000);
		int runs = (int) opt("runs", 3);
		String loadBefore = loadAverage();
		Files.createDirectories(this.dataDir);
		String fileName = "people-" + rows + ".csv";
		Path file = this.dataDir.resolve(fileName);
		long t0 = System.nanoTime();
		boolean made = ensurePeople(file, rows);
		System.out.printf(Locale.ROOT, "%s %s (%d rows, %.1f MB) in %.1f s%n", made ? "generated" : "reusing", file,
				rows, Files.size(file) / 1e6, (System.nanoTime() - t0) / 1e9);
		Path small = this.dataDir.resolve("small-100.csv");
		ensurePeople(small, 100);
		Path tasks = this.dataDir.resolve("tasks-10000.csv");
		ensureTaskFile(tasks, 10_000);
		waitReady(Duration.ofSeconds(opt("ready-timeout", 300)));

		List<String[]> table = new ArrayList<>();
		List<String> mismatches = new ArrayList<>();
		long size = Files.size(file);

		String src = "{\"format\":\"csv\",\"path\":\"" + fileName + "\",\"header\":true,\"inferSchema\":true}";
		String srcSchema = "{\"format\":\"csv\",\"path\":\"" + fileName + "\",\"header\":true,\"schema\":\"" + SCHEMA
				+ "\"}";
		String filter = "{\"op\":\"filter\",\"condition\":\"age > 30\"}";
		String duckFile = "read_csv('" + file.toAbsolutePath() + "', header=true)";
		String duckFileSchema = "read_csv('" + file.toAbsolutePath() + "', header=true, columns=" + DUCK_COLUMNS + ")";
		Query[] queries = {
				new Query("Q1 filter age > 30, count (inferred schema)", "q1",
						job("q1", src, filter, "{\"type\":\"count\"}"),
						"SELECT count(*) FROM " + duckFile + " WHERE age > 30"),
				new Query("Q1 same, schema given", "q1s", job("q1s", srcSchema, filter, "{\"type\":\"count\"}"),
						"SELECT count(*) FROM " + duckFileSchema + " WHERE age > 30"),
				new Query("Q2 groupBy city: count, avg(salary)", "q2",
						job("q2", src,
								"{\"op\":\"groupBy\",\"keys\":[\"city\"],\"aggregations\":[\"count(*) AS n\",\"avg(salary) AS avg_salary\"]}",
								"{\"type\":\"collect\"}"),
						"SELECT city, count(*), avg(salary) FROM " + duckFile + " GROUP BY city"),
				new Query("Q3 filter, groupBy city: count, sum, max", "q3",
						job("q3", src,
								filter + ",{\"op\":\"groupBy\",\"keys\":[\"city\"],\"aggregations\":[\"count(*) AS n\",\"sum(salary) AS total\",\"max(age) AS oldest\"]}",
								"{\"type\":\"collect\"}"),
						"SELECT city, count(*), sum(salary), max(age) FROM " + duckFile + " WHERE age > 30 GROUP BY city") };

		List<Query> all = new ArrayList<>(Arrays.asList(queries));
		if (this.opts.containsKey("parquet")) {
			all.addAll(parquetQueries(rows, srcSchema, filter, table));
		}
		queries = all.toArray(new Query[0]);

		// the small jobs right after the start, before anything else ran: from the 10th on
		// (issue 17: the 10th job after a start should not pay for the first one's JIT)
		double[] startLatency = null;
		int startJobs = (int) opt("start-jobs", 200);
		if (!skip("small") && startJobs > 0) {
			System.out.println("running " + (startJobs + 9) + " small jobs right after the start ...");
			startLatency = smallJobs(job("small", SMALL_SOURCE, filter, "{\"type\":\"count\"}"), 9, startJobs);
		}

		// a long-running service has its scan loops compiled: warm the JIT up on the first query
		// before timing anything, and say what the very first run after the start took
		String coldNote = null;
		int warmups = (int) opt("warmup", 3);
		for (Query q : queries) {
			if (skip(q.key) || warmups == 0) {
				continue;
			}
			System.out.println("warming up the JIT with " + warmups + " runs of " + q.key + " ...");
			long c0 = System.nanoTime();
			Timed cold = kindling(q.job, 0);
			coldNote = String.format(Locale.ROOT, "first run after the server started (cold JIT), %s: %.3f s%s", q.key,
					(System.nanoTime() - c0) / 1e9, cold.error != null ? " (failed)" : "");
			for (int i = 1; i < warmups; i++) {
				kindling(q.job, 0);
			}
			break;
		}
		Connection duck = this.opts.containsKey("no-duckdb") ? null : DriverManager.getConnection("jdbc:duckdb:");
		if (duck != null) {
			try (Statement st = duck.createStatement()) {
				st.execute("SET threads=2");
			}
		}
		for (Query q : queries) {
			if (skip(q.key)) {
				continue;
			}
			System.out.println("running " + q.title + " ...");
			Timed k = kindling(q.job, runs);
			Timed d = (duck == null) ? null : duck(duck, q.sql, runs);
			String ks = (k.error != null) ? "FAILED" : secs(k.seconds);
			long read = q.bytes() > 0 ? q.bytes() : size;
			String mbs = (k.error != null) ? "-" : String.format(Locale.ROOT, "%.1f", read / 1e6 / k.seconds);
			String rps = (k.error != null) ? "-" : String.format(Locale.ROOT, "%.2fM", rows / 1e6 / k.seconds);
			String ds = (d == null) ? "-" : secs(d.seconds);
			String ratio = (k.error != null || d == null) ? "-"
					: String.format(Locale.ROOT, "%.2fx", k.seconds / d.seconds);
			table.add(new String[] { q.title, ks, mbs, rps, ds, ratio });
			if (k.error != null) {
				table.add(new String[] { "  error: " + abbreviate(k.error, 110), "", "", "", "", "" });
			}
			else if (d != null) {
				String diff = compare(k.answer, d.answer);
				if (diff != null) {
					mismatches.add(q.title + ": " + diff);
				}
			}
		}
		if (duck != null) {
			duck.close();
		}
		Double wc = null;
		if (!skip("wc")) {
			wc = timeWc(file, runs);
			table.add(new String[] { "wc -l (same file)", secs(wc), String.format(Locale.ROOT, "%.1f", size / 1e6 / wc),
					String.format(Locale.ROOT, "%.2fM", rows / 1e6 / wc), "-", "-" });
		}

		String smallJob = job("small", SMALL_SOURCE, filter, "{\"type\":\"count\"}");
		double[] coldLatency = null;
		double[] latency = null;
		int smallJobs = (int) opt("small-jobs", 200);
		int smallWarmup = (int) opt("small-warmup", 3000);
		if (!skip("small")) {
			System.out.println("running small jobs ...");
			// the first ones (the service has only run the big queries), then a warm service's
			coldLatency = smallJobs(smallJob, smallJobs);
			System.out.println("warming up with " + smallWarmup + " small jobs ...");
			for (int i = 0; i < smallWarmup; i++) {
				submitOne(smallJob);
			}
			latency = smallJobs(smallJob, smallJobs);
		}
		double[] perTask = null;
		String taskError = null;
		if (!skip("tasks")) {
			System.out.println("running a job of 10000 tasks ...");
			String tasksJob = job("tasks",
					"{\"format\":\"csv\",\"path\":\"tasks-10000.csv\",\"header\":false,\"schema\":\"v INT\",\"partitions\":10000}",
					null, "{\"type\":\"count\"}");
			// the first runs compile the dispatch path: time a warm driver, as with the small jobs
			for (int i = 0; i < (int) opt("task-warmup", 3) && taskError == null; i++) {
				taskError = kindling(tasksJob, 0, 1).error;
			}
			double[] wall = new double[runs];
			double[] cpu = new double[runs];
			double[] cpuLocal = new double[runs];
			for (int i = 0; i < runs && taskError == null; i++) {
				long[] before = driverCpuTicks();
				Timed t = kindling(tasksJob, 0, 1);
				long[] after = driverCpuTicks();
				if (t.error != null) {
					taskError = t.error;
					break;
				}
				if (!Long.valueOf(10_000).equals(t.answer)) {
					mismatches.add("10,000-task job counted " + t.answer + ", expected 10000");
				}
				wall[i] = t.seconds * 1000 / 10_000;
				cpu[i] = before == null || after == null ? -1 : (after[0] - before[0]) * 1000.0 / after[1] / 10_000;
				cpuLocal[i] = before == null || after == null ? -1 : (after[2] - before[2]) * 1000.0 / after[1] / 10_000;
			}
			if (taskError == null) {
				perTask = new double[] { median(wall), median(cpu), median(cpuLocal) };
			}
		}
		double jobsPerSec = -1;
		String jobsError = null;
		if (!skip("concurrent")) {
			System.out.println("running concurrent small jobs ...");
			try {
				jobsPerSec = concurrentJobs(smallJob, (int) opt("jobs", 1000), (int) opt("threads", 100));
			}
			catch (RuntimeException ex) {
				jobsError = ex.getMessage();
			}
		}

		System.out.println();
		System.out.println("== Kindling benchmark ==");
		System.out.println("machine: " + machine());
		System.out.println("load average (1, 5, 15 min) before: " + loadBefore + ", after: " + loadAverage()
				+ " (other work on the machine slows both engines)");
		System.out.printf(Locale.ROOT, "file: %s, %d rows, %.1f MB (%d bytes); each figure the median of %d runs after a warm-up%n",
				fileName, rows, size / 1e6, size, runs);
		System.out.println();
		printTable(new String[] { "query", "Kindling s", "MB/s", "rows/s", "DuckDB s", "ratio" }, table);
		System.out.println();
		if (coldNote != null) {
			System.out.println(coldNote);
		}
		if (latency != null) {
			System.out.printf(Locale.ROOT,
					"small job (100-row CSV, filter+count), submit to result: median %.1f ms, p95 %.1f ms (%d jobs after %d warm-up jobs)%n",
					latency[0], latency[1], smallJobs, smallWarmup);
			System.out.printf(Locale.ROOT, "  the first %d small jobs after the queries above: median %.1f ms, p95 %.1f ms%n",
					smallJobs, coldLatency[0], coldLatency[1]);
		}
		if (startLatency != null) {
			System.out.printf(Locale.ROOT,
					"  small jobs from the 10th after the service started (the first thing it ran): median %.1f ms, p95 %.1f ms (jobs 10-%d)%n",
					startLatency[0], startLatency[1], startJobs + 9);
		}
		if (perTask != null) {
			System.out.printf(Locale.ROOT,
					"a job of 10,000 trivial tasks: %.3f ms per task end to end, %s of driver CPU per task%n",
					perTask[0], perTask[1] < 0 ? "(unknown)" : String.format(Locale.ROOT,
							"%.3f ms (%.3f ms on the request threads, state writer and timers, %.3f ms in local executors' "
									+ "poll and reporter threads)",
							perTask[1], perTask[1] - perTask[2], perTask[2]));
		}
		else if (taskError != null) {
			System.out.println("a job of 10,000 trivial tasks: FAILED: " + taskError);
		}
		if (jobsPerSec >= 0) {
			System.out.printf(Locale.ROOT, "jobs per second, %d small jobs from %d concurrent clients: %.1f%n",
					opt("jobs", 1000), opt("threads", 100), jobsPerSec);
		}
		else if (jobsError != null) {
			System.out.println("jobs per second: FAILED: " + jobsError);
		}
		if (wc != null) {
			System.out.printf(Locale.ROOT, "wc -l on the same file: %.3f s%n", wc);
		}
		if (!mismatches.isEmpty()) {
			System.out.println();
			for (String m : mismatches) {
				System.out.println("!!!!!!!! MISMATCH: " + m);
			}
			return 2;
		}
		return 0;
	}

	/** A query; {@code bytes} is the size of what it reads when not the CSV file's (0). */
	record Query(String title, String key, String job, String sql, long bytes) {

		Query(String title, String key, String job, String sql) {
			this(title, key, job, sql, 0);
		}

	}

	/** A median time and the answer: a Long count, or a map of group key to values. */
	record Timed(double seconds, Object answer, String error) {
	}

	/**
	 * With {@code --parquet}: writes the CSV file as Parquet through Kindling (a job, as a
	 * user would), then Q1 to Q3 on that Parquet, in Kindling and in DuckDB on the same files.
	 */
	List<Query> parquetQueries(long rows, String csvSource, String filter, List<String[]> table) throws Exception {
		String name = "people-" + rows + ".parquet";
		Path folder = this.dataDir.resolve(name);
		System.out.println("writing the CSV file as Parquet through Kindling ...");
		Timed written = kindling(job("write-parquet", csvSource, null,
				"{\"type\":\"write\",\"format\":\"parquet\",\"path\":\"" + name + "\",\"mode\":\"overwrite\"}"), 0, 1);
		if (written.error != null) {
			table.add(new String[] { "write as Parquet: FAILED: " + abbreviate(written.error, 90), "", "", "", "", "" });
			return List.of();
		}
		long bytes;
		try (var files = Files.walk(folder)) {
			bytes = files.filter(p -> p.toString().endsWith(".parquet")).mapToLong(p -> {
				try {
					return Files.size(p);
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			}).sum();
		}
		table.add(new String[] { String.format(Locale.ROOT, "write as Parquet (%.1f MB of files)", bytes / 1e6),
				secs(written.seconds), "-", String.format(Locale.ROOT, "%.2fM", rows / 1e6 / written.seconds), "-", "-" });
		String src = "{\"format\":\"parquet\",\"path\":\"" + name + "\"}";
		String duck = "read_parquet('" + folder.toAbsolutePath() + "/*.parquet')";
		return List.of(
				new Query("Q1 on Parquet (written by Kindling)", "q1p", job("q1p", src, filter, "{\"type\":\"count\"}"),
						"SELECT count(*) FROM " + duck + " WHERE age > 30", bytes),
				new Query("Q2 on Parquet", "q2p",
						job("q2p", src,
								"{\"op\":\"groupBy\",\"keys\":[\"city\"],\"aggregations\":[\"count(*) AS n\",\"avg(salary) AS avg_salary\"]}",
								"{\"type\":\"collect\"}"),
						"SELECT city, count(*), avg(salary) FROM " + duck + " GROUP BY city", bytes),
				new Query("Q3 on Parquet", "q3p",
						job("q3p", src,
								filter + ",{\"op\":\"groupBy\",\"keys\":[\"city\"],\"aggregations\":[\"count(*) AS n\",\"sum(salary) AS total\",\"max(age) AS oldest\"]}",
								"{\"type\":\"collect\"}"),
						"SELECT city, count(*), sum(salary), max(age) FROM " + duck + " WHERE age > 30 GROUP BY city",
						bytes));
	}

	static String job(String name, String source, String pipeline, String action) {
		return "{\"name\":\"bench-" + name + "\",\"source\":" + source + ",\"pipeline\":["
				+ (pipeline == null ? "" : pipeline) + "],\"action\":" + action + "}";
	}

	// ---- Kindling through the REST API ----

	Timed kindling(String job, int runs) throws Exception {
		return kindling(job, 1, runs);
	}

	/** Runs a job {@code warmups} times untimed, then {@code runs} times; the median of the timed runs. */
	Timed kindling(String job, int warmups, int runs) throws Exception {
		double[] times = new double[runs];
		Object answer = null;
		for (int i = -warmups; i < runs; i++) {
			long t0 = System.nanoTime();
			HttpResponse<String> r = post("/api/v1/jobs?wait=600s", job);
			double s = (System.nanoTime() - t0) / 1e9;
			Map<String, Object> doc = asMap(Json.parse(r.body()));
			String status = String.valueOf(doc.get("status"));
			if (r.statusCode() != 200 || !"SUCCEEDED".equals(status)) {
				Object err = doc.get("error");
				String msg = (err instanceof Map<?, ?> m) ? String.valueOf(m.get("message"))
						: ("HTTP " + r.statusCode() + " " + status + " " + abbreviate(r.body(), 300));
				return new Timed(s, null, msg);
			}
			answer = kindlingAnswer(asMap(doc.get("result")));
			if (i >= 0) {
				times[i] = s;
			}
			if (i >= 0 && i == runs - 1 && this.opts.containsKey("breakdown")) {
				breakdown(doc, s);
			}
		}
		return new Timed(median(times), answer, null);
	}

	/** Where the last run's time went: in tasks, or around them (for profiling). */
	void breakdown(Map<String, Object> job, double seconds) throws Exception {
		java.time.Instant submitted = java.time.Instant.parse((String) job.get("submittedAt"));
		java.time.Instant finished = java.time.Instant.parse((String) job.get("finishedAt"));
		StringBuilder sb = new StringBuilder();
		sb.append(String.format(Locale.ROOT, "  breakdown: client %.0f ms, driver submitted->finished %d ms",
				seconds * 1000, Duration.between(submitted, finished).toMillis()));
		for (Object st : (List<?>) job.get("stages")) {
			Object sid = asMap(st).get("id");
			HttpRequest request = HttpRequest.newBuilder(
					URI.create(this.url + "/api/v1/jobs/" + job.get("id") + "/stages/" + sid + "/tasks?size=1000"))
				.build();
			Object body = Json.parse(this.http.send(request, HttpResponse.BodyHandlers.ofString()).body());
			List<?> tasks = (body instanceof Map<?, ?> page) ? (List<?>) page.get("items") : (List<?>) body;
			long sum = 0;
			long max = 0;
			java.time.Instant firstStart = null;
			java.time.Instant lastEnd = null;
			for (Object t : tasks) {
				Map<String, Object> task = asMap(t);
				if (task.get("startedAt") == null || task.get("finishedAt") == null) {
					continue;
				}
				java.time.Instant a = java.time.Instant.parse((String) task.get("startedAt"));
				java.time.Instant b = java.time.Instant.parse((String) task.get("finishedAt"));
				long d = Duration.between(a, b).toMillis();
				sum += d;
				max = Math.max(max, d);
				firstStart = (firstStart == null || a.isBefore(firstStart)) ? a : firstStart;
				lastEnd = (lastEnd == null || b.isAfter(lastEnd)) ? b : lastEnd;
			}
			if (firstStart != null) {
				sb.append(String.format(Locale.ROOT,
						"; stage %s: %d tasks, first start +%d ms, last end +%d ms, task time sum %d ms, max %d ms", sid,
						tasks.size(), Duration.between(submitted, firstStart).toMillis(),
						Duration.between(submitted, lastEnd).toMillis(), sum, max));
			}
		}
		System.out.println(sb);
	}

	static Object kindlingAnswer(Map<String, Object> result) {
		if (result.containsKey("files")) {
			return ((Number) result.get("rows")).longValue();
		}
		if (result.containsKey("count")) {
			return ((Number) result.get("count")).longValue();
		}
		Map<String, List<Double>> groups = new TreeMap<>();
		for (Object row : (List<?>) result.get("rows")) {
			List<?> cells = (List<?>) row;
			List<Double> values = new ArrayList<>();
			for (int c = 1; c < cells.size(); c++) {
				values.add(((Number) cells.get(c)).doubleValue());
			}
			groups.put(String.valueOf(cells.get(0)), values);
		}
		return groups;
	}

	HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.url + path))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofMinutes(11))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * CPU time of the server's driver threads in clock ticks, ticks per second, and the part of those
	 * ticks in local executors' poll and reporter threads; null where /proc
	 * is not there. Driver threads: Tomcat's request threads (the API, heartbeats, and polls and
	 * reports over HTTP), the state writer, the scheduler's timers, and local executors' poll and
	 * reporter threads, which in local mode call the scheduler in process for each poll and report
	 * (a little of their time is the executor's own). The slots that run tasks, the JIT and GC are
	 * left out.
	 */
	long[] driverCpuTicks() {
		String pid = this.opts.get("server-pid");
		Path tasks = Path.of("/proc", String.valueOf(pid), "task");
		if (pid == null || !Files.isDirectory(tasks)) {
			return null;
		}
		long ticks = 0;
		long local = 0;
		try (var dirs = Files.list(tasks)) {
			for (Path t : dirs.toList()) {
				try {
					String name = Files.readString(t.resolve("comm")).trim();
					boolean inLocalExecutor = name.matches("local-\\d+-(poll|reporte).*");
					if (!name.startsWith("http-nio") && !name.startsWith("kindling-state") && !name.startsWith("scheduling")
							&& !inLocalExecutor) {
						continue;
					}
					String stat = Files.readString(t.resolve("stat"));
					String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					long used = Long.parseLong(f[11]) + Long.parseLong(f[12]);
					ticks += used;
					local += inLocalExecutor ? used : 0;
				}
				catch (IOException ex) {
					// the thread ended
				}
			}
		}
		catch (IOException ex) {
			return null;
		}
		return new long[] { ticks, 100, local };
	}

	void waitReady(Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		System.out.print("waiting for Kindling at " + this.url + " ");
		while (System.nanoTime() < deadline) {
			String pid = this.opts.get("server-pid");
			if (pid != null && !ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
				throw new IllegalStateException("the Kindling server (pid " + pid + ") exited; see its log");
			}
			try {
				HttpRequest request = HttpRequest.newBuilder(URI.create(this.url + "/api/v1/executors"))
					.timeout(Duration.ofSeconds(5))
					.build();
				HttpResponse<String> r = this.http.send(request, HttpResponse.BodyHandlers.ofString());
				if (r.statusCode() == 200) {
					int alive = 0;
					Object listed = Json.parse(r.body());
					for (Object e : listed instanceof Map<?, ?> page ? (List<?>) page.get("items") : (List<?>) listed) {
						if ("ALIVE".equals(asMap(e).get("state"))) {
							alive++;
						}
					}
					if (alive >= 2) {
						System.out.println("ready, " + alive + " executors");
						return;
					}
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			System.out.print(".");
			Thread.sleep(500);
		}
		throw new IllegalStateException("Kindling did not become ready within " + timeout);
	}

	double[] smallJobs(String job, int n) throws Exception {
		return smallJobs(job, 20, n);
	}

	/** Runs {@code skipped} small jobs untimed, then times {@code n}: median and p95 in ms. */
	double[] smallJobs(String job, int skipped, int n) throws Exception {
		for (int i = 0; i < skipped; i++) {
			submitOne(job);
		}
		double[] ms = new double[n];
		for (int i = 0; i < n; i++) {
			long t0 = System.nanoTime();
			submitOne(job);
			ms[i] = (System.nanoTime() - t0) / 1e6;
		}
		Arrays.sort(ms);
		return new double[] { median(ms), ms[Math.min(n - 1, (int) Math.ceil(n * 0.95) - 1)] };
	}

	/**
	 * Submits a job with {@code ?wait} and checks it succeeded, as {@link #submitOk} does,
	 * one request at a time over a kept-alive {@link HttpURLConnection}: the latency loops
	 * use it because the JDK's asynchronous HttpClient cost this client about 3 ms of CPU
	 * per request while its own JIT warmed up, taken from the two cores the server is
	 * measured on (half that with this client).
	 */
	void submitOne(String job) throws Exception {
		HttpURLConnection c = (HttpURLConnection) URI.create(this.url + "/api/v1/jobs?wait=120s").toURL().openConnection();
		c.setRequestMethod("POST");
		c.setDoOutput(true);
		c.setRequestProperty("Content-Type", "application/json");
		c.setReadTimeout((int) Duration.ofMinutes(11).toMillis());
		byte[] body = job.getBytes(StandardCharsets.UTF_8);
		c.setFixedLengthStreamingMode(body.length);
		try (OutputStream out = c.getOutputStream()) {
			out.write(body);
		}
		int status = c.getResponseCode();
		String answer;
		try (InputStream in = (status < 400) ? c.getInputStream() : c.getErrorStream()) {
			answer = (in == null) ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		if (status != 200 || !answer.contains("\"status\":\"SUCCEEDED\"")) {
			throw new IllegalStateException("small job failed: HTTP " + status + " " + abbreviate(answer, 300));
		}
	}

	void submitOk(String job) throws Exception {
		HttpResponse<String> r = post("/api/v1/jobs?wait=120s", job);
		if (r.statusCode() != 200 || !r.body().contains("\"status\":\"SUCCEEDED\"")) {
			throw new IllegalStateException("small job failed: HTTP " + r.statusCode() + " " + abbreviate(r.body(), 300));
		}
	}

	double concurrentJobs(String job, int jobs, int threads) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			long t0 = System.nanoTime();
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < jobs; i++) {
				futures.add(pool.submit(() -> {
					submitOk(job);
					return null;
				}));
			}
			for (Future<?> f : futures) {
				try {
					f.get();
				}
				catch (java.util.concurrent.ExecutionException ex) {
					throw new IllegalStateException(ex.getCause().getMessage(), ex.getCause());
				}
			}
			return jobs / ((System.nanoTime() - t0) / 1e9);
		}
		finally {
			pool.shutdownNow();
		}
	}

	// ---- DuckDB and wc ----

	static Timed duck(Connection c, String sql, int runs) throws Exception {
		double[] times = new double[runs];
		Object answer = null;
		for (int i = -1; i < runs; i++) {
			long t0 = System.nanoTime();
			try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
				int n = rs.getMetaData().getColumnCount();
				if (n == 1) {
					rs.next();
					answer = rs.getLong(1);
				}
				else {
					Map<String, List<Double>> groups = new TreeMap<>();
					while (rs.next()) {
						List<Double> values = new ArrayList<>();
						for (int k = 2; k <= n; k++) {
							values.add(rs.getDouble(k));
						}
						groups.put(rs.getString(1), values);
					}
					answer = groups;
				}
			}
			if (i >= 0) {
				times[i] = (System.nanoTime() - t0) / 1e9;
			}
		}
		return new Timed(median(times), answer, null);
	}

	static double timeWc(Path file, int runs) throws Exception {
		double[] times = new double[runs];
		for (int i = -1; i < runs; i++) {
			long t0 = System.nanoTime();
			Process p = new ProcessBuilder("wc", "-l", file.toString()).redirectErrorStream(true).start();
			p.getInputStream().readAllBytes();
			if (p.waitFor() != 0) {
				throw new IllegalStateException("wc -l failed");
			}
			if (i >= 0) {
				times[i] = (System.nanoTime() - t0) / 1e9;
			}
		}
		return median(times);
	}

	/** Why two answers differ, or null: counts equal, group values within 1e-6 relative. */
	@SuppressWarnings("unchecked")
	static String compare(Object kindling, Object duck) {
		if (kindling instanceof Long k) {
			return k.equals(duck) ? null : "Kindling counted " + k + ", DuckDB " + duck;
		}
		Map<String, List<Double>> a = (Map<String, List<Double>>) kindling;
		Map<String, List<Double>> b = (Map<String, List<Double>>) duck;
		if (!a.keySet().equals(b.keySet())) {
			return "groups differ: Kindling " + a.keySet() + ", DuckDB " + b.keySet();
		}
		for (String key : a.keySet()) {
			List<Double> x = a.get(key);
			List<Double> y = b.get(key);
			for (int i = 0; i < y.size(); i++) {
				double u = x.get(i);
				double v = y.get(i);
				if (Math.abs(u - v) > 1e-6 * Math.max(Math.abs(u), Math.abs(v))) {
					return "group " + key + " column " + (i + 2) + ": Kindling " + u + ", DuckDB " + v;
				}
			}
		}
		return null;
	}

	// ---- data ----

	/**
	 * Writes the people CSV unless a complete one is there: a file is complete when the marker beside
	 * it, written last, names its size. The content depends on the row count only.
	 * @return whether the file was written
	 */
	static boolean ensurePeople(Path file, long rows) throws IOException {
		Path marker = file.resolveSibling(file.getFileName() + ".size");
		if (Files.exists(file) && Files.exists(marker)
				&& Files.readString(marker).trim().equals(String.valueOf(Files.size(file)))) {
			return false;
		}
		Files.deleteIfExists(marker);
		byte[][] first = bytes(FIRST);
		byte[][] city = bytes(CITY);
		long seed = 0x9E3779B97F4A7C15L;
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
			Line line = new Line();
			line.ascii("id,name,age,city,salary,joined\n");
			for (long id = 1; id <= rows; id++) {
				seed = seed * 6364136223846793005L + 1442695040888963407L;
				long r = mix(seed);
				line.number(id).comma();
				line.bytes(first[(int) ((r & 0xFFFF) % first.length)]).put(' ')
					.put('A' + (int) ((r >>> 16 & 0xFF) % 26)).put('.').comma();
				line.number(18 + (r >>> 24 & 0xFFFF) % 63).comma();
				line.bytes(city[(int) ((r >>> 40 & 0xFFF) % city.length)]).comma();
				long cents = 2_000_000 + (mix(r) >>> 1) % 13_000_000;
				line.number(cents / 100).put('.').put('0' + (int) (cents / 10 % 10)).put('0' + (int) (cents % 10)).comma();
				long day = (mix(r ^ id) >>> 1) % 9000;
				line.date(day).put('\n');
				if (line.n > 60_000) {
					out.write(line.buf, 0, line.n);
					line.n = 0;
				}
			}
			out.write(line.buf, 0, line.n);
		}
		Files.writeString(marker, String.valueOf(Files.size(file)));
		return true;
	}

	/** One line of 10 bytes per task and no header: each split of 10 bytes holds one record. */
	static void ensureTaskFile(Path file, int lines) throws IOException {
		if (Files.exists(file) && Files.size(file) == lines * 10L) {
			return;
		}
		StringBuilder sb = new StringBuilder(lines * 10);
		for (int i = 0; i < lines; i++) {
			sb.append(String.format(Locale.ROOT, "%09d\n", i));
		}
		Files.writeString(file, sb.toString());
	}

	static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	static byte[][] bytes(String[] words) {
		byte[][] out = new byte[words.length][];
		for (int i = 0; i < words.length; i++) {
			out[i] = words[i].getBytes(StandardCharsets.US_ASCII);
		}
		return out;
	}

	static final class Line {

		final byte[] buf = new byte[1 << 16];

		int n;

		Line put(int c) {
			this.buf[this.n++] = (byte) c;
			return this;
		}

		Line comma() {
			return put(',');
		}

		Line bytes(byte[] b) {
			System.arraycopy(b, 0, this.buf, this.n, b.length);
			this.n += b.length;
			return this;
		}

		Line ascii(String s) {
			return bytes(s.getBytes(StandardCharsets.US_ASCII));
		}

		Line number(long v) {
			if (v >= 10) {
				number(v / 10);
			}
			return put('0' + (int) (v % 10));
		}

		/** A date from 2000-01-01 on, this many days later. */
		Line date(long days) {
			java.time.LocalDate d = java.time.LocalDate.of(2000, 1, 1).plusDays(days);
			number(d.getYear()).put('-');
			two(d.getMonthValue()).put('-');
			return two(d.getDayOfMonth());
		}

		Line two(int v) {
			return put('0' + v / 10).put('0' + v % 10);
		}

	}

	// ---- output ----

	static String machine() {
		String cpu = "?";
		try {
			for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
				if (l.startsWith("model name")) {
					cpu = l.substring(l.indexOf(':') + 1).trim();
					break;
				}
			}
		}
		catch (IOException ex) {
			// not Linux
		}
		return Runtime.getRuntime().availableProcessors() + " cores (nproc), " + cpu + ", java "
				+ System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")";
	}

	static String loadAverage() {
		try {
			String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return f[0] + " " + f[1] + " " + f[2];
		}
		catch (IOException | RuntimeException ex) {
			return "?";
		}
	}

	static void printTable(String[] head, List<String[]> rows) {
		int[] w = new int[head.length];
		for (int c = 0; c < head.length; c++) {
			w[c] = head[c].length();
		}
		for (String[] r : rows) {
			if (r[0].startsWith("  error")) {
				continue;
			}
			for (int c = 0; c < r.length; c++) {
				w[c] = Math.max(w[c], r[c].length());
			}
		}
		StringBuilder sb = new StringBuilder();
		line(sb, head, w);
		String[] rule = new String[head.length];
		for (int c = 0; c < rule.length; c++) {
			rule[c] = "-".repeat(w[c] - 1) + (c == 0 ? "-" : ":");
		}
		line(sb, rule, w);
		for (String[] r : rows) {
			if (r[0].startsWith("  error")) {
				sb.append(r[0]).append('\n');
			}
			else {
				line(sb, r, w);
			}
		}
		System.out.print(sb);
	}

	static void line(StringBuilder sb, String[] cells, int[] w) {
		sb.append("| ");
		for (int c = 0; c < cells.length; c++) {
			String v = cells[c];
			String pad = " ".repeat(Math.max(0, w[c] - v.length()));
			sb.append(c == 0 ? v + pad : pad + v).append(" | ");
		}
		sb.setLength(sb.length() - 1);
		sb.append('\n');
	}

	static String secs(double s) {
		return String.format(Locale.ROOT, "%.3f", s);
	}

	static double median(double[] values) {
		double[] v = values.clone();
		Arrays.sort(v);
		int n = v.length;
		if (n == 0) {
			return Double.NaN;
		}
		return (n % 2 == 1) ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	}

	static String abbreviate(String s, int max) {
		String one = s.replace('\n', ' ');
		return (one.length() <= max) ? one : one.substring(0, max) + "...";
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> asMap(Object o) {
		return (o instanceof Map<?, ?>) ? (Map<String, Object>) o : Map.of();
	}

	/** A minimal JSON reader: objects, arrays, strings, numbers (Long or Double), booleans, null. */
	static final class Json {

		private final String s;

		private int p;

		private Json(String s) {
			this.s = s;
		}

		static Object parse(String text) {
			Json j = new Json(text);
			Object v = j.value();
			j.ws();
			if (j.p != j.s.length()) {
				throw new IllegalArgumentException("trailing text in JSON at " + j.p);
			}
			return v;
		}

		private void ws() {
			while (this.p < this.s.length() && Character.isWhitespace(this.s.charAt(this.p))) {
				this.p++;
			}
		}

		private Object value() {
			ws();
			if (this.p >= this.s.length()) {
				throw new IllegalArgumentException("JSON ends early");
			}
			char c = this.s.charAt(this.p);
			switch (c) {
				case '{' -> {
					Map<String, Object> m = new LinkedHashMap<>();
					this.p++;
					ws();
					if (this.s.charAt(this.p) == '}') {
						this.p++;
						return m;
					}
					for (;;) {
						ws();
						String k = string();
						ws();
						expect(':');
						m.put(k, value());
						ws();
						if (this.s.charAt(this.p) == ',') {
							this.p++;
							continue;
						}
						expect('}');
						return m;
					}
				}
				case '[' -> {
					List<Object> l = new ArrayList<>();
					this.p++;
					ws();
					if (this.s.charAt(this.p) == ']') {
						this.p++;
						return l;
					}
					for (;;) {
						l.add(value());
						ws();
						if (this.s.charAt(this.p) == ',') {
							this.p++;
							continue;
						}
						expect(']');
						return l;
					}
				}
				case '"' -> {
					return string();
				}
				default -> {
					if (this.s.startsWith("true", this.p)) {
						this.p += 4;
						return Boolean.TRUE;
					}
					if (this.s.startsWith("false", this.p)) {
						this.p += 5;
						return Boolean.FALSE;
					}
					if (this.s.startsWith("null", this.p)) {
						this.p += 4;
						return null;
					}
					int start = this.p;
					while (this.p < this.s.length() && "+-0123456789.eE".indexOf(this.s.charAt(this.p)) >= 0) {
						this.p++;
					}
					String num = this.s.substring(start, this.p);
					if (num.isEmpty()) {
						throw new IllegalArgumentException("unexpected '" + c + "' in JSON at " + start);
					}
					if (num.matches("-?\\d{1,18}")) {
						return Long.parseLong(num);
					}
					return Double.parseDouble(num);
				}
			}
		}

		private void expect(char c) {
			if (this.p >= this.s.length() || this.s.charAt(this.p) != c) {
				throw new IllegalArgumentException("expected '" + c + "' in JSON at " + this.p);
			}
			this.p++;
		}

		private String string() {
			expect('"');
			StringBuilder sb = new StringBuilder();
			for (;;) {
				char c = this.s.charAt(this.p++);
				if (c == '"') {
					return sb.toString();
				}
				if (c != '\\') {
					sb.append(c);
					continue;
				}
				char e = this.s.charAt(this.p++);
				switch (e) {
					case 'n' -> sb.append('\n');
					case 't' -> sb.append('\t');
					case 'r' -> sb.append('\r');
					case 'b' -> sb.append('\b');
					case 'f' -> sb.append('\f');
					case 'u' -> {
						sb.append((char) Integer.parseInt(this.s.substring(this.p, this.p + 4), 16));
						this.p += 4;
					}
					default -> sb.append(e);
				}
			}
		}

	}

}
