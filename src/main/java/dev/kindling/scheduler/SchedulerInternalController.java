package dev.kindling.scheduler;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import dev.kindling.platform.DriverRole;
import dev.kindling.platform.HeldRequests;
import dev.kindling.protocol.Paths;
import dev.kindling.protocol.PollRequest;
import dev.kindling.protocol.PollResponse;
import dev.kindling.protocol.TaskReport;

/**
 * The executor-facing half of scheduling: long-poll for tasks, report their end (and take
 * the next).
 */
@Hidden
@RestController
@DriverRole
class SchedulerInternalController {

	private final Scheduler scheduler;

	private final HeldRequests held;

	SchedulerInternalController(Scheduler scheduler, HeldRequests held) {
		this.scheduler = scheduler;
		this.held = held;
	}

	/**
	 * A stopping driver turns polls away (503, the executor backs off) and answers parked
	 * ones with no task, so its graceful shutdown need not wait out the poll timeout.
	 */
	@PostMapping(Paths.POLL)
	DeferredResult<PollResponse> poll(@PathVariable String executorId, @RequestBody PollRequest request) {
		this.held.refuseWhileStopping();
		DeferredResult<PollResponse> result = this.scheduler.poll(executorId, request);
		this.held.hold(result, PollResponse::empty);
		return result;
	}

	@PostMapping(Paths.REPORT)
	PollResponse report(@RequestBody TaskReport report, @RequestParam(defaultValue = "0") int freeSlots) {
		return this.scheduler.report(report, freeSlots);
	}

}
