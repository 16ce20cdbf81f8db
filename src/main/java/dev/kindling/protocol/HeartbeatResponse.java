package dev.kindling.protocol;

import java.util.List;

/**
 * @param reregister the driver does not know this executor (it restarted, or declared it
 * lost): register again
 * @param killAttempts task attempts to stop now
 * @param dropJobs jobs whose shuffle blocks can be deleted
 * @param dropCaches cached datasets to forget (unpersisted)
 * @param decommission an operator asked this executor to leave: finish, hand its blocks
 * on, and go
 */
public record HeartbeatResponse(boolean reregister, List<String> killAttempts, List<String> dropJobs,
		List<String> dropCaches, boolean decommission) {

	public static HeartbeatResponse unknownExecutor() {
		return new HeartbeatResponse(true, List.of(), List.of(), List.of(), false);
	}

}
