package dev.kindling.cluster;

/** Application events about executors, for the scheduler. */
public final class ExecutorEvents {

	private ExecutorEvents() {
	}

	/** An executor registered and can take tasks. */
	public record Registered(String executorId) {
	}

	/** An executor stopped heartbeating or left: its tasks and outputs are gone. */
	public record Removed(String executorId, ExecutorState state, String reason) {
	}

}
