package dev.kindling.state;

import org.springframework.test.context.TestPropertySource;

/** The state store contract on H2, the default database. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:jpa-schema;DB_CLOSE_DELAY=-1")
class H2JpaSchemaTest extends JpaSchemaContract {

}
