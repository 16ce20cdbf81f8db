package dev.kindling.job;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.net.URI;

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
import dev.kindling.scheduler.Pools;
import dev.kindling.scheduler.core.SchedulerCore;

/** {@code GET /api/v1/pools}: the scheduling pools, their settings and their load. */
@RestController
@RequestMapping("/api/v1/pools")
@Tag(name = "Pools", description = "Scheduling pools (kindling.scheduler.pools) and what runs in them")
@DriverRole
class PoolController {

	private final Pools pools;

	private final SchedulerCore core;

	PoolController(Pools pools, SchedulerCore core) {
		this.pools = pools;
		this.core = core;
	}

	@GetMapping
	@Operation(summary = "List pools",
			description = "Each pool's weight, minShare and cap on running jobs, the slots its tasks hold now "
					+ "(share), and its running and queued jobs. In fifo mode (the default) pools are recorded "
					+ "but do not change the order of tasks.")
	Page<Pools.PoolView> list(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "100") int size) {
		Page.check(page, size);
		return Page.of(this.pools.views(this.core), page, size);
	}

	@GetMapping("/{name}")
	@Operation(summary = "Get a pool", description = "Its settings and its load now.")
	Pools.PoolView get(@PathVariable String name) {
		return this.pools.views(this.core).stream().filter((p) -> p.name().equals(name)).findFirst().orElseThrow(() -> {
			ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
					"no pool named '" + name + "'");
			detail.setTitle("Pool not found");
			detail.setType(URI.create("https://kindling.dev/problems/pool-not-found"));
			return new ErrorResponseException(HttpStatus.NOT_FOUND, detail, null);
		});
	}

}
