package dev.kindling.cluster;

/**
 * The life of an executor as the driver sees it.
 *
 * <pre>
 * ALIVE ──► LOST (missed heartbeats for kindling.executor.timeout)
 *   └────► GONE (deregistered on a graceful shutdown)
 * </pre>
 *
 * A lost or gone executor that comes back registers again under a new id.
 */
public enum ExecutorState {

	ALIVE, LOST, GONE

}
