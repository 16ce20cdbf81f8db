package dev.kindling.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A real in-memory H2 database with the Flyway schema, behind a switch: while it is
 * {@link Mode#UNREACHABLE} every new connection is refused as a pool refuses one when the
 * server is down; while {@link Mode#CLOSED} it fails as H2 does once it closed itself.
 */
final class SwitchableDataSource extends DelegatingDataSource {

	enum Mode {

		UP, UNREACHABLE, CLOSED

	}

	private volatile Mode mode = Mode.UP;

	private SwitchableDataSource(DataSource target) {
		super(target);
	}

	static SwitchableDataSource migrated(String name) {
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
		h2.setUser("sa");
		Flyway.configure().dataSource(h2).load().migrate();
		return new SwitchableDataSource(h2);
	}

	void mode(Mode mode) {
		this.mode = mode;
	}

	@Override
	public Connection getConnection() throws SQLException {
		return switch (this.mode) {
			case UP -> super.getConnection();
			case UNREACHABLE -> throw new SQLTransientConnectionException("Connection refused");
			case CLOSED -> throw new SQLException("Database is already closed", "90098", 90098);
		};
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return getConnection();
	}

}
