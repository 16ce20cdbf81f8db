import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;

/**
 * TPC-H on Kindling beside DuckDB (see bench/README.md): run by bench/tpch. With
 * {@code --generate} it writes the eight tables at a scale factor as CSV files ({@code |},
 * a header), as src/test/java/dev/kindling/tpch/TpchData.java does; otherwise it registers
 * them in Kindling's catalog, runs the 22 queries (src/test/resources/tpch) as SQL jobs
 * through the REST API and in DuckDB over the same files, checks that the answers agree as
 * TPC-H prints them, and prints the times.
 *
 * <p>
 * Only the JDK, DuckDB's JDBC driver and the TPC-H generator are on the class path.
 */
public final class Tpch {

	static final List<String> TABLES = List.of("part", "supplier", "partsupp", "customer", "orders", "lineitem",
			"nation", "region");

	final Map<String, String> opts;

	final String url;

	final Path data;

	final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	Tpch(Map<String, String> opts) {
		this.opts = opts;
		this.url = opts.getOrDefault("url", "http://127.0.0.1:8080");
		this.data = Path.of(opts.getOrDefault("data", "target/bench/tpch-sf1"));
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> opts = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("unexpected argument " + args[i]);
			}
			String key = args[i].substring(2);
			if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
				opts.put(key, args[++i]);
			}
			else {
				opts.put(key, "true");
			}
		}
		Tpch tpch = new Tpch(opts);
		System.exit(opts.containsKey("generate") ? tpch.generate() : tpch.run());
	}

	// ---- the data

	static TpchTable<?> table(String name) {
		return TpchTable.getTable(name);
	}

	static String sparkType(TpchColumn<?> c) {
		return switch (c.getType().getBase()) {
			case IDENTIFIER -> "BIGINT";
			case INTEGER -> "INT";
			case DOUBLE -> "DECIMAL(15,2)";
			case DATE -> "DATE";
			case VARCHAR -> "STRING";
		};
	}

	static String duckType(String sparkType) {
		return switch (sparkType) {
			case "STRING" -> "VARCHAR";
			case "INT" -> "INTEGER";
			default -> sparkType;
		};
	}

	static String schema(String name) {
		return table(name).getColumns()
			.stream()
			.map(c -> c.getColumnName() + " " + sparkType(c))
			.collect(Collectors.joining(", "));
	}

	int generate() throws Exception {
		double sf = Double.parseDouble(this.opts.getOrDefault("sf", "1"));
		Files.createDirectories(this.data);
		Path marker = this.data.resolve("scale-factor");
		if (Files.exists(marker) && Files.readString(marker).equals(Double.toString(sf))) {
			System.out.println("reusing TPC-H SF " + sf + " in " + this.data + " (" + mb(size()) + " MB)");
			return 0;
		}
		Files.deleteIfExists(marker);
		System.out.println("generating TPC-H SF " + sf + " into " + this.data + " ...");
		long t0 = System.nanoTime();
		ExecutorService pool = Executors.newFixedThreadPool(2);
		List<Future<?>> done = new ArrayList<>();
		for (String name : List.of("lineitem", "orders", "partsupp", "part", "customer", "supplier", "nation",
				"region")) {
			done.add(pool.submit(() -> {
				write(name, sf);
				return null;
			}));
		}
		for (Future<?> f : done) {
			f.get();
		}
		pool.shutdown();
		Files.writeString(marker, Double.toString(sf));
		System.out.printf(Locale.ROOT, "generated %s MB in %.0f s%n", mb(size()), (System.nanoTime() - t0) / 1e9);
		return 0;
	}

	void write(String name, double sf) throws IOException {
		TpchTable<?> t = table(name);
		try (BufferedWriter out = Files.newBufferedWriter(this.data.resolve(name + ".csv"), StandardCharsets.UTF_8,
				java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
			out.write(t.getColumns().stream().map(TpchColumn::getColumnName).collect(Collectors.joining("|")));
			out.write('\n');
			for (TpchEntity row : t.createGenerator(sf, 1, 1)) {
				String line = row.toLine();
				out.write(line, 0, line.length() - 1);
				out.write('\n');
			}
		}
	}

	long size() throws IOException {
		long total = 0;
		for (String name : TABLES) {
			Path f = this.data.resolve(name + ".csv");
			total += Files.exists(f) ? Files.size(f) : 0;
		}
		return total;
	}

	static String mb(long bytes) {
		return String.format(Locale.ROOT, "%.0f", bytes / 1e6);
	}

	// ---- the run

	int run() throws Exception {
		int runs = Integer.parseInt(this.opts.getOrDefault("runs", "1"));
		int warmups = Integer.parseInt(this.opts.getOrDefault("warmup", "1"));
		List<Integer> queries = new ArrayList<>();
		if (this.opts.containsKey("only")) {
			Arrays.stream(this.opts.get("only").split(",")).map(String::trim).map(Integer::parseInt).forEach(queries::add);
		}
		else {
			for (int q = 1; q <= 22; q++) {
				queries.add(q);
			}
		}
		String loadBefore = loadAverage();
		waitReady(Duration.ofSeconds(300));
		for (String name : TABLES) {
			String source = "{\"format\":\"csv\",\"path\":\"" + name + ".csv\",\"header\":true,\"sep\":\"|\","
					+ "\"schema\":\"" + schema(name) + "\"}";
			HttpResponse<String> r = send("PUT", "/api/v1/tables/" + name, source);
			if (r.statusCode() != 200 && r.statusCode() != 201) {
				throw new IllegalStateException("cannot register " + name + ": " + r.body());
			}
		}
		Connection duck = this.opts.containsKey("no-duckdb") ? null : DriverManager.getConnection("jdbc:duckdb:");
		if (duck != null) {
			try (Statement s = duck.createStatement()) {
				s.execute("SET threads = 2");
				for (String name : TABLES) {
					String columns = table(name).getColumns()
						.stream()
						.map(c -> "'" + c.getColumnName() + "': '" + duckType(sparkType(c)) + "'")
						.collect(Collectors.joining(", ", "{", "}"));
					s.execute("CREATE VIEW " + name + " AS SELECT * FROM read_csv('"
							+ this.data.resolve(name + ".csv").toAbsolutePath() + "', delim = '|', header = true, "
							+ "quote = '', escape = '', columns = " + columns + ")");
				}
			}
		}
		List<String[]> rows = new ArrayList<>();
		List<String> mismatches = new ArrayList<>();
		double logK = 0;
		double logD = 0;
		double logRatio = 0;
		int timed = 0;
		int compared = 0;
		for (int q : queries) {
			String sql = Files.readString(Path.of("src/test/resources/tpch/q" + q + ".sql"));
			System.out.println("Q" + q + " ...");
			Timed k = kindling(q, sql, warmups, runs);
			Timed d = duck == null ? null : duck(duck, sql, warmups, runs);
			String ratio = "-";
			if (k.error == null && d != null) {
				double r = k.seconds / d.seconds;
				ratio = String.format(Locale.ROOT, "%.2fx", r);
				logK += Math.log(k.seconds);
				logD += Math.log(d.seconds);
				logRatio += Math.log(r);
				timed++;
				List<String> diff = differences(q, k.answer, d.answer);
				compared++;
				if (!diff.isEmpty()) {
					mismatches.add("Q" + q + ": " + String.join("; ", diff));
				}
			}
			rows.add(new String[] { "Q" + q, k.error != null ? "FAILED" : secs(k.seconds),
					d == null ? "-" : secs(d.seconds), ratio });
			if (k.error != null) {
				rows.add(new String[] { "  error: " + abbreviate(k.error, 110), "", "", "" });
			}
		}
		if (duck != null) {
			duck.close();
		}
		if (timed > 0) {
			rows.add(new String[] { "geometric mean", secs(Math.exp(logK / timed)), secs(Math.exp(logD / timed)),
					String.format(Locale.ROOT, "%.2fx", Math.exp(logRatio / timed)) });
		}
		System.out.println();
		System.out.println("== TPC-H on Kindling and DuckDB ==");
		System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores (nproc), "
				+ cpuModel() + ", java " + System.getProperty("java.version"));
		System.out.println("load average (1, 5, 15 min) before: " + loadBefore + ", after: " + loadAverage()
				+ " (other work on the machine slows both engines)");
		System.out.println("data: TPC-H SF " + Files.readString(this.data.resolve("scale-factor")).trim() + ", "
				+ mb(size()) + " MB of CSV in " + this.data + "; Kindling in local mode (driver + 2 executors, -Xmx"
				+ this.opts.getOrDefault("heap", "?") + "), through POST /api/v1/jobs?wait; DuckDB "
				+ "through JDBC on the same files, 2 threads; each time the median of " + runs + " run(s) after "
				+ warmups + " warm-up(s)");
		System.out.println();
		printTable(new String[] { "query", "Kindling s", "DuckDB s", "Kindling / DuckDB" }, rows);
		System.out.println();
		if (duck != null) {
			System.out.println(mismatches.isEmpty() ? "answers: all " + compared + " agree with DuckDB"
					: "MISMATCH:\n  " + String.join("\n  ", mismatches));
		}
		return mismatches.isEmpty() && rows.stream().noneMatch(r -> r[1].equals("FAILED")) ? 0 : 2;
	}

	record Timed(double seconds, List<List<Object>> answer, String error) {
	}

	Timed kindling(int q, String sql, int warmups, int runs) throws Exception {
		String job = "{\"name\":\"tpch-q" + q + "\",\"sql\":" + quote(sql) + "}";
		double[] times = new double[runs];
		List<List<Object>> answer = null;
		for (int i = -warmups; i < runs; i++) {
			long t0 = System.nanoTime();
			HttpResponse<String> r = send("POST", "/api/v1/jobs?wait=600s", job);
			Map<String, Object> doc = asMap(Json.parse(r.body()));
			// a query longer than the longest wait (SF 10 on a busy machine): follow the job
			while (r.statusCode() == 202 && doc.get("id") != null
					&& List.of("QUEUED", "RUNNING").contains(String.valueOf(doc.get("status")))) {
				Thread.sleep(1000);
				HttpResponse<String> polled = send("GET", "/api/v1/jobs/" + doc.get("id"), "");
				doc = asMap(Json.parse(polled.body()));
				boolean ended = !List.of("QUEUED", "RUNNING").contains(String.valueOf(doc.get("status")));
				if (polled.statusCode() == 200 && ended) {
					r = polled;
				}
			}
			double s = (System.nanoTime() - t0) / 1e9;
			if (r.statusCode() != 200 || !"SUCCEEDED".equals(doc.get("status"))) {
				Object err = doc.get("error");
				String msg = (err instanceof Map<?, ?> m) ? String.valueOf(m.get("message"))
						: ("HTTP " + r.statusCode() + " " + doc.get("status") + " " + abbreviate(r.body(), 300));
				return new Timed(s, null, msg);
			}
			answer = kindlingAnswer(asMap(doc.get("result")));
			if (i >= 0) {
				times[i] = s;
			}
		}
		return new Timed(median(times), answer, null);
	}

	static List<List<Object>> kindlingAnswer(Map<String, Object> result) {
		List<String> types = new ArrayList<>();
		for (Object c : (List<?>) result.get("schema")) {
			types.add(String.valueOf(asMap(c).get("type")));
		}
		List<List<Object>> rows = new ArrayList<>();
		for (Object row : (List<?>) result.get("rows")) {
			List<Object> values = new ArrayList<>();
			List<?> r = (List<?>) row;
			for (int i = 0; i < r.size(); i++) {
				values.add(canonical(r.get(i), types.get(i)));
			}
			rows.add(values);
		}
		return rows;
	}

	static Object canonical(Object v, String type) {
		if (v == null) {
			return null;
		}
		if (type.equals("int") || type.equals("bigint")) {
			return ((Number) v).longValue();
		}
		if (type.equals("double") || type.startsWith("decimal")) {
			return new BigDecimal(v.toString()).setScale(2, RoundingMode.HALF_UP);
		}
		return v.toString();
	}

	static Object canonical(Object v) {
		if (v == null) {
			return null;
		}
		if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof java.math.BigInteger) {
			return ((Number) v).longValue();
		}
		if (v instanceof Number n) {
			return new BigDecimal(n.toString()).setScale(2, RoundingMode.HALF_UP);
		}
		return v.toString();
	}

	static Timed duck(Connection c, String sql, int warmups, int runs) throws Exception {
		double[] times = new double[runs];
		List<List<Object>> answer = null;
		for (int i = -warmups; i < runs; i++) {
			long t0 = System.nanoTime();
			List<List<Object>> rows = new ArrayList<>();
			try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
				ResultSetMetaData meta = rs.getMetaData();
				while (rs.next()) {
					List<Object> row = new ArrayList<>();
					for (int col = 1; col <= meta.getColumnCount(); col++) {
						row.add(canonical(rs.getObject(col)));
					}
					rows.add(row);
				}
			}
			double s = (System.nanoTime() - t0) / 1e9;
			answer = rows;
			if (i >= 0) {
				times[i] = s;
			}
		}
		return new Timed(median(times), answer, null);
	}

	/**
	 * Differences as TPC-H compares answers (two decimals); Q1's avg_qty within one unit, as
	 * TpchOracle explains (decimals have no fixed scale yet).
	 */
	static List<String> differences(int q, List<List<Object>> actual, List<List<Object>> expected) {
		List<String> problems = new ArrayList<>();
		if (actual.size() != expected.size()) {
			problems.add(actual.size() + " rows, DuckDB has " + expected.size());
		}
		for (int i = 0; i < Math.min(actual.size(), expected.size()) && problems.size() < 3; i++) {
			List<Object> a = actual.get(i);
			List<Object> b = expected.get(i);
			boolean same = a.size() == b.size();
			for (int c = 0; same && c < a.size(); c++) {
				if (q == 1 && c == 6 && a.get(c) instanceof BigDecimal x && b.get(c) instanceof BigDecimal y) {
					same = x.subtract(y).abs().compareTo(new BigDecimal("0.01")) <= 0;
				}
				else {
					same = Objects.equals(a.get(c), b.get(c));
				}
			}
			if (!same) {
				problems.add("row " + i + " is " + a + ", DuckDB has " + b);
			}
		}
		return problems;
	}

	HttpResponse<String> send(String method, String path, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.url + path))
			.timeout(Duration.ofSeconds(900))
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
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
				HttpResponse<String> r = this.http.send(
						HttpRequest.newBuilder(URI.create(this.url + "/api/v1/executors"))
							.timeout(Duration.ofSeconds(5))
							.build(),
						HttpResponse.BodyHandlers.ofString());
				if (r.statusCode() == 200) {
					Object listed = Json.parse(r.body());
					List<?> executors = listed instanceof Map<?, ?> page ? (List<?>) page.get("items") : (List<?>) listed;
					long alive = executors.stream()
						.filter(e -> "ALIVE".equals(asMap(e).get("state")))
						.count();
					if (alive >= 2) {
						System.out.println("ready, " + alive + " executors");
						return;
					}
				}
			}
			catch (IOException ex) {
				// not up yet
			}
			System.out.print(".");
			Thread.sleep(500);
		}
		throw new IllegalStateException("Kindling did not become ready in " + timeout);
	}

	static String quote(String s) {
		StringBuilder sb = new StringBuilder("\"");
		for (char c : s.toCharArray()) {
			switch (c) {
				case '"' -> sb.append("\\\"");
				case '\\' -> sb.append("\\\\");
				case '\n' -> sb.append("\\n");
				case '\r' -> sb.append("\\r");
				case '\t' -> sb.append("\\t");
				default -> sb.append(c);
			}
		}
		return sb.append('"').toString();
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

	static String cpuModel() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter(l -> l.startsWith("model name"))
				.map(l -> l.substring(l.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("?");
		}
		catch (IOException ex) {
			return "?";
		}
	}

	static void printTable(String[] head, List<String[]> rows) {
		int[] w = new int[head.length];
		for (int c = 0; c < head.length; c++) {
			w[c] = head[c].length();
		}
		for (String[] r : rows) {
			if (!r[0].startsWith("  error")) {
				for (int c = 0; c < r.length; c++) {
					w[c] = Math.max(w[c], r[c].length());
				}
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

	/** A minimal JSON reader: objects, arrays, strings, numbers (Long or BigDecimal), booleans, null. */
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
					return new BigDecimal(num);
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
