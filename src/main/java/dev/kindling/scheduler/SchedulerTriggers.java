package dev.kindling.scheduler;

import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.kindling.cluster.ExecutorEvents;
import dev.kindling.cluster.ExecutorState;
import dev.kindling.platform.DriverRole;
import dev.kindling.scheduler.core.SchedulerCore;
import dev.kindling.state.DatabaseHealth;
import dev.kindling.state.EventType;

/**
 * What moves the scheduler besides requests: executors registering, being decommissioned
 * and leaving, the periodic reconciliation of running attempts with heartbeats and the
 * speculation of stragglers (timers off the task path), and the database going away
 * (dispatch pauses) and coming back (it resumes).
 */
@Component
@DriverRole
class SchedulerTriggers {

	private final SchedulerCore core;

	SchedulerTriggers(SchedulerCore core, DatabaseHealth health) {
		this.core = core;
		health.onChange(reachable -> core.pause(!reachable));
	}

	@Scheduled(fixedDelayString = "${kindling.executor.heartbeat-interval:1s}")
	void reconcile() {
		this.core.reconcile();
	}

	@Scheduled(fixedDelayString = "${kindling.speculation.interval:500ms}")
	void speculate() {
		this.core.speculate();
	}

	@EventListener
	void onExecutorRegistered(ExecutorEvents.Registered registered) {
		this.core.executorEvent(EventType.EXECUTOR_REGISTERED, registered.executorId(), "executor registered");
	}

	@EventListener
	void onExecutorDecommissioning(ExecutorEvents.Decommissioning decommissioning) {
		this.core.decommission(decommissioning.executorId(), decommissioning.reason());
	}

	@EventListener
	void onExecutorRemoved(ExecutorEvents.Removed removed) {
		EventType type = removed.state() == ExecutorState.GONE ? EventType.EXECUTOR_GONE : EventType.EXECUTOR_LOST;
		this.core.executorEvent(type, removed.executorId(), removed.reason());
		this.core.executorLost(removed.executorId(), removed.reason());
	}

}
