package dev.kindling.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19's oversized collect, over real HTTP with the default result cap (64 MB): 100
 * rows of 1 MB collected without {@code maxRows}. In local mode this once filled H2 with
 * partial results until it closed, and every later call answered 500; with a separate
 * executor it left 150 MB of partial results behind. Now the job is refused with Spark's
 * words, the driver answers the next job and says UP, and no row of its database holds
 * any of the refused rows (its H2 file read from this JVM once the driver stopped).
 */
@SlowEndToEnd
class ResultBudgetIT {

	private static final String SECRET = "budget-secret-" + new Random().nextInt(1_000_000);

	private static final int MB = 1 << 20;

	@TempDir
	Path work;

	private final List<KindlingProcess> processes = new ArrayList<>();

	@AfterEach
	void stop() {
		for (int i = this.processes.size() - 1; i >= 0; i--) {
			this.processes.remove(i).stop();
		}
	}

	private Path data() throws IOException {
		Path data = Files.createDirectories(this.work.resolve("data"));
		byte[] value = "m".repeat(MB).getBytes(StandardCharsets.US_ASCII);
		try (OutputStream out = Files.newOutputStream(data.resolve("big.csv"))) {
			out.write("s\n".getBytes(StandardCharsets.US_ASCII));
			for (int i = 0; i < 100; i++) {
				out.write(value);
				out.write('\n');
			}
		}
		Files.writeString(data.resolve("small.csv"), "n\n1\n2\n3\n");
		return data;
	}

	private String database() {
		return "jdbc:h2:file:" + this.work.resolve("db").resolve("kindling").toAbsolutePath();
	}

	private KindlingProcess start(String name, String heap, List<String> args) {
		KindlingProcess p = KindlingProcess.start(name, heap, args);
		this.processes.add(p);
		p.awaitReady(Duration.ofSeconds(120));
		return p;
	}

	@Test
	void inLocalModeTheOversizedCollectIsRefusedWithNothingLeftAndTheDriverStaysHealthy() throws Exception {
		Path data = data();
		KindlingProcess local = start("budget-local", "768m", List.of("--kindling.data.root=" + data,
				"--kindling.security.allow-anonymous=true", "--spring.datasource.url=" + database()));
		String id = refusedAndHealthy(new Api(local.url()));
		stop();
		nothingLeftOf(id);
	}

	@Test
	void withASeparateExecutorTheOversizedCollectIsRefusedWithNothingLeftAndTheDriverStaysHealthy() throws Exception {
		Path data = data();
		KindlingProcess driver = start("budget-driver", "768m",
				List.of("--spring.profiles.active=driver", "--kindling.security.allow-anonymous=true",
						"--kindling.data.root=" + data, "--kindling.security.shared-secret=" + SECRET,
						"--spring.datasource.url=" + database()));
		Api api = new Api(driver.url());
		start("budget-exec", "768m",
				List.of("--spring.profiles.active=executor", "--kindling.driver.url=" + driver.url(),
						"--kindling.data.root=" + data, "--kindling.security.shared-secret=" + SECRET,
						"--kindling.executor.slots=2"));
		Api.await(Duration.ofSeconds(90), () -> api.get("/api/v1/executors").body().path("items"),
				body -> body.toString().contains("\"ALIVE\""), "the executor to register");
		// one task over the whole file: its executor stops it at the budget, 64 MB in,
		// and ships no rows
		String one = refused(api, "\"partitions\": 1, ", "1 tasks \\(64\\.0 MiB\\)");
		String id = refusedAndHealthy(api);
		stop();
		nothingLeftOf(one);
		nothingLeftOf(id);
	}

	private static String refused(Api api, String partitions, String tasksAndSize) {
		Api.Response submitted = api.post("/api/v1/jobs", """
				{"name": "oversized", "source": {"format": "csv", "path": "big.csv", "header": true, %s
				 "schema": "s STRING"}, "pipeline": [], "action": {"type": "collect"}}""".formatted(partitions));
		assertThat(submitted.status()).as(submitted.text()).isEqualTo(202);
		String id = submitted.body().path("id").asString();
		JsonNode ended = Api.await(Duration.ofSeconds(180), () -> api.get("/api/v1/jobs/" + id).body(),
				j -> j != null && List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(j.path("status").asString()),
				"the oversized job to end");
		assertThat(ended.path("status").asString()).as(ended.toString()).isEqualTo("FAILED");
		assertThat(ended.path("error").path("message").asString())
			.matches("Total size of serialized results of " + tasksAndSize + " is bigger than kindling\\.driver"
					+ "\\.max-result-size \\(64\\.0 MiB\\); write the rows out with a write action.*");
		return id;
	}

	private String refusedAndHealthy(Api api) {
		String id = refused(api, "", "\\d+ tasks \\(\\d+\\.\\d MiB\\)");

		Api.Response next = api.post("/api/v1/jobs?wait=60s", """
				{"name": "next", "source": {"format": "csv", "path": "small.csv", "header": true,
				 "schema": "n INT"}, "pipeline": [], "action": {"type": "collect"}}""");
		assertThat(next.status()).as(next.text()).isEqualTo(200);
		assertThat(next.body().path("status").asString()).as(next.text()).isEqualTo("SUCCEEDED");
		assertThat(next.body().path("result").path("rows").toString()).isEqualTo("[[1],[2],[3]]");
		Api.Response health = api.get("/actuator/health");
		assertThat(health.status()).as(health.text()).isEqualTo(200);
		assertThat(health.body().path("status").asString()).isEqualTo("UP");
		return id;
	}

	private void nothingLeftOf(String id) throws SQLException {
		try (Connection db = DriverManager.getConnection(database(), "sa", "")) {
			assertThat(number(db, "select count(*) from task_attempts where job_id = ? and output is not null", id))
				.as("partial results stored with the job's attempts")
				.isZero();
			assertThat(number(db, "select count(*) from job_results where job_id = ?", id)).as("result chunks")
				.isZero();
			assertThat(number(db, "select count(*) from jobs where id = ? and result is not null", id)).isZero();
			assertThat(number(db, "select coalesce(sum(length(error)), 0) from task_attempts where job_id = ?", id))
				.as("nothing of the rows hides in an error either")
				.isLessThan(10_000);
			assertThat(number(db, "select coalesce(sum(length(output)), 0) from task_attempts where job_id <> ?", id))
				.as("no other attempt keeps a big output")
				.isLessThan(100_000);
			assertThat(number(db, "select count(*) from job_results where job_id <> ?", id))
				.as("the next job's result, stored in chunks")
				.isOne();
		}
	}

	private static long number(Connection db, String sql, String id) throws SQLException {
		try (PreparedStatement s = db.prepareStatement(sql)) {
			s.setString(1, id);
			try (ResultSet r = s.executeQuery()) {
				r.next();
				return r.getLong(1);
			}
		}
	}

}
