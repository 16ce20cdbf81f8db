package dev.kindling.cluster;

/**
 * The life of an executor as the driver sees it.
 *
 * <pre>
 * ALIVE ──► LOST (missed heartbeats for kindling.executor.timeout)
 *   ├────► GONE (deregistered on a graceful shutdown)
 *   └────► DECOMMISSIONING (SIGTERM, a scale-down, an operator's drain) ──► GONE | LOST
 * </pre>
 *
 * A decommissioning executor is still live (it heartbeats, finishes and reports its
 * attempts, serves and hands on its blocks) but takes no new task. A lost or gone
 * executor that comes back registers again under a new id.
 */
public enum ExecutorState {

	ALIVE, DECOMMISSIONING, LOST, GONE;

	/** Whether it heartbeats and is heard: ALIVE or DECOMMISSIONING. */
	public boolean isLive() {
		return this == ALIVE || this == DECOMMISSIONING;
	}

}
