package dev.kindling.job;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.kindling.platform.DriverRole;
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
	java.util.List<Pools.PoolView> list() {
		return this.pools.views(this.core);
	}

}
