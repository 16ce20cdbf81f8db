package dev.kindling.protocol;

/** The internal endpoints and the header that carries the shared secret. */
public final class Paths {

	/**
	 * The protocol version executors and driver must agree on (2: a report takes the next
	 * tasks; 3: decommission and block migration; 4: a shuffle location names the reduce
	 * partition to read, for adaptive execution: an older executor would read its own
	 * partition's blocks instead; 5: a report's metrics carry the attempt's spills, which
	 * a driver of version 4 would drop: its job API would show them as none).
	 */
	public static final int VERSION = 5;

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
	 * {@code POST}, with the executor id: it leaves on purpose and takes no new task; the
	 * answer names the executors that may take its blocks ({@link Decommission}).
	 */
	public static final String DECOMMISSION = BASE + "/executors/{executorId}/decommission";

	/**
	 * {@code POST}, with the executor id: the blocks it handed on
	 * ({@link MigrationReport}).
	 */
	public static final String MIGRATED = BASE + "/executors/{executorId}/migrated";

	/**
	 * {@code GET} on the driver: where a map output is now, as a
	 * {@link TaskDescriptor.MapOutputLocation} (404 when it is not available).
	 */
	public static final String MAP_OUTPUT = BASE + "/jobs/{jobId}/stages/{stageId}/outputs/{mapPartition}";

	/**
	 * {@code POST}: a task attempt's final status. With {@code ?freeSlots=n} the answer
	 * is a {@link PollResponse} with up to n tasks for the slot the attempt freed, handed
	 * out at once (never parked): a busy executor needs one round trip per task.
	 */
	public static final String REPORT = BASE + "/tasks/status";

	/** {@code GET} on an executor: one shuffle block. */
	public static final String SHUFFLE_BLOCK = BASE
			+ "/shuffle/{executorId}/{jobId}/{stageId}/{mapPartition}/{reducePartition}";

	/**
	 * {@code PUT} on an executor: a map task's whole shuffle output, handed over by an
	 * executor that leaves (a count, then each block's length and bytes).
	 */
	public static final String SHUFFLE_OUTPUT = BASE + "/shuffle/{executorId}/{jobId}/{stageId}/{mapPartition}";

	/**
	 * {@code PUT} on an executor: a cached partition, handed over by an executor that
	 * leaves.
	 */
	public static final String CACHED_PARTITION = BASE + "/cache/{executorId}/{key}/{partition}";

	private Paths() {
	}

	public static String mapOutput(String baseUrl, String jobId, int stageId, int mapPartition) {
		return baseUrl + BASE + "/jobs/" + jobId + "/stages/" + stageId + "/outputs/" + mapPartition;
	}

	public static String shuffleOutput(String baseUrl, String executorId, String jobId, int stageId, int mapPartition) {
		return baseUrl + BASE + "/shuffle/" + executorId + "/" + jobId + "/" + stageId + "/" + mapPartition;
	}

	public static String cachedPartition(String baseUrl, String executorId, String key, int partition) {
		return baseUrl + BASE + "/cache/" + executorId + "/" + key + "/" + partition;
	}

	public static String shuffleBlock(String baseUrl, String executorId, String jobId, int stageId, int mapPartition,
			int reducePartition) {
		return baseUrl + BASE + "/shuffle/" + executorId + "/" + jobId + "/" + stageId + "/" + mapPartition + "/"
				+ reducePartition;
	}

}
