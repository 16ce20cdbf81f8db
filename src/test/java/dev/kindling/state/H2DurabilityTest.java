package dev.kindling.state;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever H2 file URL the operator gives, commits are written before they return. */
class H2DurabilityTest {

	@Test
	void addsWriteDelayZeroToAPlainFileUrl() {
		assertThat(H2Durability.durable("jdbc:h2:file:/var/lib/kindling/db/kindling"))
			.isEqualTo("jdbc:h2:file:/var/lib/kindling/db/kindling;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
	}

	@Test
	void replacesAnyOtherWriteDelayAndKeepsTheOperatorsOtherSettings() {
		assertThat(
				H2Durability.durable("jdbc:h2:./data/kindling;write_delay=500;AUTO_SERVER=TRUE;DB_CLOSE_ON_EXIT=TRUE"))
			.isEqualTo("jdbc:h2:./data/kindling;AUTO_SERVER=TRUE;DB_CLOSE_ON_EXIT=TRUE;WRITE_DELAY=0");
	}

	@Test
	void coversServerUrlsAndLeavesInMemoryAndOtherDatabasesAlone() {
		assertThat(H2Durability.durable("jdbc:h2:tcp://db:9092/kindling"))
			.isEqualTo("jdbc:h2:tcp://db:9092/kindling;WRITE_DELAY=0");
		assertThat(H2Durability.durable("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1"))
			.isEqualTo("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1");
		assertThat(H2Durability.durable("jdbc:postgresql://localhost/kindling"))
			.isEqualTo("jdbc:postgresql://localhost/kindling");
	}

}
