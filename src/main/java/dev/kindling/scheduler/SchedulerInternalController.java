package dev.kindling.scheduler;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import dev.kindling.platform.DriverRole;
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

	SchedulerInternalController(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	@PostMapping(Paths.POLL)
	DeferredResult<PollResponse> poll(@PathVariable String executorId, @RequestBody PollRequest request) {
		return this.scheduler.poll(executorId, request);
	}

	@PostMapping(Paths.REPORT)
	PollResponse report(@RequestBody TaskReport report, @RequestParam(defaultValue = "0") int freeSlots) {
		return this.scheduler.report(report, freeSlots);
	}

}
