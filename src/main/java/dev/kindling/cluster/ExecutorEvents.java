package dev.kindling.cluster;

/** Application events about executors, for the scheduler. */
public final class ExecutorEvents {

	private ExecutorEvents() {
	}

	/** An executor registered and can take tasks. */
	public record Registered(String executorId) {
	}

	/** An executor leaves on purpose: it takes no new task and hands its blocks on. */
	public record Decommissioning(String executorId, String reason) {
	}

	/** An executor stopped heartbeating or left: its tasks and outputs are gone. */
	public record Removed(String executorId, ExecutorState state, String reason) {
	}

}
