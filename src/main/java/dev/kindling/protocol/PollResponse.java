package dev.kindling.protocol;

import java.util.List;

/**
 * @param tasks tasks to run now (empty when the wait ran out)
 * @param reregister the driver does not know this executor: register again
 */
public record PollResponse(List<TaskDescriptor> tasks, boolean reregister) {

	public static PollResponse empty() {
		return new PollResponse(List.of(), false);
	}

}
