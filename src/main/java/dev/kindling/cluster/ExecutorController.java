package dev.kindling.cluster;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.kindling.platform.DriverRole;

/** {@code GET /api/v1/executors}, and draining one. */
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

	@PostMapping("/{id}/drain")
	@Operation(summary = "Drain an executor",
			description = "Decommissions a live executor, as a scale-down would: from now on it gets no new task; "
					+ "at its next heartbeat it lets its running tasks finish (for kindling.executor.drain-timeout), "
					+ "hands its shuffle output and cached partitions to the other executors, and leaves (an "
					+ "executor process exits; a local executor stops). 202 with the executor, DECOMMISSIONING; "
					+ "404 for an unknown id, 409 for one that is lost or gone. Repeating it is harmless.")
	ResponseEntity<ExecutorInfo> drain(@PathVariable String id) {
		ExecutorInfo info = this.registry.find(id).orElseThrow(() -> ExecutorNotFound.of(id));
		if (this.registry.decommission(id, "drained by an operator").isEmpty()) {
			throw ExecutorStateConflict.of(id, info.state(),
					"executor " + id + " is " + info.state() + ": only a live executor can be drained");
		}
		return ResponseEntity.accepted().body(this.registry.find(id).orElse(info));
	}

}
