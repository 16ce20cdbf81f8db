package dev.kindling.state;

import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.kindling.testing.EmbeddedPostgresServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V13 moves each attempt's log and exception from {@code task_logs} into its own row: a
 * database written by an earlier driver keeps every log it had, on H2 and on PostgreSQL.
 */
class TaskLogMigrationTest {

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgres" })
	void anUpgradedDatabaseKeepsEveryAttemptsLogAndException(String database) {
		DataSource db = database.equals("h2")
				? new DriverManagerDataSource("jdbc:h2:mem:task_log_migration;DB_CLOSE_DELAY=-1")
				: new DriverManagerDataSource(EmbeddedPostgresServer.jdbcUrl("task_log_migration"),
						EmbeddedPostgresServer.USER, "unused");
		JdbcTemplate jdbc = new JdbcTemplate(db);
		Flyway.configure().dataSource(db).cleanDisabled(false).load().clean();
		Flyway.configure().dataSource(db).target("12").load().migrate();
		jdbc.update("insert into jobs (id, name, status, spec, submitted_at) values ('j', 'j', 'SUCCEEDED', '{}', "
				+ "current_timestamp)");
		for (String attempt : new String[] { "j:0.0:0.0", "j:0.0:1.0", "j:0.0:2.0" }) {
			jdbc.update(
					"insert into task_attempts (id, job_id, stage_no, stage_attempt, partition_no, attempt, "
							+ "status, queued_at) values (?, 'j', 0, 0, ?, 0, 'SUCCEEDED', current_timestamp)",
					attempt, attempt.charAt(6) - '0');
		}
		jdbc.update("insert into task_logs (attempt_id, job_id, stage_no, lines, line_count, dropped, error_type, "
				+ "error_frames) values ('j:0.0:0.0', 'j', 0, '[\"a\",\"b\"]', 2, 3, 'java.io.IOException', "
				+ "'[\"Csv.read:1\"]')");
		jdbc.update("insert into task_logs (attempt_id, job_id, stage_no, lines, line_count) "
				+ "values ('j:0.0:1.0', 'j', 0, '[\"done\"]', 1)");

		Flyway.configure().dataSource(db).load().migrate();

		assertThat(jdbc.queryForMap("select log_lines, log_line_count, log_dropped, error_type, error_frames "
				+ "from task_attempts where id = 'j:0.0:0.0'"))
			.containsAllEntriesOf(Map.of("log_lines", "[\"a\",\"b\"]", "log_line_count", 2, "log_dropped", 3,
					"error_type", "java.io.IOException", "error_frames", "[\"Csv.read:1\"]"));
		assertThat(jdbc.queryForObject("select log_lines from task_attempts where id = 'j:0.0:1.0'", String.class))
			.isEqualTo("[\"done\"]");
		Map<String, Object> none = jdbc
			.queryForMap("select log_lines, log_line_count, error_type from task_attempts where id = 'j:0.0:2.0'");
		assertThat(none.get("log_lines")).isNull();
		assertThat(none.get("log_line_count")).isEqualTo(0);
		assertThat(none.get("error_type")).isNull();
		assertThatThrownBy(() -> jdbc.queryForObject("select count(*) from task_logs", Integer.class))
			.as("the old table is gone")
			.hasMessageContaining("task_logs");
	}

}
