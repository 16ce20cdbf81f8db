package dev.kindling.cluster;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.kindling.platform.DriverRole;
import dev.kindling.platform.Page;

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
					+ "last heartbeat, cached and shuffle bytes. Paged (page, size: default 100).")
	Page<ExecutorInfo> list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "100") int size) {
		Page.check(page, size);
		return Page.of(this.registry.all(), page, size);
	}

	@GetMapping("/{id}")
	@Operation(summary = "Get an executor", description = "Its state, slots, running tasks and last heartbeat.")
	ExecutorInfo get(@PathVariable String id) {
		return this.registry.all().stream().filter((e) -> e.id().equals(id)).findFirst().orElseThrow(() -> {
			ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no executor '" + id + "'");
			detail.setTitle("Executor not found");
			detail.setType(URI.create("https://kindling.dev/problems/executor-not-found"));
			return new ErrorResponseException(HttpStatus.NOT_FOUND, detail, null);
		});
	}

}
