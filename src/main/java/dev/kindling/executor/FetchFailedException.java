package dev.kindling.executor;

/** A shuffle block could not be fetched after retries: its map output is gone. */
class FetchFailedException extends RuntimeException {

	final int stageId;

	final int mapPartition;

	final String executorId;

	FetchFailedException(int stageId, int mapPartition, String executorId, String message) {
		super(message);
		this.stageId = stageId;
		this.mapPartition = mapPartition;
		this.executorId = executorId;
	}

}
