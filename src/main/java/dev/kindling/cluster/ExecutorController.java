package dev.kindling.cluster;

import java.time.Clock;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.kindling.platform.DriverRole;

/** {@code GET /api/v1/executors}. */
@RestController
@RequestMapping("/api/v1/executors")
@Tag(name = "Executors", description = "The executors running tasks")
@DriverRole
class ExecutorController {

	private final ExecutorRegistry registry;

	private final Clock clock;

	ExecutorController(ExecutorRegistry registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
	}

	@GetMapping
	@Operation(summary = "List executors",
			description = "Every executor this driver knows, newest first: state, slots and busy slots, tasks "
					+ "succeeded and failed, last heartbeat and its age, cache and shuffle memory used against "
					+ "their limits.")
	List<ExecutorView> list() {
		java.time.Instant now = this.clock.instant();
		return this.registry.all().stream().map(e -> ExecutorView.of(e, now)).toList();
	}

}
