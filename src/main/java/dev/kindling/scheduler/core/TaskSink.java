package dev.kindling.scheduler.core;

import java.util.List;

import dev.kindling.protocol.TaskDescriptor;

/** A parked poll: an executor waiting for tasks, answered when some are runnable. */
public interface TaskSink {

	/** Whether it still waits (not answered, not timed out). */
	boolean isOpen();

	/** Answers it; false when it had closed meanwhile. */
	boolean deliver(List<TaskDescriptor> tasks);

}
