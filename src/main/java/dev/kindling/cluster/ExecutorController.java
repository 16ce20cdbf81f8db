package dev.kindling.cluster;

import java.time.Clock;
import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.kindling.platform.DriverRole;
import dev.kindling.platform.Page;

/** {@code GET /api/v1/executors}, and draining one. */
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
					+ "their limits. Paged (page, size: default 100).")
	Page<ExecutorView> list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "100") int size) {
		Page.check(page, size);
		Instant now = this.clock.instant();
		return Page.of(this.registry.all().stream().map((e) -> ExecutorView.of(e, now)).toList(), page, size);
	}

	@GetMapping("/{id}")
	@Operation(summary = "Get an executor",
			description = "Its state, slots and busy slots, tasks succeeded and failed, last heartbeat and its age, "
					+ "cache and shuffle memory.")
	ExecutorView get(@PathVariable String id) {
		ExecutorInfo info = this.registry.find(id).orElseThrow(() -> ExecutorNotFound.of(id));
		return ExecutorView.of(info, this.clock.instant());
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
