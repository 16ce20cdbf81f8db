import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Kindling's scale run (issue 17): work several times bigger than an executor's heap.
 *
 * <p>
 * Generates three CSV tables under {@code --data} (10 GB in all by default: {@code facts}
 * 40 %, {@code left} and {@code right} 30 % each; kept between runs, keyed by size), starts
 * a driver and two executor JVMs of {@code --executor-heap} (1 GB) each, and runs:
 * <ul>
 * <li>{@code sort}: {@code facts} ordered by {@code v}, written as CSV; checked by reading
 * the part files in order as a stream (every {@code v} at least the one before, the row
 * count and sums of {@code id} and {@code v} those the generator wrote);</li>
 * <li>{@code groupby}: {@code facts} grouped by {@code k} (50 million distinct keys at
 * 10 GB) into count and sum, written as CSV; checked by its number of rows and the sums of
 * both columns;</li>
 * <li>{@code join}: {@code left} joined with {@code right} on {@code key}, then counted and
 * summed; checked against the generator's figures.</li>
 * </ul>
 * Each executor's heap after every GC is logged ({@code -Xlog:gc}); the peak before a
 * collection is printed, and any {@code OutOfMemoryError} in a log fails the run. DuckDB
 * runs the same three queries on the same files in the same run ({@code threads=2},
 * {@code memory_limit} twice the executor heap, spilling to the data folder).
 *
 * <p>
 * Only the JDK and DuckDB's JDBC driver are on the class path; the few JSON fields read
 * are taken by pattern.
 */
public final class Scale {

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

	static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");

	static final Pattern ROWS = Pattern.compile("\"rows\"\\s*:\\s*\\[\\s*\\[([^\\]]*)\\]");

	static final Pattern GC = Pattern.compile("\\) (\\d+)M->(\\d+)M\\((\\d+)M\\)");

	static final long BYTES_PER_FACT = 40;

	static final long BYTES_PER_SIDE = 32;

	public static void main(String[] args) throws Exception {
		Map<String, String> opts = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			String a = args[i];
			if (!a.startsWith("--")) {
				throw new IllegalArgumentException("unexpected argument " + a);
			}
			String key = a.substring(2);
			if (key.equals("no-duckdb")) {
				opts.put(key, "true");
			}
			else {
				opts.put(key, args[++i]);
			}
		}
		new Scale(opts).run();
	}

	final Map<String, String> opts;

	final Path data;

	final double gigabytes;

	final Set<String> only;

	final List<Process> processes = new ArrayList<>();

	final List<Path> executorLogs = new ArrayList<>();

	String driverUrl;

	Scale(Map<String, String> opts) {
		this.opts = opts;
		this.gigabytes = Double.parseDouble(opts.getOrDefault("gb", "10"));
		this.data = Path.of(opts.getOrDefault("data", "target/bench/scale")).toAbsolutePath();
		this.only = Set.of(opts.getOrDefault("only", "sort,groupby,join").split(","));
	}

	void run() throws Exception {
		Tables t = Tables.sized(this.gigabytes, Long.parseLong(this.opts.getOrDefault("keys", "50000000")));
		Path tables = this.data.resolve(t.folder());
		Expected expected = generate(t, tables);
		Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll));
		startCluster(tables);
		List<String[]> rows = new ArrayList<>();
		Connection duck = this.opts.containsKey("no-duckdb") ? null : duckdb(tables);
		if (this.only.contains("sort")) {
			rows.add(sort(tables, expected, duck));
		}
		if (this.only.contains("groupby")) {
			rows.add(groupBy(tables, expected, duck));
		}
		if (this.only.contains("join")) {
			rows.add(join(tables, expected, duck));
		}
		stopAll();
		String oom = outOfMemory();
		System.out.println();
		System.out.printf(Locale.ROOT,
				"scale run: %.2f GB of CSV (facts %d rows, %d distinct keys; left %d rows, right %d rows), "
						+ "2 executors of %s heap, %s%n",
				t.bytes() / 1e9, t.facts(), t.keys(), t.left(), t.right(),
				this.opts.getOrDefault("executor-heap", "1g"), loadAverage());
		printTable(new String[] { "query", "Kindling s", "answer", "DuckDB s", "Kindling / DuckDB" }, rows);
		System.out.println();
		for (int i = 0; i < this.executorLogs.size(); i++) {
			System.out.printf(Locale.ROOT, "executor %d: peak heap %s%n", i + 1, peakHeap(this.executorLogs.get(i)));
		}
		System.out.println(oom == null ? "no OutOfMemoryError" : "OutOfMemoryError in " + oom);
		boolean wrong = rows.stream().anyMatch((r) -> !r[2].startsWith("ok"));
		if (wrong || oom != null) {
			System.exit(2);
		}
	}

	// ---- the data ----

	/** Sizes of the three tables for a total size. */
	record Tables(long facts, long keys, long left, long right) {

		static Tables sized(double gigabytes, long maxKeys) {
			double bytes = gigabytes * 1e9;
			long facts = Math.max(1000, (long) (bytes * 0.4 / BYTES_PER_FACT));
			long side = Math.max(1000, (long) (bytes * 0.3 / BYTES_PER_SIDE));
			long keys = Math.min(maxKeys, facts * 3 / 4);
			return new Tables(facts, keys, side, side);
		}

		String folder() {
			return "scale-" + this.facts + "-" + this.keys + "-" + this.left;
		}

		long bytes() {
			return this.facts * BYTES_PER_FACT + (this.left + this.right) * BYTES_PER_SIDE;
		}

	}

	/** What the generator wrote, for checking the answers. */
	record Expected(long facts, long sumId, long sumV, long keys, long joined, long joinSum) {
	}

	/** SplitMix64's finaliser: the data is a function of the row number. */
	static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
		z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
		return z ^ (z >>> 31);
	}

	static final int FILES = 16;

	Expected generate(Tables t, Path tables) throws IOException {
		Path marker = tables.resolve("expected.txt");
		if (Files.isRegularFile(marker)) {
			String[] f = Files.readString(marker).trim().split(",");
			System.out.println("reusing " + tables);
			return new Expected(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
					Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]));
		}
		System.out.printf(Locale.ROOT, "generating %.2f GB into %s ...%n", t.bytes() / 1e9, tables);
		long started = System.nanoTime();
		long sumId = 0;
		long sumV = 0;
		// k = i * step mod keys: with step coprime to keys, every key from 0 to keys-1 occurs.
		long step = coprimeStep(t.keys());
		Files.createDirectories(tables.resolve("facts"));
		for (int f = 0; f < FILES; f++) {
			long from = t.facts() * f / FILES;
			long to = t.facts() * (f + 1) / FILES;
			try (BufferedWriter w = Files.newBufferedWriter(tables.resolve("facts/part-" + f + ".csv"))) {
				w.write("id,k,v,pad\n");
				StringBuilder sb = new StringBuilder(64);
				for (long i = from; i < to; i++) {
					long k = Math.floorMod(i * step, t.keys());
					long v = mix(i) >>> 24;
					sumId += i;
					sumV += v;
					sb.setLength(0);
					sb.append(i).append(',').append(k).append(',').append(v).append(',');
					pad(sb, mix(~i), 12);
					w.append(sb).append('\n');
				}
			}
		}
		// left: every key from 0 to left-1 once, a = f(key); right: keys over 1.5x that range,
		// so about two thirds of right's rows meet one left row each.
		Files.createDirectories(tables.resolve("left"));
		Files.createDirectories(tables.resolve("right"));
		long joined = 0;
		long joinSum = 0;
		for (int f = 0; f < FILES; f++) {
			long from = t.left() * f / FILES;
			long to = t.left() * (f + 1) / FILES;
			try (BufferedWriter w = Files.newBufferedWriter(tables.resolve("left/part-" + f + ".csv"))) {
				w.write("key,a,pad\n");
				StringBuilder sb = new StringBuilder(48);
				for (long i = from; i < to; i++) {
					sb.setLength(0);
					sb.append(i).append(',').append(leftValue(i)).append(',');
					pad(sb, mix(i * 31), 14);
					w.append(sb).append('\n');
				}
			}
		}
		long range = t.left() + t.left() / 2;
		for (int f = 0; f < FILES; f++) {
			long from = t.right() * f / FILES;
			long to = t.right() * (f + 1) / FILES;
			try (BufferedWriter w = Files.newBufferedWriter(tables.resolve("right/part-" + f + ".csv"))) {
				w.write("key,b,pad\n");
				StringBuilder sb = new StringBuilder(48);
				for (long i = from; i < to; i++) {
					long key = Long.remainderUnsigned(mix(i + 0x5eed), range);
					long b = mix(i * 7) >>> 34;
					if (key < t.left()) {
						joined++;
						joinSum += leftValue(key) + b;
					}
					sb.setLength(0);
					sb.append(key).append(',').append(b).append(',');
					pad(sb, mix(i * 13), 14);
					w.append(sb).append('\n');
				}
			}
		}
		Expected e = new Expected(t.facts(), sumId, sumV, t.keys(), joined, joinSum);
		Files.writeString(marker,
				e.facts() + "," + e.sumId() + "," + e.sumV() + "," + e.keys() + "," + e.joined() + "," + e.joinSum()
						+ "\n");
		System.out.printf(Locale.ROOT, "generated in %.0f s%n", (System.nanoTime() - started) / 1e9);
		return e;
	}

	static long leftValue(long key) {
		return mix(key + 1) >>> 34;
	}

	static void pad(StringBuilder sb, long bits, int n) {
		for (int i = 0; i < n; i++) {
			sb.append((char) ('a' + (int) ((bits >>> (i * 5)) & 15)));
		}
	}

	static long coprimeStep(long keys) {
		long step = 1_000_003;
		while (gcd(step, keys) != 1) {
			step += 2;
		}
		return step;
	}

	static long gcd(long a, long b) {
		return b == 0 ? a : gcd(b, a % b);
	}

	// ---- the cluster ----

	void startCluster(Path tables) throws Exception {
		Path jar = Path.of(this.opts.get("jar")).toAbsolutePath();
		Path logs = this.data.resolve("logs");
		Path tmp = this.data.resolve("tmp");
		Files.createDirectories(logs);
		Files.createDirectories(tmp);
		String secret = Long.toHexString(mix(System.nanoTime())) + Long.toHexString(mix(System.nanoTime() + 1));
		int driverPort = freePort();
		this.driverUrl = "http://127.0.0.1:" + driverPort;
		start(jar, "2g", logs.resolve("driver.log"), tmp, List.of("--server.port=" + driverPort,
				"--spring.profiles.active=driver", "--kindling.security.allow-anonymous=true",
				"--kindling.data.root=" + tables, "--kindling.security.shared-secret=" + secret,
				"--spring.datasource.url=jdbc:h2:mem:scale"));
		String heap = this.opts.getOrDefault("executor-heap", "1g");
		for (int i = 1; i <= 2; i++) {
			Path log = logs.resolve("executor-" + i + ".log");
			Path gcLog = logs.resolve("executor-" + i + "-gc.log");
			this.executorLogs.add(gcLog);
			start(jar, heap, log, tmp,
					List.of("-Xlog:gc:file=" + gcLog, "--server.port=" + freePort(),
							"--spring.profiles.active=executor", "--kindling.driver.url=" + this.driverUrl,
							"--kindling.data.root=" + tables, "--kindling.security.shared-secret=" + secret,
							"--kindling.executor.slots=2"));
		}
		System.out.print("waiting for the driver and 2 executors ");
		long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
		while (System.nanoTime() < deadline) {
			for (Process p : this.processes) {
				if (!p.isAlive()) {
					throw new IllegalStateException("a Kindling process exited; see " + logs);
				}
			}
			try {
				String body = get("/api/v1/executors");
				if (body.split("\"ALIVE\"", -1).length - 1 >= 2) {
					System.out.println("ready");
					return;
				}
			}
			catch (IOException ex) {
				// not up yet
			}
			System.out.print(".");
			Thread.sleep(500);
		}
		throw new IllegalStateException("the cluster did not come up; see " + logs);
	}

	void start(Path jar, String heap, Path log, Path tmp, List<String> args) throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx" + heap, "-Djava.io.tmpdir=" + tmp));
		List<String> springArgs = new ArrayList<>();
		for (String a : args) {
			(a.startsWith("-X") ? command : springArgs).add(a);
		}
		command.add("-jar");
		command.add(jar.toString());
		command.addAll(springArgs);
		this.processes.add(new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
			.start());
	}

	void stopAll() {
		for (Process p : this.processes) {
			p.destroy();
		}
		for (Process p : this.processes) {
			try {
				if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
					p.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				p.destroyForcibly();
			}
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
	}

	String get(String path) throws IOException, InterruptedException {
		HttpResponse<String> r = HTTP.send(
				HttpRequest.newBuilder(URI.create(this.driverUrl + path)).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString());
		if (r.statusCode() != 200) {
			throw new IOException("GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
		}
		return r.body();
	}

	/** Submits a job and follows it to its end; the job's document, or a failure. */
	String runJob(String json) throws Exception {
		HttpResponse<String> r = HTTP.send(
				HttpRequest.newBuilder(URI.create(this.driverUrl + "/api/v1/jobs"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(json))
					.timeout(Duration.ofSeconds(60))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		if (r.statusCode() != 202 && r.statusCode() != 200) {
			throw new IllegalStateException("submit: HTTP " + r.statusCode() + " " + r.body());
		}
		Matcher id = ID.matcher(r.body());
		if (!id.find()) {
			throw new IllegalStateException("no job id in " + r.body());
		}
		while (true) {
			String job = get("/api/v1/jobs/" + id.group(1));
			Matcher status = STATUS.matcher(job);
			if (status.find() && status.group(1).matches("SUCCEEDED|FAILED|CANCELLED")) {
				if (!status.group(1).equals("SUCCEEDED")) {
					throw new IllegalStateException("job " + id.group(1) + " " + status.group(1) + ": "
							+ (job.length() > 2000 ? job.substring(0, 2000) : job));
				}
				return job;
			}
			Thread.sleep(250);
		}
	}

	static String source(String folder, String schema) {
		return "{\"format\":\"csv\",\"path\":\"" + folder + "\",\"header\":true,\"schema\":\"" + schema + "\"}";
	}

	static final String FACTS = "id BIGINT, k BIGINT, v BIGINT, pad STRING";

	static final String LEFT = "key BIGINT, a BIGINT, lpad STRING";

	static final String RIGHT = "key BIGINT, b BIGINT, rpad STRING";

	// ---- the queries ----

	String[] sort(Path tables, Expected e, Connection duck) throws Exception {
		System.out.println("sort ...");
		long t0 = System.nanoTime();
		String answer;
		try {
			runJob("{\"name\":\"scale-sort\",\"source\":" + source("facts", FACTS)
					+ ",\"pipeline\":[{\"op\":\"orderBy\",\"columns\":[\"v\"]}],"
					+ "\"action\":{\"type\":\"write\",\"format\":\"csv\",\"path\":\"out/sorted\",\"mode\":\"overwrite\"}}");
			double secs = (System.nanoTime() - t0) / 1e9;
			answer = checkSorted(tables.resolve("out/sorted"), e);
			return duck("sort", secs, answer, duck, "COPY (SELECT * FROM facts ORDER BY v) TO '"
					+ tables.resolve("out/duck-sorted.csv") + "' (HEADER)");
		}
		catch (IllegalStateException ex) {
			return new String[] { "sort", "FAILED", abbreviate(ex.getMessage()), "-", "-" };
		}
	}

	/** Reads the sorted output as a stream: order, count and sums. */
	static String checkSorted(Path folder, Expected e) throws IOException {
		List<Path> parts;
		try (Stream<Path> s = Files.list(folder)) {
			parts = s.filter((p) -> p.getFileName().toString().startsWith("part-")).sorted().toList();
		}
		long rows = 0;
		long sumId = 0;
		long sumV = 0;
		long last = Long.MIN_VALUE;
		for (Path part : parts) {
			try (BufferedReader r = Files.newBufferedReader(part)) {
				r.readLine();
				for (String line = r.readLine(); line != null; line = r.readLine()) {
					int c1 = line.indexOf(',');
					int c2 = line.indexOf(',', c1 + 1);
					int c3 = line.indexOf(',', c2 + 1);
					long v = Long.parseLong(line, c2 + 1, c3, 10);
					if (v < last) {
						return "WRONG: out of order at row " + rows + " of " + part.getFileName();
					}
					last = v;
					sumId += Long.parseLong(line, 0, c1, 10);
					sumV += v;
					rows++;
				}
			}
		}
		if (rows != e.facts() || sumId != e.sumId() || sumV != e.sumV()) {
			return "WRONG: " + rows + " rows (" + e.facts() + " expected) or sums differ";
		}
		return "ok: " + rows + " rows in order in " + parts.size() + " files";
	}

	String[] groupBy(Path tables, Expected e, Connection duck) throws Exception {
		System.out.println("groupby ...");
		long t0 = System.nanoTime();
		try {
			runJob("{\"name\":\"scale-groupby\",\"source\":" + source("facts", FACTS)
					+ ",\"pipeline\":[{\"op\":\"groupBy\",\"keys\":[\"k\"],\"aggregations\":[\"count(*) AS n\",\"sum(v) AS s\"]}],"
					+ "\"action\":{\"type\":\"write\",\"format\":\"csv\",\"path\":\"out/groups\",\"mode\":\"overwrite\"}}");
			double secs = (System.nanoTime() - t0) / 1e9;
			String answer = checkGroups(tables.resolve("out/groups"), e);
			return duck("groupby", secs, answer, duck, "COPY (SELECT k, count(*) AS n, sum(v) AS s FROM facts GROUP BY k) TO '"
					+ tables.resolve("out/duck-groups.csv") + "' (HEADER)");
		}
		catch (IllegalStateException ex) {
			return new String[] { "groupby", "FAILED", abbreviate(ex.getMessage()), "-", "-" };
		}
	}

	static String checkGroups(Path folder, Expected e) throws IOException {
		List<Path> parts;
		try (Stream<Path> s = Files.list(folder)) {
			parts = s.filter((p) -> p.getFileName().toString().startsWith("part-")).toList();
		}
		long groups = 0;
		long sumN = 0;
		long sumS = 0;
		for (Path part : parts) {
			try (BufferedReader r = Files.newBufferedReader(part)) {
				r.readLine();
				for (String line = r.readLine(); line != null; line = r.readLine()) {
					int c1 = line.indexOf(',');
					int c2 = line.indexOf(',', c1 + 1);
					sumN += Long.parseLong(line, c1 + 1, c2, 10);
					sumS += Long.parseLong(line, c2 + 1, line.length(), 10);
					groups++;
				}
			}
		}
		if (groups != e.keys() || sumN != e.facts() || sumS != e.sumV()) {
			return "WRONG: " + groups + " groups (" + e.keys() + " expected) or sums differ";
		}
		return "ok: " + groups + " groups";
	}

	String[] join(Path tables, Expected e, Connection duck) throws Exception {
		System.out.println("join ...");
		long t0 = System.nanoTime();
		try {
			String job = runJob("{\"name\":\"scale-join\",\"source\":" + source("left", LEFT)
					+ ",\"pipeline\":[{\"op\":\"join\",\"right\":{\"source\":" + source("right", RIGHT)
					+ "},\"on\":[\"key\"],\"type\":\"inner\"},"
					+ "{\"op\":\"groupBy\",\"keys\":[],\"aggregations\":[\"count(*) AS n\",\"sum(a + b) AS s\"]}],"
					+ "\"action\":{\"type\":\"collect\"}}");
			double secs = (System.nanoTime() - t0) / 1e9;
			Matcher m = ROWS.matcher(job);
			String answer;
			if (!m.find()) {
				answer = "WRONG: no result row";
			}
			else {
				String[] cells = m.group(1).split(",");
				long n = Long.parseLong(cells[0].trim());
				long s = Long.parseLong(cells[1].trim());
				answer = n == e.joined() && s == e.joinSum() ? "ok: " + n + " rows joined"
						: "WRONG: " + n + " rows, sum " + s + " (" + e.joined() + ", " + e.joinSum() + " expected)";
			}
			return duck("join", secs, answer, duck,
					"SELECT count(*), sum(a + b) FROM left_t JOIN right_t USING (key)");
		}
		catch (IllegalStateException ex) {
			return new String[] { "join", "FAILED", abbreviate(ex.getMessage()), "-", "-" };
		}
	}

	// ---- DuckDB ----

	Connection duckdb(Path tables) throws Exception {
		Connection c = DriverManager.getConnection("jdbc:duckdb:");
		String heap = this.opts.getOrDefault("executor-heap", "1g");
		try (Statement s = c.createStatement()) {
			s.execute("SET threads=2");
			s.execute("SET memory_limit='" + (2 * parseSize(heap) >> 20) + "MB'");
			s.execute("SET temp_directory='" + this.data.resolve("tmp/duckdb") + "'");
			s.execute("SET preserve_insertion_order=false");
			s.execute("CREATE VIEW facts AS SELECT * FROM read_csv('" + tables.resolve("facts/*.csv")
					+ "', header=true, columns={'id':'BIGINT','k':'BIGINT','v':'BIGINT','pad':'VARCHAR'})");
			s.execute("CREATE VIEW left_t AS SELECT * FROM read_csv('" + tables.resolve("left/*.csv")
					+ "', header=true, columns={'key':'BIGINT','a':'BIGINT','pad':'VARCHAR'})");
			s.execute("CREATE VIEW right_t AS SELECT * FROM read_csv('" + tables.resolve("right/*.csv")
					+ "', header=true, columns={'key':'BIGINT','b':'BIGINT','pad':'VARCHAR'})");
		}
		return c;
	}

	static String[] duck(String query, double kindlingSecs, String answer, Connection duck, String sql) {
		if (duck == null) {
			return new String[] { query, secs(kindlingSecs), answer, "-", "-" };
		}
		long t0 = System.nanoTime();
		try (Statement s = duck.createStatement()) {
			if (s.execute(sql)) {
				try (ResultSet rs = s.getResultSet()) {
					while (rs.next()) {
						// read it all
					}
				}
			}
		}
		catch (Exception ex) {
			return new String[] { query, secs(kindlingSecs), answer, abbreviate("FAILED: " + ex.getMessage()), "-" };
		}
		double d = (System.nanoTime() - t0) / 1e9;
		return new String[] { query, secs(kindlingSecs), answer, secs(d),
				String.format(Locale.ROOT, "%.2fx", kindlingSecs / d) };
	}

	static long parseSize(String s) {
		String v = s.toLowerCase(Locale.ROOT);
		long unit = v.endsWith("g") ? 1L << 30 : v.endsWith("m") ? 1L << 20 : v.endsWith("k") ? 1L << 10 : 1;
		return Long.parseLong(unit == 1 ? v : v.substring(0, v.length() - 1)) * unit;
	}

	// ---- reporting ----

	/** The largest heap in use before a collection, from a {@code -Xlog:gc} file. */
	static String peakHeap(Path gcLog) throws IOException {
		long peak = 0;
		long max = 0;
		if (!Files.isRegularFile(gcLog)) {
			return "unknown (no GC log)";
		}
		try (Stream<String> lines = Files.lines(gcLog)) {
			for (String line : (Iterable<String>) lines::iterator) {
				Matcher m = GC.matcher(line);
				if (m.find()) {
					peak = Math.max(peak, Long.parseLong(m.group(1)));
					max = Math.max(max, Long.parseLong(m.group(3)));
				}
			}
		}
		return peak + " MB used before a collection, of " + max + " MB committed";
	}

	/** The first log that names an OutOfMemoryError, or null. */
	String outOfMemory() throws IOException {
		try (Stream<Path> logs = Files.list(this.data.resolve("logs"))) {
			for (Path log : logs.toList()) {
				try (InputStream in = Files.newInputStream(log)) {
					String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
					if (text.contains("OutOfMemoryError")) {
						return log.toString();
					}
				}
			}
		}
		return null;
	}

	static String loadAverage() {
		try {
			String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return "load average " + f[0] + " " + f[1] + " " + f[2];
		}
		catch (IOException ex) {
			return "load average unknown";
		}
	}

	static String abbreviate(String s) {
		return s.length() <= 160 ? s : s.substring(0, 157) + "...";
	}

	static String secs(double s) {
		return String.format(Locale.ROOT, "%.1f", s);
	}

	static void printTable(String[] head, List<String[]> rows) {
		int[] w = new int[head.length];
		for (int i = 0; i < head.length; i++) {
			w[i] = head[i].length();
			for (String[] r : rows) {
				w[i] = Math.max(w[i], r[i].length());
			}
		}
		StringBuilder sb = new StringBuilder();
		line(sb, head, w);
		String[] rule = new String[head.length];
		for (int i = 0; i < head.length; i++) {
			rule[i] = "-".repeat(w[i]);
		}
		line(sb, rule, w);
		for (String[] r : rows) {
			line(sb, r, w);
		}
		System.out.print(sb);
	}

	static void line(StringBuilder sb, String[] cells, int[] w) {
		sb.append('|');
		for (int i = 0; i < cells.length; i++) {
			sb.append(' ').append(String.format("%-" + w[i] + "s", cells[i])).append(" |");
		}
		sb.append('\n');
	}

}
