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

	/**
	 * How many times an operator of this task spilled to local disk: a sort's run, an
	 * aggregation's groups, a join's sides cut into files.
	 */
	public long spills;

	/** The bytes this task's operators wrote to local disk when they spilled. */
	public long spillBytes;

	/** Times the shuffle writer's buffers went to disk. */
	public long shuffleSpills;

	/** Bytes the shuffle writer spilled to disk. */
	public long shuffleBytesSpilled;

}
