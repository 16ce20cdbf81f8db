package dev.kindling.protocol;

import java.util.List;

/**
 * What a decommissioned executor handed on to live executors, so that the driver reads it
 * there from now on ({@link Paths#MIGRATED}).
 *
 * @param shuffle map outputs moved, each to one executor
 * @param cache cached partitions moved
 */
public record MigrationReport(List<ShuffleOutput> shuffle, List<CachedPartition> cache) {

	public MigrationReport {
		shuffle = shuffle == null ? List.of() : List.copyOf(shuffle);
		cache = cache == null ? List.of() : List.copyOf(cache);
	}

	/**
	 * One map task's shuffle output, now held by {@code executorId}.
	 *
	 * @param jobId the job
	 * @param stageId the map stage
	 * @param mapPartition the map partition
	 * @param executorId the executor that holds it now
	 */
	public record ShuffleOutput(String jobId, int stageId, int mapPartition, String executorId) {
	}

	/**
	 * One cached partition, now held by {@code executorId}.
	 *
	 * @param key the cached dataset
	 * @param partition the partition
	 * @param executorId the executor that holds it now
	 * @param bytes its size in memory there
	 * @param rows its rows
	 */
	public record CachedPartition(String key, int partition, String executorId, long bytes, long rows) {
	}

}
