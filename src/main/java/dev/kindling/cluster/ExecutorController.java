package dev.kindling.cluster;

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

	ExecutorController(ExecutorRegistry registry) {
		this.registry = registry;
	}

	@GetMapping
	@Operation(summary = "List executors",
			description = "Every executor this driver knows, newest first: state, slots, running tasks, "
					+ "last heartbeat, cached and shuffle bytes.")
	List<ExecutorInfo> list() {
		return this.registry.all();
	}

}
