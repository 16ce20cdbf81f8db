package dev.kindling.scheduler;

import java.time.Clock;

import dev.kindling.scheduler.core.SchedulerListener;
import dev.kindling.state.EventType;
import dev.kindling.state.StateWriter;

/** The scheduler's events, recorded in the {@code events} table. */
final class EventLog implements SchedulerListener {

	private final StateWriter writer;

	private final Clock clock;

	EventLog(StateWriter writer, Clock clock) {
		this.writer = writer;
		this.clock = clock;
	}

	@Override
	public void event(EventType type, String jobId, String executorId, String message) {
		this.writer.event(this.clock.instant(), type, jobId, executorId, message);
	}

}
