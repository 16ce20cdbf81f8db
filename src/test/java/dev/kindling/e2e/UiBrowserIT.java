package dev.kindling.e2e;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web UI in a real headless Chromium, against a real driver that requires an API key,
 * with one executor in its JVM and one in a JVM of its own: the key is asked once and a
 * wrong one refused; the seed job, dry-run then submitted from the submit page, reaches
 * SUCCEEDED without a reload; a pasted job's page draws its bar moving and its end; a job
 * with a shuffle has its stages and edges in the DAG; the task table sorts by duration
 * and its summary row has Spark's quantiles; a running job is cancelled from its page;
 * the cache page shows where partitions live; the jobs page filters by status, pages, and
 * is walked with the keyboard; every page loads only from the driver; a failed job shows
 * its error and each failed attempt; an executor killed with SIGKILL turns LOST. A
 * screenshot of each page goes to {@code target/ui-screenshots}; with
 * {@code -Dkindling.ui.docs=true} the job page's also replaces {@code docs/ui-job.png}.
 *
 * <p>
 * Runs where Debian's {@code chromium} and {@code chromium-driver} are installed; skipped
 * elsewhere unless {@code CI} is set, where it must run ({@code .ci/run} installs them).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiBrowserIT {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final String KEY = "ui-test-key-" + new Random().nextInt(1_000_000);

	private static final String SECRET = "ui-secret-" + new Random().nextInt(1_000_000);

	private static final Path SHOTS = Path.of("target", "ui-screenshots");

	@TempDir
	static Path work;

	static KindlingProcess driver;

	static KindlingProcess executor;

	static Api api;

	static WebDriver browser;

	static String executorId;

	@BeforeAll
	static void start() throws IOException {
		boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		assumeTrue(installed || System.getenv("CI") != null,
				"chromium and chromium-driver are not installed (apt-get install -y chromium chromium-driver)");
		Path data = Files.createDirectories(work.resolve("data"));
		Files.copy(Path.of("examples", "people.csv"), data.resolve("people.csv"));
		generate(data.resolve("big.csv"), 600_000);
		Files.writeString(data.resolve("broken.csv"), "id,age\n1,30\n2,thirty\n3,40\n");
		driver = KindlingProcess.start("ui-driver",
				List.of("--kindling.local.executors=1", "--kindling.executor.slots=1", "--kindling.data.root=" + data,
						"--kindling.security.shared-secret=" + SECRET, "--kindling.security.api-key=" + KEY,
						"--kindling.security.api-key-required=true", "--kindling.executor.timeout=3s",
						"--kindling.executor.heartbeat-interval=500ms", "--kindling.shuffle.partitions=4",
						"--kindling.limits.min-split-size=1KB",
						"--spring.datasource.url=jdbc:h2:file:" + work.resolve("db/kindling") + ";WRITE_DELAY=0"));
		driver.awaitReady(Duration.ofSeconds(120));
		executor = KindlingProcess.start("ui-executor",
				List.of("--spring.profiles.active=executor", "--kindling.driver.url=" + driver.url(),
						"--kindling.data.root=" + data, "--kindling.security.shared-secret=" + SECRET,
						"--kindling.executor.slots=1", "--kindling.executor.heartbeat-interval=500ms"));
		executor.awaitReady(Duration.ofSeconds(120));
		api = new Api(driver.url(), KEY);
		executorId = Api.await(Duration.ofSeconds(60), UiBrowserIT::externalExecutor, id -> id != null,
				"the executor JVM to register");
		Files.createDirectories(SHOTS);
		browser = chrome();
	}

	/** The id of the executor that runs in a JVM of its own, once it is alive. */
	private static String externalExecutor() {
		for (var e : items(api.get("/api/v1/executors").body())) {
			if (e.path("state").asString().equals("ALIVE") && !e.path("name").asString().startsWith("local-")) {
				return e.path("id").asString();
			}
		}
		return null;
	}

	/** A list's items: every list answers the paged envelope, read whole here. */
	private static tools.jackson.databind.JsonNode items(tools.jackson.databind.JsonNode list) {
		assertThat(list.isObject()).as("a paged envelope: %s", list).isTrue();
		assertThat(list.path("totalItems").asLong()).as("one page holds the whole list")
			.isEqualTo(list.path("items").size());
		return list.path("items");
	}

	static WebDriver chrome() {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
				"--window-size=1366,1000");
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER.toString()))
			.usingAnyFreePort()
			.build();
		ChromeDriver chrome = new ChromeDriver(service, options);
		chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
		return chrome;
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.quit();
		}
		if (executor != null) {
			executor.stop();
		}
		if (driver != null) {
			driver.stop();
		}
	}

	private static void generate(Path file, int rows) throws IOException {
		Random random = new Random(11);
		String[] cities = { "Oslo", "Bergen", "Trondheim", "Stavanger", "Tromso" };
		try (BufferedWriter w = Files.newBufferedWriter(file)) {
			w.write("id,name,age,city,salary\n");
			for (int i = 1; i <= rows; i++) {
				w.write(i + ",Person " + i + "," + (18 + random.nextInt(63)) + "," + cities[random.nextInt(5)] + ","
						+ (30_000 + random.nextInt(90_000)) + "\n");
			}
		}
	}

	// ------------------------------------------------------------------ helpers

	private static WebDriverWait waiting(int seconds) {
		return new WebDriverWait(browser, Duration.ofSeconds(seconds), Duration.ofMillis(100));
	}

	/** Opens a page of the UI, giving the key if the UI asks for it. */
	private static void open(String hash) {
		browser.get(driver.url() + "/ui/#/" + hash);
		giveKeyIfAsked();
	}

	private static void giveKeyIfAsked() {
		Object open = ((JavascriptExecutor) browser)
			.executeScript("return document.getElementById('key-dialog')?.open === true");
		if (Boolean.TRUE.equals(open)) {
			browser.findElement(By.id("key-input")).sendKeys(KEY + "\n");
		}
	}

	/**
	 * Clicks an element like a person would, finding it again if the page redrew it
	 * meanwhile.
	 */
	private static void click(String css) {
		waiting(10).ignoring(StaleElementReferenceException.class).until(d -> {
			d.findElement(By.cssSelector(css)).click();
			return true;
		});
	}

	private static Object js(String script, Object... args) {
		return ((JavascriptExecutor) browser).executeScript(script, args);
	}

	/**
	 * The text of the first element the selector finds, read in the page: the UI redraws
	 * while it follows a job, so an element found a moment ago may be gone.
	 */
	private static String text(String css) {
		return String.valueOf(js("return document.querySelector(arguments[0])?.textContent ?? ''", css)).trim();
	}

	private static String attribute(String css, String name) {
		Object value = js("return document.querySelector(arguments[0])?.getAttribute(arguments[1]) ?? null", css, name);
		return value == null ? null : value.toString();
	}

	private static long count(String css) {
		return ((Number) js("return document.querySelectorAll(arguments[0]).length", css)).longValue();
	}

	@SuppressWarnings("unchecked")
	private static List<String> strings(String expression) {
		return ((List<Object>) js("return " + expression)).stream().map(String::valueOf).toList();
	}

	private static void screenshot(String name) throws IOException {
		byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
		Files.write(SHOTS.resolve(name + ".png"), png);
	}

	private static String submit(String job) {
		Api.Response r = api.post("/api/v1/jobs", job);
		assertThat(r.status()).as(r.text()).isEqualTo(202);
		return r.body().path("id").asString();
	}

	private static void awaitStatus(String id, String status) {
		Api.await(Duration.ofSeconds(120), () -> api.get("/api/v1/jobs/" + id).body().path("status").asString(),
				status::equals, "job " + id + " to be " + status);
	}

	private static final String SHUFFLE_JOB = """
			{"name": "adults-per-city", "source": {"format": "csv", "path": "people.csv", "header": true,
			  "inferSchema": true, "partitions": 4},
			 "pipeline": [{"op": "filter", "condition": "age > 30"},
			   {"op": "groupBy", "keys": ["city"], "aggregations": ["count(*) AS people", "avg(salary) AS avg_salary"]},
			   {"op": "orderBy", "columns": ["people DESC", "city"]}],
			 "action": {"type": "collect"}}""";

	static String shuffleJob;

	// ------------------------------------------------------------------ tests

	@Test
	@Order(1)
	void theUiAsksForTheApiKeyOnceAndWorksAfter() throws IOException {
		browser.switchTo().newWindow(WindowType.TAB);
		browser.get(driver.url() + "/");
		waiting(30).until(d -> Boolean.TRUE.equals(js("return document.getElementById('key-dialog').open")));
		assertThat(text("#key-dialog")).contains("API key");
		assertThat(browser.getCurrentUrl()).as("the root redirects to the UI").endsWith("/ui/").doesNotContain(KEY);
		screenshot("api-key");
		// A wrong key is refused by the driver, and the UI asks again, saying so.
		browser.findElement(By.id("key-input")).sendKeys("not-" + KEY + "\n");
		waiting(30).until(d -> text("#key-reason").contains("not accepted")
				&& Boolean.TRUE.equals(js("return document.getElementById('key-dialog').open")));
		assertThat(count("tr[data-job-id]")).as("nothing read with a wrong key").isZero();
		screenshot("api-key-refused");
		browser.findElement(By.id("key-input")).sendKeys(KEY + "\n");
		waiting(30).until(d -> Boolean.FALSE.equals(js("return document.getElementById('key-dialog').open"))
				&& count("main .pager, main p.muted") > 0);
		assertThat(text("main h1")).isEqualTo("Jobs");
		// Asked once: the other pages of this tab's session use the key it keeps.
		browser.get(driver.url() + "/ui/#/executors");
		waiting(30).until(d -> count("tr[data-executor-id]") > 0);
		assertThat(js("return document.getElementById('key-dialog').open")).isEqualTo(false);
		assertThat(js("return sessionStorage.getItem('kindling.apiKey')")).isEqualTo(KEY);
	}

	@Test
	@Order(2)
	void theSeedJobSubmittedFromTheSubmitPageReachesSucceededWithoutAReload() throws IOException {
		open("submit");
		waiting(30).until(d -> String.valueOf(js("return document.getElementById('job-document').value"))
			.contains("count-adults"));
		click("#dry-run");
		waiting(30).until(d -> text("pre[data-plan='physical']").contains("CsvScan people.csv"));
		screenshot("submit");
		browser.findElement(By.id("submit")).click();
		waiting(30).until(d -> d.getCurrentUrl().matches(".*#/jobs/[0-9a-f-]{36}$"));
		js("window.kindlingNoReload = 'same page';");
		waiting(60).until(d -> "SUCCEEDED".equals(text("main h1 .status")));
		assertThat(js("return window.kindlingNoReload")).as("the page followed the job without reloading")
			.isEqualTo("same page");
		waiting(30).until(d -> text("#result").contains("73"));
		assertThat(text("#result")).isEqualTo("Count: 73");
		assertThat(count("svg.dag a.stage")).isEqualTo(1);
	}

	@Test
	@Order(3)
	void aPastedJobsPageShowsItsProgressChangeAndItsEndWithoutAReload() throws IOException {
		open("submit");
		waiting(30).until(d -> String.valueOf(js("return document.getElementById('job-document').value"))
			.contains("count-adults"));
		js("document.getElementById('job-document').value = arguments[0]", """
				{"name": "names", "source": {"format": "csv", "path": "big.csv", "header": true,
				  "schema": "id INT, name STRING, age INT, city STRING, salary BIGINT", "partitions": 60},
				 "pipeline": [{"op": "groupBy", "keys": ["name"], "aggregations": ["count(*) AS n"]}],
				 "action": {"type": "count"}}""");
		click("#submit");
		waiting(30).until(d -> d.getCurrentUrl().matches(".*#/jobs/[0-9a-f-]{36}$"));
		// Every state of the job's bar and status the page draws, recorded in the page.
		js("""
				window.kindlingNoReload = 'same page';
				window.kindlingSeen = [];
				const record = () => {
				  const bar = document.querySelector('.overall [role=progressbar]');
				  const status = document.querySelector('main h1 .status')?.textContent;
				  if (!bar || !status) return;
				  const seen = status + ' ' + bar.dataset.done + '/' + bar.dataset.total;
				  if (window.kindlingSeen[window.kindlingSeen.length - 1] !== seen) window.kindlingSeen.push(seen);
				};
				new MutationObserver(record).observe(document.getElementById('main'),
				  { childList: true, subtree: true, attributes: true });
				record();""");
		waiting(120).until(d -> "SUCCEEDED".equals(text("main h1 .status")));
		waiting(30).until(d -> text("#result").startsWith("Count:"));
		assertThat(js("return window.kindlingNoReload")).as("the page followed the job without reloading")
			.isEqualTo("same page");
		List<String> seen = strings("window.kindlingSeen");
		assertThat(seen).as("the bar moved while the job ran")
			.anySatisfy(s -> assertThat(s).matches("RUNNING ([1-9]\\d*)/\\d+").doesNotMatch("RUNNING (\\d+)/\\1"));
		assertThat(seen.get(seen.size() - 1)).as("the end appeared, every task done").matches("SUCCEEDED (\\d+)/\\1");
		assertThat(text("#result").replaceAll("\\D", "")).as("600,000 names, each once").isEqualTo("600000");
	}

	@Test
	@Order(4)
	void aJobWithAShuffleHasItsStagesAndEdgesInTheDag() throws IOException {
		shuffleJob = submit(SHUFFLE_JOB);
		awaitStatus(shuffleJob, "SUCCEEDED");
		open("jobs/" + shuffleJob);
		// groupBy, then a global sort: the map stage, the sort's sample, its range
		// exchange, the
		// result; the DAG draws every stage and an edge from each parent the API names.
		List<String> edges = new ArrayList<>();
		tools.jackson.databind.JsonNode stages = api.get("/api/v1/jobs/" + shuffleJob).body().path("stages");
		for (tools.jackson.databind.JsonNode stage : stages) {
			for (tools.jackson.databind.JsonNode parent : stage.path("parents")) {
				edges.add(parent.asInt() + "->" + stage.path("id").asInt());
			}
		}
		assertThat(stages).hasSize(4);
		assertThat(edges).contains("0->1", "2->3");
		waiting(30).until(d -> count("svg.dag a.stage") == stages.size() && !text("#result").isEmpty());
		assertThat(strings(
				"[...document.querySelectorAll('svg.dag path.edge')].map(e => e.dataset.from + '->' + e.dataset.to)"))
			.containsExactlyInAnyOrderElementsOf(edges);
		assertThat(strings("[...document.querySelectorAll('svg.dag text.edge-label')].map(e => e.textContent)"))
			.as("shuffle bytes on the edges")
			.hasSize(edges.size())
			.allSatisfy(l -> assertThat(l).matches("\\d+(\\.\\d)? (B|KB)").isNotEqualTo("0 B"));
		assertThat(strings("[...document.querySelectorAll('svg.dag a.stage')].map(e => e.getAttribute('aria-label'))"))
			.allSatisfy(l -> assertThat(l).contains("SUCCEEDED"));
		assertThat(text("#result table")).contains("Trondheim");
		screenshot("job");
		if (Boolean.getBoolean("kindling.ui.docs")) {
			Files.copy(SHOTS.resolve("job.png"), Path.of("docs", "ui-job.png"), StandardCopyOption.REPLACE_EXISTING);
		}
		open("jobs");
		waiting(30).until(d -> count("tr[data-job-id]") >= 2);
		screenshot("jobs");
	}

	@Test
	@Order(5)
	void theTaskTableSortsByDuration() throws IOException {
		int tasks = items(api.get("/api/v1/jobs/" + shuffleJob + "/stages/0/tasks").body()).size();
		assertThat(tasks).isGreaterThan(1);
		open("jobs/" + shuffleJob + "/stages/0");
		waiting(30).until(d -> count("table.tasks tbody tr") == tasks);
		click("button[data-sort='duration']");
		waiting(10).until(d -> count("th[aria-sort='descending'] button[data-sort='duration']") == 1);
		assertThat(durations()).hasSize(tasks).isSortedAccordingTo((a, b) -> Long.compare(b, a));
		click("button[data-sort='duration']");
		waiting(10).until(d -> count("th[aria-sort='ascending'] button[data-sort='duration']") == 1);
		assertThat(durations()).hasSize(tasks).isSorted();
		assertThat(count("#summary tr[data-metric='Duration'] td")).isEqualTo(5);
		assertThat(strings("[...document.querySelectorAll('#summary thead th')].map(e => e.textContent)"))
			.containsExactly("Metric", "Min", "25th percentile", "Median", "75th percentile", "Max");
		// Spark's task quantiles: the value at min(n - 1, floor(q * n)) of the sorted
		// values.
		List<Long> rowsIn = new java.util.ArrayList<>();
		for (var t : items(api.get("/api/v1/jobs/" + shuffleJob + "/stages/0/tasks").body())) {
			if (t.path("status").asString().equals("SUCCEEDED")) {
				rowsIn.add(t.path("rowsIn").asLong());
			}
		}
		rowsIn.sort(null);
		List<String> expected = java.util.stream.DoubleStream.of(0, 0.25, 0.5, 0.75, 1)
			.mapToObj(q -> String.valueOf(rowsIn.get(Math.min(rowsIn.size() - 1, (int) Math.floor(q * rowsIn.size())))))
			.toList();
		assertThat(strings(
				"[...document.querySelectorAll(\"#summary tr[data-metric='Rows in'] td\")].map(e => e.textContent)"))
			.as("min, 25th, median, 75th, max of the rows read")
			.containsExactlyElementsOf(expected);
		assertThat(count("svg.slots rect.task")).as("a bar per attempt on its executor slot").isEqualTo(tasks);
		// The Spilled column shows each attempt's spills as the API gives them (issue
		// 17).
		List<String> spilled = new java.util.ArrayList<>();
		for (var t : items(api.get("/api/v1/jobs/" + shuffleJob + "/stages/0/tasks").body())) {
			spilled.add(t.path("id").asString() + "=" + (t.path("spills").asLong() == 0 ? "0 B" : "spilled"));
		}
		assertThat(strings("[...document.querySelectorAll('table.tasks tbody tr')].map(tr => tr.dataset.attempt + '='"
				+ " + (tr.querySelector(\"td[data-col='spilled']\").textContent.endsWith('spills)')"
				+ " || tr.querySelector(\"td[data-col='spilled']\").textContent.endsWith('spill)') ? 'spilled'"
				+ " : tr.querySelector(\"td[data-col='spilled']\").textContent))"))
			.containsExactlyInAnyOrderElementsOf(spilled);
		assertThat(count("#summary tr[data-metric='Spilled'] td")).isEqualTo(5);
		screenshot("stage");
	}

	private static List<Long> durations() {
		return strings("[...document.querySelectorAll('table.tasks tbody tr')].map(tr => tr.dataset.duration)").stream()
			.map(Long::valueOf)
			.toList();
	}

	@Test
	@Order(6)
	void aRunningJobIsCancelledFromItsPage() throws IOException {
		String slow = submit("""
				{"name": "slow", "source": {"format": "csv", "path": "big.csv", "header": true,
				  "schema": "id INT, name STRING, age INT, city STRING, salary BIGINT", "partitions": 120},
				 "pipeline": [{"op": "groupBy", "keys": ["name"], "aggregations": ["count(*) AS n"]},
				   {"op": "orderBy", "columns": ["n DESC", "name"]}],
				 "action": {"type": "count"}}""");
		open("jobs/" + slow);
		waiting(60).until(d -> "RUNNING".equals(text("main h1 .status")) && count("#cancel") == 1);
		screenshot("job-running");
		click("#cancel");
		waiting(60)
			.withMessage(() -> "the page shows " + text("main h1 .status") + ", the API "
					+ api.get("/api/v1/jobs/" + slow).body().path("status").asString() + " with "
					+ api.get("/api/v1/jobs/" + slow).body().path("progress"))
			.until(d -> "CANCELLED".equals(text("main h1 .status")));
		assertThat(api.get("/api/v1/jobs/" + slow).body().path("status").asString()).isEqualTo("CANCELLED");
		assertThat(count("#cancel")).as("no cancel button on a finished job").isZero();
		screenshot("job-cancelled");
	}

	@Test
	@Order(7)
	void theCachePageShowsWhereCachedPartitionsLive() throws IOException {
		String cached = submit("""
				{"name": "cache-people", "source": {"format": "csv", "path": "people.csv", "header": true,
				  "inferSchema": true, "partitions": 2},
				 "pipeline": [{"op": "filter", "condition": "age > 20"}, {"op": "cache"}],
				 "action": {"type": "count"}}""");
		awaitStatus(cached, "SUCCEEDED");
		open("cache");
		waiting(30).until(d -> count("#cache tr[data-key]") > 0);
		assertThat(text("#cache tr[data-key]")).contains("2/2").contains("exec-");
		screenshot("cache");
	}

	@Test
	@Order(8)
	void theJobsPageFiltersByStatusAndPages() throws IOException {
		long succeeded = api.get("/api/v1/jobs?status=SUCCEEDED").body().path("totalItems").asLong();
		assertThat(succeeded).isGreaterThanOrEqualTo(3);
		open("jobs?status=SUCCEEDED&size=2");
		waiting(30).until(d -> count("tr[data-job-id]") == 2);
		assertThat(strings("[...document.querySelectorAll('tr[data-job-id] .status')].map(e => e.textContent)"))
			.containsOnly("SUCCEEDED");
		List<String> first = strings("[...document.querySelectorAll('tr[data-job-id]')].map(e => e.dataset.jobId)");
		assertThat(text("main .pager")).contains("Page 1 of " + (succeeded + 1) / 2).contains(succeeded + " jobs");
		screenshot("jobs-filtered");
		click("main .pager a[rel='next']");
		waiting(30).until(d -> d.getCurrentUrl().contains("page=1") && count("tr[data-job-id]") > 0
				&& !strings("[...document.querySelectorAll('tr[data-job-id]')].map(e => e.dataset.jobId)")
					.containsAll(first));
		assertThat(text("main .pager")).contains("Page 2 of");
		assertThat(strings("[...document.querySelectorAll('tr[data-job-id]')].map(e => e.dataset.jobId)"))
			.doesNotContainAnyElementsOf(first);
		// The status filter: pick CANCELLED and see only the cancelled job.
		new Select(browser.findElement(By.id("status-filter"))).selectByValue("CANCELLED");
		waiting(30).until(d -> d.getCurrentUrl().contains("status=CANCELLED") && count("tr[data-job-id]") > 0
				&& strings("[...document.querySelectorAll('tr[data-job-id] .status')].map(e => e.textContent)").stream()
					.allMatch("CANCELLED"::equals));
		assertThat(count("tr[data-job-id]"))
			.isEqualTo(api.get("/api/v1/jobs?status=CANCELLED").body().path("totalItems").asLong());
	}

	@Test
	@Order(9)
	void theJobsPageIsReachableWithTheKeyboard() {
		// A new document, so that the keyboard starts from the top of the page.
		browser.get(driver.url() + "/ui/?keyboard#/jobs");
		waiting(30).until(d -> count("tr[data-job-id] a") > 0);
		List<String> reached = new java.util.ArrayList<>();
		for (int i = 0; i < 30 && !reached.contains("job-link"); i++) {
			new Actions(browser).sendKeys(Keys.TAB).perform();
			reached.add(String.valueOf(js("""
					const e = document.activeElement;
					if (e.closest('tr[data-job-id]') && e.tagName === 'A') return 'job-link';
					return e.id || e.getAttribute('href') || e.tagName;""")));
		}
		assertThat(reached).as("tabbing from the top")
			.containsSubsequence("#main", "#/jobs", "#/executors", "#/cache", "#/submit", "status-filter", "#/submit",
					"job-link");
		String id = String.valueOf(js("return document.activeElement.closest('tr[data-job-id]').dataset.jobId"));
		new Actions(browser).sendKeys(Keys.ENTER).perform();
		waiting(30).until(d -> d.getCurrentUrl().endsWith("#/jobs/" + id) && !text("main h1 .status").isEmpty());
	}

	@Test
	@Order(10)
	void everyPageLoadsOnlyFromTheDriver() {
		String origin = java.net.URI.create(driver.url()).resolve("/").toString().replaceAll("/$", "");
		List<String[]> pages = List.of(new String[] { "jobs", "tr[data-job-id]" },
				new String[] { "jobs/" + shuffleJob, "svg.dag a.stage" },
				new String[] { "jobs/" + shuffleJob + "/stages/0", "table.tasks tbody tr" },
				new String[] { "executors", "tr[data-executor-id]" }, new String[] { "cache", "#cache tr[data-key]" },
				new String[] { "submit", "#datasets li" });
		int n = 0;
		for (String[] page : pages) {
			// A new document for each page, so that its every load is listed.
			browser.get(driver.url() + "/ui/?load=" + n++ + "#/" + page[0]);
			waiting(30).until(d -> count(page[1]) > 0);
			List<String> loaded = strings("""
					[...performance.getEntriesByType('resource').map(e => e.name),
					 ...[...document.querySelectorAll('[src], link[href]')].map(e => e.src || e.href)]""");
			assertThat(loaded).as(page[0])
				.anySatisfy(u -> assertThat(u).endsWith("/ui/js/app.js"))
				.anySatisfy(u -> assertThat(u).endsWith("/ui/app.css"))
				.allSatisfy(u -> assertThat(u).satisfiesAnyOf(v -> assertThat(v).startsWith(origin + "/"),
						v -> assertThat(v).startsWith("data:")))
				.noneSatisfy(u -> assertThat(u).contains(KEY));
			assertThat(browser.getCurrentUrl()).doesNotContain(KEY);
		}
	}

	@Test
	@Order(11)
	void aFailedJobsPageShowsItsErrorAndEachFailedAttempt() throws IOException {
		String failed = submit("""
				{"name": "broken", "source": {"format": "csv", "path": "broken.csv", "header": true,
				  "schema": "id INT, age INT", "mode": "FAILFAST"},
				 "pipeline": [{"op": "filter", "condition": "age > 0"}], "action": {"type": "count"}}""");
		awaitStatus(failed, "FAILED");
		int attempts = items(api.get("/api/v1/jobs/" + failed + "/tasks?status=FAILED").body()).size();
		assertThat(attempts).as("a data error is not retried: one attempt failed").isEqualTo(1);
		open("jobs/" + failed);
		waiting(30).until(d -> count("table.failures tbody tr") == attempts);
		assertThat(text("main h1 .status")).isEqualTo("FAILED");
		assertThat(text("#job-error")).contains("thirty");
		assertThat(strings(
				"[...document.querySelectorAll('table.failures tbody tr td:last-child')].map(e => e.textContent)"))
			.hasSize(attempts)
			.allSatisfy(e -> assertThat(e).contains("thirty"));
		screenshot("job-failed");
	}

	@Test
	@Order(12)
	void anExecutorKilledWithSigkillTurnsLost() throws IOException {
		open("executors");
		String row = "tr[data-executor-id='" + executorId + "']";
		waiting(30).until(d -> "ALIVE".equals(attribute(row, "data-state")));
		assertThat(text(row + " td:nth-child(3)")).matches("\\d/1");
		screenshot("executors");
		executor.kill();
		waiting(60).until(d -> "LOST".equals(attribute(row, "data-state")));
		assertThat(text(row + " .state")).isEqualTo("LOST");
		screenshot("executors-lost");
	}

}
