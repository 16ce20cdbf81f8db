package dev.kindling.scheduler;

import org.springframework.stereotype.Component;

import dev.kindling.platform.DriverRole;
import dev.kindling.protocol.PollRequest;
import dev.kindling.protocol.PollResponse;
import dev.kindling.protocol.TaskChannel;
import dev.kindling.protocol.TaskReport;

/**
 * Local mode's executors take and report tasks through this, in the driver's JVM, instead
 * of over HTTP ({@code kindling.local.in-process-tasks}, on by default).
 */
@Component
@DriverRole
class LocalTaskChannel implements TaskChannel {

	private final Scheduler scheduler;

	LocalTaskChannel(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	@Override
	public PollResponse poll(String executorId, PollRequest request) throws InterruptedException {
		return this.scheduler.pollInProcess(executorId, request);
	}

	@Override
	public PollResponse report(TaskReport report, int freeSlots) {
		return this.scheduler.report(report, freeSlots);
	}

}
