package dev.kindling.engine.physical;

/** Counters of one task attempt: what it read and what it produced. */
public final class TaskMetrics {

	public long rowsIn;

	public long bytesIn;

	public long rowsOut;

	public long bytesOut;

	public long shuffleBytesRead;

	/**
	 * The part of {@code shuffleBytesRead} fetched over HTTP from another executor
	 * process.
	 */
	public long shuffleRemoteBytesRead;

	public long shuffleBytesWritten;

	/** Times the shuffle writer's buffers went to disk. */
	public long shuffleSpills;

	/** Bytes the shuffle writer spilled to disk. */
	public long shuffleBytesSpilled;

}
