package dev.kindling.engine.physical;

/** Counters of one task attempt: what it read and what it produced. */
public final class TaskMetrics {

	public long rowsIn;

	public long bytesIn;

	public long rowsOut;

	public long bytesOut;

	public long shuffleBytesRead;

	public long shuffleBytesWritten;

}
