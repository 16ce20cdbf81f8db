package dev.kindling.protocol;

import java.util.List;
import java.util.Map;

import dev.kindling.engine.datasource.ScanPartition;
import dev.kindling.engine.planner.StagePlanner;
import dev.kindling.engine.spec.JobSpec;

/**
 * One task attempt, as shipped to an executor. The plan fragment is the job spec with its
 * source schemas pinned plus the planner settings: the executor plans the job exactly as
 * the driver did and runs stage {@code stageId}. Planning takes microseconds and keeps
 * the wire format to the public, validated job format.
 *
 * @param attemptId the task attempt's id
 * @param jobId the job
 * @param stageId the stage within the job
 * @param stageAttempt the stage attempt (rises when lost shuffle output forces a rerun)
 * @param partition the partition this task computes
 * @param attempt the task attempt number, from 1
 * @param spec the job spec with pinned schemas
 * @param shufflePartitions the planner's shuffle partition count
 * @param scans split counts and file sizes per scan, in planning order
 * @param split the pieces of files to scan, for a stage that reads files
 * @param shuffleInputs for each parent stage id, where every map partition's output lives
 * @param writePath for a write action, the output folder (the attempt writes to its own
 * staging folder under it); null when the action writes nothing
 * @param maxCollectRows the driver's row cap for collect, so both sides plan the same
 * limits
 * @param cachedKeys cached datasets the job reads from executor memory
 * @param broadcastThreshold the join broadcast threshold the driver planned with
 * @param resultBudget for a collect or show, the bytes (as JSON) the task's rows may
 * take: what is left of the job's result budget; null for no bound
 * @param joinBuildsLeft whether the stage's shuffled join builds its hash table from the
 * left side: adaptive execution turned it into a broadcast join of a small left side
 */
public record TaskDescriptor(String attemptId, String jobId, int stageId, int stageAttempt, int partition, int attempt,
		JobSpec spec, int shufflePartitions, List<StagePlanner.ScanStats> scans, ScanPartition split,
		Map<Integer, List<MapOutputLocation>> shuffleInputs, String writePath, int maxCollectRows,
		List<String> cachedKeys, long broadcastThreshold, Long resultBudget, boolean joinBuildsLeft) {

	/** A task whose join, if any, builds the side the planner chose. */
	public TaskDescriptor(String attemptId, String jobId, int stageId, int stageAttempt, int partition, int attempt,
			JobSpec spec, int shufflePartitions, List<StagePlanner.ScanStats> scans, ScanPartition split,
			Map<Integer, List<MapOutputLocation>> shuffleInputs, String writePath, int maxCollectRows,
			List<String> cachedKeys, long broadcastThreshold, Long resultBudget) {
		this(attemptId, jobId, stageId, stageAttempt, partition, attempt, spec, shufflePartitions, scans, split,
				shuffleInputs, writePath, maxCollectRows, cachedKeys, broadcastThreshold, resultBudget, false);
	}

	/** A task whose result is not bounded by a budget (a count, a write, a map stage). */
	public TaskDescriptor(String attemptId, String jobId, int stageId, int stageAttempt, int partition, int attempt,
			JobSpec spec, int shufflePartitions, List<StagePlanner.ScanStats> scans, ScanPartition split,
			Map<Integer, List<MapOutputLocation>> shuffleInputs, String writePath, int maxCollectRows,
			List<String> cachedKeys, long broadcastThreshold) {
		this(attemptId, jobId, stageId, stageAttempt, partition, attempt, spec, shufflePartitions, scans, split,
				shuffleInputs, writePath, maxCollectRows, cachedKeys, broadcastThreshold, null);
	}

	/**
	 * Where one map task's shuffle output lives, and which of its blocks to read. A task
	 * reads its locations in order: an adaptive task (several reduce partitions, or a
	 * range of the map outputs of a skewed one) is given one location per block it reads.
	 *
	 * @param mapPartition the map partition
	 * @param executorId the executor holding the blocks
	 * @param url that executor's base URL
	 * @param blockBytes size of the block to read (0: skip it)
	 * @param reducePartition the reduce partition whose block to read; -1: the task's own
	 * partition
	 */
	public record MapOutputLocation(int mapPartition, String executorId, String url, long blockBytes,
			int reducePartition) {

		/** The block of the task's own reduce partition. */
		public MapOutputLocation(int mapPartition, String executorId, String url, long blockBytes) {
			this(mapPartition, executorId, url, blockBytes, -1);
		}

	}

}
