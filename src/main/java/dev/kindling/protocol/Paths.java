package dev.kindling.protocol;

/** The internal endpoints and the header that carries the shared secret. */
public final class Paths {

	/**
	 * The protocol version executors and driver must agree on (2: a report takes the next
	 * tasks).
	 */
	public static final int VERSION = 2;

	public static final String SECRET_HEADER = "X-Kindling-Secret";

	public static final String BASE = "/internal/v1";

	public static final String REGISTER = BASE + "/executors";

	/** {@code POST}, with the executor id: heartbeat. */
	public static final String HEARTBEAT = BASE + "/executors/{executorId}/heartbeat";

	/** {@code POST}, with the executor id: long-poll for tasks. */
	public static final String POLL = BASE + "/executors/{executorId}/tasks";

	/** {@code POST}, with the executor id: deregister on shutdown. */
	public static final String DEREGISTER = BASE + "/executors/{executorId}/deregister";

	/**
	 * {@code POST}: a task attempt's final status. With {@code ?freeSlots=n} the answer
	 * is a {@link PollResponse} with up to n tasks for the slot the attempt freed, handed
	 * out at once (never parked): a busy executor needs one round trip per task.
	 */
	public static final String REPORT = BASE + "/tasks/status";

	/** {@code GET} on an executor: one shuffle block. */
	public static final String SHUFFLE_BLOCK = BASE
			+ "/shuffle/{executorId}/{jobId}/{stageId}/{mapPartition}/{reducePartition}";

	private Paths() {
	}

	public static String shuffleBlock(String baseUrl, String executorId, String jobId, int stageId, int mapPartition,
			int reducePartition) {
		return baseUrl + BASE + "/shuffle/" + executorId + "/" + jobId + "/" + stageId + "/" + mapPartition + "/"
				+ reducePartition;
	}

}
