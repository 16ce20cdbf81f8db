package dev.kindling.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.kindling.scheduler.DriverHarness.SECRET;
import static dev.kindling.scheduler.DriverHarness.awaitStatus;
import static dev.kindling.scheduler.DriverHarness.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Speculative execution, when it is switched on: a straggler gets a copy elsewhere; the
 * first to finish wins.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kindling.role=driver", "kindling.security.allow-anonymous=true",
				"kindling.limits.min-split-size=1B", "kindling.security.shared-secret=" + SECRET,
				"kindling.speculation.enabled=true", "kindling.speculation.interval=100ms",
				"spring.datasource.url=jdbc:h2:mem:speculation;DB_CLOSE_DELAY=-1" })
class SpeculationTest {

	static final String DATA = DriverHarness.dataRoot("speculation-test").toString();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void dataRoot(DynamicPropertyRegistry registry) {
		registry.add("kindling.data.root", () -> DATA);
	}

	@Test
	void aStragglerGetsACopyOnAnotherExecutorAndTheLoserIsKilled() {
		ScriptedExecutor fast = new ScriptedExecutor("http://localhost:" + this.port, SECRET, "fast");
		ScriptedExecutor slow = new ScriptedExecutor("http://localhost:" + this.port, SECRET, "slow");
		fast.startHeartbeats();
		String job = DriverHarness.submit(this.port, "\"pipeline\":[],\"action\":{\"type\":\"count\"}", 4);
		List<JsonNode> fastTasks = fast.poll(2, 2000);
		List<JsonNode> slowTasks = slow.poll(2, 2000);
		assertThat(fastTasks).hasSize(2);
		assertThat(slowTasks).hasSize(2);
		for (JsonNode t : fastTasks) {
			fast.succeedCount(t, 10);
		}
		slow.succeedCount(slowTasks.get(0), 10);
		JsonNode straggler = slowTasks.get(1);
		// The slow executor keeps heartbeating (it is alive, only slow) while fast waits
		// for the copy.
		List<JsonNode> copies = new ArrayList<>();
		DriverHarness.await(Duration.ofSeconds(10), () -> {
			slow.heartbeat(straggler.path("attemptId").asString());
			copies.addAll(fast.poll(1, 200));
			return copies;
		}, list -> !list.isEmpty(), "a speculative copy of the straggler");
		JsonNode copy = copies.get(0);
		assertThat(copy.path("partition").asInt()).isEqualTo(straggler.path("partition").asInt());
		assertThat(copy.path("attempt").asInt()).isEqualTo(2);
		fast.succeedCount(copy, 10);
		assertThat(awaitStatus(this.port, job, "SUCCEEDED").path("result").path("count").asLong()).isEqualTo(40);
		JsonNode kill = slow.heartbeat(straggler.path("attemptId").asString());
		assertThat(kill.path("killAttempts").toString()).contains(straggler.path("attemptId").asString());
		// The straggler's late success changes nothing.
		slow.succeedCount(straggler, 1000);
		assertThat(get(this.port, "/api/v1/jobs/" + job).path("result").path("count").asLong()).isEqualTo(40);
		assertThat(get(this.port, "/api/v1/jobs/" + job + "/events").path("items").toString())
			.contains("TASK_SPECULATED");
	}

}
